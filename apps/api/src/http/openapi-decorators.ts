import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { Problem } from './response-schemas';

const WHEN: Record<number, string> = {
  400: 'VALIDATION_FAILED: malformed body, query, header or parameter (each refused field in `errors`)',
  401: 'UNAUTHENTICATED: missing, expired or invalid bearer token',
  403: 'FORBIDDEN: the caller may see this but not do it (wrong agency or role)',
  404: 'NOT_FOUND: no such resource, or not visible to the caller',
  409: 'INVALID_TRANSITION (with `allowedActions`) or IDEMPOTENCY_CONFLICT',
  412: 'VERSION_MISMATCH: If-Match does not match the current version (someone else acted)',
  413: 'PAYLOAD_TOO_LARGE: body over 64 KiB',
  415: 'UNSUPPORTED_MEDIA_TYPE: a body that is not application/json',
  422: 'BUSINESS_RULE: well-formed but breaks a rule',
  429: 'RATE_LIMITED: too many requests; wait for Retry-After seconds',
  503: 'SERVICE_UNAVAILABLE: a dependency is unreachable; nothing was written; Retry-After set',
};

const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' as const } } };

/** The problem+json answers an operation can give, each with API.md's code for it. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(Problem),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: WHEN[status] ?? 'error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(Problem) } } },
        ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
      }),
    ),
  ) as MethodDecorator & ClassDecorator;
}

/** Problems of every body-carrying route behind the bearer token. */
export const BODY_PROBLEMS = [400, 401, 413, 415, 503] as const;

/**
 * Names a DTO made from a union schema (which cannot be a class base): the name is its schema's name in the
 * OpenAPI document, so two such DTOs never collide as "AugmentedZodDto".
 */
export function named<T extends abstract new (...args: never[]) => unknown>(name: string, dto: T): T {
  Object.defineProperty(dto, 'name', { value: name });
  return dto;
}
