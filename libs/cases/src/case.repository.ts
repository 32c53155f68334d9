import { Injectable } from '@nestjs/common';
import { CaseEventRow, CaseRow, KEPT_PLAN, Prisma, PrismaService, Tx } from '@case-desk/db';
import { Actor, CaseKind, CaseStatus, ClockName, ClockRecord, ClockResult, FINAL_STATUSES, PublicStatusInput, assertUnreachable } from '@case-desk/domain';
import { ClockJson, ClockOwner, ClockRepository, calendarVersionHeld, clockRowsStamp, clockUpsert, clocksAsJson, clocksFromJson, dueColumns } from '@case-desk/sla';
import { AgencyScope, agencyScopeOf, caseAgencies, sees, visibleTo } from './case-scope';

export type { Tx } from '@case-desk/db';

export interface NewCaseEvent {
  at: Date;
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actorId: string;
  actorName: string;
  comment: string | null;
  data: Prisma.InputJsonValue;
}

export interface StoredReplay {
  requestHash: string;
  responseStatus: number;
  responseBody: Prisma.JsonValue;
}

export interface ListQuery {
  where: Prisma.CaseWhereInput;
  limit: number;
  after: { createdAt: Date; seq: bigint } | null;
}

/** A case as its applicant's status page needs it, with the access-code hash to check first. */
export interface ApplicantCaseRow extends PublicStatusInput {
  accessCodeHash: string;
}

interface ApplicantJoinRow {
  caseNo: string;
  kind: CaseKind;
  status: CaseStatus;
  pausedFromStatus: CaseStatus | null;
  applicantName: string;
  accessCodeHash: string;
  materialsRequested: string[] | null;
  createdAt: Date;
  updatedAt: Date;
  clock: ClockName | null;
  startedAt: Date | null;
  dueAt: Date | null;
  pausedAt: Date | null;
  stoppedAt: Date | null;
}

/** What orders and identifies a case in a list. */
export type CaseKeys = Pick<CaseRow, 'id' | 'createdAt' | 'seq'>;

/**
 * Where the due-date and status ranges are read from, by whose cases the list is (AgencyScope): case_due
 * for every case; case_agency_due's rows of one agency, or of one province's agencies (the condition
 * first, as the indexes' first column). A case with two agencies of one province has two rows there,
 * adjacent (same keys): its key comes twice, which the readers' filter by id (CaseQueryService's
 * firstAmong: `id IN (…)` on `cases`) makes once.
 */
function mirrorOf(scope: AgencyScope): { table: Prisma.Sql; of: Prisma.Sql } {
  switch (scope.kind) {
    case 'all':
      return { table: Prisma.raw('case_due'), of: Prisma.empty };
    case 'agency':
      return { table: Prisma.raw('case_agency_due'), of: Prisma.sql`agency = ${scope.agency} AND` };
    case 'province':
      return { table: Prisma.raw('case_agency_due'), of: Prisma.sql`province = ${scope.province} AND` };
    default:
      return assertUnreachable(scope);
  }
}

/** A due instant of case_due with the overdue flag of the cases due then (CaseRepository.dueInstants). */
export interface DueInstant {
  overdue: boolean;
  at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every Prisma call about cases. Reads take the caller's scope: there is no unscoped lookup by id. */
@Injectable()
export class CaseRepository {
  constructor(
    private readonly prisma: PrismaService,
    readonly clocks: ClockRepository,
  ) {}

  /** By UUID or caseNo, only when visible to the actor. */
  findVisible(actor: Actor, idOrCaseNo: string): Promise<CaseRow | null> {
    const key: Prisma.CaseWhereInput = UUID.test(idOrCaseNo) ? { id: idOrCaseNo.toLowerCase() } : { caseNo: idOrCaseNo };
    return this.prisma.case.findFirst({ where: { AND: [key, visibleTo(actor)] } });
  }

  /**
   * The applicant's status page (public, by caseNo): only the columns it shows, the access-code hash
   * the caller must check before showing anything, and the clocks, in one query on the caseNo index.
   * Unscoped by design: the access code is the applicant's credential.
   */
  async findForApplicant(caseNo: string): Promise<ApplicantCaseRow | null> {
    const rows = await this.prisma.$queryRaw<ApplicantJoinRow[]>`
      SELECT c."caseNo", c."kind"::text AS "kind", c."status"::text AS "status",
             c."pausedFromStatus"::text AS "pausedFromStatus", c."applicantName", c."accessCodeHash",
             c."materialsRequested", c."createdAt", c."updatedAt",
             k."clock"::text AS "clock", k."startedAt", k."dueAt", k."pausedAt", k."stoppedAt"
        FROM cases c
        LEFT JOIN case_clocks k ON k."caseId" = c."id"
       WHERE c."caseNo" = ${caseNo}
       ORDER BY k."startedAt", k."clock"`;
    const first = rows[0];
    if (first === undefined) return null;
    return {
      caseNo: first.caseNo,
      kind: first.kind,
      status: first.status,
      pausedFromStatus: first.pausedFromStatus,
      applicantName: first.applicantName,
      accessCodeHash: first.accessCodeHash,
      materialsRequested: first.materialsRequested ?? [],
      createdAt: first.createdAt,
      updatedAt: first.updatedAt,
      // A case without clocks yet still has its one row, with the clock columns null.
      clocks: rows.flatMap((r) =>
        r.clock === null || r.startedAt === null
          ? []
          : [{ clock: r.clock, startedAt: r.startedAt, dueAt: r.dueAt, pausedAt: r.pausedAt, stoppedAt: r.stoppedAt }],
      ),
    };
  }

  /**
   * The keys of a list page, newest first, keyset-paginated on (createdAt, seq) (seq breaks ties within
   * a millisecond); listedInFull reads the page's cases.
   */
  listKeys(actor: Actor, query: ListQuery): Promise<CaseKeys[]> {
    const after = query.after;
    const page: Prisma.CaseWhereInput = after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, seq: { lt: after.seq } }] }
      : {};
    return this.prisma.case.findMany({
      where: { AND: [visibleTo(actor), query.where, page] },
      orderBy: [{ createdAt: 'desc' }, { seq: 'desc' }],
      take: query.limit,
      select: { id: true, createdAt: true, seq: true },
    });
  }

  /**
   * A list page's cases (by id, those visible to the actor) with their clocks: one kept statement,
   * whatever the page's filters (they chose the keys). By id.
   */
  async listedInFull(actor: Actor, ids: readonly string[]): Promise<Map<string, { row: CaseRow; clocks: ClockRecord[] }>> {
    const byId = new Map<string, { row: CaseRow; clocks: ClockRecord[] }>();
    if (ids.length === 0) return byId;
    const rows = await this.prisma.kept<CaseRow & { readClocks: ClockJson[] }>(Prisma.sql`${KEPT_PLAN}
      SELECT ${CASE_ROW}, ${clocksAsJson(Prisma.raw('c.id'))} AS "readClocks"
        FROM cases c
       WHERE c.id = ANY(${[...ids]}::uuid[])`);
    const scope = agencyScopeOf(actor);
    for (const { readClocks, ...row } of rows) {
      if (sees(scope, caseAgencies(row))) byId.set(row.id, { row, clocks: clocksFromJson(readClocks) });
    }
    return byId;
  }

  /**
   * The instant after which a case due at or before now may still be unflagged: the last sweep's
   * (`sweep_status.lastSweptAt`) less `marginMs`, since every case due before it is flagged (see the
   * migration overdue_flag). Null before a first sweep (any case may be).
   */
  async unflaggedDueAfter(marginMs: number): Promise<Date | null> {
    const rows = await this.prisma.$queryRaw<{ after: Date }[]>`
      SELECT "lastSweptAt" - make_interval(secs => ${marginMs / 1000}::float8) AS after FROM sweep_status WHERE id = 1`;
    return rows[0]?.after ?? null;
  }

  /**
   * The distinct due instants of the cases flagged `overdue` in each of `flags` (as the index has them:
   * flag first), due in (`after`, `upTo`] (unbounded where null), among the cases of `scope`: a loose
   * scan of case_due's index, or of case_agency_due's for one agency's or one province's cases, one
   * probe per instant. Due dates are ends of working days, so a range of days holds a few. Null when
   * there are more than `cap`.
   */
  async dueInstants(scope: AgencyScope, flags: readonly boolean[], after: Date | null, upTo: Date | null, cap: number): Promise<DueInstant[] | null> {
    const { table, of } = mirrorOf(scope);
    const upper = upTo === null ? Prisma.empty : Prisma.sql`AND "nextDueAt" <= ${upTo}`;
    const next = (flag: Prisma.Sql, from: Prisma.Sql) => Prisma.sql`(
      SELECT "nextDueAt" FROM ${table} WHERE ${of} overdue = ${flag} AND "nextDueAt" > ${from} ${upper}
       ORDER BY "nextDueAt" LIMIT 1)`;
    const rows = await this.prisma.$queryRaw<DueInstant[]>`
      WITH RECURSIVE instants AS (
        SELECT f.overdue, ${next(Prisma.raw('f.overdue'), after === null ? Prisma.sql`'-infinity'::timestamptz` : Prisma.sql`${after}`)} AS at, 1 AS n
          FROM unnest(${[...flags]}::boolean[]) AS f(overdue)
        UNION ALL
        SELECT i.overdue, ${next(Prisma.raw('i.overdue'), Prisma.raw('i.at'))}, i.n + 1 FROM instants i WHERE i.at IS NOT NULL AND i.n <= ${cap}
      )
      SELECT overdue, at FROM instants WHERE at IS NOT NULL ORDER BY overdue, at LIMIT ${cap + 1}`;
    return rows.length > cap ? null : rows;
  }

  /**
   * The first `limit` cases of `scope` due at one of `instants` (of dueInstants, for the same scope), in
   * the list's order (createdAt, seq descending) after `from`: each instant's cases are one range of the
   * index, already in that order; the ranges are merged. Only the index is read (an index-only scan),
   * not whether the actor sees them.
   */
  dueKeysInListOrder(scope: AgencyScope, instants: readonly DueInstant[], from: ListQuery['after'], limit: number): Promise<CaseKeys[]> {
    if (instants.length === 0) return Promise.resolve([]);
    const { table, of } = mirrorOf(scope);
    const page = from === null ? Prisma.empty : Prisma.sql`AND (d."createdAt", d.seq) < (${from.createdAt}, ${from.seq})`;
    return this.prisma.$queryRaw<CaseKeys[]>`
      SELECT k.id, k."createdAt", k.seq
        FROM unnest(${instants.map((i) => i.overdue)}::boolean[], ${instants.map((i) => i.at)}::timestamptz[]) AS i(overdue, at)
             CROSS JOIN LATERAL (
               SELECT d."caseId" AS id, d."createdAt", d.seq FROM ${table} d
                WHERE ${of} d.overdue = i.overdue AND d."nextDueAt" = i.at ${page}
                ORDER BY d."createdAt" DESC, d.seq DESC LIMIT ${limit}) AS k
       ORDER BY k."createdAt" DESC, k.seq DESC
       LIMIT ${limit}`;
  }

  /**
   * The first `limit` cases of one agency or one province in `status`, in the list's order after
   * `from`: one range of case_agency_due's (…, status, createdAt DESC, seq DESC) index. Only the index is
   * read, not whether the actor sees them.
   */
  statusKeysInListOrder(scope: Exclude<AgencyScope, { kind: 'all' }>, status: CaseStatus, from: ListQuery['after'], limit: number): Promise<CaseKeys[]> {
    const { of } = mirrorOf(scope);
    const page = from === null ? Prisma.empty : Prisma.sql`AND ("createdAt", seq) < (${from.createdAt}, ${from.seq})`;
    return this.prisma.$queryRaw<CaseKeys[]>`
      SELECT "caseId" AS id, "createdAt", seq FROM case_agency_due
       WHERE ${of} status = ${status}::"CaseStatus" ${page}
       ORDER BY "createdAt" DESC, seq DESC
       LIMIT ${limit}`;
  }

  // ---- creation (inside one transaction) ----

  /** Serialises work on one key across processes until the transaction ends. */
  async lock(tx: Tx, key: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
  }

  async nextCaseSeq(tx: Tx): Promise<bigint> {
    const rows = await tx.$queryRaw<{ seq: bigint }[]>`SELECT nextval(pg_get_serial_sequence('cases', 'seq')) AS seq`;
    return rows[0].seq;
  }

  findReplay(tx: Tx, userId: string, key: string): Promise<StoredReplay | null> {
    return tx.idempotencyKey.findUnique({
      where: { userId_key: { userId, key } },
      select: { requestHash: true, responseStatus: true, responseBody: true },
    });
  }

  async saveReplay(
    tx: Tx,
    replay: { userId: string; key: string; requestHash: string; caseId: string; responseStatus: number; responseBody: Prisma.InputJsonValue },
  ): Promise<void> {
    await tx.idempotencyKey.create({ data: replay });
  }

  /**
   * Open cases of `kind` of the same person whose month range overlaps [from, to] ('YYYY-MM' compares
   * as text): the overlap check of a kind's definition.
   */
  findOverlappingOpenCase(tx: Tx, kind: CaseKind, idNumberHash: string, from: string, to: string): Promise<{ caseNo: string } | null> {
    return tx.case.findFirst({
      where: {
        kind,
        idNumberHash,
        status: { notIn: [...FINAL_STATUSES] },
        periodFrom: { lte: to },
        periodTo: { gte: from },
      },
      select: { caseNo: true },
    });
  }

  /**
   * The case with its nextDueAt and overdue flag as of its first event (one row version), then its
   * first event and its clocks in one statement.
   */
  async insertCase(
    tx: Tx,
    data: Prisma.CaseUncheckedCreateInput,
    event: NewCaseEvent,
    clocks: ClockRecord[],
  ): Promise<{ row: CaseRow; events: CaseEventRow[] }> {
    const row = await tx.case.create({ data: { ...data, ...dueColumns(clocks, event.at) } });
    const writes = clocks.length > 0 ? Prisma.sql`, clocks AS (${clockUpsert(row, clocks)})` : Prisma.empty;
    const [written] = await tx.$queryRaw<{ event: EventJson }[]>`
      WITH ${eventInsert(row.id, row.version, event)}${writes}
      SELECT event FROM ev`;
    return { row, events: [eventFromJson(written.event)] };
  }

  /**
   * A case in full, by UUID or caseNo, only when visible to the actor (`sees`, visibleTo's rule applied
   * to the row): the row, its clocks and timeline, the calendar version in force and the versions of
   * its clock rows, in one kept statement and without locks. What GET /v1/cases/{id} shows, and what a
   * transition plans from: the write that follows (recordTransitionIfUnchanged) checks under the locks
   * that none of it changed.
   */
  async findVisibleInFull(actor: Actor, idOrCaseNo: string): Promise<CaseInFull | null> {
    const key = UUID.test(idOrCaseNo) ? Prisma.sql`c.id = ${idOrCaseNo.toLowerCase()}::uuid` : Prisma.sql`c."caseNo" = ${idOrCaseNo}`;
    const rows = await this.prisma.kept<CaseRow & TransitionReadJson>(Prisma.sql`${KEPT_PLAN}
      SELECT ${CASE_ROW}, ${clocksAsJson(Prisma.raw('c.id'))} AS "readClocks",
             ${eventsAsJson(Prisma.raw('c.id'))} AS "readEvents",
             ${clockRowsStamp(Prisma.raw('c.id'))} AS "readClockRows",
             (SELECT version FROM calendar_version WHERE id = 1) AS "readCalendarVersion"
        FROM cases c
       WHERE ${key}`);
    const found = rows[0];
    if (found === undefined || !sees(agencyScopeOf(actor), caseAgencies(found))) return null;
    const { readClocks, readEvents, readClockRows, readCalendarVersion, ...row } = found;
    return {
      row,
      clocks: clocksFromJson(readClocks),
      events: readEvents.map(eventFromJson),
      calendarVersion: readCalendarVersion ?? 0,
      clockRows: readClockRows,
    };
  }

  // ---- transitions ----

  /**
   * Compare-and-set, first half: locks the case's row only if it still has the status and version the
   * plan was made from (PostgreSQL re-checks the condition after any concurrent writer commits). Null
   * means someone else won. Then, under the lock, in one statement: the case's clocks and timeline as
   * committed, and the calendar's version with its shared lock taken (held until the commit, as
   * CalendarService.inForce does). Reading the clocks after the lock keeps a concurrent recomputation
   * of due dates (a calendar change) from being overwritten with stale ones, and no event is added
   * while it is held. Two statements, not one: a single statement would read the clocks from the
   * snapshot it took before waiting for the lock.
   */
  async lockForTransition(tx: Tx, expected: { id: string; status: CaseStatus; version: number }): Promise<LockedCase | null> {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM cases
       WHERE id = ${expected.id}::uuid AND status = ${expected.status}::"CaseStatus" AND version = ${expected.version}
         FOR UPDATE`;
    if (locked.length === 0) return null;
    const [read] = await tx.$queryRaw<{ clocks: ClockJson[]; events: EventJson[]; calendarVersion: number | null }[]>`
      SELECT ${clocksAsJson(expected.id)} AS clocks,
             ${eventsAsJson(Prisma.sql`${expected.id}::uuid`)} AS events,
             ${calendarVersionHeld()} AS "calendarVersion"`;
    return { clocks: clocksFromJson(read.clocks), events: read.events.map(eventFromJson), calendarVersion: read.calendarVersion ?? 0 };
  }

  /**
   * Compare-and-set, second half, under the lock of lockForTransition: see writeTransition.
   */
  async recordTransition(
    tx: Tx,
    expected: ClockOwner & { version: number },
    update: Prisma.CaseUncheckedUpdateManyInput,
    event: NewCaseEvent,
    clocks: readonly ClockRecord[],
    finished: readonly ClockResult[],
  ): Promise<{ row: CaseRow; event: CaseEventRow }> {
    const written = await this.writeTransition((query) => tx.$queryRaw(query), expected, update, event, clocks, finished, Prisma.sql`true`);
    // Cannot happen under the lock; throwing rolls the whole transition back.
    if (written === null) throw new Error(`case ${expected.id} vanished under its lock`);
    return written;
  }

  /**
   * The whole compare-and-set in one statement, outside any transaction, for a plan made from `read`
   * (findVisibleInFull): written only if the gate (migration transition_gate), which takes the
   * case's and the calendar's locks first, finds none of what was read changed; else nothing is
   * written and this returns null.
   */
  recordTransitionIfUnchanged(
    read: CaseInFull,
    update: Prisma.CaseUncheckedUpdateManyInput,
    event: NewCaseEvent,
    clocks: readonly ClockRecord[],
    finished: readonly ClockResult[],
  ): Promise<{ row: CaseRow; event: CaseEventRow } | null> {
    const gate = Prisma.sql`case_transition_gate(${read.row.id}::uuid, ${read.row.status}::"CaseStatus", ${read.row.version},
                                                 ${read.calendarVersion}, ${read.clockRows})`;
    return this.writeTransition((query) => this.prisma.kept(query), read.row, update, event, clocks, finished, gate);
  }

  /**
   * One statement: the event, the clocks, the results of the clocks it stops (for reports) and the
   * case's one update (status, fields, version, nextDueAt, overdue: a single new row version, cases has
   * many indexes), each part only if `gate` is true (evaluated once, before any part writes). Returns
   * the case row and the event as committed, so the caller reads nothing again; null if the gate was false.
   */
  private async writeTransition(
    run: (query: Prisma.Sql) => Promise<unknown[]>,
    expected: ClockOwner & { version: number },
    update: Prisma.CaseUncheckedUpdateManyInput,
    event: NewCaseEvent,
    clocks: readonly ClockRecord[],
    finished: readonly ClockResult[],
    gate: Prisma.Sql,
  ): Promise<{ row: CaseRow; event: CaseEventRow } | null> {
    // The overdue flag as of the transition's instant (its event's).
    const set: Record<string, unknown> = { ...update, version: expected.version + 1, ...dueColumns(clocks, event.at) };
    const columns = Object.keys(set).filter((column) => set[column] !== undefined);
    const unknown = columns.filter((column) => !CASE_COLUMNS.has(column));
    if (unknown.length > 0) throw new Error(`not columns of cases: ${unknown.join(', ')}`);
    const open = Prisma.sql`(SELECT open FROM gate)`;
    const writes: Prisma.Sql[] = [Prisma.sql`gate AS (SELECT ${gate} AS open)`, eventInsert(expected.id, expected.version + 1, event, open)];
    if (clocks.length > 0) writes.push(Prisma.sql`clocks AS (${clockUpsert(expected, clocks, open)})`);
    if (finished.length > 0) {
      const results = finished.map((r) => ({ ...r, stoppedAt: r.stoppedAt.toISOString() }));
      writes.push(Prisma.sql`results AS (
        INSERT INTO sla_clock_results ("caseId", clock, agency, province, kind, outcome, "stoppedAt", "stoppedOn", "workingDaysUsed", "pausedWorkingDays", "sharedWith")
        SELECT ${expected.id}::uuid, r.clock, r.agency, r.province, r.kind, r.outcome, r."stoppedAt", r."stoppedOn", r."workingDaysUsed", r."pausedWorkingDays", r."sharedWith"
          FROM jsonb_to_recordset(${JSON.stringify(results)}::jsonb)
               AS r(clock "ClockName", agency char(6), province char(2), kind "CaseKind", outcome "ClockOutcome", "stoppedAt" timestamptz,
                    "stoppedOn" date, "workingDaysUsed" integer, "pausedWorkingDays" integer, "sharedWith" char(6))
         WHERE ${open})`);
    }
    // The new values travel as one JSON object, typed by the columns they go to (jsonb_populate_record).
    const assignments = columns.map((column) => Prisma.raw(`"${column}" = v."${column}"`));
    const rows = (await run(Prisma.sql`${KEPT_PLAN}
      WITH ${Prisma.join(writes, ',\n')}
      UPDATE cases c SET ${Prisma.join(assignments, ', ')}
        FROM jsonb_populate_record(NULL::cases, ${JSON.stringify(set)}::jsonb) AS v
       WHERE c.id = ${expected.id}::uuid AND ${open}
      RETURNING ${CASE_ROW}, (SELECT event FROM ev) AS "transitionEvent"`)) as (CaseRow & { transitionEvent: EventJson })[];
    const written = rows[0];
    if (written === undefined) return null;
    const { transitionEvent, ...row } = written;
    return { row, event: eventFromJson(transitionEvent) };
  }
}

/** What findVisibleInFull read, in one snapshot: a case as shown, what a transition is planned from, and what its gate compares. */
export interface CaseInFull {
  row: CaseRow;
  clocks: ClockRecord[];
  events: CaseEventRow[];
  calendarVersion: number;
  /** The versions of the clock rows read (clockRowsStamp). */
  clockRows: string;
}

interface TransitionReadJson {
  readClocks: ClockJson[];
  readEvents: EventJson[];
  readClockRows: string;
  readCalendarVersion: number | null;
}

/** The clocks and the timeline of a case locked for a transition, as committed, and the calendar version held. */
export interface LockedCase {
  clocks: ClockRecord[];
  events: CaseEventRow[];
  calendarVersion: number;
}

/** The columns of cases an update may set (Prisma's field names are the column names). */
const CASE_COLUMNS: ReadonlySet<string> = new Set(Object.values(Prisma.CaseScalarFieldEnum));

/** A CaseRow's columns of `cases c`, named (a kept statement never selects `*`). */
const CASE_ROW = Prisma.raw([...CASE_COLUMNS].map((column) => `c."${column}"`).join(', '));

/** The CTE `ev`: inserts the event that made `version` of the case (if `onlyIf`), returning it as eventAsJson. */
function eventInsert(caseId: string, version: number, event: NewCaseEvent, onlyIf: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  return Prisma.sql`ev AS (
    INSERT INTO case_events ("caseId", version, at, action, "fromStatus", "toStatus", "actorId", "actorName", comment, data)
    SELECT ${caseId}::uuid, ${version}, ${event.at}, ${event.action}, ${event.fromStatus}::"CaseStatus",
           ${event.toStatus}::"CaseStatus", ${event.actorId}::uuid, ${event.actorName}, ${event.comment}, ${JSON.stringify(event.data)}::jsonb
     WHERE ${onlyIf}
    RETURNING ${eventAsJson('case_events')} AS event)`;
}

/** A case's timeline as one JSON array in version order (eventAsJson of each event). */
function eventsAsJson(caseId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(jsonb_agg(${eventAsJson('e')} ORDER BY e.version), '[]'::jsonb) FROM case_events e WHERE e."caseId" = ${caseId})`;
}

/** A case_events row as JSON (its bigint id as text, exact); eventFromJson reads it back. */
function eventAsJson(alias: string): Prisma.Sql {
  return Prisma.raw(`(to_jsonb(${alias}) || jsonb_build_object('id', ${alias}.id::text))`);
}

interface EventJson {
  id: string;
  caseId: string;
  version: number;
  at: string;
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actorId: string | null;
  actorName: string;
  comment: string | null;
  data: Prisma.JsonValue;
}

/** An event of eventAsJson, as Prisma's read of the row returns it. */
function eventFromJson(e: EventJson): CaseEventRow {
  return {
    id: BigInt(e.id),
    caseId: e.caseId,
    version: e.version,
    at: new Date(e.at),
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorId: e.actorId,
    actorName: e.actorName,
    comment: e.comment,
    data: e.data,
  };
}
