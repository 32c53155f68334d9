import { Harness, startApi } from './support/api-harness';
import { dueMirrorMismatches, withDb } from './support/db-inspect';
import { createCaseAs } from './support/cases';
import { refundBody, transferBody } from './support/factories';

/**
 * One agency's or one province's list of one status (`sla=PAUSED`, `status=`: a clerk's own, `agency=`,
 * a supervisor's whole province) reads its cases in the list's order from case_agency_due's status
 * indexes, filters growing prefixes of them by the rest of the query, and walks the list's order past
 * its prefixes. A case with two agencies of one province is in that province's ranges twice and listed
 * once. Whatever the way, the answer is exactly the query in SQL, newest first, with the same cursors.
 */
describe('lists of one status (e2e)', () => {
  let h: Harness;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    // Every request reads the database (pages are not kept): the lists themselves are under test.
    h = await startApi({ env: { CASE_LIST_CACHE_ENTRIES: '0' } });
    t.admin = h.adminToken;
    t.supervisor = await h.userToken('SUPERVISOR', '440100');
    t.origin = await h.userToken('CLERK', '440500');
    t.destination = await h.userToken('CLERK', '440100');
    t.stranger = await h.userToken('CLERK', '510100');
  });
  afterAll(() => h.close());

  const create = (body: Record<string, unknown>) => createCaseAs(h, t.admin, body);
  const act = async (id: string, token: string, body: Record<string, unknown>) => {
    const res = await h.request('POST', `/v1/cases/${id}/transitions`, { token, body });
    if (res.status !== 200) throw new Error(`${body.action} on ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  /** Every page of the list, `limit` at a time, following nextCursor. */
  const pages = async (token: string, filters: string, limit: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let cursor: string | null = null, n = 0; ; n++) {
      if (n > 400) throw new Error('too many pages');
      const res = await h.request('GET', `/v1/cases?limit=${limit}${filters}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, { token });
      expect(res.status).toBe(200);
      ids.push(...(res.body.items as { id: string }[]).map((c) => c.id));
      cursor = res.body.nextCursor as string | null;
      if (cursor === null) return ids;
    }
  };
  /** The cases matching `where` (SQL on cases, $1… its values), in the list's order. */
  const inSql = (where: string, values: unknown[] = []) =>
    withDb(h.databaseUrl, async (db) => {
      const { rows } = await db.query(`SELECT id FROM cases WHERE ${where} ORDER BY "createdAt" DESC, seq DESC`, values);
      return rows.map((r: { id: string }) => r.id);
    });
  const ofAgency = (agency: string) => `('${agency}' IN ("fromRegion", "toRegion", region))`;
  const ofProvince = (province: string) => `('${province}' IN (left("fromRegion", 2), left("toRegion", 2), left(region, 2)))`;
  const setStatus = (ids: string[], status: string) =>
    withDb(h.databaseUrl, async (db) => {
      await db.query(`UPDATE cases SET status = $2::"CaseStatus" WHERE id = ANY($1::uuid[])`, [ids, status]);
    });

  it('is exact for every reader, page size and filter, and follows each status change', async () => {
    const ids: string[] = [];
    for (const body of [
      transferBody(),
      transferBody({ toRegion: '440100' }), // two agencies of province 44: once in the supervisor's list
      refundBody({ region: '440100' }),
      transferBody({ fromRegion: '110100', toRegion: '440500' }),
      refundBody({ region: '440500' }),
      transferBody({ fromRegion: '360100', toRegion: '110100' }),
      transferBody({ toRegion: '440100' }),
      refundBody(),
      transferBody(),
      refundBody({ region: '440500' }),
    ]) {
      ids.push(await create(body));
    }
    // Through the API: the origin asks for materials on three of its four transfers and approves the
    // other (this test's cases only: the tests run in any order).
    const mine = `id = ANY('{${ids.join(',')}}'::uuid[])`;
    const origin = await inSql(`"fromRegion" = '440500' AND ${mine}`);
    for (const id of origin.slice(0, 3)) await act(id, t.origin, { action: 'request-materials', materials: ['ID_CARD'] });
    for (const id of origin.slice(3)) await act(id, t.origin, { action: 'approve-outgoing', contributionMonths: 24, balanceAmount: '100.00' });
    // The refund agency 440500 asks for materials too.
    const [refund] = await inSql(`region = '440500' AND ${mine}`);
    await act(refund, t.origin, { action: 'request-materials', materials: ['ID_CARD'] });

    const expectExact = async () => {
      expect(await withDb(h.databaseUrl, dueMirrorMismatches)).toEqual({ cases: expect.any(Number), due: 0, agencyDue: 0 });
      const paused = `status = 'SUPPLEMENT_REQUIRED'`;
      for (const limit of [1, 2, 100]) {
        expect(await pages(t.origin, '&sla=PAUSED', limit)).toEqual(await inSql(`${paused} AND ${ofAgency('440500')}`));
        expect(await pages(t.supervisor, '&sla=PAUSED', limit)).toEqual(await inSql(`${paused} AND ${ofProvince('44')}`));
        expect(await pages(t.supervisor, '&status=SUBMITTED', limit)).toEqual(await inSql(`status = 'SUBMITTED' AND ${ofProvince('44')}`));
      }
      expect(await pages(t.destination, '&status=SUBMITTED', 1)).toEqual(await inSql(`status = 'SUBMITTED' AND ${ofAgency('440100')}`));
      expect(await pages(t.destination, '&status=OUTGOING_APPROVED', 2)).toEqual(await inSql(`status = 'OUTGOING_APPROVED' AND ${ofAgency('440100')}`));
      expect(await pages(t.origin, '&sla=PAUSED&kind=REFUND', 1)).toEqual(await inSql(`${paused} AND kind = 'REFUND' AND region = '440500'`));
      expect(await pages(t.origin, '&status=SUPPLEMENT_REQUIRED&sla=PAUSED', 2)).toEqual(await inSql(`${paused} AND ${ofAgency('440500')}`));
      // A status and sla=PAUSED that exclude each other: nothing.
      expect(await pages(t.origin, '&status=SUBMITTED&sla=PAUSED', 2)).toEqual([]);
      expect(await pages(t.admin, '&agency=440100&status=SUBMITTED', 1)).toEqual(await inSql(`status = 'SUBMITTED' AND ${ofAgency('440100')}`));
      expect(await pages(t.supervisor, '&sla=PAUSED&side=outgoing', 1)).toEqual(await inSql(`${paused} AND kind = 'TRANSFER' AND "fromProvince" = '44'`));
      expect(await pages(t.stranger, '&sla=PAUSED', 100)).toEqual([]);
      expect(await pages(t.stranger, '&status=SUBMITTED', 100)).toEqual([]);
    };
    await expectExact();
    const pausedOfMine = () => inSql(`status = 'SUPPLEMENT_REQUIRED' AND ${ofProvince('44')} AND ${mine}`);
    expect(await pausedOfMine()).toEqual([ids[9], ids[8], ids[6], ids[1]]);

    // The applicant brings the materials: back to SUBMITTED, off the paused list.
    await act(origin[0], t.origin, { action: 'resume' });
    // Written by hand (no transition): the mirror follows the status all the same.
    await setStatus([ids[0]], 'SUPPLEMENT_REQUIRED');
    await expectExact();
    expect(await pausedOfMine()).toEqual([ids[9], ids[6], ids[1], ids[0]]);
  });

  it('takes more of the prefix when the filter keeps few, and walks the list past its prefixes', async () => {
    const refunds = [await create(refundBody({ region: '440500' })), await create(refundBody({ region: '440500' }))];
    const transfers: string[] = [];
    for (let batch = 0; batch < 24; batch++) {
      transfers.push(...(await Promise.all(Array.from({ length: 10 }, () => create(transferBody())))));
    }
    await setStatus([...refunds, ...transfers], 'SUPPLEMENT_REQUIRED');
    // The newest 240 paused cases of 440500 are transfers; its 2 paused refunds come after them.
    const refundsOnly = await inSql(`status = 'SUPPLEMENT_REQUIRED' AND kind = 'REFUND' AND region = '440500'`);
    expect(refundsOnly.slice(0, 2)).toEqual([...refunds].reverse());
    // Pages of 2 (prefixes of 3, 30 and 300 keys): the refunds are past the 240 transfers.
    expect(await pages(t.origin, '&sla=PAUSED&kind=REFUND', 2)).toEqual(refundsOnly);
    // Pages of 1 (prefixes of 2, 20 and 200): past all of them, the list's own walk finds the refunds.
    expect(await pages(t.origin, '&sla=PAUSED&kind=REFUND', 1)).toEqual(refundsOnly);
    expect(await pages(t.supervisor, '&sla=PAUSED&kind=REFUND', 1)).toEqual(await inSql(`status = 'SUPPLEMENT_REQUIRED' AND kind = 'REFUND' AND ${ofProvince('44')}`));
    const all = await inSql(`status = 'SUPPLEMENT_REQUIRED' AND ${ofAgency('440500')}`);
    expect(all.length).toBeGreaterThan(240);
    expect(await pages(t.origin, '&sla=PAUSED', 100)).toEqual(all);
    expect(await pages(t.supervisor, '&sla=PAUSED', 7)).toEqual(await inSql(`status = 'SUPPLEMENT_REQUIRED' AND ${ofProvince('44')}`));
  });
});
