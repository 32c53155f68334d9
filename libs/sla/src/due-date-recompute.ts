import { Injectable, Logger } from '@nestjs/common';
import { Prisma, PrismaService } from '@case-desk/db';
import { ClockRecord, LocalDate, WorkingCalendar, endOfShanghaiDay, recomputeClocks, startOfShanghaiDay } from '@case-desk/domain';
import { CalendarService } from './calendar.service';
import { ClockStore } from './clock.store';

const BATCH = 200;

export interface RecomputeResult {
  date: LocalDate;
  /** Cases with a clock whose window touches the date. */
  examined: number;
  /** Cases whose due dates actually moved. */
  moved: number;
}

/**
 * After a calendar change on `date`: replays the clocks whose window touches that date — running clocks
 * started before its end and due after its start, and paused ones started before it — against the new
 * calendar. Clocks outside the window are never read. Batches in caseId order; each case in its own
 * transaction under the case's row lock, so a transition in flight is never overwritten.
 */
@Injectable()
export class DueDateRecomputer {
  private readonly logger = new Logger(DueDateRecomputer.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly calendars: CalendarService,
    private readonly clocks: ClockStore,
  ) {}

  async recompute(date: LocalDate): Promise<RecomputeResult> {
    this.calendars.invalidate(); // the job may arrive before this process heard of the change
    const calendar = await this.calendars.calendar();
    const from = startOfShanghaiDay(date);
    const to = endOfShanghaiDay(date);
    const touching: Prisma.CaseClockWhereInput = {
      startedAt: { lt: to },
      OR: [{ runningDueAt: { gt: from } }, { pausedAt: { not: null }, stoppedAt: null }],
    };
    const result: RecomputeResult = { date, examined: 0, moved: 0 };
    for (let after: string | null = null; ; ) {
      const batch: { caseId: string }[] = await this.prisma.caseClock.findMany({
        where: after === null ? touching : { AND: [touching, { caseId: { gt: after } }] },
        distinct: ['caseId'],
        select: { caseId: true },
        orderBy: { caseId: 'asc' },
        take: BATCH,
      });
      for (const { caseId } of batch) {
        result.examined += 1;
        if (await this.recomputeCase(calendar, caseId)) result.moved += 1;
      }
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1].caseId;
    }
    this.logger.log(result, 'due dates recomputed after a calendar change');
    return result;
  }

  private recomputeCase(calendar: WorkingCalendar, caseId: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM cases WHERE id = ${caseId}::uuid FOR UPDATE`;
      const before = await this.clocks.ofCase(caseId, tx);
      const after = recomputeClocks(calendar, before);
      if (!after.some((c, i) => changed(before[i], c))) return false;
      await this.clocks.save(tx, caseId, after);
      return true;
    });
  }
}

function changed(a: ClockRecord, b: ClockRecord): boolean {
  return a.dueAt?.getTime() !== b.dueAt?.getTime() || JSON.stringify(a.pauses) !== JSON.stringify(b.pauses);
}
