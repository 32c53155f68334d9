import type { AppConfig } from '@case-desk/core';
import { Actor, WorkingCalendar } from '@case-desk/domain';
import type { CaseChangeFeed, CaseChangeListener } from './case-change-feed';
import { CASE_LIST_MAX_AGE_MS, CaseListCache, CaseListKey, CaseListPage, pageJson } from './case-list-cache';
import type { CaseView } from './case.view';

/** A feed that starts listening when subscribed to, and that the test drives by hand. */
class HandFeed {
  listener: CaseChangeListener | null = null;
  subscriptions = 0;
  async subscribe(listener: CaseChangeListener): Promise<void> {
    this.subscriptions += 1;
    this.listener = listener;
    listener.feedReset(true);
  }
}

const clerk: Actor = { id: 'u1', username: 'clerk1', role: 'CLERK', agency: '440100' };
const sameDesk: Actor = { id: 'u2', username: 'clerk2', role: 'CLERK', agency: '440100' };
const otherDesk: Actor = { id: 'u3', username: 'clerk3', role: 'CLERK', agency: '440500' };
const supervisor: Actor = { id: 'u4', username: 'sup', role: 'SUPERVISOR', agency: '440100' };
const queue: CaseListKey = { limit: 50 };
const calendar = {} as WorkingCalendar;

// 2027-03-01 09:00 in Shanghai; the day ends at 2027-03-01T16:00:00Z.
const NINE = new Date('2027-03-01T01:00:00.000Z');
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);

function page(dueAt: string | null = null, state = 'ON_TRACK'): CaseListPage {
  const clock = dueAt === null ? null : { startedAt: '2027-02-01T00:00:00.000Z', dueAt, state, workingDaysRemaining: 3, calendarConfirmed: true };
  const item = { id: 'c1', sla: { stage: clock === null ? null : { name: 'OUTGOING_REVIEW', ...clock }, overall: null } } as unknown as CaseView;
  return { items: [item], nextCursor: null };
}

/** A cache whose first lookup (which subscribes it to the feed, as the first list request does) is done. */
async function cacheWith(entries = 10): Promise<{ cache: CaseListCache; feed: HandFeed }> {
  const config = { caseList: { cacheEntries: entries } } as AppConfig;
  const feed = new HandFeed();
  const cache = new CaseListCache(config, feed as unknown as CaseChangeFeed);
  expect(await cache.get(clerk, { limit: 1 }, calendar, NINE)).toBeUndefined();
  return { cache, feed };
}

describe('CaseListCache', () => {
  it('serves a page to the same role of the same agency, not to another agency or role', async () => {
    const { cache } = await cacheWith();
    expect(await cache.get(clerk, queue, calendar, NINE)).toBeUndefined();
    const p = page();
    cache.set(clerk, queue, p, calendar, NINE, cache.token());
    expect(await cache.get(sameDesk, queue, calendar, plus(NINE, 10))).toBe(p);
    expect(await cache.get(otherDesk, queue, calendar, plus(NINE, 10))).toBeUndefined();
    expect(await cache.get(supervisor, queue, calendar, plus(NINE, 10))).toBeUndefined();
  });

  it('keys on every filter, the limit and the cursor', async () => {
    const { cache } = await cacheWith();
    cache.set(clerk, queue, page(), calendar, NINE, cache.token());
    for (const other of [{ limit: 20 }, { limit: 50, cursor: 'x' }, { limit: 50, sla: 'OVERDUE' }, { limit: 50, side: 'incoming' }, { limit: 50, kind: 'REFUND' }, { limit: 50, status: 'SUBMITTED' }, { limit: 50, agency: '440100' }]) {
      expect(await cache.get(clerk, other, calendar, NINE)).toBeUndefined();
    }
  });

  const admin: Actor = { id: 'u5', username: 'admin', role: 'ADMIN', agency: '110000' };
  const otherProvince: Actor = { id: 'u6', username: 'sup2', role: 'SUPERVISOR', agency: '110100' };
  const everyone = [clerk, otherDesk, supervisor, otherProvince, admin];
  const fill = (cache: CaseListCache) => {
    for (const actor of everyone) cache.set(actor, queue, page(), calendar, NINE, cache.token());
  };
  const kept = async (cache: CaseListCache) => {
    const left: string[] = [];
    for (const actor of everyone) if ((await cache.get(actor, queue, calendar, NINE)) !== undefined) left.push(actor.username);
    return left;
  };

  it("drops, on a change to a case, the pages of its agencies' clerks, of their provinces' supervisors and of the admins", async () => {
    const { cache, feed } = await cacheWith();
    fill(cache);
    // A transfer from 440100 to 320500.
    feed.listener!.caseChanged('TR4401002027000001', ['440100', '320500']);
    expect(await kept(cache)).toEqual(['clerk3', 'sup2']);
    fill(cache);
    // A refund of 110100.
    feed.listener!.caseChanged('RF1101002027000001', ['110100']);
    expect(await kept(cache)).toEqual(['clerk1', 'clerk3', 'sup']);
  });

  it('drops every page on a notice that does not name the agencies', async () => {
    const { cache, feed } = await cacheWith();
    fill(cache);
    feed.listener!.caseChanged('TR4401002027000001', null);
    expect(await kept(cache)).toEqual([]);
  });

  it('keeps no page read before a change, whichever case it was', async () => {
    const { cache, feed } = await cacheWith();
    const token = cache.token();
    feed.listener!.caseChanged('RF1101002027000002', ['110100']); // committed while the clerk's page was being read
    cache.set(clerk, queue, page(), calendar, NINE, token);
    expect(await cache.get(clerk, queue, calendar, NINE)).toBeUndefined();
  });

  it('keeps and serves nothing while the feed is not listening', async () => {
    const { cache, feed } = await cacheWith();
    feed.listener!.feedReset(false);
    cache.set(clerk, queue, page(), calendar, NINE, cache.token());
    expect(await cache.get(clerk, queue, calendar, NINE)).toBeUndefined();
    feed.listener!.feedReset(true);
    expect(await cache.get(clerk, queue, calendar, NINE)).toBeUndefined();
    cache.set(clerk, queue, page(), calendar, NINE, cache.token());
    expect(await cache.get(clerk, queue, calendar, NINE)).toBeDefined();
    expect(feed.subscriptions).toBe(1);
  });

  it('is not true with another working calendar', async () => {
    const { cache } = await cacheWith();
    cache.set(clerk, queue, page(), calendar, NINE, cache.token());
    expect(await cache.get(clerk, queue, {} as WorkingCalendar, NINE)).toBeUndefined();
  });

  it(`is true for at most ${CASE_LIST_MAX_AGE_MS} ms, and not before it was computed (a clock moved back)`, async () => {
    const { cache } = await cacheWith();
    const p = page();
    cache.set(clerk, queue, p, calendar, NINE, cache.token());
    expect(await cache.get(clerk, queue, calendar, plus(NINE, CASE_LIST_MAX_AGE_MS - 1))).toBe(p);
    expect(await cache.get(clerk, queue, calendar, plus(NINE, CASE_LIST_MAX_AGE_MS))).toBeUndefined();
    expect(await cache.get(clerk, queue, calendar, plus(NINE, -1))).toBeUndefined();
  });

  it('ends at midnight in Shanghai (working days remaining and the sla filters move with the date)', async () => {
    const { cache } = await cacheWith();
    const late = new Date('2027-03-01T15:59:58.000Z');
    cache.set(clerk, queue, page(), calendar, late, cache.token());
    expect(await cache.get(clerk, queue, calendar, new Date('2027-03-01T15:59:59.999Z'))).toBeDefined();
    expect(await cache.get(clerk, queue, calendar, new Date('2027-03-01T16:00:00.000Z'))).toBeUndefined();
  });

  it("ends when one of its running clocks falls due, whatever that clock's due time", async () => {
    const { cache } = await cacheWith();
    const due = plus(NINE, 1_000);
    cache.set(clerk, queue, page(due.toISOString()), calendar, NINE, cache.token());
    expect(await cache.get(clerk, queue, calendar, plus(NINE, 999))).toBeDefined();
    expect(await cache.get(clerk, queue, calendar, due)).toBeUndefined();

    cache.set(clerk, queue, page(due.toISOString(), 'MET'), calendar, NINE, cache.token());
    expect(await cache.get(clerk, queue, calendar, due)).toBeDefined();
  });

  it('keeps nothing with CASE_LIST_CACHE_ENTRIES=0, and never subscribes', async () => {
    const { cache, feed } = await cacheWith(0);
    cache.set(clerk, queue, page(), calendar, NINE, cache.token());
    expect(await cache.get(clerk, queue, calendar, NINE)).toBeUndefined();
    expect(feed.subscriptions).toBe(0);
  });
});

describe('pageJson', () => {
  it('is the page as JSON, made once per page object', () => {
    const page: CaseListPage = { items: [{ id: 'a', caseNo: 'TR1' } as unknown as CaseView], nextCursor: null };
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      expect(pageJson(page)).toBe('{"items":[{"id":"a","caseNo":"TR1"}],"nextCursor":null}');
      expect(pageJson(page)).toBe('{"items":[{"id":"a","caseNo":"TR1"}],"nextCursor":null}');
      expect(stringify).toHaveBeenCalledTimes(1);
      expect(pageJson({ ...page, nextCursor: 'c' })).toBe('{"items":[{"id":"a","caseNo":"TR1"}],"nextCursor":"c"}');
    } finally {
      stringify.mockRestore();
    }
  });
});
