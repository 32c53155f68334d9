import { CaseClockRow, Prisma } from '@case-desk/db';
import { ClockPause, ClockRecord } from '@case-desk/domain';

/** The stored form of a clock and back. `runningDueAt` is derived here and nowhere else. */
export function toClockRecord(row: CaseClockRow): ClockRecord {
  return {
    clock: row.clock,
    startedAt: row.startedAt,
    budgetDays: row.budgetDays,
    dueAt: row.dueAt,
    pausedAt: row.pausedAt,
    stoppedAt: row.stoppedAt,
    pauses: row.pauses as unknown as ClockPause[],
  };
}

/** The columns a clock's state decides (the row's kind and agencies are the case's: ClockRepository.saveClocks). */
export function toClockColumns(c: ClockRecord): Omit<Prisma.CaseClockUncheckedCreateInput, 'caseId' | 'kind' | 'agency' | 'otherAgency'> {
  return {
    clock: c.clock,
    startedAt: c.startedAt,
    budgetDays: c.budgetDays,
    dueAt: c.dueAt,
    pausedAt: c.pausedAt,
    stoppedAt: c.stoppedAt,
    pauses: c.pauses as unknown as Prisma.InputJsonValue,
    runningDueAt: isRunning(c) ? c.dueAt : null,
  };
}

export function isRunning(c: ClockRecord): boolean {
  return c.stoppedAt === null && c.pausedAt === null;
}

/**
 * How far before the last sweep's instant a case may be due and still not flagged overdue (the sweep
 * flags from there; the sla=OVERDUE list looks for unflagged cases from there): a write that computed
 * its flag just before a sweep and committed after it stays covered.
 */
export const OVERDUE_FLAG_MARGIN_MS = 24 * 60 * 60 * 1000;

/** The case's `nextDueAt`: the earliest due date among its running clocks. */
export function nextDueAt(clocks: readonly ClockRecord[]): Date | null {
  let next: Date | null = null;
  for (const c of clocks) {
    if (isRunning(c) && c.dueAt !== null && (next === null || c.dueAt < next)) next = c.dueAt;
  }
  return next;
}

/**
 * The case's columns its clocks decide, as a write at `now` stores them in one statement: `nextDueAt`,
 * and the `overdue` flag (due at or before that instant; the SLA sweep sets it for the cases that
 * cross their due date later).
 */
export function dueColumns(clocks: readonly ClockRecord[], now: Date): { nextDueAt: Date | null; overdue: boolean } {
  const next = nextDueAt(clocks);
  return { nextDueAt: next, overdue: next !== null && next.getTime() <= now.getTime() };
}
