import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@case-desk/core';
import { TransactionRunner } from '@case-desk/db';
import { ClockRecord, LocalDate, endOfShanghaiDay, recomputeClocks, startOfShanghaiDay } from '@case-desk/domain';
import { CalendarService, ClockRepository } from '@case-desk/sla';
import { recomputeJobId } from '../job-catalogue';
import { JobQueues } from '../job-queues';
import { DueDateRecomputeRepository } from './due-date-recompute.repository';

const BATCH = 200;
/** Requests re-queued by one sweep at most. */
const REQUEUE_BATCH = 100;

export type RecomputeRequestResult = (RecomputeResult & { requestId: string }) | { requestId: string; skipped: string };

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
    private readonly requests: DueDateRecomputeRepository,
    private readonly transactions: TransactionRunner,
    private readonly calendars: CalendarService,
    private readonly clocks: ClockRepository,
    private readonly queues: JobQueues,
    private readonly clock: Clock,
  ) {}

  /** The job: one outbox request, marked completed once every touched case is replayed. */
  async run(requestId: string): Promise<RecomputeRequestResult> {
    const request = await this.requests.findRequest(requestId);
    if (request === null) return { requestId, skipped: 'no such request' };
    if (request.completedAt !== null) return { requestId, skipped: 'already completed' };
    const result = await this.recompute(request.date.toISOString().slice(0, 10));
    await this.requests.completeRequest(request.id, { examined: result.examined, moved: result.moved });
    return { requestId, ...result };
  }

  /**
   * Called by every sweep: requests left pending (their job never queued, lost with Redis, or failed
   * for good) are queued again. A job still waiting or running is left alone (same job id).
   */
  async requeuePending(): Promise<number> {
    const pending = await this.requests.pendingRequestIds(REQUEUE_BATCH);
    const queue = this.queues.queue('sla');
    let requeued = 0;
    for (const requestId of pending) {
      const job = await queue.getJob(recomputeJobId(requestId));
      if (job === undefined) {
        await this.queues.add('sla', 'recompute-due-dates', { requestId }, { jobId: recomputeJobId(requestId) });
      } else if (await job.isFailed()) {
        await job.retry('failed');
      } else {
        continue;
      }
      requeued += 1;
    }
    if (requeued > 0) this.logger.warn({ requeued }, 'pending due-date recomputations queued again');
    return requeued;
  }

  async recompute(date: LocalDate): Promise<RecomputeResult> {
    const from = startOfShanghaiDay(date);
    const to = endOfShanghaiDay(date);
    const result: RecomputeResult = { date, examined: 0, moved: 0 };
    for (let after: string | null = null; ; ) {
      const batch = await this.requests.casesTouching(from, to, after, BATCH);
      for (const caseId of batch) {
        result.examined += 1;
        if (await this.recomputeCase(caseId)) result.moved += 1;
      }
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1];
    }
    this.logger.log(result, 'due dates recomputed after a calendar change');
    return result;
  }

  /** Under the case's row lock, with the calendar version in force (as every write that moves clocks). */
  private recomputeCase(caseId: string): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      const owner = await this.requests.lockCase(tx, caseId);
      if (owner === null) return false;
      const calendar = await this.calendars.inForce(tx);
      const before = await this.clocks.ofCase(caseId, tx);
      const after = recomputeClocks(calendar, before);
      if (!after.some((c, i) => changed(before[i], c))) return false;
      await this.clocks.save(tx, owner, after, this.clock.now());
      return true;
    });
  }
}

function changed(a: ClockRecord, b: ClockRecord): boolean {
  return a.dueAt?.getTime() !== b.dueAt?.getTime() || JSON.stringify(a.pauses) !== JSON.stringify(b.pauses);
}
