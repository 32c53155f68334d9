import { Injectable } from '@nestjs/common';
import type { AgencyScope } from '@case-desk/cases';
import { Prisma, Tx } from '@case-desk/db';
import { CaseKind, LocalDate, assertUnreachable } from '@case-desk/domain';

export const REPORT_GROUPINGS = ['agency', 'clock', 'month', 'kind'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** Whose clocks a report counts: the agencies the caller acts for (every one, a province's, one). */
export type ReportScope = AgencyScope;

export interface ReportQuery {
  scope: ReportScope;
  from: LocalDate;
  to: LocalDate;
  caseKind: CaseKind | null;
  groupBy: ReportGrouping;
  now: Date;
  /** A running clock due after `now` and at or before this is DUE_SOON (dueSoonThreshold). */
  dueSoonBefore: Date;
  /** The Shanghai month of `now` ('YYYY-MM'): where open clocks go when grouping by month. */
  currentMonth: string;
}

/** One group's figures as PostgreSQL computes them; `key` null is the total. */
export interface ReportFigures {
  key: string | null;
  finished: number;
  met: number;
  missed: number;
  median: number | null;
  p90: number | null;
  max: number | null;
  pausedWorkingDays: number;
  openOverdue: number;
  openDueSoon: number;
}

/**
 * For the report's transaction only: no JIT (compiling the plan cost seconds at a million cases, far more
 * than running it), and memory enough to aggregate a province's year in a hash table, not on disk.
 */
async function applyStatementSettings(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true), set_config('max_parallel_workers_per_gather', '0', true)`;
}

/**
 * The report's aggregation, all of it in PostgreSQL: finished clocks from sla_clock_results (an
 * index-only range scan on (province, stoppedOn, …)) and running ones from case_clocks (a range on
 * (agency, runningDueAt) and (otherAgency, runningDueAt)), grouped with the total in one statement.
 * Each method runs in the caller's transaction, whose settings it changes for that transaction only.
 */
@Injectable()
export class SlaReportRepository {
  async figures(tx: Tx, q: ReportQuery): Promise<ReportFigures[]> {
    await applyStatementSettings(tx);
    const rows = await tx.$queryRaw<RawFigures[]>(reportSql(q));
    return rows.map((r) => ({
      key: r.key,
      finished: Number(r.finished),
      met: Number(r.met),
      missed: Number(r.missed),
      median: r.median === null ? null : Number(r.median),
      p90: r.p90 === null ? null : Number(r.p90),
      max: r.max === null ? null : Number(r.max),
      pausedWorkingDays: Number(r.paused),
      openOverdue: Number(r.overdue),
      openDueSoon: Number(r.duesoon),
    }));
  }

  /** EXPLAIN (ANALYZE, BUFFERS) of the report's statement, for the benchmark. */
  async explain(tx: Tx, q: ReportQuery): Promise<string> {
    await applyStatementSettings(tx);
    const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${reportSql(q)}`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }
}

interface RawFigures {
  key: string | null;
  finished: bigint;
  met: bigint;
  missed: bigint;
  median: number | null;
  p90: number | null;
  max: number | null;
  paused: bigint;
  overdue: bigint;
  duesoon: bigint;
}

/** `column` holds an agency the scope covers. Province codes are ranges: '44' is '440000'..'449999'. */
function inScope(scope: ReportScope, column: Prisma.Sql): Prisma.Sql {
  switch (scope.kind) {
    case 'all':
      return Prisma.sql`${column} IS NOT NULL`;
    case 'province':
      return Prisma.sql`${column} BETWEEN ${`${scope.province}0000`} AND ${`${scope.province}9999`}`;
    case 'agency':
      return Prisma.sql`${column} = ${scope.agency}`;
    default:
      return assertUnreachable(scope);
  }
}

function resultsInScope(scope: ReportScope): Prisma.Sql {
  switch (scope.kind) {
    case 'all':
      return Prisma.sql`TRUE`;
    case 'province':
      return Prisma.sql`r."province" = ${scope.province}`;
    case 'agency':
      return Prisma.sql`r."province" = ${scope.agency.slice(0, 2)} AND r."agency" = ${scope.agency}`;
    default:
      return assertUnreachable(scope);
  }
}

function reportSql(q: ReportQuery): Prisma.Sql {
  const byAgency = q.groupBy === 'agency';
  const from = new Date(`${q.from}T00:00:00Z`);
  const to = new Date(`${q.to}T00:00:00Z`);
  const kindFilter = q.caseKind === null ? Prisma.sql`TRUE` : Prisma.sql`r."kind" = ${q.caseKind}::"CaseKind"`;
  // A running clock's row carries its case's kind: no join with cases.
  const openKindFilter = q.caseKind === null ? Prisma.sql`TRUE` : Prisma.sql`k."kind" = ${q.caseKind}::"CaseKind"`;
  // A clock counted for two agencies has a second row whose sharedWith is the first one's agency (the
  // destination's of a transfer's OVERALL). When both agencies are in scope, agency rows keep it and
  // the total and the other groupings leave it out, so they count each clock once. Rows are grouped
  // on the raw columns first and this is decided on the groups: per row it costs more than the scan.
  const dup = Prisma.sql`("sharedWith" IS NOT NULL AND ${inScope(q.scope, Prisma.sql`"sharedWith"`)})`;
  const keep = byAgency ? Prisma.sql`TRUE` : Prisma.sql`NOT dup`;
  // Open clocks count on the current month's row only when that month is in the period.
  const openPeriod =
    q.groupBy === 'month' ? Prisma.sql`${q.currentMonth} BETWEEN ${q.from.slice(0, 7)} AND ${q.to.slice(0, 7)}` : Prisma.sql`TRUE`;
  const currentMonth = new Date(`${q.currentMonth}-01T00:00:00Z`);
  return Prisma.sql`
    WITH facts AS (
      SELECT ${groupKey(q.groupBy, Prisma.sql`date_trunc('month', r."stoppedOn"::timestamp)`)} AS key, r."sharedWith",
             r."outcome", r."workingDaysUsed", r."pausedWorkingDays", NULL::boolean AS overdue
        FROM sla_clock_results r
       WHERE ${resultsInScope(q.scope)}
         AND r."stoppedOn" BETWEEN ${from}::date AND ${to}::date
         AND r."outcome" <> 'WITHDRAWN'
         AND ${kindFilter}
      UNION ALL
      SELECT ${groupKey(q.groupBy, Prisma.sql`${currentMonth}::timestamp`)}, r."sharedWith", NULL, NULL, NULL, r."runningDueAt" <= ${q.now}
        FROM (
          SELECT k."agency" AS agency, k."clock", k."kind", k."runningDueAt", NULL::char(6) AS "sharedWith"
            FROM case_clocks k
           WHERE ${inScope(q.scope, Prisma.sql`k."agency"`)} AND k."runningDueAt" <= ${q.dueSoonBefore} AND ${openKindFilter}
          UNION ALL
          SELECT k."otherAgency", k."clock", k."kind", k."runningDueAt", k."agency"
            FROM case_clocks k
           WHERE ${inScope(q.scope, Prisma.sql`k."otherAgency"`)} AND k."runningDueAt" <= ${q.dueSoonBefore} AND ${openKindFilter}
        ) r
       WHERE ${openPeriod}
    ),
    -- Working days are small whole numbers: one hash aggregation into a histogram per group, and the
    -- percentiles from its running totals, instead of sorting every clock.
    raw AS (
      SELECT key, "sharedWith", "outcome", "workingDaysUsed" AS used, count(*) AS n, sum("pausedWorkingDays") AS paused,
             count(*) FILTER (WHERE overdue) AS overdue, count(*) FILTER (WHERE NOT overdue) AS duesoon
        FROM facts
       GROUP BY key, "sharedWith", "outcome", "workingDaysUsed"
    ),
    hist AS (
      SELECT ${keyText(q.groupBy)} AS key, ${dup} AS dup, "outcome", used,
             sum(n) AS n, sum(paused) AS paused, sum(overdue) AS overdue, sum(duesoon) AS duesoon
        FROM raw
       GROUP BY 1, 2, 3, 4
    ),
    grouped AS (
      SELECT key, "outcome", used, n, paused, overdue, duesoon FROM hist WHERE ${keep}
      UNION ALL
      SELECT NULL, "outcome", used, n, paused, overdue, duesoon FROM hist WHERE NOT dup
    ),
    dist AS (
      SELECT key, used, sum(n) AS n FROM grouped WHERE "outcome" IS NOT NULL GROUP BY key, used
    ),
    running AS (
      SELECT key, used, sum(n) OVER (PARTITION BY key ORDER BY used) AS cum, sum(n) OVER (PARTITION BY key) AS total FROM dist
    ),
    -- Nearest rank: the smallest value that at least p of the clocks do not exceed (percentile_disc).
    percentiles AS (
      SELECT key, min(used) FILTER (WHERE cum * 2 >= total) AS median, min(used) FILTER (WHERE cum * 10 >= total * 9) AS p90,
             max(used) AS max
        FROM running
       GROUP BY key
    )
    SELECT g.key,
           COALESCE(sum(g.n) FILTER (WHERE g."outcome" IS NOT NULL), 0)::bigint AS finished,
           COALESCE(sum(g.n) FILTER (WHERE g."outcome" = 'MET'), 0)::bigint AS met,
           COALESCE(sum(g.n) FILTER (WHERE g."outcome" = 'MISSED'), 0)::bigint AS missed,
           p.median, p.p90, p.max,
           COALESCE(sum(g.paused), 0)::bigint AS paused,
           COALESCE(sum(g.overdue), 0)::bigint AS overdue,
           COALESCE(sum(g.duesoon), 0)::bigint AS duesoon
      FROM grouped g
      LEFT JOIN percentiles p ON COALESCE(p.key, '') = COALESCE(g.key, '')
     GROUP BY g.key, p.median, p.p90, p.max
    UNION ALL
    -- The total, even when nothing at all is in scope.
    SELECT NULL, 0, 0, 0, NULL, NULL, NULL, 0, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM grouped)`;
}

/** The group of a row, in its column's own type (cheap to hash); keyText makes it the report's key. */
function groupKey(groupBy: ReportGrouping, month: Prisma.Sql): Prisma.Sql {
  switch (groupBy) {
    case 'agency':
      return Prisma.sql`r."agency"`;
    case 'clock':
      return Prisma.sql`r."clock"`;
    case 'kind':
      return Prisma.sql`r."kind"`;
    case 'month':
      return month;
    default:
      return assertUnreachable(groupBy);
  }
}

function keyText(groupBy: ReportGrouping): Prisma.Sql {
  return groupBy === 'month' ? Prisma.sql`to_char(key, 'YYYY-MM')` : Prisma.sql`key::text`;
}
