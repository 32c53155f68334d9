// The mainland-China working-day calendar (DOMAIN.md, Counting working days): Monday–Friday, minus
// statutory holidays, plus the weekend days the State Council declares working days (调休).
// Built-in data comes from the pinned `chinese-days` package, read from its JSON and never fetched
// at run time; admins' overrides go on top.
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { epochDay, fromEpochDay, isLocalDate, weekday, yearOf, type LocalDate } from './local-date';

export const DAY_TYPES = ['HOLIDAY', 'WORKDAY'] as const;
export type DayType = (typeof DAY_TYPES)[number];

export interface CalendarOverride {
  date: LocalDate;
  type: DayType;
  name: string;
}

/** A day that differs from (or restates) the Monday–Friday rule: a holiday or a makeup working day. */
export interface CalendarDay {
  date: LocalDate;
  type: DayType;
  name: string;
  source: 'BUILTIN' | 'OVERRIDE';
}

export type DayReason = 'WEEKDAY' | 'WEEKEND' | 'HOLIDAY' | 'MAKEUP_WORKDAY';

export interface DayInfo {
  date: LocalDate;
  working: boolean;
  reason: DayReason;
  name: string | null;
  source: 'BUILTIN' | 'OVERRIDE' | null;
}

/** chinese-days' JSON: date -> "English name,中文名,days off" (inLieuDays is not used here). */
interface ChineseDaysJson {
  holidays: Readonly<Record<string, string>>;
  workdays: Readonly<Record<string, string>>;
}

// Weekdays among the first r days counted from 1970-01-01, a Thursday: Thu Fri Sat Sun Mon Tue Wed.
const WEEKDAYS_IN_FIRST_DAYS = [0, 1, 2, 2, 2, 3, 4] as const;

/** Monday–Friday days in epoch days [0, x); negative for x < 0, so differences work either side of 1970. */
function weekdaysBefore(x: number): number {
  const weeks = Math.floor(x / 7);
  return 5 * weeks + WEEKDAYS_IN_FIRST_DAYS[x - 7 * weeks];
}

function isWeekend(date: LocalDate): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

function assertDay(day: { date: unknown; type: unknown; name: unknown }, what: string): void {
  if (!isLocalDate(day.date)) throw new RangeError(`${what}: not a calendar date: '${String(day.date)}'`);
  if (day.type !== 'HOLIDAY' && day.type !== 'WORKDAY') {
    throw new RangeError(`${what} ${day.date}: type must be HOLIDAY or WORKDAY, got '${String(day.type)}'`);
  }
  if (typeof day.name !== 'string') throw new RangeError(`${what} ${day.date}: name must be a string`);
}

let builtinCalendar: WorkingCalendar | undefined;

/** Immutable: withOverrides returns a new calendar, so a cached one can be shared freely. */
export class WorkingCalendar {
  /**
   * Days whose working status differs from Monday–Friday (weekday holidays, weekend makeup days),
   * as sorted epoch days with running totals of their effect (-1 / +1). workingDaysBetween is then
   * a closed-form weekday count plus two binary searches, whatever the span.
   */
  private readonly adjustmentDays: number[] = [];
  private readonly adjustmentTotals: number[] = [0];

  private constructor(
    private readonly special: ReadonlyMap<LocalDate, CalendarDay>,
    private readonly confirmedYears: ReadonlySet<number>,
  ) {
    const adjustments: [number, number][] = [];
    for (const day of special.values()) {
      const weekend = isWeekend(day.date);
      if (day.type === 'HOLIDAY' && !weekend) adjustments.push([epochDay(day.date), -1]);
      if (day.type === 'WORKDAY' && weekend) adjustments.push([epochDay(day.date), +1]);
    }
    adjustments.sort((a, b) => a[0] - b[0]);
    for (const [day, delta] of adjustments) {
      this.adjustmentDays.push(day);
      this.adjustmentTotals.push(this.adjustmentTotals[this.adjustmentTotals.length - 1] + delta);
    }
  }

  /** The pinned chinese-days data (2004–2026 in 1.5.7), built once per process. */
  static builtin(): WorkingCalendar {
    builtinCalendar ??= WorkingCalendar.fromChineseDays(chineseDaysData);
    return builtinCalendar;
  }

  private static fromChineseDays(data: ChineseDaysJson): WorkingCalendar {
    const chineseName = (value: string): string => value.split(',')[1] ?? value;
    const days: CalendarDay[] = [];
    for (const [date, value] of Object.entries(data.holidays)) {
      days.push({ date, type: 'HOLIDAY', name: chineseName(value), source: 'BUILTIN' });
    }
    for (const [date, value] of Object.entries(data.workdays)) {
      days.push({ date, type: 'WORKDAY', name: `${chineseName(value)}（调休上班）`, source: 'BUILTIN' });
    }
    // A year is confirmed once its holiday notice is in the data; chinese-days lists no year partly.
    const years = Object.keys(data.holidays).map(yearOf);
    return WorkingCalendar.fromDays(days, years);
  }

  /** A calendar from explicit data (tests, fixtures). A later day of the same date wins. */
  static fromDays(special: readonly CalendarDay[], confirmedYears: Iterable<number>): WorkingCalendar {
    const map = new Map<LocalDate, CalendarDay>();
    for (const day of special) {
      assertDay(day, 'calendar day');
      map.set(day.date, { ...day });
    }
    return new WorkingCalendar(map, new Set(confirmedYears));
  }

  /**
   * A new calendar where each override replaces whatever this one says about its date (a later
   * override of the same date wins). Any HOLIDAY override also marks its year confirmed: an admin
   * typing in days from a new State Council notice is what confirms a year the package lacks.
   */
  withOverrides(overrides: readonly CalendarOverride[]): WorkingCalendar {
    const map = new Map(this.special);
    const confirmed = new Set(this.confirmedYears);
    for (const o of overrides) {
      assertDay(o, 'calendar override');
      map.set(o.date, { date: o.date, type: o.type, name: o.name, source: 'OVERRIDE' });
      if (o.type === 'HOLIDAY') confirmed.add(yearOf(o.date));
    }
    return new WorkingCalendar(map, confirmed);
  }

  dayInfo(date: LocalDate): DayInfo {
    const weekend = isWeekend(date);
    const day = this.special.get(date);
    if (day === undefined) {
      return weekend
        ? { date, working: false, reason: 'WEEKEND', name: null, source: null }
        : { date, working: true, reason: 'WEEKDAY', name: null, source: null };
    }
    if (day.type === 'HOLIDAY') return { date, working: false, reason: 'HOLIDAY', name: day.name, source: day.source };
    // A WORKDAY entry on a weekday only restates it: an ordinary weekday, named.
    return { date, working: true, reason: weekend ? 'MAKEUP_WORKDAY' : 'WEEKDAY', name: day.name, source: day.source };
  }

  isWorkingDay(date: LocalDate): boolean {
    const day = this.special.get(date);
    return day === undefined ? !isWeekend(date) : day.type === 'WORKDAY';
  }

  /**
   * The n-th working day after `from` (which never counts itself); n = 0 gives `from`. Walks day by
   * day: budgets are a few dozen days.
   */
  addWorkingDays(from: LocalDate, n: number): LocalDate {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`addWorkingDays: n must be a whole number of days, 0 or more, got ${n}`);
    }
    let day = epochDay(from);
    for (let left = n; left > 0; ) {
      day += 1;
      if (this.isWorkingDay(fromEpochDay(day))) left -= 1;
    }
    return fromEpochDay(day);
  }

  /** The number of working days d with from < d <= to; 0 when to <= from. */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const a = epochDay(from);
    const b = epochDay(to);
    if (b <= a) return 0;
    const weekdays = weekdaysBefore(b + 1) - weekdaysBefore(a + 1);
    return weekdays + this.adjustmentsUpTo(b) - this.adjustmentsUpTo(a);
  }

  /** Sum of the adjustments of days <= day. */
  private adjustmentsUpTo(day: number): number {
    let lo = 0;
    let hi = this.adjustmentDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.adjustmentDays[mid] <= day) lo = mid + 1;
      else hi = mid;
    }
    return this.adjustmentTotals[lo];
  }

  /** False while the year's holiday notice is not in the data: its weekdays are assumed working days. */
  isConfirmed(year: number): boolean {
    return this.confirmedYears.has(year);
  }

  /** The holidays and makeup working days of `year`, overrides applied, sorted by date. */
  daysOfYear(year: number): CalendarDay[] {
    const prefix = `${String(year).padStart(4, '0')}-`;
    return [...this.special.values()]
      .filter((day) => day.date.startsWith(prefix))
      .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
      .map((day) => ({ ...day }));
  }
}
