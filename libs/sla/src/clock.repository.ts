import { Injectable } from '@nestjs/common';
import { CaseRow, Prisma, PrismaService, Tx } from '@case-desk/db';
import { CLOCK_NAMES, CaseAgencies, ClockRecord, clockAgencies } from '@case-desk/domain';
import { dueColumns, toClockColumns, toClockRecord } from './clock-rows';

// Start order (then the enum's stage order for clocks started together): the domain reads the last
// open stage clock as the current one.
const CLOCK_ORDER: Prisma.CaseClockOrderByWithRelationInput[] = [{ startedAt: 'asc' }, { clock: 'asc' }];

/** The case whose clocks are written: its id, kind and regions. */
export type ClockOwner = CaseAgencies & { id: string };

/** Reads and writes case clocks; writes happen inside the caller's transaction, with the case's nextDueAt. */
@Injectable()
export class ClockRepository {
  constructor(private readonly prisma: PrismaService) {}

  async ofCase(caseId: string, tx: Tx = this.prisma): Promise<ClockRecord[]> {
    const rows = await tx.caseClock.findMany({ where: { caseId }, orderBy: CLOCK_ORDER });
    return rows.map(toClockRecord);
  }

  /**
   * Writes the case's whole clock set in one statement, then its nextDueAt and overdue flag as of `now`
   * (the write's instant); returns the case row as that update left it (so a creation needs no read
   * after it).
   */
  async save(tx: Tx, owner: ClockOwner, clocks: readonly ClockRecord[], now: Date): Promise<CaseRow> {
    await this.saveClocks(tx, owner, clocks);
    return tx.case.update({ where: { id: owner.id }, data: dueColumns(clocks, now) });
  }

  /**
   * The clock rows only, in one statement: the caller writes the case's dueColumns in its own update.
   * A new row gets the case's kind and the agencies its kind's definition gives the clock (reports
   * read them); an existing row keeps them (a case's kind and regions never change).
   */
  async saveClocks(tx: Tx, owner: ClockOwner, clocks: readonly ClockRecord[]): Promise<void> {
    if (clocks.length > 0) await tx.$executeRaw(clockUpsert(owner, clocks));
  }
}

/**
 * The statement saveClocks sends, for a caller that writes the clocks inside a larger statement (a
 * transition's single write): every clock of the set inserted, or updated on (caseId, clock) when it
 * differs from the stored row (a clock the write leaves as it was keeps its row version: no new tuple,
 * index entries or announcement); none when `onlyIf` (a condition of that statement, e.g. a
 * transition's gate) is false.
 */
export function clockUpsert(owner: ClockOwner, clocks: readonly ClockRecord[], onlyIf: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  const rows = clocks.map((c) => {
    const k = toClockColumns(c);
    const agencies = clockAgencies(owner, c.clock);
    return {
      clock: k.clock,
      kind: owner.kind,
      agency: agencies.agency,
      otherAgency: agencies.other,
      startedAt: iso(k.startedAt),
      budgetDays: k.budgetDays ?? null,
      dueAt: iso(k.dueAt),
      pausedAt: iso(k.pausedAt),
      stoppedAt: iso(k.stoppedAt),
      pauses: k.pauses ?? [],
      runningDueAt: iso(k.runningDueAt),
    };
  });
  return Prisma.sql`
    INSERT INTO case_clocks ("caseId", clock, kind, agency, "otherAgency", "startedAt", "budgetDays", "dueAt", "pausedAt", "stoppedAt", pauses, "runningDueAt")
    SELECT ${owner.id}::uuid, v.clock, v.kind, v.agency, v."otherAgency", v."startedAt", v."budgetDays", v."dueAt", v."pausedAt", v."stoppedAt", v.pauses,
           v."runningDueAt"
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           AS v(clock "ClockName", kind "CaseKind", agency char(6), "otherAgency" char(6), "startedAt" timestamptz, "budgetDays" integer, "dueAt" timestamptz, "pausedAt" timestamptz,
                "stoppedAt" timestamptz, pauses jsonb, "runningDueAt" timestamptz)
     WHERE ${onlyIf}
    ON CONFLICT ("caseId", clock) DO UPDATE
       SET "startedAt" = EXCLUDED."startedAt", "budgetDays" = EXCLUDED."budgetDays", "dueAt" = EXCLUDED."dueAt",
           "pausedAt" = EXCLUDED."pausedAt", "stoppedAt" = EXCLUDED."stoppedAt", pauses = EXCLUDED.pauses,
           "runningDueAt" = EXCLUDED."runningDueAt"
     WHERE (case_clocks."startedAt", case_clocks."budgetDays", case_clocks."dueAt", case_clocks."pausedAt", case_clocks."stoppedAt",
            case_clocks.pauses, case_clocks."runningDueAt")
           IS DISTINCT FROM
           (EXCLUDED."startedAt", EXCLUDED."budgetDays", EXCLUDED."dueAt", EXCLUDED."pausedAt", EXCLUDED."stoppedAt",
            EXCLUDED.pauses, EXCLUDED."runningDueAt")`;
}

/**
 * A case's clocks as one JSON array in clock order (`to_jsonb` of the rows), for a caller that reads
 * them inside a larger statement; clocksFromJson reads it back.
 */
export function clocksAsJson(caseId: string | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(jsonb_agg(to_jsonb(k) ORDER BY k."startedAt", k.clock), '[]'::jsonb) FROM case_clocks k WHERE k."caseId" = ${caseIdSql(caseId)})`;
}

/**
 * Which versions of a case's clock rows a statement sees, as text (their xmin in clock order): read
 * with the clocks, it is what the transition gate (migration transition_gate, which computes it the
 * same way) compares under the case's lock.
 */
export function clockRowsStamp(caseId: string | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(string_agg(k.xmin::text, ',' ORDER BY k.clock), '') FROM case_clocks k WHERE k."caseId" = ${caseIdSql(caseId)})`;
}

/** A case id given as a value, or an expression of the enclosing statement (e.g. `c.id`). */
function caseIdSql(caseId: string | Prisma.Sql): Prisma.Sql {
  return typeof caseId === 'string' ? Prisma.sql`${caseId}::uuid` : caseId;
}

/** A clock row as to_jsonb writes it (the columns a ClockRecord needs). */
export interface ClockJson {
  clock: ClockRecord['clock'];
  startedAt: string;
  budgetDays: number | null;
  dueAt: string | null;
  pausedAt: string | null;
  stoppedAt: string | null;
  pauses: ClockRecord['pauses'];
}

/** The clocks of clocksAsJson, as ofCase returns them. */
export function clocksFromJson(rows: readonly ClockJson[]): ClockRecord[] {
  return rows.map((r) => ({
    clock: r.clock,
    startedAt: new Date(r.startedAt),
    budgetDays: r.budgetDays,
    dueAt: date(r.dueAt),
    pausedAt: date(r.pausedAt),
    stoppedAt: date(r.stoppedAt),
    pauses: r.pauses,
  }));
}

function date(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

/** The clocks as a read returns them: by start, then the enum's stage order (the ClockName type's, as in PostgreSQL). */
export function inClockOrder(clocks: readonly ClockRecord[]): ClockRecord[] {
  const rank = (c: ClockRecord) => CLOCK_NAMES.indexOf(c.clock);
  return [...clocks].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || rank(a) - rank(b));
}

function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : value;
}
