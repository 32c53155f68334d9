/**
 * True when an error means Redis is unreachable (ioredis gave up retrying, the connection is closed or
 * not writable): the API answers 503 SERVICE_UNAVAILABLE for a request that needed it.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  if (name === 'MaxRetriesPerRequestError') return true;
  if (code === 'ECONNREFUSED' && typeof message === 'string' && /redis/i.test(message)) return true;
  return typeof message === 'string' && /^(Connection is closed\.|Stream isn't writeable|Redis did not take the job within)/.test(message);
}
