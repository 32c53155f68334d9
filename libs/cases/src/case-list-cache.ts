import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, AppConfig } from '@case-desk/core';
import { Actor, WorkingCalendar, endOfShanghaiDay, shanghaiDate } from '@case-desk/domain';
import { CaseChangeFeed, CaseChangeListener } from './case-change-feed';
import { AgencyScope, agencyScopeOf, sees } from './case-scope';
import type { CaseView } from './case.view';

export interface CaseListPage {
  items: CaseView[];
  nextCursor: string | null;
}

const pageTexts = new WeakMap<CaseListPage, string>();

/**
 * A page's JSON text, made once per page object: a page served again from CaseListCache is the same
 * object, so it is not serialised again (pages are never changed once made).
 */
export function pageJson(page: CaseListPage): string {
  let text = pageTexts.get(page);
  if (text === undefined) {
    text = JSON.stringify(page);
    pageTexts.set(page, text);
  }
  return text;
}

/** The filters of a list request that a page depends on (besides the caller's role and agency). */
export interface CaseListKey {
  kind?: string;
  status?: string;
  agency?: string;
  side?: string;
  sla?: string;
  limit: number;
  cursor?: string;
}

interface Entry {
  page: CaseListPage;
  /** Whose page it is: only a change to a case this scope can see drops it. */
  scope: AgencyScope;
  /** The instant (the application's clock) the page was computed at, and the one it stops being true at. */
  computedAt: number;
  validUntil: number;
  /** The working calendar it was computed with: a calendar change makes another object. */
  calendar: WorkingCalendar;
}

/** Even if a change notice were lost without the feed noticing, no page is older than this. */
export const CASE_LIST_MAX_AGE_MS = 60_000;

/**
 * The case-list pages this process has rendered (a clerk's queue, a supervisor's incoming list…), so
 * that the same page asked for again by the same role of the same agency costs no database query and
 * no rendering. A page is the same for every user with the caller's role and agency (visibility and
 * allowed actions depend on nothing else).
 *
 * A page stays true until:
 * - a case its owners can see changes (PostgreSQL announces every committed insert, update or delete
 *   of a case or its clocks, from any writer, with the case's agencies; see CaseChangeFeed): the pages
 *   of the clerks of those agencies, of the supervisors of their provinces and of the admins are
 *   dropped, since the change can move that case into or out of any of their lists. A notice that
 *   does not name the agencies drops every page. A case's agencies never change;
 * - time changes what it shows: the first running clock of the page falling due, or the next
 *   midnight in Shanghai (working days remaining, due-soon and overdue filters move with the date;
 *   due dates are ends of working days) — whichever comes first, and never more than
 *   CASE_LIST_MAX_AGE_MS after it was computed;
 * - the working calendar changes.
 * While the feed is not listening nothing is kept or served. A store whose token (taken before the
 * database read) is behind the latest change is dropped, so a read that raced a change is never kept.
 * Searches (`q`, an ID number or caseNo) are not kept.
 */
@Injectable()
export class CaseListCache implements CaseChangeListener {
  private readonly entries: LRUCache<string, Entry> | null;
  private generation = 0;
  private live = false;
  private subscribing: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly feed: CaseChangeFeed,
  ) {
    const max = config.caseList.cacheEntries;
    // Whether a page is still true is judged on the application's clock (see validUntil), not here.
    this.entries = max > 0 ? new LRUCache({ max }) : null;
  }

  /**
   * The cached page, if one is still true at `now` for this caller and calendar. The first call
   * subscribes to the change feed (lists are read only by the API, so the worker never listens).
   */
  async get(actor: Actor, key: CaseListKey, calendar: WorkingCalendar, now: Date): Promise<CaseListPage | undefined> {
    if (this.entries === null) return undefined;
    await (this.subscribing ??= this.feed.subscribe(this));
    if (!this.live) return undefined;
    const entry = this.entries.get(cacheKey(actor, key));
    const at = now.getTime();
    if (entry === undefined || entry.calendar !== calendar || at < entry.computedAt || at >= entry.validUntil) return undefined;
    return entry.page;
  }

  /** Take before reading the database; give back to `set`. */
  token(): number {
    return this.generation;
  }

  set(actor: Actor, key: CaseListKey, page: CaseListPage, calendar: WorkingCalendar, computedAt: Date, token: number): void {
    if (this.entries === null || !this.live || token !== this.generation) return;
    const at = computedAt.getTime();
    this.entries.set(cacheKey(actor, key), { page, scope: agencyScopeOf(actor), computedAt: at, validUntil: validUntil(page, at), calendar });
  }

  caseChanged(_caseNo: string, agencies: readonly string[] | null): void {
    // A page being read now may or may not hold the change: none read before it is stored after it.
    this.generation += 1;
    if (this.entries === null) return;
    if (agencies === null) {
      this.entries.clear();
      return;
    }
    for (const [key, entry] of this.entries.entries()) {
      if (sees(entry.scope, agencies)) this.entries.delete(key);
    }
  }

  feedReset(listening: boolean): void {
    this.generation += 1;
    this.entries?.clear();
    this.live = listening;
  }
}

function cacheKey(actor: Actor, key: CaseListKey): string {
  return [actor.role, actor.agency, key.kind, key.status, key.agency, key.side, key.sla, key.limit, key.cursor].join('|');
}

/** The first instant after `at` at which something the page shows could change with time alone. */
function validUntil(page: CaseListPage, at: number): number {
  let until = Math.min(at + CASE_LIST_MAX_AGE_MS, endOfShanghaiDay(shanghaiDate(new Date(at))).getTime());
  for (const item of page.items) {
    for (const clock of [item.sla?.stage, item.sla?.overall]) {
      if (!clock?.dueAt || clock.state === 'MET' || clock.state === 'MISSED' || clock.state === 'PAUSED') continue;
      const due = Date.parse(clock.dueAt);
      if (due > at) until = Math.min(until, due);
    }
  }
  return until;
}
