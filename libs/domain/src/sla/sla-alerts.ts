// Alert levels of a running clock (API.md, Alerts) as instant bounds, so the sweep can ask the database
// for "due at or before X" on an indexed column instead of evaluating every open clock.
import type { CaseStatus } from '../codes';
import { clockDefinition } from '../kinds/clocks';
import type { CaseKindDefinition } from '../kinds/kind-definition';
import { kindDefinition, type CaseKind } from '../kinds/registry';
import { addCalendarDays, endOfShanghaiDay, shanghaiDate, type LocalDate } from '../calendar/local-date';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { ESCALATION_WORKING_DAYS, dueSoonThreshold } from './sla-clock';
import type { ClockName } from './sla-policy';

export const ALERT_LEVELS = ['DUE_SOON', 'OVERDUE', 'ESCALATED'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** For each level, the running clocks that have reached it at `now`: those with `dueAt` in (after, upTo]. */
export interface AlertWindow {
  level: AlertLevel;
  /** Exclusive lower bound, or null for none. */
  after: Date | null;
  upTo: Date;
}

export function alertWindows(cal: WorkingCalendar, now: Date): AlertWindow[] {
  return [
    { level: 'DUE_SOON', after: now, upTo: dueSoonThreshold(cal, now) },
    { level: 'OVERDUE', after: null, upTo: now },
    { level: 'ESCALATED', after: null, upTo: escalationDueBound(cal, now) },
  ];
}

/**
 * The latest due instant whose clock is escalated at `now`: escalationAt(dueAt) ≤ now exactly when
 * dueAt ≤ this bound. A clock due at the end of day d escalates at the end of the 3rd working day after
 * d, i.e. once that day is over; so d must satisfy addWorkingDays(d, 3) ≤ yesterday.
 */
export function escalationDueBound(cal: WorkingCalendar, now: Date): Date {
  const yesterday = addCalendarDays(shanghaiDate(now), -1);
  let d: LocalDate = yesterday;
  // addWorkingDays is non-decreasing in its start, and 3 working days never span more than a few weeks
  // even across the Spring Festival, so this walks back a handful of days.
  while (cal.addWorkingDays(d, ESCALATION_WORKING_DAYS) > yesterday) d = addCalendarDays(d, -1);
  return endOfShanghaiDay(d);
}

export interface CaseRegions {
  kind: CaseKind;
  status: CaseStatus;
  fromRegion: string | null;
  toRegion: string | null;
  region: string | null;
}

/** The agency expected to act while `clock` runs: whom an alert about it is for (the kind's clock says). */
export function clockAgency(
  c: CaseRegions,
  clock: ClockName,
  definition: CaseKindDefinition = kindDefinition(c.kind),
): string {
  const agency = clockDefinition(definition, clock).alertAgency(c);
  if (agency === null) throw new Error(`a ${c.kind} case has no region for clock ${clock}`);
  return agency;
}
