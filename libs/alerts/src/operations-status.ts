import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock } from '@case-desk/core';
import { Prisma, PrismaService } from '@case-desk/db';
import { shanghaiDate } from '@case-desk/domain';
import { CalendarService } from '@case-desk/sla';

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
    private readonly prisma: PrismaService,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Called at the end of every sweep. `completedAt` is real time (the schedule runs in real time). */
  async recordSweep(sweptAt: Date, result: object): Promise<void> {
    const completedAt = new Date();
    const json = result as Prisma.InputJsonValue;
    await this.prisma.sweepStatus.upsert({
      where: { id: 1 },
      create: { id: 1, lastCompletedAt: completedAt, lastSweptAt: sweptAt, lastResult: json },
      update: { lastCompletedAt: completedAt, lastSweptAt: sweptAt, lastResult: json },
    });
  }

  async status(): Promise<OperationsStatus> {
    const [sweep, undelivered, calendar] = await Promise.all([
      this.prisma.sweepStatus.findUnique({ where: { id: 1 } }),
      this.prisma.alert.aggregate({ where: { deliveredAt: null }, _count: { _all: true }, _min: { raisedAt: true } }),
      this.calendars.calendar(),
    ]);
    const last = sweep?.lastCompletedAt ?? null;
    const year = Number(shanghaiDate(this.clock.now()).slice(0, 4));
    let confirmedThrough: number | null = null;
    for (let y = year; y < year + CALENDAR_YEARS_CHECKED && calendar.isConfirmed(y); y += 1) confirmedThrough = y;
    return {
      lastSweepCompletedAt: last?.toISOString() ?? null,
      sweepHealthy: last !== null && Date.now() - last.getTime() <= sweepHealthyWithinMs(this.config.sweepEverySeconds),
      undeliveredAlerts: undelivered._count._all,
      oldestUndeliveredAt: undelivered._min.raisedAt?.toISOString() ?? null,
      calendar: {
        confirmedThrough: confirmedThrough === null ? null : `${confirmedThrough}-12-31`,
        nextYearConfirmed: calendar.isConfirmed(year + 1),
      },
    };
  }
}
