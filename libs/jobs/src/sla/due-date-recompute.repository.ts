import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, Tx } from '@case-desk/db';
import { ClockOwner } from '@case-desk/sla';

/** A calendar change's recomputation request (`calendar_recomputes`), as the job reads it. */
export interface RecomputeRequest {
  id: bigint;
  date: Date;
  completedAt: Date | null;
}

/** The recomputation outbox and the cases whose clocks a changed day touches. */
@Injectable()
export class DueDateRecomputeRepository {
  constructor(private readonly prisma: PrismaService) {}

  findRequest(requestId: string): Promise<RecomputeRequest | null> {
    return this.prisma.calendarRecompute.findUnique({ where: { id: BigInt(requestId) }, select: { id: true, date: true, completedAt: true } });
  }

  async completeRequest(id: bigint, result: { examined: number; moved: number }): Promise<void> {
    await this.prisma.calendarRecompute.update({ where: { id }, data: { completedAt: new Date(), result } });
  }

  /** The oldest requests not completed yet (at most `limit`). */
  async pendingRequestIds(limit: number): Promise<string[]> {
    const rows = await this.prisma.calendarRecompute.findMany({
      where: { completedAt: null },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: limit,
    });
    return rows.map(({ id }) => String(id));
  }

  /**
   * The next batch of cases, in caseId order after `after`, with a clock whose window touches
   * [from, to]: running clocks started before its end and due after its start, and paused ones
   * started before it.
   */
  async casesTouching(from: Date, to: Date, after: string | null, limit: number): Promise<string[]> {
    const touching: Prisma.CaseClockWhereInput = {
      startedAt: { lt: to },
      OR: [{ runningDueAt: { gt: from } }, { pausedAt: { not: null }, stoppedAt: null }],
    };
    const batch: { caseId: string }[] = await this.prisma.caseClock.findMany({
      where: after === null ? touching : { AND: [touching, { caseId: { gt: after } }] },
      distinct: ['caseId'],
      select: { caseId: true },
      orderBy: { caseId: 'asc' },
      take: limit,
    });
    return batch.map(({ caseId }) => caseId);
  }

  /** The case's row lock, held until the transaction ends (a transition in flight waits, or is waited for). */
  /** Locks the case's row; returns what its clocks' rows are written with (null: the case is gone). */
  async lockCase(tx: Tx, caseId: string): Promise<ClockOwner | null> {
    const rows = await tx.$queryRaw<ClockOwner[]>`
      SELECT id, kind::text AS kind, "fromRegion", "toRegion", region FROM cases WHERE id = ${caseId}::uuid FOR UPDATE`;
    return rows[0] ?? null;
  }
}
