import type { FastifyError, FastifyHttpOptions, FastifyReply, FastifyRequest, onRequestHookHandler, preParsingHookHandler } from 'fastify';
import { DomainError } from '@case-desk/domain';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, problem } from './problem';

/**
 * The HTTP edge below Nest: what Fastify and Node answer on their own (malformed URLs, over-long path
 * parameters, stalled or malformed connections) and the headers every response carries. API.md,
 * Conventions and Operations.
 */

export const BODY_LIMIT_BYTES = 64 * 1024;

const JSON_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
// Swagger UI: its scripts, styles and fonts are served from /docs itself; it sets inline styles.
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

// The console: its own scripts and styles only (Ant Design injects style elements), images and fonts
// from itself or inline data, requests to this same origin; never framed.
const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};
// Built once: this runs on every request, the applicants' polls from memory included.
const API_HEADERS = Object.freeze({ ...BASE_HEADERS, 'content-security-policy': JSON_CSP, 'cache-control': 'no-store' });
const DOCS_HEADERS = Object.freeze({ ...BASE_HEADERS, 'content-security-policy': DOCS_CSP });
const CONSOLE_HEADERS = Object.freeze({ ...BASE_HEADERS, 'content-security-policy': CONSOLE_CSP });
const OTHER_HEADERS = Object.freeze({ ...BASE_HEADERS, 'content-security-policy': JSON_CSP });

/**
 * Headers of every response (set before the status fast path runs, so its answers carry them too).
 * Under /v1, `no-store`: tokens, cases and users must not be kept by a browser or a proxy. The
 * applicants' status route sets its own (private, revalidated with its ETag) on the answers it sends;
 * its refusals keep this one.
 */
export function securityHeaders(url: string): Readonly<Record<string, string>> {
  if (url.startsWith('/v1/') || url === '/v1' || url.startsWith('/v1?')) return API_HEADERS;
  if (url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?')) return DOCS_HEADERS;
  if (url === '/console' || url.startsWith('/console/') || url.startsWith('/console?')) return CONSOLE_HEADERS;
  return OTHER_HEADERS;
}

/**
 * Fastify's `frameworkErrors`: raised while routing, before any hook or Nest's filter runs. A URL that
 * does not decode (FST_ERR_BAD_URL) or a path parameter over 100 characters (FST_ERR_MAX_PARAM_LENGTH)
 * names nothing that can exist: 404 like an unknown route.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const notFound = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const body = notFound ? problem('NOT_FOUND', 404, 'no such resource') : problem('VALIDATION_FAILED', 400, 'the request is not valid');
  void reply
    .status(body.status)
    .headers({ ...securityHeaders(request.raw.url ?? '/'), 'content-type': PROBLEM_CONTENT_TYPE })
    .send(JSON.stringify(body));
}

/**
 * Node's `clientError` (via Fastify's clientErrorHandler): a request that stalled past the timeout is
 * cut off without an answer (its sender is gone or hostile); one that is not HTTP at all, or whose
 * headers are too large, gets a 400 problem and the connection is closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (error.code !== 'ERR_HTTP_REQUEST_TIMEOUT' && socket.writable) {
    const body = JSON.stringify(problem('VALIDATION_FAILED', 400, 'the request is not valid HTTP'));
    const headers = Object.entries({ ...securityHeaders('/'), 'content-type': PROBLEM_CONTENT_TYPE })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`HTTP/1.1 400 Bad Request\r\n${headers}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

/**
 * Fastify's options: the body limit, and the stalled-request timeout (HTTP_REQUEST_TIMEOUT_MS) for
 * the whole request, headers included. Node checks the timers every connectionsCheckingInterval, so
 * that interval is kept well below the timeout.
 */
export function fastifyOptions(http: { trustProxy: boolean; requestTimeoutMs: number }): FastifyHttpOptions<Server> {
  const timeout = http.requestTimeoutMs;
  return {
    trustProxy: http.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: timeout,
    http: { requestTimeout: timeout, headersTimeout: timeout, connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(timeout / 4))) },
    frameworkErrors,
    clientErrorHandler,
  };
}

/**
 * JSON bodies are UTF-8 (API.md): a charset other than UTF-8 is a 415, not decoded as if it were.
 * A Fastify preParsing hook; the error reaches the problem filter like Fastify's own 415.
 */
export const refuseForeignCharset: preParsingHookHandler = (request, _reply, payload, done) => {
  const contentType = request.headers['content-type'];
  const charset = typeof contentType === 'string' ? /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType)?.[1] : undefined;
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    return done(Object.assign(new Error(`Unsupported charset ${charset.slice(0, 40)}: bodies are UTF-8`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }));
  }
  done(null, payload);
};

/**
 * A query string whose escapes are not UTF-8 (`%FF`, an encoded lone surrogate, a cut escape) is a 400:
 * the query parser would otherwise turn it into U+FFFD and the request would go on altered.
 */
export const refuseMalformedQuery: onRequestHookHandler = (request, _reply, done) => {
  const start = request.url.indexOf('?');
  if (start === -1) return done();
  for (const part of request.url.slice(start + 1).split(/[&=]/)) {
    try {
      decodeURIComponent(part.replaceAll('+', ' '));
    } catch {
      return done(
        new DomainError('VALIDATION_FAILED', 'the query string is not valid UTF-8 percent-encoding', {
          errors: [{ path: 'query', message: 'not valid UTF-8 percent-encoding' }],
        }),
      );
    }
  }
  done();
};
