// "Why that date": the days a clock's due date was counted over, so a clerk can show an applicant
// which working days make up the budget and which weekends and holidays were skipped.
import { addCalendarDays, shanghaiDate, type LocalDate } from '../calendar/local-date';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { dueDateOf, replayClock, type ClockPause, type ClockRecord } from './sla-clock';
import type { ClockName } from './sla-policy';

export interface SkippedDay {
  date: LocalDate;
  reason: 'WEEKEND' | 'HOLIDAY';
  name: string | null;
  source: 'BUILTIN' | 'OVERRIDE' | null;
}

export interface ClockExplanation {
  clock: ClockName;
  startedAt: Date;
  dueAt: Date | null;
  /** The Shanghai date at whose 24:00 the clock is due. */
  dueDate: LocalDate | null;
  budgetDays: number | null;
  /** BUDGET: counted from its own budget; OVERALL: no budget of its own, due with the overall clock. */
  dueWith: 'BUDGET' | 'OVERALL';
  /** The working days that make up the budget, after pauses are cut out (so far, while paused). */
  countedDays: LocalDate[];
  /** How many of countedDays lie before today. */
  workingDaysUsed: number;
  /** Non-working days inside the stretches that were counted. */
  skippedDays: SkippedDay[];
  pauses: ClockPause[];
}

export function explainClock(cal: WorkingCalendar, c: ClockRecord, now: Date): ClockExplanation {
  const base = {
    clock: c.clock,
    startedAt: c.startedAt,
    dueAt: c.dueAt,
    dueDate: c.dueAt === null ? null : dueDateOf(c.dueAt),
    budgetDays: c.budgetDays,
    pauses: c.pauses,
  };
  if (c.budgetDays === null) {
    return { ...base, dueWith: 'OVERALL', countedDays: [], workingDaysUsed: 0, skippedDays: [] };
  }
  const countedDays: LocalDate[] = [];
  const skippedDays: SkippedDay[] = [];
  for (const { after, through } of replayClock(cal, c).windows) {
    for (let d = addCalendarDays(after, 1); d <= through; d = addCalendarDays(d, 1)) {
      const info = cal.dayInfo(d);
      if (info.working) countedDays.push(d);
      // A non-working day is either a weekend or a holiday (dayInfo's other reasons are working days).
      else {
        const reason = info.reason === 'HOLIDAY' ? 'HOLIDAY' : 'WEEKEND';
        skippedDays.push({ date: d, reason, name: info.name, source: info.source });
      }
    }
  }
  const today = shanghaiDate(now);
  return {
    ...base,
    dueWith: 'BUDGET',
    countedDays,
    workingDaysUsed: countedDays.filter((d) => d < today).length,
    skippedDays,
  };
}
