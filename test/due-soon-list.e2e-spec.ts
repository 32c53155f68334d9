import { dueSoonThreshold } from '@case-desk/domain';
import { CalendarService } from '@case-desk/sla';
import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { createCaseAs } from './support/cases';
import { refundBody, transferBody } from './support/factories';

/**
 * `GET /v1/cases?sla=DUE_SOON` reads the cases due soon in the list's order from a due-date index (every
 * case's, case_due; one agency's, case_agency_due, for a clerk's list or `agency=`), one range per due
 * instant, and filters a growing prefix of them by the rest of the query; past its prefixes, or with
 * more due instants in the range than it merges, it walks the list's order instead. Whatever the way,
 * the answer is exactly the cases with now < nextDueAt <= the due-soon threshold, newest first, with
 * the same cursors: each step compares every page with that query run in SQL, for each reader and page
 * size.
 */
describe('sla=DUE_SOON list (e2e)', () => {
  let h: Harness;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    h = await startApi({ env: { TEST_CLOCK: 'enabled' } });
    t.admin = h.adminToken;
    t.supervisor = await h.userToken('SUPERVISOR', '440100');
    t.origin = await h.userToken('CLERK', '440500');
    t.stranger = await h.userToken('CLERK', '510100');
  });
  afterAll(() => h.close());

  const at = async (now: string) => {
    const res = await h.request('PUT', '/v1/admin/test-clock', { token: t.admin, body: { now } });
    expect(res.status).toBe(200);
  };
  const create = (body: Record<string, unknown>) => createCaseAs(h, t.admin, body);
  /** Every page of the list, `limit` at a time, following nextCursor. */
  const pages = async (token: string, filters: string, limit: number, sla = 'DUE_SOON'): Promise<string[]> => {
    const ids: string[] = [];
    for (let cursor: string | null = null, n = 0; ; n++) {
      if (n > 400) throw new Error('too many pages');
      const query = `/v1/cases?sla=${sla}${filters}&limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const res = await h.request('GET', query, { token });
      expect(res.status).toBe(200);
      ids.push(...(res.body.items as { id: string }[]).map((c) => c.id));
      cursor = res.body.nextCursor as string | null;
      if (cursor === null) return ids;
    }
  };
  /** The cases due soon at `now` that match `where` (SQL on cases, $3… its values), in the list's order. */
  const dueSoonInSql = async (now: string, where = 'true', values: unknown[] = []) => {
    const soon = dueSoonThreshold(await h.app.get(CalendarService).calendar(), new Date(now));
    return withDb(h.databaseUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT id FROM cases WHERE "nextDueAt" > $1 AND "nextDueAt" <= $2 AND ${where} ORDER BY "createdAt" DESC, seq DESC`,
        [now, soon, ...values],
      );
      return rows.map((r: { id: string }) => r.id);
    });
  };
  /** Every reader's list equals its query in SQL, whole pages and small ones. Returns the admin's. */
  const expectExact = async (now: string) => {
    const all = await dueSoonInSql(now);
    expect(await pages(t.admin, '', 100)).toEqual(all);
    expect(await pages(t.admin, '', 1)).toEqual(all);
    expect(await pages(t.admin, '', 3)).toEqual(all);
    expect(await pages(t.admin, '&kind=REFUND', 1)).toEqual(await dueSoonInSql(now, `kind = 'REFUND'`));
    expect(await pages(t.admin, '&agency=360100&side=incoming', 2)).toEqual(await dueSoonInSql(now, `kind = 'TRANSFER' AND "toRegion" = '360100'`));
    const province = `("fromRegion" LIKE '44%' OR "toRegion" LIKE '44%' OR region LIKE '44%')`;
    expect(await pages(t.supervisor, '', 2)).toEqual(await dueSoonInSql(now, province));
    expect(await pages(t.supervisor, '&side=outgoing', 100)).toEqual(await dueSoonInSql(now, `kind = 'TRANSFER' AND "fromProvince" = '44'`));
    expect(await pages(t.origin, '', 2)).toEqual(await dueSoonInSql(now, `($3 IN ("fromRegion", "toRegion", region))`, ['440500']));
    expect(await pages(t.admin, '&agency=360100', 100)).toEqual(await dueSoonInSql(now, `($3 IN ("fromRegion", "toRegion", region))`, ['360100']));
    expect(await pages(t.admin, '&agency=440100&kind=REFUND', 1)).toEqual(await dueSoonInSql(now, `kind = 'REFUND' AND region = '440100'`));
    expect(await pages(t.stranger, '', 100)).toEqual([]);
    return all;
  };
  const dueDates = (ids: string[]) =>
    withDb(h.databaseUrl, async (db) => {
      const { rows } = await db.query(`SELECT "nextDueAt" FROM cases WHERE id = ANY($1::uuid[])`, [ids]);
      return rows.map((r: { nextDueAt: Date }) => r.nextDueAt.getTime());
    });
  const setDue = (ids: string[], due: (i: number) => string, overdue = false) =>
    withDb(h.databaseUrl, async (db) => {
      for (const [i, id] of ids.entries()) await db.query(`UPDATE cases SET "nextDueAt" = $2, overdue = $3 WHERE id = $1`, [id, due(i), overdue]);
    });

  it('is exact for every reader, page size and filter, as the due instants come and go', async () => {
    // Cases of several kinds, agencies and days: a few different due instants.
    const ids: string[] = [];
    for (const [day, bodies] of [
      ['2027-03-01', [transferBody(), refundBody({ region: '440100' }), transferBody({ fromRegion: '110100', toRegion: '440500' })]],
      ['2027-03-02', [refundBody(), transferBody({ toRegion: '440100' })]],
      ['2027-03-03', [transferBody(), transferBody({ fromRegion: '360100', toRegion: '110100' }), refundBody({ region: '440500' })]],
      ['2027-03-04', [transferBody(), refundBody({ region: '110100' })]],
    ] as const) {
      await at(`${day}T02:00:00.000Z`);
      for (const body of bodies) ids.push(await create(body));
    }
    const due = [...new Set(await dueDates(ids))].sort((a, b) => a - b);
    expect(due.length).toBeGreaterThan(2);
    // An hour before each due instant, and just after it: the window moves over the instants.
    let seen = 0;
    for (const instant of due) {
      for (const now of [new Date(instant - 3_600_000).toISOString(), new Date(instant + 1).toISOString()]) {
        await at(now);
        seen = Math.max(seen, (await expectExact(now)).length);
      }
    }
    // The windows held several cases at once (so several instants, merged).
    expect(seen).toBeGreaterThan(3);

    // No sweep has run in this test's database: sla=OVERDUE reads every case due so far as crossed
    // since (unflagged), from the same index, one range per due instant.
    const overdueInSql = (now: string, where = 'true', values: unknown[] = []) =>
      withDb(h.databaseUrl, async (db) => {
        const { rows } = await db.query(`SELECT id FROM cases WHERE "nextDueAt" <= $1 AND ${where} ORDER BY "createdAt" DESC, seq DESC`, [now, ...values]);
        return rows.map((r: { id: string }) => r.id);
      });
    const late = new Date(due[due.length - 1] + 1).toISOString();
    await at(late);
    const overdue = await overdueInSql(late);
    expect(overdue.length).toBe(ids.length);
    expect(await pages(t.admin, '', 2, 'OVERDUE')).toEqual(overdue);
    expect(await pages(t.origin, '', 1, 'OVERDUE')).toEqual(await overdueInSql(late, `($2 IN ("fromRegion", "toRegion", region))`, ['440500']));
    expect(await pages(t.supervisor, '&kind=REFUND', 1, 'OVERDUE')).toEqual(
      await overdueInSql(late, `kind = 'REFUND' AND ($2 IN (left("fromRegion", 2), left("toRegion", 2), left(region, 2)))`, ['44']),
    );
  });

  it('takes more of the prefix when the filter keeps few, and walks the list past its prefixes', async () => {
    await at('2027-04-05T02:00:00.000Z');
    const refunds = [await create(refundBody({ region: '440500' })), await create(refundBody({ region: '440500' }))];
    await at('2027-04-06T02:00:00.000Z');
    const transfers: string[] = [];
    for (let batch = 0; batch < 24; batch++) {
      transfers.push(...(await Promise.all(Array.from({ length: 10 }, () => create(transferBody())))));
    }
    const now = '2027-04-12T02:00:00.000Z';
    await at(now);
    // All due soon at one instant: the newest 240 are transfers, the 2 refunds come after them.
    await setDue([...refunds, ...transfers], () => '2027-04-13T16:00:00.000Z');
    const refundsOnly = await dueSoonInSql(now, `kind = 'REFUND'`);
    expect(refundsOnly).toEqual([...refunds].reverse());
    // One at a time (3 keys a page, prefixes of 3, 30 and 300): the refunds are past the 30 transfers.
    expect(await pages(t.admin, '&kind=REFUND', 2)).toEqual(refundsOnly);
    // A page of 1 (prefixes of 2, 20, 200): past all of them, the list's own walk finds the refunds.
    expect(await pages(t.admin, '&kind=REFUND', 1)).toEqual(refundsOnly);
    expect(await pages(t.supervisor, '&kind=REFUND', 1)).toEqual(refundsOnly);
    // The same through one agency's index (the clerk's cases: the transfers' origin, the refunds' region).
    expect(await pages(t.origin, '&kind=REFUND', 2)).toEqual(refundsOnly);
    expect(await pages(t.origin, '&kind=REFUND', 1)).toEqual(refundsOnly);
    const all = await dueSoonInSql(now);
    expect(all).toHaveLength(242);
    expect(await pages(t.admin, '', 100)).toEqual(all);
    expect(await pages(t.admin, '&kind=TRANSFER', 7)).toEqual(await dueSoonInSql(now, `kind = 'TRANSFER'`));
  });

  it('walks the list when the range holds more due instants than it merges, and lists a case flagged overdue early', async () => {
    await at('2027-05-10T02:00:00.000Z');
    const ids = await Promise.all(Array.from({ length: 40 }, () => create(transferBody())));
    const now = '2027-05-10T03:00:00.000Z';
    // Forty distinct instants within the next working day.
    await setDue(ids, (i) => new Date(Date.parse('2027-05-10T04:00:00.000Z') + i * 60_000).toISOString());
    expect(await expectExact(now)).toHaveLength(40);
    // Back to one instant, three of them flagged overdue where they cannot be yet (as after the test
    // clock moved back): listed by their due date all the same, in order with the others.
    await setDue(ids, () => '2027-05-11T16:00:00.000Z');
    await setDue(ids.slice(10, 13), () => '2027-05-11T16:00:00.000Z', true);
    expect(await expectExact(now)).toHaveLength(40);
  });
});
