// Domain errors carry a stable machine-readable code; the API's one exception filter maps the code
// to an HTTP status and renders problem+json, so nothing here knows about HTTP frameworks.

export type DomainErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'IDEMPOTENCY_CONFLICT'
  | 'VERSION_MISMATCH'
  | 'BUSINESS_RULE'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'SERVICE_UNAVAILABLE';

/** The HTTP status of each code, as fixed by API.md (Conventions). */
export const DOMAIN_ERROR_HTTP_STATUS: Readonly<Record<DomainErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  IDEMPOTENCY_CONFLICT: 409,
  VERSION_MISMATCH: 412,
  BUSINESS_RULE: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
};

export interface FieldError {
  path: string;
  message: string;
}

export interface DomainErrorDetails {
  errors?: FieldError[];
  allowedActions?: string[];
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    // Keeps `instanceof` working even if this is ever compiled to ES5.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Put in the `default` of a switch over a union: adding a member becomes a compile error. */
export function assertUnreachable(x: never): never {
  throw new Error(`unreachable: unexpected value ${JSON.stringify(x)}`);
}
