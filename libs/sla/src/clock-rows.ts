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

/** The case's `nextDueAt`: the earliest due date among its running clocks. */
export function nextDueAt(clocks: readonly ClockRecord[]): Date | null {
  let next: Date | null = null;
  for (const c of clocks) {
    if (isRunning(c) && c.dueAt !== null && (next === null || c.dueAt < next)) next = c.dueAt;
  }
  return next;
}
