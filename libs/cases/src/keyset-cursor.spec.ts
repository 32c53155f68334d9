import { DomainError } from '@case-desk/domain';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const digits = (value: string) => /^\d+$/.test(value);

describe('keyset cursor', () => {
  it('decodes what it encodes', () => {
    const at = new Date('2026-11-23T08:00:00.123Z');
    expect(decodeKeysetCursor(encodeKeysetCursor(at, '42'), digits)).toEqual({ at, tieBreak: '42' });
  });

  it.each([
    ['an instant before 2000', b64(['-271821-04-20T00:00:00.000Z', '1'])],
    ['year 0000', b64(['0000-01-01T00:00:00.000Z', '1'])],
    ['year 2100', b64(['2100-01-01T00:00:00.000Z', '1'])],
    ['a tie-break of the wrong shape', b64(['2026-01-01T00:00:00.000Z', 'x'])],
    ['another spelling of the instant', b64(['2026-01-01T00:00:00Z', '1'])],
    ['a number instead of a string', b64([1767225600000, '1'])],
    ['three parts', b64(['2026-01-01T00:00:00.000Z', '1', '2'])],
    ['an object', b64({ at: '2026-01-01T00:00:00.000Z' })],
    ['trailing bytes', `${b64(['2026-01-01T00:00:00.000Z', '1'])}!!`],
    ['padding', `${b64(['2026-01-01T00:00:00.000Z', '1'])}=`],
    ['not base64 JSON', 'bm90IGpzb24'],
    ['NUL', '\u0000'],
  ])('refuses %s with a 400 naming cursor', (_label, cursor) => {
    try {
      decodeKeysetCursor(cursor, digits);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).details.errors?.[0].path).toBe('cursor');
    }
  });
});
