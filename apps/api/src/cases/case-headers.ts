import { DomainError } from '@case-desk/domain';

/** `Idempotency-Key`: 1–255 visible ASCII characters, or absent. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string' && /^[\x21-\x7e]{1,255}$/.test(value)) return value;
  throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1–255 visible ASCII characters', {
    errors: [{ path: 'header.idempotency-key', message: 'must be 1–255 visible ASCII characters' }],
  });
}

/** `If-Match: "<version>"` (a weak tag is accepted too), or absent. */
export function parseIfMatch(value: string | string[] | undefined): number | null {
  if (value === undefined) return null;
  const match = typeof value === 'string' ? /^(?:W\/)?"(\d{1,9})"$/.exec(value.trim()) : null;
  if (match) return Number(match[1]);
  throw new DomainError('VALIDATION_FAILED', 'If-Match must be the ETag of the case, e.g. "3"', {
    errors: [{ path: 'header.if-match', message: 'must look like "3"' }],
  });
}

export function etagOf(version: number): string {
  return `"${version}"`;
}
