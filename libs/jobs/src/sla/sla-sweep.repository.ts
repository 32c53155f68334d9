import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@case-desk/db';
import { AlertLevel, AlertWindow, CaseKind, CaseStatus, ClockName } from '@case-desk/domain';

/** A running clock the sweep may raise an alert for, with what the alert and its agency need. */
export interface SweepCandidate {
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

export interface SweepKey {
  dueAt: Date;
  caseId: string;
  clock: ClockName;
}

/**
 * The sweep's statements: the cases' overdue flags, the candidates of a level's window, and the
 * idempotent insert of alerts.
 */
@Injectable()
export class SlaSweepRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Flags at most `limit` cases not flagged yet whose nextDueAt crossed `now` since `after` (no lower
   * bound on a first sweep); only the rows that change get a new version. Their ids come first from
   * case_due's (overdue, nextDueAt, …) index (the mirror of the two columns, migration case_due), which
   * reads just those entries, not the day's group of cases already flagged (100,000 rows at
   * 1,000,000 cases); then each case by its key. The due date and the flag are checked again on the
   * case: a concurrent write that moved the due date later keeps its own flag. Returns how many ids it
   * found (fewer than `limit`: none left) and how many it flagged.
   */
  async flagOverdue(now: Date, after: Date | null, limit: number): Promise<{ found: number; flagged: number }> {
    const lower: Prisma.Sql = after ? Prisma.sql`AND "nextDueAt" > ${after}` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<{ found: number; flagged: number }[]>`
      WITH due AS (SELECT ARRAY(SELECT "caseId" FROM case_due WHERE overdue = false AND "nextDueAt" <= ${now} ${lower} LIMIT ${limit}) AS ids),
           flagged AS (
             UPDATE cases SET overdue = true
              WHERE id = ANY((SELECT ids FROM due)::uuid[]) AND overdue = false AND "nextDueAt" <= ${now}
             RETURNING 1)
      SELECT cardinality((SELECT ids FROM due))::int AS found, (SELECT count(*) FROM flagged)::int AS flagged`;
    return rows[0];
  }

  /**
   * Running clocks due in the window that have not raised this level, ordered by (dueAt, caseId, clock),
   * after the keyset `after`: a range on the (runningDueAt, caseId, clock) index, so a batch reads its
   * own rows however many clocks share a due time. "Not raised yet" is a scalar subquery, one probe of
   * the unique (caseId, clock, level) index per candidate: written as NOT EXISTS it became an anti-join
   * whose plan depends on the statistics of `alerts` (without them, on a fresh database, a nested loop
   * over every alert of the level for each candidate).
   */
  candidates(window: AlertWindow, after: SweepKey | null, limit: number): Promise<SweepCandidate[]> {
    const lower: Prisma.Sql = window.after ? Prisma.sql`AND cc."runningDueAt" > ${window.after}` : Prisma.empty;
    const keyset: Prisma.Sql = after
      ? Prisma.sql`AND (cc."runningDueAt", cc."caseId", cc.clock) > (${after.dueAt}, ${after.caseId}::uuid, ${after.clock}::"ClockName")`
      : Prisma.empty;
    return this.prisma.$queryRaw<SweepCandidate[]>`
      SELECT cc."caseId", cc.clock, cc."runningDueAt" AS "dueAt", c."caseNo", c.kind, c.status,
             c."fromRegion", c."toRegion", c.region
        FROM case_clocks cc JOIN cases c ON c.id = cc."caseId"
       WHERE cc."runningDueAt" <= ${window.upTo} ${lower} ${keyset}
         AND (SELECT 1 FROM alerts a
               WHERE a."caseId" = cc."caseId" AND a.clock = cc.clock AND a.level = ${window.level}::"AlertLevel") IS NULL
       ORDER BY cc."runningDueAt", cc."caseId", cc.clock
       LIMIT ${limit}`;
  }

  /**
   * Inserts the level's alert for each candidate whose clock still runs with the same due date (a clock
   * stopped or moved since it was selected raises nothing); the unique key drops the ones that exist.
   * Returns how many this call raised.
   */
  raise(batch: readonly (SweepCandidate & { agency: string })[], level: AlertLevel, now: Date): Promise<number> {
    return this.prisma.$executeRaw`
      INSERT INTO alerts (id, "caseId", "caseNo", clock, level, agency, "dueAt", "raisedAt")
      SELECT gen_random_uuid(), cc."caseId", v."caseNo", cc.clock, ${level}::"AlertLevel", v.agency, cc."runningDueAt", ${now}
        FROM unnest(${batch.map((c) => c.caseId)}::uuid[], ${batch.map((c) => c.clock)}::"ClockName"[],
                    ${batch.map((c) => c.dueAt.toISOString())}::timestamptz[], ${batch.map((c) => c.caseNo)}::text[],
                    ${batch.map((c) => c.agency)}::text[]) AS v("caseId", clock, due, "caseNo", agency)
        JOIN case_clocks cc ON cc."caseId" = v."caseId" AND cc.clock = v.clock AND cc."runningDueAt" = v.due
      ON CONFLICT ("caseId", clock, level) DO NOTHING`;
  }
}
