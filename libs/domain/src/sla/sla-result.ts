// A stopped clock as the supervisors' reports count it (API.md, Reports): the agencies it counts for,
// how it ended, the working days it used and the working days it spent paused. Computed once, when
// the transition that stops the clock is applied, and stored with it.
import type { CaseAction } from '../codes';
import { clockDefinition } from '../kinds/clocks';
import type { CaseKindDefinition } from '../kinds/kind-definition';
import { kindDefinition, type CaseKind } from '../kinds/registry';
import { shanghaiDate, type LocalDate } from '../calendar/local-date';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { provinceOf } from '../identity/region-code';
import type { ClockRecord } from './sla-clock';
import type { ClockName } from './sla-policy';

export const CLOCK_OUTCOMES = ['MET', 'MISSED', 'WITHDRAWN'] as const;
export type ClockOutcome = (typeof CLOCK_OUTCOMES)[number];

export interface CaseAgencies {
  kind: CaseKind;
  fromRegion: string | null;
  toRegion: string | null;
  region: string | null;
}

/**
 * The agency a clock belongs to in reports, as the kind's clock says: the side that acts on it, and
 * for a clock two agencies share (a transfer's OVERALL) the `other` one. (Alerts go to whoever holds
 * the case now instead: clockAgency in sla-alerts.ts.) The SQL trigger of migration sla_reports
 * applies the same rule.
 */
export function clockAgencies(
  c: CaseAgencies,
  clock: ClockName,
  definition: CaseKindDefinition = kindDefinition(c.kind),
): { agency: string; other: string | null } {
  const { agency, other } = clockDefinition(definition, clock).reportAgencies(c);
  if (agency === null) throw new Error(`a ${c.kind} case has no region for clock ${clock}`);
  return { agency, other };
}

/**
 * How a stopped clock ended. A withdrawal ends the case on the applicant's side: the clocks it stops
 * are WITHDRAWN, neither met nor missed, even when they were overdue. Otherwise MET when it stopped by
 * its due instant (or had none: stopped during a pause with days left), else MISSED, as clockStatus.
 */
export function clockOutcome(c: ClockRecord, stoppedBy: CaseAction): ClockOutcome {
  if (c.stoppedAt === null) throw new Error(`clock ${c.clock} has not stopped`);
  if (stoppedBy === 'withdraw') return 'WITHDRAWN';
  return c.dueAt === null || c.stoppedAt.getTime() <= c.dueAt.getTime() ? 'MET' : 'MISSED';
}

/**
 * Working days a stopped clock used and spent paused. Elapsed: the working days after its start date
 * through its stop date (the start date never counts, as for budgets). Paused: for each pause, the
 * working days after the pause date through the resume date (the pause date was already spent, as
 * when a pause keeps its days left), or through the stop date when it stopped while paused.
 */
export function clockWorkingDays(cal: WorkingCalendar, c: ClockRecord): { used: number; paused: number } {
  if (c.stoppedAt === null) throw new Error(`clock ${c.clock} has not stopped`);
  const stop = shanghaiDate(c.stoppedAt);
  const elapsed = cal.workingDaysBetween(shanghaiDate(c.startedAt), stop);
  let paused = 0;
  for (const p of c.pauses) {
    const end = p.resumedAt === null ? c.stoppedAt : new Date(Math.min(Date.parse(p.resumedAt), c.stoppedAt.getTime()));
    paused += cal.workingDaysBetween(shanghaiDate(new Date(p.pausedAt)), shanghaiDate(end));
  }
  return { used: Math.max(elapsed - paused, 0), paused };
}

/** One row of a stopped clock for reports, per agency it counts for. */
export interface ClockResult {
  clock: ClockName;
  agency: string;
  province: string;
  kind: CaseKind;
  outcome: ClockOutcome;
  stoppedAt: Date;
  stoppedOn: LocalDate;
  workingDaysUsed: number;
  pausedWorkingDays: number;
  /** On the destination's row of a transfer's OVERALL: the origin, whose row is the first. */
  sharedWith: string | null;
}

/** The result rows of the clocks that `after` has stopped and `before` had not (one transition). */
export function stoppedClockResults(
  cal: WorkingCalendar,
  c: CaseAgencies,
  before: readonly ClockRecord[],
  after: readonly ClockRecord[],
  stoppedBy: CaseAction,
  definition: CaseKindDefinition = kindDefinition(c.kind),
): ClockResult[] {
  const wasRunning = new Set(before.filter((k) => k.stoppedAt === null).map((k) => k.clock));
  return after
    .filter((k) => k.stoppedAt !== null && wasRunning.has(k.clock))
    .flatMap((k) => clockResultRows(cal, c, k, stoppedBy, definition));
}

/** The result rows of one stopped clock. */
export function clockResultRows(
  cal: WorkingCalendar,
  c: CaseAgencies,
  k: ClockRecord,
  stoppedBy: CaseAction,
  definition: CaseKindDefinition = kindDefinition(c.kind),
): ClockResult[] {
  if (k.stoppedAt === null) throw new Error(`clock ${k.clock} has not stopped`);
  const { agency, other } = clockAgencies(c, k.clock, definition);
  const { used, paused } = clockWorkingDays(cal, k);
  const row = (code: string, sharedWith: string | null): ClockResult => ({
    clock: k.clock,
    agency: code,
    province: provinceOf(code),
    kind: c.kind,
    outcome: clockOutcome(k, stoppedBy),
    stoppedAt: k.stoppedAt as Date,
    stoppedOn: shanghaiDate(k.stoppedAt as Date),
    workingDaysUsed: used,
    pausedWorkingDays: paused,
    sharedWith,
  });
  return other === null ? [row(agency, null)] : [row(agency, null), row(other, agency)];
}
