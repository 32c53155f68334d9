import { Injectable } from '@nestjs/common';
import { CalendarOverrideRow, Prisma, PrismaService, Tx } from '@case-desk/db';
import { DayType, LocalDate } from '@case-desk/domain';

/**
 * Writes that start or move clocks hold this advisory lock shared until they commit; a calendar change
 * holds it exclusively. An advisory lock rather than a row lock: thousands of concurrent writers
 * sharing it write nothing to the version row (no multixacts).
 */
// Also the key of the transition gate's shared lock (migration transition_gate).
const CALENDAR_LOCK_KEY = 'calendar-version';

/** The admins' calendar overrides, the calendar's version and the recomputation requests (the outbox). */
@Injectable()
export class CalendarRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The version of the calendar in force (bumped by every override change); 0 before the first. */
  async version(db: Tx = this.prisma): Promise<number> {
    const rows = await db.$queryRaw<{ version: number }[]>`SELECT version FROM calendar_version WHERE id = 1`;
    return rows[0]?.version ?? 0;
  }

  /** The version, with the shared advisory lock taken until the transaction ends (a change waits for it). */
  async versionHeld(tx: Tx): Promise<number> {
    const rows = await tx.$queryRaw<{ version: number | null }[]>`SELECT ${calendarVersionHeld()} AS version`;
    return rows[0]?.version ?? 0;
  }

  overrides(db: Tx = this.prisma): Promise<CalendarOverrideRow[]> {
    return db.calendarOverride.findMany({ orderBy: { date: 'asc' } });
  }

  async upsertOverride(tx: Tx, date: LocalDate, day: { type: DayType; name: string }, by: string, now: Date): Promise<void> {
    const at = dateColumn(date);
    await tx.calendarOverride.upsert({
      where: { date: at },
      create: { date: at, type: day.type, name: day.name, updatedBy: by, updatedAt: now },
      update: { type: day.type, name: day.name, updatedBy: by, updatedAt: now },
    });
  }

  /** False when there was no override on that date. */
  async deleteOverride(tx: Tx, date: LocalDate): Promise<boolean> {
    const { count } = await tx.calendarOverride.deleteMany({ where: { date: dateColumn(date) } });
    return count > 0;
  }

  /** In the change's transaction: a new calendar version and the recomputation request (the outbox); its id. */
  async recordChange(tx: Tx, date: LocalDate, now: Date): Promise<string> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${CALENDAR_LOCK_KEY}, 0))`;
    await tx.$executeRaw`
      INSERT INTO calendar_version (id, version, "changedAt") VALUES (1, 1, now())
      ON CONFLICT (id) DO UPDATE SET version = calendar_version.version + 1, "changedAt" = now()`;
    const request = await tx.calendarRecompute.create({ data: { date: dateColumn(date), requestedAt: now }, select: { id: true } });
    return String(request.id);
  }
}

/**
 * versionHeld as an expression, for a write that reads it within a statement of its own (null before
 * the first change): the shared lock is taken and held until the transaction ends.
 */
export function calendarVersionHeld(): Prisma.Sql {
  return Prisma.sql`(SELECT version FROM (SELECT pg_advisory_xact_lock_shared(hashtextextended(${CALENDAR_LOCK_KEY}, 0))) AS locked, calendar_version WHERE id = 1)`;
}

/** A DATE column travels as midnight UTC of that date. */
function dateColumn(date: LocalDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}
