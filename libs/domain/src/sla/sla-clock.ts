// The life of one SLA clock as plain data (API.md, Working-day SLAs): started at an instant with a
// budget of N working days, it is due at 24:00 Shanghai of the N-th working day after the start
// date. A pause for missing materials keeps the working days that were left; a resume spends them
// from the resume date on. Every function returns a new record; "now" is always an argument.
import { addCalendarDays, endOfShanghaiDay, shanghaiDate, yearOf, type LocalDate } from '../calendar/local-date';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { ClockName } from './sla-policy';

/** A running clock is DUE_SOON when this many working days or fewer remain (today included). */
export const DUE_SOON_WORKING_DAYS = 2;
/** A clock still running at the end of this many working days after its due date is escalated. */
export const ESCALATION_WORKING_DAYS = 3;

export interface ClockPause {
  /** ISO instant. */
  pausedAt: string;
  /** ISO instant; null while the pause lasts (or when the clock stopped during it). */
  resumedAt: string | null;
  /** Working days after the pause date through the due date; 0 when already overdue. */
  workingDaysLeft: number;
  /** The due instant when the pause began (ISO); null for a clock due with OVERALL that had none yet. */
  dueAtWhenPaused: string | null;
  /** Already overdue when paused: on resume it keeps dueAtWhenPaused and stays overdue. */
  overdue: boolean;
}

export interface ClockRecord {
  clock: ClockName;
  startedAt: Date;
  /** Working days; null = due with OVERALL. */
  budgetDays: number | null;
  /** Null only while paused, or for a clock due with OVERALL before that is known. */
  dueAt: Date | null;
  pausedAt: Date | null;
  stoppedAt: Date | null;
  /** Oldest first; only the last one can be open (resumedAt null). */
  pauses: ClockPause[];
}

export type ClockState = 'ON_TRACK' | 'DUE_SOON' | 'OVERDUE' | 'PAUSED' | 'MET' | 'MISSED';

export interface ClockStatus {
  state: ClockState;
  workingDaysRemaining: number | null;
  calendarConfirmed: boolean;
}

/**
 * The Shanghai date whose 24:00 is `dueAt` (dueAt is always the end of a day). Not
 * shanghaiDate(dueAt): that instant is already 00:00 of the next day.
 */
export function dueDateOf(dueAt: Date): LocalDate {
  return shanghaiDate(new Date(dueAt.getTime() - 1));
}

/** End of the n-th working day after the Shanghai date of `at`. */
function dueAfter(cal: WorkingCalendar, at: Date, workingDays: number): Date {
  return endOfShanghaiDay(cal.addWorkingDays(shanghaiDate(at), workingDays));
}

function isRunning(c: ClockRecord): boolean {
  return c.stoppedAt === null && c.pausedAt === null;
}

function openPause(c: ClockRecord): ClockPause {
  const last = c.pauses[c.pauses.length - 1];
  if (c.pausedAt === null || last === undefined || last.resumedAt !== null) {
    throw new Error(`clock ${c.clock} is not paused`);
  }
  return last;
}

export function startClock(
  cal: WorkingCalendar,
  clock: ClockName,
  budgetDays: number | null,
  at: Date,
  overallDueAt: Date | null = null,
): ClockRecord {
  return {
    clock,
    startedAt: at,
    budgetDays,
    dueAt: budgetDays === null ? overallDueAt : dueAfter(cal, at, budgetDays),
    pausedAt: null,
    stoppedAt: null,
    pauses: [],
  };
}

/** The pause of a clock whose due was `dueAt`, beginning at `at`. */
function pauseAt(cal: WorkingCalendar, dueAt: Date | null, at: Date): ClockPause {
  const overdue = dueAt !== null && at.getTime() >= dueAt.getTime();
  return {
    pausedAt: at.toISOString(),
    resumedAt: null,
    // The pause date itself is spent: only the working days after it are kept.
    workingDaysLeft: dueAt === null || overdue ? 0 : cal.workingDaysBetween(shanghaiDate(at), dueDateOf(dueAt)),
    dueAtWhenPaused: dueAt === null ? null : dueAt.toISOString(),
    overdue,
  };
}

export function pauseClock(cal: WorkingCalendar, c: ClockRecord, at: Date): ClockRecord {
  if (!isRunning(c)) throw new Error(`clock ${c.clock} is not running: it cannot pause`);
  return { ...c, dueAt: null, pausedAt: at, pauses: [...c.pauses, pauseAt(cal, c.dueAt, at)] };
}

/**
 * Due at the end of the k-th working day after the resume date, k being the days left at the pause.
 * A clock that was overdue when paused keeps its old due and stays overdue. A clock without a
 * budget (BALANCE) takes the due of OVERALL, resumed first.
 */
export function resumeClock(
  cal: WorkingCalendar,
  c: ClockRecord,
  at: Date,
  overallDueAt: Date | null = null,
): ClockRecord {
  if (c.stoppedAt !== null) throw new Error(`clock ${c.clock} has stopped: it cannot resume`);
  const pause = openPause(c);
  let dueAt: Date | null;
  if (c.budgetDays === null) dueAt = overallDueAt;
  else if (pause.overdue && pause.dueAtWhenPaused !== null) dueAt = new Date(pause.dueAtWhenPaused);
  else dueAt = dueAfter(cal, at, pause.workingDaysLeft);
  return {
    ...c,
    dueAt,
    pausedAt: null,
    pauses: [...c.pauses.slice(0, -1), { ...pause, resumedAt: at.toISOString() }],
  };
}

/**
 * Stops a running or paused clock. A clock stopped during a pause keeps that pause open and has no
 * due date, so it counts as MET, unless it was overdue when paused: then it keeps the due it missed.
 */
export function stopClock(c: ClockRecord, at: Date): ClockRecord {
  if (c.stoppedAt !== null) throw new Error(`clock ${c.clock} has already stopped`);
  if (c.pausedAt === null) return { ...c, stoppedAt: at };
  const pause = openPause(c);
  const dueAt = pause.overdue && pause.dueAtWhenPaused !== null ? new Date(pause.dueAtWhenPaused) : null;
  return { ...c, dueAt, pausedAt: null, stoppedAt: at };
}

/** Working days d with after < d <= through that count toward a clock's budget. */
export interface CountedWindow {
  after: LocalDate;
  through: LocalDate;
}

export interface ClockReplay {
  /** Null when the clock is paused at the end of the replay. */
  dueAt: Date | null;
  /** The pauses with workingDaysLeft, dueAtWhenPaused and overdue as this calendar makes them. */
  pauses: ClockPause[];
  /** The stretches of time whose working days make up the budget, pauses cut out. */
  windows: CountedWindow[];
}

/**
 * Replays a clock with a budget from its start through its pauses and resumes against `cal`: the
 * due date and pause figures this calendar gives, and the windows the budget was counted in.
 */
export function replayClock(cal: WorkingCalendar, c: ClockRecord): ClockReplay {
  if (c.budgetDays === null) throw new Error(`clock ${c.clock} has no budget of its own to replay`);
  let due = dueAfter(cal, c.startedAt, c.budgetDays);
  let after = shanghaiDate(c.startedAt);
  // Set once the clock is paused overdue: the whole budget is spent, later stretches count nothing.
  let spent = false;
  const windows: CountedWindow[] = [];
  const pauses: ClockPause[] = [];
  for (const p of c.pauses) {
    const pause = { ...pauseAt(cal, due, new Date(p.pausedAt)), resumedAt: p.resumedAt };
    pauses.push(pause);
    if (!spent) windows.push({ after, through: pause.overdue ? dueDateOf(due) : shanghaiDate(new Date(p.pausedAt)) });
    if (p.resumedAt === null) return { dueAt: null, pauses, windows };
    if (pause.overdue) {
      spent = true;
    } else {
      const resumedAt = new Date(p.resumedAt);
      due = dueAfter(cal, resumedAt, pause.workingDaysLeft);
      after = shanghaiDate(resumedAt);
    }
  }
  if (!spent) windows.push({ after, through: dueDateOf(due) });
  return { dueAt: due, pauses, windows };
}

/**
 * The clock as a (possibly changed) calendar makes it: its start and pauses replayed. A paused
 * clock gets its workingDaysLeft recomputed. A clock without a budget takes `overallDueAt` (kept
 * as it is when that is not given). Stopped clocks are history and are returned unchanged.
 */
export function recomputeDueAt(cal: WorkingCalendar, c: ClockRecord, overallDueAt?: Date | null): ClockRecord {
  if (c.stoppedAt !== null) return c;
  if (c.budgetDays === null) {
    if (c.pausedAt !== null || overallDueAt === undefined) return c;
    return { ...c, dueAt: overallDueAt };
  }
  const replay = replayClock(cal, c);
  return { ...c, dueAt: replay.dueAt, pauses: replay.pauses };
}

/** Working days from today (if it is one) through the due date. */
function workingDaysRemaining(cal: WorkingCalendar, dueAt: Date, now: Date): number {
  return cal.workingDaysBetween(addCalendarDays(shanghaiDate(now), -1), dueDateOf(dueAt));
}

export function clockStatus(cal: WorkingCalendar, c: ClockRecord, now: Date): ClockStatus {
  const confirmed = (dueAt: Date | null): boolean => dueAt === null || cal.isConfirmed(yearOf(dueDateOf(dueAt)));
  if (c.stoppedAt !== null) {
    // No due date: stopped during a pause with days left, which is in time.
    const met = c.dueAt === null || c.stoppedAt.getTime() <= c.dueAt.getTime();
    return { state: met ? 'MET' : 'MISSED', workingDaysRemaining: null, calendarConfirmed: confirmed(c.dueAt) };
  }
  if (c.pausedAt !== null) {
    return {
      state: 'PAUSED',
      workingDaysRemaining: c.pauses[c.pauses.length - 1]?.workingDaysLeft ?? null,
      // The due date is unknown until the resume; an unconfirmed year at the pause already taints it.
      calendarConfirmed: cal.isConfirmed(yearOf(shanghaiDate(c.pausedAt))),
    };
  }
  if (c.dueAt === null) return { state: 'ON_TRACK', workingDaysRemaining: null, calendarConfirmed: true };
  if (now.getTime() >= c.dueAt.getTime()) {
    return { state: 'OVERDUE', workingDaysRemaining: 0, calendarConfirmed: confirmed(c.dueAt) };
  }
  const remaining = workingDaysRemaining(cal, c.dueAt, now);
  return {
    state: remaining <= DUE_SOON_WORKING_DAYS ? 'DUE_SOON' : 'ON_TRACK',
    workingDaysRemaining: remaining,
    calendarConfirmed: confirmed(c.dueAt),
  };
}

/**
 * The instant T such that a running clock is DUE_SOON at `now` iff now < dueAt <= T, for range
 * queries on due dates. With today's Shanghai date t, at most 2 working days remain in [t, due
 * date] iff the due date comes before the 3rd working day after t - 1: T is the end of the day
 * before that one. (For a due date on a working day this is the end of the 2nd working day.)
 */
export function dueSoonThreshold(cal: WorkingCalendar, now: Date): Date {
  const yesterday = addCalendarDays(shanghaiDate(now), -1);
  const firstNotSoon = cal.addWorkingDays(yesterday, DUE_SOON_WORKING_DAYS + 1);
  return endOfShanghaiDay(addCalendarDays(firstNotSoon, -1));
}

/** When a clock still running past `dueAt` is escalated: the end of the 3rd working day after its due date. */
export function escalationAt(cal: WorkingCalendar, dueAt: Date): Date {
  return endOfShanghaiDay(cal.addWorkingDays(dueDateOf(dueAt), ESCALATION_WORKING_DAYS));
}
