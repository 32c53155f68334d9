import { Injectable } from '@nestjs/common';
import { Clock, PiiCrypto } from '@case-desk/core';
import { Prisma } from '@case-desk/db';
import {
  Actor,
  CASE_KIND_DEFINITIONS,
  CaseKind,
  CaseStatus,
  DomainError,
  WorkingCalendar,
  assertUnreachable,
  dueSoonThreshold,
  provinceOf,
  validateIdNumber,
} from '@case-desk/domain';
import { OVERDUE_FLAG_MARGIN_MS, SlaService } from '@case-desk/sla';
import { CaseListCache, CaseListPage } from './case-list-cache';
import { AgencyScope, agencyScopeOf, involvingAgency, onEachSide } from './case-scope';
import { CaseKeys, CaseRepository, DueInstant, ListQuery } from './case.repository';
import { CaseView, toCaseView } from './case.view';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';
import { notFound } from './case-transition.service';

export interface CaseListFilter {
  kind?: CaseKind;
  status?: CaseStatus;
  agency?: string;
  side?: 'outgoing' | 'incoming';
  sla?: 'ON_TRACK' | 'DUE_SOON' | 'OVERDUE' | 'PAUSED';
  q?: string;
  limit: number;
  cursor?: string;
}

@Injectable()
export class CaseQueryService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly crypto: PiiCrypto,
    private readonly sla: SlaService,
    private readonly clock: Clock,
    private readonly pages: CaseListCache,
  ) {}

  /** One case with its clocks and timeline: one statement (the one a transition plans from). */
  async get(actor: Actor, idOrCaseNo: string): Promise<CaseView> {
    const [found, calendar] = await Promise.all([this.cases.findVisibleInFull(actor, idOrCaseNo), this.sla.calendar()]);
    if (!found) throw notFound();
    return toCaseView(found.row, actor, this.sla.view(calendar, found.clocks, this.clock.now()), found.events);
  }

  /** Each clock of a visible case with the working days it counted, the days it skipped and its pauses. */
  async explainSla(actor: Actor, idOrCaseNo: string) {
    const row = await this.cases.findVisible(actor, idOrCaseNo);
    if (!row) throw notFound();
    const [clocks, calendar] = await Promise.all([this.cases.clocks.ofCase(row.id), this.sla.calendar()]);
    return { caseId: row.id, caseNo: row.caseNo, clocks: this.sla.explain(calendar, clocks, this.clock.now()) };
  }

  /** A page of the cases visible to the actor; the same page again is served from CaseListCache while it holds. */
  async list(actor: Actor, filter: CaseListFilter): Promise<CaseListPage> {
    const now = this.clock.now();
    const calendar = await this.sla.calendar();
    // Searches carry an ID number or a caseNo: not kept.
    const key = filter.q === undefined ? filter : null;
    if (key !== null) {
      const cached = await this.pages.get(actor, key, calendar, now);
      if (cached !== undefined) return cached;
    }
    const token = this.pages.token();
    const query: ListQuery = {
      where: this.where(actor, filter, calendar, now),
      limit: filter.limit + 1,
      after: filter.cursor === undefined ? null : decodeCaseCursor(filter.cursor),
    };
    const scope = listScope(actor, filter);
    // The page's keys first (one more than the page, to know whether another follows), then its cases.
    const keys = await this.keys(actor, filter, query, now, calendar, scope);
    const page = keys.slice(0, filter.limit);
    const last = page[page.length - 1];
    const cases = await this.cases.listedInFull(actor, page.map((k) => k.id));
    const result = {
      // A case deleted since its key was read is left out.
      items: page.flatMap((k) => {
        const found = cases.get(k.id);
        return found ? [toCaseView(found.row, actor, this.sla.view(calendar, found.clocks, now))] : [];
      }),
      nextCursor: keys.length > filter.limit && last ? encodeKeysetCursor(last.createdAt, last.seq.toString()) : null,
    };
    if (key !== null) this.pages.set(actor, key, result, calendar, now, token);
    return result;
  }

  /** The keys of one page of the query, newest first, by the way its `sla` or `status` filter is read fastest. */
  private keys(actor: Actor, filter: CaseListFilter, query: ListQuery, now: Date, calendar: WorkingCalendar, scope: AgencyScope): Promise<CaseKeys[]> {
    // A search is an exact caseNo or ID number: its own index finds its few cases first.
    if (filter.q !== undefined) return this.page(actor, query, scope);
    switch (filter.sla) {
      case 'OVERDUE':
        return this.overdue(actor, query, now, scope);
      case 'DUE_SOON':
        return this.dueSoon(actor, query, now, dueSoonThreshold(calendar, now), scope);
      default: {
        const status = filter.sla === 'PAUSED' ? PAUSED_STATUS : filter.status;
        return status === undefined || scope.kind === 'all' ? this.page(actor, query, scope) : this.ofStatus(actor, query, scope, status);
      }
    }
  }

  /**
   * One agency's or one province's cases in one status (`sla=PAUSED`, `status=`): one range of
   * case_agency_due's status index, in the list's order, filtered by the rest of the query (firstAmong);
   * the list's own walk when the prefixes ran out. Walking the side indexes instead read every case of
   * the agency on the way (about six for each paused one) and looked up its status.
   */
  private async ofStatus(actor: Actor, query: ListQuery, scope: Exclude<AgencyScope, { kind: 'all' }>, status: CaseStatus): Promise<CaseKeys[]> {
    const keys = await this.firstAmong(actor, query, (from, size) => this.cases.statusKeysInListOrder(scope, status, from, size));
    return keys ?? this.page(actor, query, scope);
  }

  /**
   * `sla=DUE_SOON` (its where already has now < nextDueAt <= soon). The cases due soon are the older
   * ones, so walking the list's order newest first passes most of the others before them (a second for
   * a province at 1,000,000 cases, a quarter of one for a busy agency). Instead they come in the list's
   * order from the due-date index, one range per due instant: a few in the due-soon window.
   */
  private async dueSoon(actor: Actor, query: ListQuery, now: Date, soon: Date, scope: AgencyScope): Promise<CaseKeys[]> {
    return this.inDueOrder(actor, query, scope, await this.cases.dueInstants(scope, [false, true], now, soon, DUE_SOON_INSTANTS_MAX));
  }

  /**
   * The first keys of the query among the cases due at `instants` (and flagged as each says), read in
   * the list's order from the due-date index (every case's; or case_agency_due's, for the one agency of
   * a clerk's list or `agency=`, or the province of a supervisor's) and filtered by the rest of the
   * query (firstAmong); the list's own walk when there were too many instants (null) or the prefixes
   * ran out.
   */
  private async inDueOrder(actor: Actor, query: ListQuery, scope: AgencyScope, instants: readonly DueInstant[] | null): Promise<CaseKeys[]> {
    const keys = instants && (await this.firstAmong(actor, query, (from, size) => this.cases.dueKeysInListOrder(scope, instants, from, size)));
    return keys ?? this.page(actor, query, scope);
  }

  /**
   * The first keys of the query (at most query.limit, in the list's order) among `candidates`, keys in
   * that same order read `size` at a time after a key: growing prefixes of them (one page's worth, then
   * ten, then a hundred: DUE_LIST_BATCHES) go through the rest of the query (the actor's scope, kind,
   * status, side…) on `cases` by id, until the page is full or the candidates run out. The first
   * survivors of a prefix, in order, are the list's first. Null when the prefixes ran out first (a
   * filter that keeps few of them, such as a small province's side): the caller walks the list's
   * order instead, which is then short.
   */
  private async firstAmong(
    actor: Actor,
    query: ListQuery,
    candidates: (from: ListQuery['after'], size: number) => Promise<CaseKeys[]>,
  ): Promise<CaseKeys[] | null> {
    const found: CaseKeys[] = [];
    let from = query.after;
    for (const batch of DUE_LIST_BATCHES) {
      const size = query.limit * batch;
      const prefix = await candidates(from, size);
      if (prefix.length > 0) {
        const ids = prefix.map((k) => k.id);
        found.push(...(await this.cases.listKeys(actor, { ...query, where: { AND: [query.where, { id: { in: ids } }] }, limit: query.limit - found.length })));
      }
      if (found.length >= query.limit || prefix.length < size) return found;
      from = prefix[prefix.length - 1];
    }
    return null;
  }

  /**
   * `sla=OVERDUE` (its where already has nextDueAt <= now): the cases flagged overdue and the unflagged
   * ones that crossed their due date since the last sweep, each a page of its own with the same filters
   * and cursor, merged in the list's order. The same rows, order and cursors as one query on
   * nextDueAt <= now, without walking every newer case:
   * - the flagged ones: newest first on the (overdue, createdAt, seq) index of `cases`; one agency's
   *   from its due-date index, one range per due instant they have (a province's overdue cases are
   *   too many a day for that: merging a page's worth from each of hundreds of days read 4–10 times
   *   what the walk does);
   * - the unflagged ones: from the due-date index too, the instants between the last sweep's (less a
   *   margin) and now. After each day's 24:00 a whole group crosses at once (tens of thousands of cases
   *   at a province's scale), still one range until the sweep flags it.
   */
  private async overdue(actor: Actor, query: ListQuery, now: Date, scope: AgencyScope): Promise<CaseKeys[]> {
    const flagged = { ...query, where: { AND: [query.where, { overdue: true }] } };
    const unflagged = { ...query, where: { AND: [query.where, { overdue: false }] } };
    const [old, crossed] = await Promise.all([
      scope.kind === 'agency'
        ? this.cases.dueInstants(scope, [true], null, null, OVERDUE_INSTANTS_MAX).then((instants) => this.inDueOrder(actor, flagged, scope, instants))
        : this.page(actor, flagged, scope),
      this.cases
        .unflaggedDueAfter(OVERDUE_FLAG_MARGIN_MS)
        .then((after) => this.cases.dueInstants(scope, [false], after, now, CROSSED_INSTANTS_MAX))
        .then((instants) => this.inDueOrder(actor, unflagged, scope, instants)),
    ]);
    return [...old, ...crossed].sort(newestFirst).slice(0, query.limit);
  }

  /**
   * The keys of one page of the query, newest first. The cases of one agency on any side (a clerk's
   * list, or `agency=` without `side`) are read as one page per side, each a range on that side's
   * (region, createdAt) index, then merged: a single query with the OR walks the createdAt index and
   * throws away every other agency's case on the way (about 20 for each case kept, for a large agency).
   */
  private async page(actor: Actor, query: ListQuery, scope: AgencyScope): Promise<CaseKeys[]> {
    if (scope.kind !== 'agency') return this.cases.listKeys(actor, query);
    const sides = await Promise.all(onEachSide(scope.agency).map((side) => this.cases.listKeys(actor, { ...query, where: { AND: [query.where, side] } })));
    // A case with the agency on two sides is in two pages.
    return [...new Map(sides.flat().map((k) => [k.id, k])).values()].sort(newestFirst).slice(0, query.limit);
  }

  private where(actor: Actor, f: CaseListFilter, calendar: WorkingCalendar, now: Date): Prisma.CaseWhereInput {
    const and: Prisma.CaseWhereInput[] = [];
    if (f.kind) and.push({ kind: f.kind });
    if (f.status) and.push({ status: f.status });
    if (f.sla) and.push(slaFilter(f.sla, calendar, now));
    if (f.agency && !f.side) and.push(involvingAgency(f.agency));
    if (f.side) and.push(sideFilter(actor, f.side, f.agency));
    if (f.q) and.push(this.search(f.q));
    return { AND: and };
  }

  /** `q` is an exact caseNo or an exact full ID number (matched through its keyed hash). */
  private search(q: string): Prisma.CaseWhereInput {
    const id = validateIdNumber(q, '9999-12-31');
    return id.ok ? { idNumberHash: this.crypto.idNumberHash(id.value) } : { caseNo: q.toUpperCase() };
  }
}

/**
 * Whose cases on any side the list is, for reading them from the mirrors' indexes: one agency's
 * (`agency=` without `side`, or a clerk's own), one province's (a supervisor's own, without `side` or
 * `agency=`), or any (an admin's, and every list of a side: those are read on `cases`' side indexes).
 * The actor's visibility still applies on top (firstAmong and page filter with it).
 */
function listScope(actor: Actor, filter: CaseListFilter): AgencyScope {
  if (filter.side) return { kind: 'all' };
  if (filter.agency) return { kind: 'agency', agency: filter.agency };
  return agencyScopeOf(actor);
}

/** `sla=PAUSED`: the cases waiting for materials (slaFilter). */
const PAUSED_STATUS: CaseStatus = 'SUPPLEMENT_REQUIRED';

/** The kinds whose definitions have an origin and a destination side (transfers). */
const KINDS_WITH_SIDES: CaseKind[] = CASE_KIND_DEFINITIONS.filter((d) => d.sides !== null).map((d) => d.code);

/**
 * `side` is relative to an agency: the `agency` parameter, else the caller's own (a supervisor's whole
 * province). Only the kinds with sides have them, so it lists cases of those kinds.
 */
function sideFilter(actor: Actor, side: 'outgoing' | 'incoming', agency: string | undefined): Prisma.CaseWhereInput {
  const column = side === 'outgoing' ? 'fromRegion' : 'toRegion';
  const kind = { in: KINDS_WITH_SIDES };
  if (agency) return { kind, [column]: agency };
  switch (actor.role) {
    case 'CLERK':
      return { kind, [column]: actor.agency };
    case 'SUPERVISOR':
      // The stored province (first two digits of the region): one index in createdAt order.
      return { kind, [side === 'outgoing' ? 'fromProvince' : 'toProvince']: provinceOf(actor.agency) };
    case 'ADMIN':
      throw new DomainError('VALIDATION_FAILED', 'side needs an agency for an admin', {
        errors: [{ path: 'agency', message: 'required with side for an admin' }],
      });
    default:
      return assertUnreachable(actor.role);
  }
}

/**
 * `sla` by the case's most urgent running clock (`nextDueAt`): OVERDUE once it is due, DUE_SOON
 * within two working days of it, ON_TRACK before that; PAUSED while materials are awaited.
 */
function slaFilter(sla: NonNullable<CaseListFilter['sla']>, calendar: WorkingCalendar, now: Date): Prisma.CaseWhereInput {
  const soon = dueSoonThreshold(calendar, now);
  switch (sla) {
    case 'OVERDUE':
      return { nextDueAt: { lte: now } };
    case 'DUE_SOON':
      return { nextDueAt: { gt: now, lte: soon } };
    case 'ON_TRACK':
      return { nextDueAt: { gt: soon } };
    case 'PAUSED':
      return { status: PAUSED_STATUS };
    default:
      return assertUnreachable(sla);
  }
}

/**
 * Past this many distinct due instants among the unflagged cases due since the last sweep (less its
 * margin: two or three normally; every one before a first sweep), sla=OVERDUE walks the list's order.
 */
const CROSSED_INSTANTS_MAX = 32;

/**
 * The prefixes of the candidates firstAmong filters, in pages' worth: one page's keys, then ten, then a
 * hundred. An admin's due-soon list keeps the first whole; a large province's side, the second.
 */
const DUE_LIST_BATCHES = [1, 10, 100];

/** Past this many distinct due instants within the due-soon window, sla=DUE_SOON walks the list's order. */
const DUE_SOON_INSTANTS_MAX = 32;

/**
 * Past this many distinct due instants among one agency's cases flagged overdue (a day's end each: this
 * many days with cases still overdue), its sla=OVERDUE list walks the agency's side indexes instead.
 */
const OVERDUE_INSTANTS_MAX = 400;

/** The list's order: createdAt descending, then seq descending. */
function newestFirst(a: CaseKeys, b: CaseKeys): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (b.seq > a.seq ? 1 : b.seq < a.seq ? -1 : 0);
}

const MAX_INT8 = 2n ** 63n - 1n;

function decodeCaseCursor(cursor: string): { createdAt: Date; seq: bigint } {
  // `seq` is a bigint column: a decimal without leading zeros that PostgreSQL's int8 holds.
  const { at, tieBreak } = decodeKeysetCursor(cursor, (seq) => /^(?:0|[1-9]\d{0,18})$/.test(seq) && BigInt(seq) <= MAX_INT8);
  return { createdAt: at, seq: BigInt(tieBreak) };
}
