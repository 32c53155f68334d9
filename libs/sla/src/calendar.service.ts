import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisClient } from '@case-desk/core';
import { CalendarOverrideRow, PrismaService } from '@case-desk/db';
import { CalendarDay, CalendarOverride, DayType, DomainError, LocalDate, WorkingCalendar } from '@case-desk/domain';
import { JobQueues } from './queues';

/** Even without a change message (Redis down), a process re-reads the overrides this often. */
const CACHE_TTL_MS = 60_000;

export interface CalendarYear {
  year: number;
  confirmed: boolean;
  days: CalendarDay[];
}

/**
 * The working-day calendar in force: the built-in data of the pinned `chinese-days` package with the
 * admins' overrides on top. Every process caches it; a change is announced on Redis so the other API
 * replicas and the worker drop their copy at once.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CalendarService.name);
  private cached: { calendar: WorkingCalendar; loadedAt: number } | null = null;
  private subscriber: Redis | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisClient,
    private readonly queues: JobQueues,
  ) {}

  private get channel(): string {
    return this.redis.key('calendar-changed');
  }

  onModuleInit(): void {
    const subscriber = this.redis.redis.duplicate();
    subscriber.on('error', () => undefined);
    subscriber.on('message', () => this.invalidate());
    // Not awaited: a process starts while Redis is down and subscribes once it is back (ioredis resubscribes).
    subscriber.subscribe(this.channel).catch(() => undefined);
    this.subscriber = subscriber;
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
  }

  invalidate(): void {
    this.cached = null;
  }

  async calendar(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < CACHE_TTL_MS) return this.cached.calendar;
    const rows = await this.prisma.calendarOverride.findMany({ orderBy: { date: 'asc' } });
    const calendar = WorkingCalendar.builtin().withOverrides(rows.map(toOverride));
    this.cached = { calendar, loadedAt: Date.now() };
    return calendar;
  }

  async year(year: number): Promise<CalendarYear> {
    const calendar = await this.calendar();
    return { year, confirmed: calendar.isConfirmed(year), days: calendar.daysOfYear(year) };
  }

  async addWorkingDays(from: LocalDate, days: number): Promise<LocalDate> {
    return (await this.calendar()).addWorkingDays(from, days);
  }

  /** Sets an override, then has the worker move the due dates it affects. */
  async put(date: LocalDate, day: { type: DayType; name: string }, by: string, now: Date): Promise<CalendarDay> {
    const at = dateColumn(date);
    await this.prisma.calendarOverride.upsert({
      where: { date: at },
      create: { date: at, type: day.type, name: day.name, updatedBy: by, updatedAt: now },
      update: { type: day.type, name: day.name, updatedBy: by, updatedAt: now },
    });
    await this.changed(date);
    return { date, type: day.type, name: day.name, source: 'OVERRIDE' };
  }

  /** Removes an override (the built-in day applies again); 404 when there is none. */
  async remove(date: LocalDate): Promise<void> {
    const { count } = await this.prisma.calendarOverride.deleteMany({ where: { date: dateColumn(date) } });
    if (count === 0) throw new DomainError('NOT_FOUND', `no override for ${date}`);
    await this.changed(date);
  }

  private async changed(date: LocalDate): Promise<void> {
    this.invalidate();
    // The override is saved before the job exists: if Redis is down this throws (500) and the admin
    // repeats the request, which is idempotent and enqueues the job again.
    await this.queues.add('sla', 'recompute-due-dates', { date });
    await this.redis.redis.publish(this.channel, date).catch((error: Error) => {
      this.logger.warn({ err: error.message }, 'calendar change not announced; other processes reload within a minute');
    });
  }
}

function toOverride(row: CalendarOverrideRow): CalendarOverride {
  return { date: row.date.toISOString().slice(0, 10), type: row.type, name: row.name };
}

/** A DATE column travels as midnight UTC of that date. */
function dateColumn(date: LocalDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}
