// Fee periods of refund cases: months as 'YYYY-MM'. Zero-padded, so string order is time order.

export type YearMonth = string;

export interface FeePeriodError {
  path: 'periodFrom' | 'periodTo';
  message: string;
}

const YEAR_MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
// Mainland basic medical insurance dates from the 1990s reforms; earlier months are typos.
const EARLIEST_YEAR = 1990;

export function isYearMonth(s: unknown): s is YearMonth {
  if (typeof s !== 'string') return false;
  const match = YEAR_MONTH.exec(s);
  return match !== null && Number(match[1]) >= EARLIEST_YEAR;
}

/**
 * Field errors of a fee period (empty when valid): both months well-formed, from <= to, and
 * neither after the month of `today` (YYYY-MM-DD, Asia/Shanghai).
 */
export function validateFeePeriod(from: string, to: string, today: string): FeePeriodError[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new RangeError(`validateFeePeriod: today must be YYYY-MM-DD, got '${today}'`);
  }
  const currentMonth = today.slice(0, 7);
  const errors: FeePeriodError[] = [];
  const fromOk = isYearMonth(from);
  const toOk = isYearMonth(to);
  if (!fromOk) errors.push({ path: 'periodFrom', message: `must be a month YYYY-MM from ${EARLIEST_YEAR} on` });
  if (!toOk) errors.push({ path: 'periodTo', message: `must be a month YYYY-MM from ${EARLIEST_YEAR} on` });
  if (fromOk && from > currentMonth) {
    errors.push({ path: 'periodFrom', message: `must not be after the current month (${currentMonth})` });
  }
  if (toOk && to > currentMonth) {
    errors.push({ path: 'periodTo', message: `must not be after the current month (${currentMonth})` });
  }
  if (fromOk && toOk && from > to) {
    errors.push({ path: 'periodTo', message: `must not be before periodFrom (${from})` });
  }
  return errors;
}
