import { DOMAIN_ERROR_HTTP_STATUS, DomainError, assertUnreachable, type DomainErrorCode } from './errors';

describe('DomainError', () => {
  it('is an Error and a DomainError with code, message, name and details', () => {
    const error = new DomainError('VALIDATION_FAILED', 'bad input', { errors: [{ path: 'a', message: 'b' }] });
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('bad input');
    expect(error.details).toEqual({ errors: [{ path: 'a', message: 'b' }] });
  });

  it('defaults details to an empty object', () => {
    expect(new DomainError('NOT_FOUND', 'no such case').details).toEqual({});
  });

  it('survives being thrown and caught', () => {
    const thrown = (() => {
      try {
        throw new DomainError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 30 });
      } catch (e) {
        return e;
      }
    })();
    expect(thrown instanceof DomainError && thrown.details.retryAfterSeconds).toBe(30);
  });
});

describe('DOMAIN_ERROR_HTTP_STATUS', () => {
  it.each<[DomainErrorCode, number]>([
    ['VALIDATION_FAILED', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['INVALID_TRANSITION', 409],
    ['IDEMPOTENCY_CONFLICT', 409],
    ['VERSION_MISMATCH', 412],
    ['BUSINESS_RULE', 422],
    ['RATE_LIMITED', 429],
    ['PAYLOAD_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
    ['SERVICE_UNAVAILABLE', 503],
  ])('%s -> %d', (code, status) => {
    expect(DOMAIN_ERROR_HTTP_STATUS[code]).toBe(status);
  });
});

describe('assertUnreachable', () => {
  it('throws naming the unexpected value', () => {
    expect(() => assertUnreachable('SURPRISE' as never)).toThrow('unreachable: unexpected value "SURPRISE"');
  });
});
