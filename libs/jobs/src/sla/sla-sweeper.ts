import { Injectable, Logger } from '@nestjs/common';
import { OperationsStatusService } from '@case-desk/alerts';
import { AlertLevel, AlertWindow, alertWindows, clockAgency } from '@case-desk/domain';
import { CalendarService, OVERDUE_FLAG_MARGIN_MS } from '@case-desk/sla';
import { AlertWebhook } from '../alerts/alert-webhook';
import { DueDateRecomputer } from './due-date-recompute';
import { SlaSweepRepository, SweepCandidate, SweepKey } from './sla-sweep.repository';

const BATCH = 500;
/**
 * Cases flagged overdue per statement: a day's cases all cross at 24:00 Shanghai (≈ 100,000 at
 * 1,000,000 open cases), and one statement would hold all their row locks until it ends.
 */
const FLAG_BATCH = 5_000;

export interface SweepResult {
  /** Cases flagged overdue (their nextDueAt crossed since the previous sweep). */
  flaggedOverdue: number;
  /** Running clocks found at a level they had not raised yet. */
  evaluated: number;
  raised: Record<AlertLevel, number>;
  /** Clocks that failed (logged and skipped; the next sweep tries again). */
  failed: number;
}

/**
 * Raises the alerts that running clocks have reached (API.md, Alerts). For each level the candidates
 * come from the indexed `runningDueAt` column in keyset-paginated batches, minus the clocks that already
 * raised that level. The insert itself re-checks that the clock still runs with that due date and relies
 * on the unique (case, clock, level) key: any number of concurrent or repeated sweeps raise each alert
 * at most once, and a sweep that dies half-way is simply completed by the next one.
 */
@Injectable()
export class SlaSweeper {
  private readonly logger = new Logger(SlaSweeper.name);

  constructor(
    private readonly sweeps: SlaSweepRepository,
    private readonly calendars: CalendarService,
    private readonly webhook: AlertWebhook,
    private readonly recomputer: DueDateRecomputer,
    private readonly operations: OperationsStatusService,
  ) {}

  async run(now: Date): Promise<SweepResult> {
    const calendar = await this.calendars.calendar();
    const result: SweepResult = { flaggedOverdue: 0, evaluated: 0, raised: { DUE_SOON: 0, OVERDUE: 0, ESCALATED: 0 }, failed: 0 };
    // The cases' overdue flags first (the admin's sla=OVERDUE list reads them up to this sweep's
    // instant, once recorded at the end): from the previous sweep's instant, less a margin.
    const previous = await this.operations.lastSweptAt();
    const after = previous === null ? null : new Date(previous.getTime() - OVERDUE_FLAG_MARGIN_MS);
    for (let found = FLAG_BATCH; found === FLAG_BATCH; ) {
      const batch = await this.sweeps.flagOverdue(now, after, FLAG_BATCH);
      found = batch.found;
      result.flaggedOverdue += batch.flagged;
    }
    for (const window of alertWindows(calendar, now)) {
      for await (const batch of this.candidates(window)) {
        result.evaluated += batch.length;
        try {
          result.raised[window.level] += await this.raise(batch, window.level, now);
        } catch {
          // Something in the batch is wrong: one by one, so that only the failing case is skipped.
          for (const candidate of batch) {
            try {
              result.raised[window.level] += await this.raise([candidate], window.level, now);
            } catch (error) {
              result.failed += 1;
              this.logger.error(
                { caseId: candidate.caseId, clock: candidate.clock, level: window.level, err: (error as Error).message },
                'alert not raised; skipped until the next sweep',
              );
            }
          }
        }
      }
    }
    // The outboxes in PostgreSQL: alerts not delivered yet, due-date recomputations not done yet.
    await this.webhook.enqueueUndelivered();
    await this.recomputer.requeuePending();
    await this.operations.recordSweep(now, result);
    return result;
  }

  /** The window's candidates in keyset-paginated batches (see SlaSweepRepository.candidates). */
  private async *candidates(window: AlertWindow): AsyncGenerator<SweepCandidate[]> {
    let after: SweepKey | null = null;
    for (;;) {
      const rows = await this.sweeps.candidates(window, after, BATCH);
      if (rows.length > 0) yield rows;
      if (rows.length < BATCH) return;
      const last = rows[rows.length - 1];
      after = { dueAt: last.dueAt, caseId: last.caseId, clock: last.clock };
    }
  }

  /** The level's alerts of the batch, each for the agency its clock belongs to; how many this call raised. */
  private async raise(batch: SweepCandidate[], level: AlertLevel, now: Date): Promise<number> {
    return this.sweeps.raise(
      batch.map((c) => ({ ...c, agency: clockAgency(c, c.clock) })),
      level,
      now,
    );
  }
}
