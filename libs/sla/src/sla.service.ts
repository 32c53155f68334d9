import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@case-desk/core';
import {
  CaseAction,
  CaseKind,
  CaseStatus,
  ClockName,
  ClockRecord,
  ClockStatus,
  SlaPolicy,
  WorkingCalendar,
  applyClockChanges,
  clockChangesFor,
  clockStatus,
  clocksOnCreate,
  currentStageClock,
  explainClock,
  overallClock,
} from '@case-desk/domain';
import { CalendarService } from './calendar.service';

/** `sla` in the case representation (API.md, Cases). */
export interface CaseSla {
  stage: (ClockStatusView & { name: ClockName }) | null;
  overall: (ClockStatusView & { completedAt: string | null }) | null;
}

interface ClockStatusView {
  startedAt: string;
  dueAt: string | null;
  state: ClockStatus['state'];
  workingDaysRemaining: number | null;
  calendarConfirmed: boolean;
}

/** Starts, stops, pauses and resumes a case's clocks by the policy, and describes them. */
@Injectable()
export class SlaService {
  readonly policy: SlaPolicy;

  constructor(
    readonly calendars: CalendarService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = config.slaPolicy;
  }

  calendar(): Promise<WorkingCalendar> {
    return this.calendars.calendar();
  }

  /** The clocks a new case starts with (API.md: the stage clock and the overall clock, at submission). */
  clocksForNewCase(calendar: WorkingCalendar, kind: CaseKind, at: Date): ClockRecord[] {
    const start = clocksOnCreate(this.policy, kind);
    return applyClockChanges(calendar, this.policy, kind, [], { start, stop: [], pause: false, resume: false }, at);
  }

  /** The clocks after a transition, from the ones the case had. */
  clocksAfter(
    calendar: WorkingCalendar,
    kind: CaseKind,
    clocks: ClockRecord[],
    transition: { action: CaseAction; to: CaseStatus; final: boolean },
    at: Date,
  ): ClockRecord[] {
    const change = clockChangesFor(this.policy, kind, transition.action, transition.to, transition.final);
    return applyClockChanges(calendar, this.policy, kind, clocks, change, at);
  }

  view(calendar: WorkingCalendar, clocks: ClockRecord[], now: Date): CaseSla {
    const stage = currentStageClock(clocks);
    const overall = overallClock(clocks);
    return {
      stage: stage ? { name: stage.clock, ...statusView(calendar, stage, now) } : null,
      overall: overall ? { ...statusView(calendar, overall, now), completedAt: overall.stoppedAt?.toISOString() ?? null } : null,
    };
  }

  explain(calendar: WorkingCalendar, clocks: ClockRecord[], now: Date) {
    return clocks.map((c) => ({ ...explainClock(calendar, c, now), ...statusView(calendar, c, now) }));
  }
}

function statusView(calendar: WorkingCalendar, c: ClockRecord, now: Date): ClockStatusView {
  const status = clockStatus(calendar, c, now);
  return {
    startedAt: c.startedAt.toISOString(),
    dueAt: c.dueAt?.toISOString() ?? null,
    state: status.state,
    workingDaysRemaining: status.workingDaysRemaining,
    calendarConfirmed: status.calendarConfirmed,
  };
}
