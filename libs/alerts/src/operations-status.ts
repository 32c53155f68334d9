import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock } from '@case-desk/core';
import { shanghaiDate } from '@case-desk/domain';
import { CalendarService } from '@case-desk/sla';
import { AlertsRepository } from './alerts.repository';
import { SweepStatusRepository } from './sweep-status.repository';

/** GET /v1/admin/status (API.md, Operations); the same figures are gauges in /metrics. */
export interface OperationsStatus {
  lastSweepCompletedAt: string | null;
  sweepHealthy: boolean;
  undeliveredAlerts: number;
  oldestUndeliveredAt: string | null;
  calendar: { confirmedThrough: string | null; nextYearConfirmed: boolean };
}

/** A sweep is healthy when one completed within three intervals, and never asked of less than a minute. */
export const SWEEP_HEALTHY_INTERVALS = 3;
export const SWEEP_HEALTHY_MIN_SECONDS = 60;

export function sweepHealthyWithinMs(sweepEverySeconds: number): number {
  return Math.max(SWEEP_HEALTHY_INTERVALS * sweepEverySeconds, SWEEP_HEALTHY_MIN_SECONDS) * 1000;
}

/** How far ahead the calendar is confirmed: checked year by year from the current one. */
const CALENDAR_YEARS_CHECKED = 10;

/**
 * The background work's state, all read from PostgreSQL so that it survives a Redis data loss: the
 * last completed sweep (`sweep_status`, written by every sweep), the alerts the webhook has not
 * accepted yet, and how far the holiday calendar is confirmed.
 */
@Injectable()
export class OperationsStatusService {
  constructor(
    private readonly sweeps: SweepStatusRepository,
    private readonly alerts: AlertsRepository,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Called at the end of every sweep. `completedAt` is real time (the schedule runs in real time). */
  async recordSweep(sweptAt: Date, result: object): Promise<void> {
    await this.sweeps.record(new Date(), sweptAt, result);
  }

  /** The instant the last completed sweep swept at, null before the first (where the next one resumes). */
  lastSweptAt(): Promise<Date | null> {
    return this.sweeps.lastSweptAt();
  }

  async status(): Promise<OperationsStatus> {
    const [last, undelivered, calendar] = await Promise.all([this.sweeps.lastCompletedAt(), this.alerts.undelivered(), this.calendars.calendar()]);
    const year = Number(shanghaiDate(this.clock.now()).slice(0, 4));
    let confirmedThrough: number | null = null;
    for (let y = year; y < year + CALENDAR_YEARS_CHECKED && calendar.isConfirmed(y); y += 1) confirmedThrough = y;
    return {
      lastSweepCompletedAt: last?.toISOString() ?? null,
      sweepHealthy: last !== null && Date.now() - last.getTime() <= sweepHealthyWithinMs(this.config.sweepEverySeconds),
      undeliveredAlerts: undelivered.count,
      oldestUndeliveredAt: undelivered.oldestRaisedAt?.toISOString() ?? null,
      calendar: {
        confirmedThrough: confirmedThrough === null ? null : `${confirmedThrough}-12-31`,
        nextYearConfirmed: calendar.isConfirmed(year + 1),
      },
    };
  }
}
