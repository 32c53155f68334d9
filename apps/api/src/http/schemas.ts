import { z } from 'zod';

/** Building blocks shared by the request schemas; the field schemas of cases are the domain's. */
export { comment, money, phone, regionCode, yearMonth } from '@case-desk/domain';

/**
 * A whole number in a query string or path: decimal digits only, as sent (no `0x10`, `1e1`, ` 5`,
 * `+5` or `5.0`, which a number coercion would quietly accept).
 */
export function decimalInt(min: number, max: number) {
  const digits = Math.max(String(min).length, String(max).length);
  return z
    .string()
    .regex(new RegExp(`^\\d{1,${digits}}$`), `must be a decimal whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    // Documented as what it means (an integer in a range), as before the check on its spelling.
    .meta({ type: 'integer', minimum: min, maximum: max, pattern: undefined });
}

export const limit = decimalInt(1, 100).default(20).meta({ description: 'page size, 1–100', example: 20 });

export const cursor = z.string().min(1).max(200);

// Due dates, caseNos (which carry the date) and the calendar data only make sense within this century.
const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
const LATEST_INSTANT_MS = Date.UTC(2100, 0, 1) - 1;

/** An ISO-8601 instant with its offset, from 2000-01-01T00:00:00Z to 2099-12-31T23:59:59.999Z. */
export const instantThisCentury = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 instant, e.g. 2026-12-07T16:00:00.000Z' })
  .refine((value) => {
    const at = Date.parse(value);
    return at >= EARLIEST_INSTANT_MS && at <= LATEST_INSTANT_MS;
  }, 'must be between 2000-01-01T00:00:00Z and 2099-12-31T23:59:59.999Z')
  .meta({ example: '2026-12-07T16:00:00.000Z' });
