import { Injectable, Logger } from '@nestjs/common';
import { Prisma, PrismaService } from '@case-desk/db';
import { AlertLevel, AlertWindow, CaseKind, CaseStatus, ClockName, alertWindows, clockAgency } from '@case-desk/domain';
import { CalendarService, DueDateRecomputer } from '@case-desk/sla';
import { AlertWebhook } from './alert-webhook';
import { OperationsStatusService } from './operations-status';

const BATCH = 500;

export interface SweepResult {
  /** Running clocks found at a level they had not raised yet. */
  evaluated: number;
  raised: Record<AlertLevel, number>;
  /** Clocks that failed (logged and skipped; the next sweep tries again). */
  failed: number;
}

interface Candidate {
  caseId: string;
  clock: ClockName;
  dueAt: Date;
  caseNo: string;
  kind: CaseKind;
  status: CaseStatus;
  fromRegion: string | null;
  toRegion: string | null;
  region: string | null;
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
    private readonly prisma: PrismaService,
    private readonly calendars: CalendarService,
    private readonly webhook: AlertWebhook,
    private readonly recomputer: DueDateRecomputer,
    private readonly operations: OperationsStatusService,
  ) {}

  async run(now: Date): Promise<SweepResult> {
    const calendar = await this.calendars.calendar();
    const result: SweepResult = { evaluated: 0, raised: { DUE_SOON: 0, OVERDUE: 0, ESCALATED: 0 }, failed: 0 };
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

  /**
   * Running clocks due in the window that have not raised this level, ordered by (dueAt, caseId, clock):
   * a range on the (runningDueAt, caseId, clock) index, so a batch reads its own rows however many
   * clocks share a due time. "Not raised yet" is a scalar subquery, one probe of the unique
   * (caseId, clock, level) index per candidate: written as NOT EXISTS it became an anti-join whose
   * plan depends on the statistics of `alerts` (without them, on a fresh database, a nested loop
   * over every alert of the level for each candidate).
   */
  private async *candidates(window: AlertWindow): AsyncGenerator<Candidate[]> {
    let after: { dueAt: Date; caseId: string; clock: ClockName } | null = null;
    for (;;) {
      const lower: Prisma.Sql = window.after ? Prisma.sql`AND cc."runningDueAt" > ${window.after}` : Prisma.empty;
      const keyset: Prisma.Sql = after
        ? Prisma.sql`AND (cc."runningDueAt", cc."caseId", cc.clock) > (${after.dueAt}, ${after.caseId}::uuid, ${after.clock}::"ClockName")`
        : Prisma.empty;
      const rows: Candidate[] = await this.prisma.$queryRaw<Candidate[]>`
        SELECT cc."caseId", cc.clock, cc."runningDueAt" AS "dueAt", c."caseNo", c.kind, c.status,
               c."fromRegion", c."toRegion", c.region
          FROM case_clocks cc JOIN cases c ON c.id = cc."caseId"
         WHERE cc."runningDueAt" <= ${window.upTo} ${lower} ${keyset}
           AND (SELECT 1 FROM alerts a
                 WHERE a."caseId" = cc."caseId" AND a.clock = cc.clock AND a.level = ${window.level}::"AlertLevel") IS NULL
         ORDER BY cc."runningDueAt", cc."caseId", cc.clock
         LIMIT ${BATCH}`;
      if (rows.length > 0) yield rows;
      if (rows.length < BATCH) return;
      const last: Candidate = rows[rows.length - 1];
      after = { dueAt: last.dueAt, caseId: last.caseId, clock: last.clock };
    }
  }

  /**
   * Inserts the level's alert for each candidate whose clock still runs with the same due date (a clock
   * stopped or moved since it was selected raises nothing); the unique key drops the ones that exist.
   * Returns how many this call raised.
   */
  private async raise(batch: Candidate[], level: AlertLevel, now: Date): Promise<number> {
    const agencies = batch.map((c) => clockAgency(c, c.clock));
    return this.prisma.$executeRaw`
      INSERT INTO alerts (id, "caseId", "caseNo", clock, level, agency, "dueAt", "raisedAt")
      SELECT gen_random_uuid(), cc."caseId", v."caseNo", cc.clock, ${level}::"AlertLevel", v.agency, cc."runningDueAt", ${now}
        FROM unnest(${batch.map((c) => c.caseId)}::uuid[], ${batch.map((c) => c.clock)}::"ClockName"[],
                    ${batch.map((c) => c.dueAt.toISOString())}::timestamptz[], ${batch.map((c) => c.caseNo)}::text[],
                    ${agencies}::text[]) AS v("caseId", clock, due, "caseNo", agency)
        JOIN case_clocks cc ON cc."caseId" = v."caseId" AND cc.clock = v.clock AND cc."runningDueAt" = v.due
      ON CONFLICT ("caseId", clock, level) DO NOTHING`;
  }
}
