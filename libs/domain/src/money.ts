// Money is a decimal string with exactly two decimals ("1234.50") on the wire and in the domain.
// Arithmetic happens in integer cents: the largest amount, 99999999.99, is 9,999,999,999 cents,
// far inside Number.MAX_SAFE_INTEGER, so plain numbers are exact.

export const MONEY_PATTERN = /^(0|[1-9]\d{0,7})\.\d{2}$/;
export const MAX_MONEY_CENTS = 9_999_999_999;

export function isMoney(s: unknown): s is string {
  return typeof s === 'string' && MONEY_PATTERN.test(s);
}

/** Cents of a money string. Throws RangeError: callers validate first (isMoney), so this is a bug. */
export function parseMoney(s: string): number {
  if (!isMoney(s)) {
    throw new RangeError(`not a money string: '${s}' (expected e.g. "1234.50")`);
  }
  const [units, fraction] = s.split('.');
  return Number(units) * 100 + Number(fraction);
}

export function formatMoney(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > MAX_MONEY_CENTS) {
    throw new RangeError(`not a money amount in cents: ${cents}`);
  }
  const units = Math.floor(cents / 100);
  const fraction = String(cents % 100).padStart(2, '0');
  return `${units}.${fraction}`;
}

/**
 * Canonical money string from a decimal with 0-2 decimals ("0", "1234.5", "1234.50"). Meant for
 * the database boundary, where a Decimal's toString() drops trailing zeros.
 */
export function normalizeMoney(s: string): string {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!match) {
    throw new RangeError(`not a decimal amount: '${s}'`);
  }
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return formatMoney(cents);
}

export function compareMoney(a: string, b: string): -1 | 0 | 1 {
  const diff = parseMoney(a) - parseMoney(b);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

export function isZeroMoney(s: string): boolean {
  return parseMoney(s) === 0;
}
