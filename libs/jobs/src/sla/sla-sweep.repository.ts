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
   * after the keyset `after`. They are read from the (alertsRaised, runningDueAt, caseId, clock) index
   * (migration clock_alerts_raised): one range of due times in keyset order for each set of levels
   * raised that lacks this one (its bit from alert_level_bit, the migration's), merged, so a batch reads neither the clocks that raised the level
   * already (a backlog of clocks long overdue) nor past its own rows (however many clocks share a due
   * time). "Not raised yet" is still checked against `alerts`, the truth, with a scalar subquery: one
   * probe of the unique (caseId, clock, level) index per clock read (written as NOT EXISTS it became an
   * anti-join whose plan depended on the statistics of `alerts`).
   */
  candidates(window: AlertWindow, after: SweepKey | null, limit: number): Promise<SweepCandidate[]> {
    const lower: Prisma.Sql = window.after ? Prisma.sql`AND k."runningDueAt" > ${window.after}` : Prisma.empty;
    const keyset: Prisma.Sql = after
      ? Prisma.sql`AND (k."runningDueAt", k."caseId", k.clock) > (${after.dueAt}, ${after.caseId}::uuid, ${after.clock}::"ClockName")`
      : Prisma.empty;
    return this.prisma.$queryRaw<SweepCandidate[]>`
      SELECT cc."caseId", cc.clock, cc."runningDueAt" AS "dueAt", c."caseNo", c.kind, c.status,
             c."fromRegion", c."toRegion", c.region
        FROM (SELECT k."caseId", k.clock, k."runningDueAt"
                FROM (SELECT g.raised::smallint AS raised FROM generate_series(0, 7) AS g(raised)
                       WHERE (g.raised & alert_level_bit(${window.level}::"AlertLevel")) = 0) AS s
                     CROSS JOIN LATERAL (
                       SELECT k."caseId", k.clock, k."runningDueAt" FROM case_clocks k
                        WHERE k."alertsRaised" = s.raised AND k."runningDueAt" <= ${window.upTo} ${lower} ${keyset}
                          AND (SELECT 1 FROM alerts a
                                WHERE a."caseId" = k."caseId" AND a.clock = k.clock AND a.level = ${window.level}::"AlertLevel") IS NULL
                        ORDER BY k."runningDueAt", k."caseId", k.clock
                        LIMIT ${limit}) AS k
               ORDER BY k."runningDueAt", k."caseId", k.clock
               LIMIT ${limit}) AS cc
        JOIN cases c ON c.id = cc."caseId"
       ORDER BY cc."runningDueAt", cc."caseId", cc.clock`;
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
