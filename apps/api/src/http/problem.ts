import { DomainErrorCode, FieldError } from '@case-desk/domain';

/** RFC 9457 problem details with the stable `code` of API.md. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: DomainErrorCode | 'INTERNAL';
  errors?: FieldError[];
  allowedActions?: string[];
  errorId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const TITLES: Record<Problem['code'], string> = {
  VALIDATION_FAILED: 'Request is not valid',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Action not permitted',
  NOT_FOUND: 'Not found',
  INVALID_TRANSITION: 'Action not allowed in the current status',
  IDEMPOTENCY_CONFLICT: 'Idempotency key reused with another request',
  VERSION_MISMATCH: 'Version does not match',
  BUSINESS_RULE: 'Business rule violated',
  RATE_LIMITED: 'Too many requests',
  PAYLOAD_TOO_LARGE: 'Request body too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  INTERNAL: 'Internal error',
};

export function problem(
  code: Problem['code'],
  status: number,
  detail: string,
  extra: Pick<Problem, 'errors' | 'allowedActions' | 'errorId'> = {},
): Problem {
  return {
    type: `urn:case-desk:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[code],
    status,
    detail,
    code,
    ...extra,
  };
}
