import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisClient } from '@case-desk/core';
import { CalendarOverrideRow, Prisma, PrismaService } from '@case-desk/db';
import { CalendarDay, CalendarOverride, DayType, DomainError, LocalDate, WorkingCalendar } from '@case-desk/domain';
import { JobQueues } from './queues';

/** Even without a change message (Redis down), a process re-reads the overrides this often. */
const CACHE_TTL_MS = 60_000;
/** How long a calendar change waits for Redis to take its job before leaving it to the sweep. */
const ENQUEUE_WAIT_MS = 1_000;

export interface CalendarYear {
  year: number;
  confirmed: boolean;
  days: CalendarDay[];
}

type Tx = Prisma.TransactionClient;

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

  /** For reads: this process's copy, at most a minute old (or until a change is announced). */
  async calendar(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < CACHE_TTL_MS) return this.cached.calendar;
    // The version first: a change committed between the two reads leaves an older version with newer
    // overrides, which the write path reloads (never a newer version with older overrides).
    const version = await versionOf(this.prisma);
    return this.load(this.prisma, version);
  }

  /**
   * For writes that start or move clocks, inside their transaction: the calendar of the current
   * version, which stays current until the transaction ends (a change waits for the shared lock this
   * takes). One primary-key read when the cached copy is current.
   */
  async inForce(tx: Tx): Promise<WorkingCalendar> {
    const version = await versionOf(tx, true);
    if (this.cached && this.cached.version === version) return this.cached.calendar;
    return this.load(tx, version);
  }

  /** The version of the calendar in force (bumped by every override change). */
  version(): Promise<number> {
    return versionOf(this.prisma);
  }

  private async load(db: Tx | PrismaService, version: number): Promise<WorkingCalendar> {
    const rows = await db.calendarOverride.findMany({ orderBy: { date: 'asc' } });
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
    const at = dateColumn(date);
    const requestId = await this.prisma.$transaction(async (tx) => {
      await tx.calendarOverride.upsert({
        where: { date: at },
        create: { date: at, type: day.type, name: day.name, updatedBy: by, updatedAt: now },
        update: { type: day.type, name: day.name, updatedBy: by, updatedAt: now },
      });
      return this.recordChange(tx, date, now);
    });
    await this.announce(date, requestId);
    return { date, type: day.type, name: day.name, source: 'OVERRIDE' };
  }

  /** Removes an override (the built-in day applies again); 404 when there is none. */
  async remove(date: LocalDate, now: Date): Promise<void> {
    const requestId = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.calendarOverride.deleteMany({ where: { date: dateColumn(date) } });
      if (count === 0) throw new DomainError('NOT_FOUND', `no override for ${date}`);
      return this.recordChange(tx, date, now);
    });
    await this.announce(date, requestId);
  }

  /** In the change's transaction: a new calendar version and the recomputation request (the outbox). */
  private async recordChange(tx: Tx, date: LocalDate, now: Date): Promise<string> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${CALENDAR_LOCK_KEY}, 0))`;
    await tx.$executeRaw`
      INSERT INTO calendar_version (id, version, "changedAt") VALUES (1, 1, now())
      ON CONFLICT (id) DO UPDATE SET version = calendar_version.version + 1, "changedAt" = now()`;
    const request = await tx.calendarRecompute.create({ data: { date: dateColumn(date), requestedAt: now }, select: { id: true } });
    return String(request.id);
  }

  /**
   * After the commit: this process drops its copy, the worker is asked to recompute and the other
   * processes are told. Neither Redis step is needed for correctness (the version check and the
   * sweep's re-queueing of pending requests cover them), so a Redis outage does not fail the request.
   */
  private async announce(date: LocalDate, requestId: string): Promise<void> {
    this.invalidate();
    await this.queues.addWithin(ENQUEUE_WAIT_MS, 'sla', 'recompute-due-dates', { requestId }, { jobId: recomputeJobId(requestId) }).catch((error: Error) => {
      this.logger.warn({ err: error.message, requestId }, 'recompute not queued; the next sweep queues it');
    });
    if (this.redis.redis.status !== 'ready') {
      this.logger.warn({ date }, 'calendar change not announced (Redis down); other processes check the version before writing');
      return;
    }
    await this.redis.redis.publish(this.channel, date).catch((error: Error) => {
      this.logger.warn({ err: error.message }, 'calendar change not announced; other processes check the version before writing');
    });
  }
}

export function recomputeJobId(requestId: string): string {
  return `recompute-${requestId}`;
}

/**
 * Writes that start or move clocks hold this advisory lock shared until they commit; a calendar change
 * holds it exclusively. An advisory lock rather than a row lock: thousands of concurrent writers
 * sharing it write nothing to the version row (no multixacts).
 */
const CALENDAR_LOCK_KEY = 'calendar-version';

async function versionOf(db: Tx | PrismaService, lock = false): Promise<number> {
  const rows = lock
    ? await db.$queryRaw<{ version: number }[]>`
        SELECT version FROM (SELECT pg_advisory_xact_lock_shared(hashtextextended(${CALENDAR_LOCK_KEY}, 0))) AS locked, calendar_version
         WHERE id = 1`
    : await db.$queryRaw<{ version: number }[]>`SELECT version FROM calendar_version WHERE id = 1`;
  return rows[0]?.version ?? 0;
}

function toOverride(row: CalendarOverrideRow): CalendarOverride {
  return { date: row.date.toISOString().slice(0, 10), type: row.type, name: row.name };
}

/** A DATE column travels as midnight UTC of that date. */
function dateColumn(date: LocalDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}
