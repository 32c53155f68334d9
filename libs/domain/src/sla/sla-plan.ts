// Which clocks a case's transitions start, stop, pause and resume, by the policy table, and the
// clock list that results. The case machine decides the transition; this only follows it.
import type { CaseAction, CaseStatus } from '../codes';
import type { CaseKind } from '../kinds/registry';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { pauseClock, recomputeDueAt, resumeClock, startClock, stopClock, type ClockRecord } from './sla-clock';
import type { ClockName, SlaPolicy } from './sla-policy';

export interface ClockChange {
  start: ClockName[];
  stop: ClockName[];
  /** Pause every running clock (the case now waits for the applicant's materials). */
  pause: boolean;
  /** Resume every paused clock. */
  resume: boolean;
}

/** The clocks a new case starts, in policy order. */
export function clocksOnCreate(policy: SlaPolicy, kind: CaseKind): ClockName[] {
  return policy[kind].filter((p) => p.startsOn === 'SUBMIT').map((p) => p.clock);
}

/**
 * The clock changes of one transition. A final status stops every clock and starts none: in a
 * transfer with no balance to move, enrol-incoming completes the case, so OVERALL stops there and
 * BALANCE never starts.
 */
export function clockChangesFor(
  policy: SlaPolicy,
  kind: CaseKind,
  action: CaseAction,
  toStatus: CaseStatus,
  finalStatus: boolean,
): ClockChange {
  const clocks = policy[kind];
  if (finalStatus) return { start: [], stop: clocks.map((p) => p.clock), pause: false, resume: false };
  return {
    start: clocks.filter((p) => p.startsOn === action).map((p) => p.clock),
    stop: clocks.filter((p) => p.stopsOn.includes(action)).map((p) => p.clock),
    pause: toStatus === 'SUPPLEMENT_REQUIRED',
    resume: action === 'resume',
  };
}

/** Clocks with a budget first: a clock due with OVERALL needs OVERALL's due before it. */
function budgetedFirst<T extends { budgetDays: number | null }>(items: readonly T[]): T[] {
  return [...items.filter((c) => c.budgetDays !== null), ...items.filter((c) => c.budgetDays === null)];
}

/**
 * The case's full clock list after `change` at `at`: stops, then pauses, resumes and starts (the
 * started ones appended). A clock that the case already has is never started a second time.
 */
export function applyClockChanges(
  cal: WorkingCalendar,
  policy: SlaPolicy,
  kind: CaseKind,
  clocks: readonly ClockRecord[],
  change: ClockChange,
  at: Date,
): ClockRecord[] {
  let next = clocks.map((c) => (change.stop.includes(c.clock) && c.stoppedAt === null ? stopClock(c, at) : c));
  if (change.pause) {
    next = next.map((c) => (c.stoppedAt === null && c.pausedAt === null ? pauseClock(cal, c, at) : c));
  }
  if (change.resume) {
    for (const paused of budgetedFirst(next.filter((c) => c.stoppedAt === null && c.pausedAt !== null))) {
      const resumed = resumeClock(cal, paused, at, overallClock(next)?.dueAt ?? null);
      next = next.map((c) => (c === paused ? resumed : c));
    }
  }
  const toStart = change.start.map((name) => {
    const policyOf = policy[kind].find((p) => p.clock === name);
    if (policyOf === undefined) throw new Error(`the ${kind} policy has no clock ${name}`);
    return policyOf;
  });
  for (const p of budgetedFirst(toStart)) {
    if (next.some((c) => c.clock === p.clock)) continue;
    next.push(startClock(cal, p.clock, p.budgetDays, at, overallClock(next)?.dueAt ?? null));
  }
  return next;
}

/**
 * Every clock as a changed calendar makes it (recomputeDueAt), OVERALL before the clocks due
 * with it. Order is kept.
 */
export function recomputeClocks(cal: WorkingCalendar, clocks: readonly ClockRecord[]): ClockRecord[] {
  let next = [...clocks];
  for (const c of budgetedFirst(clocks)) {
    const recomputed = recomputeDueAt(cal, c, c.budgetDays === null ? (overallClock(next)?.dueAt ?? null) : undefined);
    next = next.map((x) => (x === c ? recomputed : x));
  }
  return next;
}

/** The clock of the stage the case is in (running or paused), or null when no stage clock is open. */
export function currentStageClock(clocks: readonly ClockRecord[]): ClockRecord | null {
  for (let i = clocks.length - 1; i >= 0; i--) {
    if (clocks[i].clock !== 'OVERALL' && clocks[i].stoppedAt === null) return clocks[i];
  }
  return null;
}

export function overallClock(clocks: readonly ClockRecord[]): ClockRecord | null {
  return clocks.find((c) => c.clock === 'OVERALL') ?? null;
}
