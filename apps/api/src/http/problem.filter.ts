import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ZodValidationException } from 'nestjs-zod';
import type { ZodError } from 'zod';
import { isRedisUnavailable } from '@case-desk/core';
import { isDatabaseUnavailable } from '@case-desk/db';
import { DOMAIN_ERROR_HTTP_STATUS, DomainError, DomainErrorCode, FieldError } from '@case-desk/domain';
import { PROBLEM_CONTENT_TYPE, Problem, problem } from './problem';
import { maskPersonalData } from '@case-desk/domain';

/**
 * The one place errors become responses: domain errors, validation errors, Nest and Fastify errors
 * (unknown routes, malformed JSON, wrong media type) all leave as problem+json. Anything unexpected
 * is a 500 with a generic detail and an errorId that is also in the log line.
 */
/** Retry-After of a 503 for an unreachable store: a restart or failover usually takes seconds. */
const STORE_RETRY_AFTER_SECONDS = 5;

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, headers } = this.toProblem(error);
    // A refusal may quote what was sent (an unknown key, a duplicate): never a full ID number or phone.
    body.detail = maskPersonalData(body.detail);
    if (body.errors) body.errors = body.errors.map((e) => ({ path: maskPersonalData(e.path), message: maskPersonalData(e.message) }));
    void reply
      .status(body.status)
      .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
      .send(body);
  }

  private toProblem(error: unknown): { body: Problem; headers: Record<string, string> } {
    if (error instanceof DomainError) {
      const headers: Record<string, string> = {};
      if (error.details.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.details.retryAfterSeconds);
      if (error.code === 'UNAUTHENTICATED') headers['www-authenticate'] = 'Bearer';
      return {
        body: problem(error.code, DOMAIN_ERROR_HTTP_STATUS[error.code], error.message, {
          errors: error.details.errors,
          allowedActions: error.details.allowedActions,
        }),
        headers,
      };
    }
    if (error instanceof ZodValidationException) {
      const errors = zodErrors(error.getZodError() as ZodError);
      return { body: problem('VALIDATION_FAILED', 400, summarise(errors), { errors }), headers: {} };
    }
    const status = httpStatusOf(error);
    if (status === 503 && error instanceof HttpException) {
      // A dependency (the worker, a store) is not there: say so, it is not the caller's fault nor a bug.
      return { body: problem('SERVICE_UNAVAILABLE', 503, httpDetail(error, status)), headers: { 'retry-after': '30' } };
    }
    if (status !== undefined && status < 500) {
      const code = codeForStatus(status);
      const detail = error instanceof HttpException ? httpDetail(error, status) : 'the request is not valid';
      return { body: problem(code, status, detail), headers: code === 'UNAUTHENTICATED' ? { 'www-authenticate': 'Bearer' } : {} };
    }
    if (isDatabaseUnavailable(error) || isRedisUnavailable(error)) {
      // An outage, not a bug: the failed transaction wrote nothing; the client may retry shortly.
      const store = isDatabaseUnavailable(error) ? 'PostgreSQL' : 'Redis';
      this.logger.warn({ err: (error as Error).message, store }, `${store} unavailable: 503`);
      return {
        body: problem('SERVICE_UNAVAILABLE', 503, `${store} is unreachable; nothing was written. Retry later.`),
        headers: { 'retry-after': String(STORE_RETRY_AFTER_SECONDS) },
      };
    }
    const errorId = randomUUID();
    this.logger.error({ err: error, errorId }, `unhandled error ${errorId}`);
    return { body: problem('INTERNAL', 500, 'An unexpected error occurred; quote the errorId when reporting it.', { errorId }), headers: {} };
  }
}

// Nest turns Fastify's own errors (body parsing, media type, size) into HttpExceptions with
// Fastify's message, which names no internals.
function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

function codeForStatus(status: number): DomainErrorCode {
  const byStatus: Partial<Record<number, DomainErrorCode>> = {
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    412: 'VERSION_MISMATCH',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
  };
  return byStatus[status] ?? 'VALIDATION_FAILED';
}

function httpDetail(error: HttpException, status: number): string {
  if (status === 404) return 'no such resource';
  const response = error.getResponse();
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
}

function zodErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: 'unknown field' }));
    }
    return [{ path: path || '(body)', message: issue.message }];
  });
}

function summarise(errors: FieldError[]): string {
  const first = errors[0];
  if (!first) return 'the request is not valid';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}`;
}
