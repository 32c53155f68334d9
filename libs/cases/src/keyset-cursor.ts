import { DomainError } from '@case-desk/domain';

/**
 * The opaque cursor of a newest-first keyset page: the last item's instant and the key that breaks ties
 * within one millisecond (a sequence number, an id). Lists of cases and of alerts share it.
 */
export function encodeKeysetCursor(at: Date, tieBreak: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), tieBreak])).toString('base64url');
}

/** The cursor's parts, or a 400 naming `cursor` when it did not come from this API. */
export function decodeKeysetCursor(cursor: string, isTieBreak: (value: string) => boolean): { at: Date; tieBreak: string } {
  try {
    const [at, tieBreak] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const instant = new Date(String(at));
    if (typeof at === 'string' && typeof tieBreak === 'string' && !Number.isNaN(instant.getTime()) && isTieBreak(tieBreak)) {
      return { at: instant, tieBreak };
    }
  } catch {
    // fall through
  }
  throw new DomainError('VALIDATION_FAILED', 'cursor is not valid', { errors: [{ path: 'cursor', message: 'not a cursor from this API' }] });
}
