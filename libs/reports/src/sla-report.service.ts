import { Injectable } from '@nestjs/common';
import { agencyScopeOf } from '@case-desk/cases';
import { Clock } from '@case-desk/core';
import { TransactionOptions, TransactionRunner } from '@case-desk/db';
import {
  Actor,
  CLOCK_NAMES,
  CASE_KINDS,
  CaseKind,
  ClockName,
  DomainError,
  LocalDate,
  assertUnreachable,
  dueSoonThreshold,
  epochDay,
  kindDefinition,
  shanghaiDate,
} from '@case-desk/domain';
import { SlaService } from '@case-desk/sla';
import { ReportFigures, ReportGrouping, ReportQuery, ReportScope, SlaReportRepository } from './sla-report.repository';

/** The longest period a report covers: `to` at most this many days after `from`. */
export const MAX_REPORT_PERIOD_DAYS = 366;

export interface SlaReportRequest {
  from: LocalDate;
  to: LocalDate;
  kind?: CaseKind;
  groupBy: ReportGrouping;
}

export interface SlaReportRow {
  key: string;
  finished: number;
  met: number;
  missed: number;
  onTimeRate: number | null;
  workingDaysUsed: { median: number | null; p90: number | null; max: number | null };
  pausedWorkingDays: number;
  openOverdue: number;
  openDueSoon: number;
}

export interface SlaReport {
  from: LocalDate;
  to: LocalDate;
  kind: CaseKind | null;
  groupBy: ReportGrouping;
  /** When the figures were taken (the open counts are as of this instant). */
  generatedAt: string;
  rows: SlaReportRow[];
  /** Every clock counted once, whatever the grouping. */
  total: Omit<SlaReportRow, 'key'>;
  definitions: Record<string, string>;
}

/** The clocks of a kind, in its definition's order. */
function clocksOfKind(kind: CaseKind): readonly ClockName[] {
  return kindDefinition(kind).clocks.map((c) => c.clock);
}

/** What each figure means, returned with every report (and on the exports' second sheet). */
export const REPORT_DEFINITIONS: Record<string, string> = {
  period:
    '`from` and `to` are Asia/Shanghai dates, both included. A clock counts in the period when it stopped (MET or MISSED) on a date in it.',
  scope:
    'Only clocks of agencies the caller acts for: a clerk their own agency, a supervisor every agency of their province, an admin all. Each of those clocks belongs to a case the caller can see.',
  agency:
    'A stage clock belongs to the side that acts on it: OUTGOING to fromRegion, INCOMING and BALANCE to toRegion, REVIEW and PAYMENT to region. A refund\'s OVERALL clock belongs to its region; a transfer\'s OVERALL clock counts for both of its agencies, so with groupBy=agency the rows do not add up to the total.',
  total: '`total` counts every clock once, whatever the grouping (a transfer\'s OVERALL clock once even when both of its agencies are in scope).',
  finished: 'Clocks that stopped in the period: met + missed. A clock stopped because the applicant withdrew the case (for instance in the middle of a stage) is neither met nor missed and is not counted.',
  met: 'Finished clocks that stopped by their due instant (24:00 Asia/Shanghai of the last working day of their budget), or while paused for materials with working days left.',
  missed: 'Finished clocks that stopped after their due instant.',
  onTimeRate: 'met / finished; null when nothing finished.',
  workingDaysUsed:
    'Over finished clocks: working days after the start date through the stop date, the working days paused for materials excluded. median and p90 are nearest-rank percentiles (the smallest value that at least 50 % / 90 % of the clocks do not exceed); null when nothing finished.',
  pausedWorkingDays:
    'Sum over finished clocks of the working days they were paused for materials: for each pause, the working days after the pause date through the resume date (or the stop date).',
  openOverdue: 'Clocks running now (neither paused nor stopped) past their due instant. Not limited to the period: as of generatedAt.',
  openDueSoon:
    'Clocks running now with at most 2 working days left (today included) and not yet overdue. As of generatedAt. With groupBy=month both open counts are on the current month\'s row, when that month is in the period.',
  groupBy:
    'agency: one row per 6-digit agency with any figure; clock: one row per clock of the kind(s) reported; month: one row per calendar month of the period (YYYY-MM); kind: TRANSFER and REFUND.',
};

/**
 * The report's statement runs in a transaction of its own (its settings are local to it), allowed far
 * more than an interactive transaction's default 5 s: the target is a second at a million cases
 * (bench:reports), but an admin's whole-country year on a busy machine may take longer, and a report
 * must not fail where the statement alone would finish. The wait for a connection matches the pool's
 * connect timeout.
 */
const REPORT_TRANSACTION: TransactionOptions = { timeoutMs: 60_000, maxWaitMs: 5_000 };

/** The supervisors' compliance report (API.md, Reports). */
@Injectable()
export class SlaReportService {
  constructor(
    private readonly reports: SlaReportRepository,
    private readonly transactions: TransactionRunner,
    private readonly sla: SlaService,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, request: SlaReportRequest): Promise<SlaReport> {
    assertPeriod(request.from, request.to);
    const query = await this.query(actor, request);
    const figures = await this.transactions.run((tx) => this.reports.figures(tx, query), REPORT_TRANSACTION);
    const byKey = new Map(figures.filter((f) => f.key !== null).map((f) => [f.key as string, f]));
    const total = figures.find((f) => f.key === null) ?? emptyFigures(null);
    const keys = rowKeys(request, [...byKey.keys()]);
    return {
      from: request.from,
      to: request.to,
      kind: request.kind ?? null,
      groupBy: request.groupBy,
      generatedAt: query.now.toISOString(),
      rows: keys.map((key) => toRow(key, byKey.get(key) ?? emptyFigures(key))),
      total: withoutKey(toRow('', total)),
      definitions: REPORT_DEFINITIONS,
    };
  }

  /** The report's statement with its plan and timings (the benchmark prints it). */
  async explain(actor: Actor, request: SlaReportRequest): Promise<string> {
    assertPeriod(request.from, request.to);
    const query = await this.query(actor, request);
    return this.transactions.run((tx) => this.reports.explain(tx, query), REPORT_TRANSACTION);
  }

  private async query(actor: Actor, request: SlaReportRequest): Promise<ReportQuery> {
    const now = this.clock.now();
    const calendar = await this.sla.calendar();
    return {
      scope: scopeOf(actor),
      from: request.from,
      to: request.to,
      caseKind: request.kind ?? null,
      groupBy: request.groupBy,
      now,
      dueSoonBefore: dueSoonThreshold(calendar, now),
      currentMonth: shanghaiDate(now).slice(0, 7),
    };
  }
}

/** `to` not before `from`, at most MAX_REPORT_PERIOD_DAYS apart (the dates are already well-formed). */
export function assertPeriod(from: LocalDate, to: LocalDate): void {
  const days = epochDay(to) - epochDay(from);
  if (days < 0) {
    throw new DomainError('VALIDATION_FAILED', '`to` is before `from`', { errors: [{ path: 'to', message: `must be ${from} or later` }] });
  }
  if (days > MAX_REPORT_PERIOD_DAYS) {
    throw new DomainError('VALIDATION_FAILED', `the period is ${days} days long; at most ${MAX_REPORT_PERIOD_DAYS}`, {
      errors: [{ path: 'to', message: `must be at most ${MAX_REPORT_PERIOD_DAYS} days after from` }],
    });
  }
}

/**
 * The agencies whose clocks the actor's report counts: those the actor acts for, the same scope that
 * decides which cases they see (a clock belongs to one of its case's sides, so each is of a visible case).
 */
export function scopeOf(actor: Actor): ReportScope {
  return agencyScopeOf(actor);
}

/** Every month of the period, the clocks or kinds reported, or the agencies found, in order. */
function rowKeys(request: SlaReportRequest, found: string[]): string[] {
  switch (request.groupBy) {
    case 'agency':
      return found.sort();
    case 'clock': {
      const clocks = request.kind ? clocksOfKind(request.kind) : CLOCK_NAMES;
      return [...clocks];
    }
    case 'kind':
      return request.kind ? [request.kind] : [...CASE_KINDS];
    case 'month':
      return monthsOf(request.from, request.to);
    default:
      return assertUnreachable(request.groupBy);
  }
}

function monthsOf(from: LocalDate, to: LocalDate): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= last) return months;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

function emptyFigures(key: string | null): ReportFigures {
  return { key, finished: 0, met: 0, missed: 0, median: null, p90: null, max: null, pausedWorkingDays: 0, openOverdue: 0, openDueSoon: 0 };
}

function toRow(key: string, f: ReportFigures): SlaReportRow {
  return {
    key,
    finished: f.finished,
    met: f.met,
    missed: f.missed,
    onTimeRate: f.finished === 0 ? null : f.met / f.finished,
    workingDaysUsed: { median: f.median, p90: f.p90, max: f.max },
    pausedWorkingDays: f.pausedWorkingDays,
    openOverdue: f.openOverdue,
    openDueSoon: f.openDueSoon,
  };
}

function withoutKey(row: SlaReportRow): Omit<SlaReportRow, 'key'> {
  const { key: _key, ...rest } = row;
  return rest;
}
