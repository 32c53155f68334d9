import { DomainError } from '@case-desk/domain';

/**
 * The opaque cursor of a newest-first keyset page: the last item's instant and the key that breaks ties
 * within one millisecond (a sequence number, an id). Lists of cases and of alerts share it.
 */
export function encodeKeysetCursor(at: Date, tieBreak: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), tieBreak])).toString('base64url');
}

// Rows are stamped by the service's clock, which never leaves this century (the test clock included).
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);

/**
 * The cursor's parts, or a 400 naming `cursor` when it did not come from this API: it must be exactly
 * what encodeKeysetCursor would write (so no tampered byte, padding or other spelling passes), its
 * instant within 2000..2099, and its tie-break of the column's shape (`isTieBreak`).
 */
export function decodeKeysetCursor(cursor: string, isTieBreak: (value: string) => boolean): { at: Date; tieBreak: string } {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts.length === 2) {
      const [at, tieBreak] = parts as [unknown, unknown];
      const instant = typeof at === 'string' ? new Date(at) : null;
      const ms = instant?.getTime() ?? Number.NaN;
      if (
        instant !== null &&
        typeof tieBreak === 'string' &&
        ms >= EARLIEST_MS &&
        ms < LATEST_MS &&
        isTieBreak(tieBreak) &&
        encodeKeysetCursor(instant, tieBreak) === cursor
      ) {
        return { at: instant, tieBreak };
      }
    }
  } catch {
    // fall through
  }
  throw new DomainError('VALIDATION_FAILED', 'cursor is not valid', { errors: [{ path: 'cursor', message: 'not a cursor from this API' }] });
}
