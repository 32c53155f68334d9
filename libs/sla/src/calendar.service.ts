import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisClient } from '@case-desk/core';
import { CalendarOverrideRow, TransactionRunner, Tx } from '@case-desk/db';
import { CalendarDay, CalendarOverride, DayType, DomainError, LocalDate, WorkingCalendar } from '@case-desk/domain';
import { CalendarRepository } from './calendar.repository';

/** Even without a change message (Redis down), a process re-reads the overrides this often. */
const CACHE_TTL_MS = 60_000;

export interface CalendarYear {
  year: number;
  confirmed: boolean;
  days: CalendarDay[];
}

/**
 * Told after a calendar change commits, with the id of its recomputation request (the job wiring in
 * libs/jobs queues the recomputation). It must not throw: the sweep re-queues what it could not.
 */
export type CalendarChangeHandler = (change: { date: LocalDate; requestId: string }) => Promise<void>;

/**
 * The working-day calendar in force: the built-in data of the pinned `chinese-days` package with the
 * admins' overrides on top. Every process caches it; a change is announced on Redis so the other API
 * replicas and the worker drop their copy at once. Reads (views, lists) may use a copy up to a minute
 * old; writes that start or move clocks use `inForce(tx)`, which checks the calendar's version in
 * PostgreSQL under a shared advisory lock held until the write commits, so a process that missed the
 * announcement never computes a due date with an old calendar, and a change cannot commit in the
 * middle of such a write.
 * A change writes its recomputation request (`calendar_recomputes`) in the same transaction: the
 * worker drains it, and every sweep re-queues what is left behind (a crash after the commit, Redis
 * down or flushed).
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CalendarService.name);
  private cached: { calendar: WorkingCalendar; version: number; loadedAt: number } | null = null;
  private subscriber: Redis | null = null;
  private readonly changeHandlers: CalendarChangeHandler[] = [];

  constructor(
    private readonly calendars: CalendarRepository,
    private readonly transactions: TransactionRunner,
    private readonly redis: RedisClient,
  ) {}

  /** Registers what runs after every committed change (before the other processes are told). */
  onChange(handler: CalendarChangeHandler): void {
    this.changeHandlers.push(handler);
  }

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

  /** For reads: this process's copy, at most a minute old (or until a change is announced). */
  async calendar(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < CACHE_TTL_MS) return this.cached.calendar;
    // The version first: a change committed between the two reads leaves an older version with newer
    // overrides, which the write path reloads (never a newer version with older overrides).
    const version = await this.calendars.version();
    return this.load(version);
  }

  /**
   * For writes that start or move clocks, inside their transaction: the calendar of the current
   * version, which stays current until the transaction ends (a change waits for the shared lock this
   * takes). One primary-key read when the cached copy is current.
   */
  async inForce(tx: Tx): Promise<WorkingCalendar> {
    return this.ofVersion(await this.calendars.versionHeld(tx), tx);
  }

  /**
   * The calendar of a version the caller read itself: under the shared lock (calendarVersionHeld, in
   * a statement of its own) for inForce's guarantee, or without it for a write whose statement checks
   * the version again under that lock (a transition's gate). Reloaded when this copy is of another
   * version; the overrides are read after the version, so a copy is never older than its label.
   */
  async ofVersion(version: number, tx?: Tx): Promise<WorkingCalendar> {
    if (this.cached && this.cached.version === version) return this.cached.calendar;
    return this.load(version, tx);
  }

  /** The version of the calendar in force (bumped by every override change). */
  version(): Promise<number> {
    return this.calendars.version();
  }

  private async load(version: number, tx?: Tx): Promise<WorkingCalendar> {
    const rows = await this.calendars.overrides(tx);
    const calendar = WorkingCalendar.builtin().withOverrides(rows.map(toOverride));
    this.cached = { calendar, version, loadedAt: Date.now() };
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
    const requestId = await this.transactions.run(async (tx) => {
      await this.calendars.upsertOverride(tx, date, day, by, now);
      return this.calendars.recordChange(tx, date, now);
    });
    await this.announce(date, requestId);
    return { date, type: day.type, name: day.name, source: 'OVERRIDE' };
  }

  /** Removes an override (the built-in day applies again); 404 when there is none. */
  async remove(date: LocalDate, now: Date): Promise<void> {
    const requestId = await this.transactions.run(async (tx) => {
      if (!(await this.calendars.deleteOverride(tx, date))) throw new DomainError('NOT_FOUND', `no override for ${date}`);
      return this.calendars.recordChange(tx, date, now);
    });
    await this.announce(date, requestId);
  }

  /**
   * After the commit: this process drops its copy, the worker is asked to recompute and the other
   * processes are told. Neither Redis step is needed for correctness (the version check and the
   * sweep's re-queueing of pending requests cover them), so a Redis outage does not fail the request.
   */
  private async announce(date: LocalDate, requestId: string): Promise<void> {
    this.invalidate();
    for (const handler of this.changeHandlers) await handler({ date, requestId });
    if (this.redis.redis.status !== 'ready') {
      this.logger.warn({ date }, 'calendar change not announced (Redis down); other processes check the version before writing');
      return;
    }
    await this.redis.redis.publish(this.channel, date).catch((error: Error) => {
      this.logger.warn({ err: error.message }, 'calendar change not announced; other processes check the version before writing');
    });
  }
}

function toOverride(row: CalendarOverrideRow): CalendarOverride {
  return { date: row.date.toISOString().slice(0, 10), type: row.type, name: row.name };
}
