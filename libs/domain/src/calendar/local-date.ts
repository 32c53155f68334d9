// Calendar dates in Asia/Shanghai ('YYYY-MM-DD'). China keeps UTC+8 all year (no DST since 1991),
// so a fixed offset on UTC arithmetic is exact, and nothing here reads the server's time zone: every
// Date method used is a UTC one.

/** 'YYYY-MM-DD', a date in Asia/Shanghai. Zero-padded, so string order is date order. */
export type LocalDate = string;

export const SHANGHAI_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date, or NaN when it is not a real date. */
function parseEpochDay(s: string): number {
  const match = LOCAL_DATE.exec(s);
  if (match === null) return NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0..99 to 1900..1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  // Date rolls 2026-02-30 over to March: a real date survives the round trip unchanged.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return NaN;
  return d.getTime() / DAY_MS;
}

export function isLocalDate(s: unknown): s is LocalDate {
  return typeof s === 'string' && !Number.isNaN(parseEpochDay(s));
}

/** Days since 1970-01-01 (negative before). Throws RangeError for anything but a real 'YYYY-MM-DD'. */
export function epochDay(date: LocalDate): number {
  const n = parseEpochDay(date);
  if (Number.isNaN(n)) throw new RangeError(`not a calendar date YYYY-MM-DD: '${String(date)}'`);
  return n;
}

/** The date `n` days after 1970-01-01. */
export function fromEpochDay(n: number): LocalDate {
  return utcDateString(new Date(n * DAY_MS));
}

function utcDateString(d: Date): LocalDate {
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`date out of range: year ${year}`);
  const pad = (v: number, width: number): string => String(v).padStart(width, '0');
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** The date in Shanghai at `instant`. */
export function shanghaiDate(instant: Date): LocalDate {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('shanghaiDate: invalid Date');
  return utcDateString(new Date(t + SHANGHAI_UTC_OFFSET_MS));
}

/** 00:00 of `date` in Shanghai (16:00 UTC of the day before). */
export function startOfShanghaiDay(date: LocalDate): Date {
  return new Date(epochDay(date) * DAY_MS - SHANGHAI_UTC_OFFSET_MS);
}

/** 24:00 of `date` in Shanghai, i.e. 00:00 of the next day: '2026-12-07' -> 2026-12-07T16:00:00.000Z. */
export function endOfShanghaiDay(date: LocalDate): Date {
  return new Date((epochDay(date) + 1) * DAY_MS - SHANGHAI_UTC_OFFSET_MS);
}

export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addCalendarDays: n must be an integer, got ${n}`);
  return fromEpochDay(epochDay(date) + n);
}

/** 0 = Sunday .. 6 = Saturday. */
export function weekday(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4); the double modulo keeps dates before 1970 non-negative.
  return (((epochDay(date) + 4) % 7) + 7) % 7;
}

export function yearOf(date: LocalDate): number {
  epochDay(date);
  return Number(date.slice(0, 4));
}
