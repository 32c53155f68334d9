import { USER_RECHECK_MS } from '@case-desk/users';
import { Harness, startApi } from './support/api-harness';
import { changesHeard } from './support/change-feed';
import { withDb } from './support/db-inspect';
import { eventually } from './support/eventually';
import { refundBody, transferBody } from './support/factories';

interface Item {
  id: string;
  status: string;
  applicant: { name: string };
  sla: { stage: { state: string; dueAt: string } | null };
}

/**
 * Case-list pages are kept in each API process (CaseListCache) and served again to the same role of the
 * same agency until a case changes, time changes what they show, or the calendar changes. The clock
 * is frozen (TEST_CLOCK), so a kept page never ages out during a test: what the test sees comes from
 * the cache unless something dropped it.
 */
describe('case-list pages kept in memory (e2e)', () => {
  let h: Harness;
  let clerk: string;
  const queue = '/v1/cases?limit=50';

  beforeEach(async () => {
    h = await startApi({ env: { TEST_CLOCK: 'enabled' } });
    clerk = await h.userToken('CLERK', '440500');
    await at('2027-03-01T01:00:00.000Z');
  });
  afterEach(() => h.close());

  const at = async (now: string) => {
    expect((await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now } })).status).toBe(200);
  };
  const create = async (name: string): Promise<string> => {
    const body = transferBody();
    const res = await h.request('POST', '/v1/cases', { token: clerk, body: { ...body, applicant: { ...(body.applicant as object), name } } });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const items = async (token = clerk, path = queue): Promise<Item[]> => {
    const res = await h.request('GET', path, { token });
    expect(res.status).toBe(200);
    return res.body.items as Item[];
  };
  const nameOf = async (id: string) => (await items()).find((c) => c.id === id)?.applicant.name;
  /** A change no trigger announces (as if its notice were lost): only a dropped page shows it. */
  const renameSilently = (id: string, name: string) =>
    withDb(h.databaseUrl, async (db) => {
      await db.query(`SET session_replication_role = replica`);
      await db.query(`UPDATE cases SET "applicantName" = $2 WHERE id = $1`, [id, name]);
    });
  /**
   * Reads the queue, renames the case silently and reads it again: the page kept shows the old name.
   * Waits first until the API has heard the notices of what came before (the case's own creation,
   * whose notice would otherwise drop the page a moment later). Returns the name now stored.
   */
  const renameUnseen = async (id: string, name: string): Promise<string> => {
    await changesHeard(h.app);
    const shown = await nameOf(id);
    await renameSilently(id, name);
    expect(await nameOf(id)).toBe(shown);
    return name;
  };

  it('sends a page served again from memory as the same JSON, typed application/json', async () => {
    await create('王五');
    await changesHeard(h.app);
    const first = await h.request('GET', queue, { token: clerk });
    const again = await h.request('GET', queue, { token: clerk });
    for (const res of [first, again]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    expect(again.body).toEqual(first.body);
    expect(first.body.items.map((c: Item) => c.applicant.name)).toEqual(['王五']);
  });

  it('serves the same page again until PostgreSQL announces a change to a case of its agency, by any writer', async () => {
    const id = await create('张三');
    expect(await nameOf(id)).toBe('张三');
    // Kept: the unannounced change is not seen…
    const stored = await renameUnseen(id, '李四');
    // …nor after a change to a case of other agencies only…
    await changesHeard(h.app, ['110100', '320500']);
    expect(await nameOf(id)).toBe('张三');
    // …until a change to a case of 440500 is announced (here by hand, as the triggers do on every commit).
    await withDb(h.databaseUrl, (db) => db.query(`SELECT pg_notify('case_changed', 'TR9999 110100 440500')`));
    await eventually(async () => ((await nameOf(id)) === stored ? true : null), 10_000, 'the page dropped on the notice');
  });

  it("announces every change with the case's agencies after its caseNo, whoever wrote it", async () => {
    const id = await create('张三');
    const { caseNo } = (await h.request('GET', `/v1/cases/${id}`, { token: clerk })).body as { caseNo: string };
    const heard = await withDb(h.databaseUrl, async (db) => {
      const payloads: string[] = [];
      db.on('notification', (n) => payloads.push(n.payload ?? ''));
      await db.query('LISTEN case_changed');
      await db.query(`UPDATE cases SET "applicantName" = '李四' WHERE id = $1`, [id]);
      // Clock rows are announced once per statement and case (however many rows), on update and delete alike.
      await db.query(`UPDATE case_clocks SET "dueAt" = "dueAt" WHERE "caseId" = $1`, [id]);
      await db.query(`DELETE FROM case_clocks WHERE "caseId" = $1 AND clock = 'OUTGOING'`, [id]);
      await eventually(() => (payloads.length >= 3 ? true : null), 5_000, 'three notices');
      return payloads;
    });
    const transfer = transferBody() as { fromRegion: string; toRegion: string };
    expect(heard).toEqual(Array.from({ length: 3 }, () => `${caseNo} ${transfer.fromRegion} ${transfer.toRegion}`));
  });

  it("shows this process's own writes at once: a case registered, a transition", async () => {
    const first = await create('张三');
    expect((await items()).map((c) => c.id)).toEqual([first]);
    const second = await create('王五');
    expect((await items()).map((c) => c.id)).toEqual([second, first]);
    const res = await h.request('POST', `/v1/cases/${first}/transitions`, {
      token: clerk,
      body: { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1000.00' },
    });
    expect(res.status).toBe(200);
    expect((await items()).find((c) => c.id === first)?.status).toBe(res.body.status);
  });

  it('is not served once time changes what it shows: a clock falling due, a new day, the clock moved back', async () => {
    const id = await create('张三');
    const before = (await items())[0];
    expect(before.sla.stage?.state).toBe('ON_TRACK');
    const dueAt = before.sla.stage!.dueAt;
    const stored = await renameUnseen(id, '李四');

    // Past the due time: OVERDUE, read afresh (the silent rename shows too).
    await at(new Date(Date.parse(dueAt) + 1).toISOString());
    const overdue = (await items())[0];
    expect([overdue.sla.stage?.state, overdue.applicant.name]).toEqual(['OVERDUE', stored]);
    expect((await items(clerk, '/v1/cases?sla=OVERDUE')).map((c) => c.id)).toEqual([id]);

    // Back to the morning of registration: on track again, not the overdue page.
    await renameSilently(id, '王五');
    await at('2027-03-01T01:00:00.000Z');
    expect((await items())[0].sla.stage?.state).toBe('ON_TRACK');
    expect((await items())[0].applicant.name).toBe('王五');

    // The next morning (a new Shanghai day, nothing due): read afresh.
    await renameSilently(id, '赵六');
    await at('2027-03-02T01:00:00.000Z');
    expect((await items())[0].applicant.name).toBe('赵六');
  });

  it('is kept per role and agency: another agency and a supervisor get their own pages', async () => {
    const id = await create('张三');
    const stranger = await h.userToken('CLERK', '110100');
    const supervisor = await h.userToken('SUPERVISOR', '440000');
    expect(await items()).toHaveLength(1);
    expect(await items(stranger)).toEqual([]);
    expect((await items(supervisor)).map((c) => c.id)).toEqual([id]);
    expect((await items(supervisor, '/v1/cases?limit=50&side=outgoing')).map((c) => c.id)).toEqual([id]);
  });

  it("a change made through another API process drops this one's pages of that case's agencies, and only those", async () => {
    // Real time here: each process would have its own test clock.
    await h.close();
    h = await startApi();
    clerk = await h.userToken('CLERK', '440500');
    const elsewhere = await h.userToken('CLERK', '110100');
    const other = await startApi({ databaseUrl: h.databaseUrl });
    try {
      const transfer = await create('张三');
      const refund = await h.request('POST', '/v1/cases', { token: h.adminToken, body: refundBody({ region: '110100' }) });
      expect(refund.status).toBe(201);
      const refundName = async () => (await items(elsewhere)).find((c) => c.id === refund.body.id)?.applicant.name;
      await changesHeard(h.app);
      expect(await nameOf(transfer)).toBe('张三');
      expect(await refundName()).toBe('李四');
      await renameSilently(transfer, '王五');
      await renameSilently(refund.body.id as string, '赵六');
      expect([await nameOf(transfer), await refundName()]).toEqual(['张三', '李四']);

      const res = await other.request('POST', `/v1/cases/${transfer}/transitions`, {
        token: clerk,
        body: { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1000.00' },
      });
      expect(res.status).toBe(200);
      // 440500's page goes when this process hears the transition (the silent rename shows with it)…
      await eventually(
        async () => ((await items()).find((c) => c.id === transfer)?.status === res.body.status ? true : null),
        10_000,
        'the other process\'s transition heard',
      );
      expect(await nameOf(transfer)).toBe('王五');
      // …110100's stays: the transition was not one of its cases.
      expect(await refundName()).toBe('李四');
    } finally {
      await other.close();
    }
  });

  it('keeps nothing with CASE_LIST_CACHE_ENTRIES=0', async () => {
    await h.close();
    h = await startApi({ env: { TEST_CLOCK: 'enabled', CASE_LIST_CACHE_ENTRIES: '0' } });
    clerk = await h.userToken('CLERK', '440500');
    await at('2027-03-01T01:00:00.000Z');
    const id = await create('张三');
    expect(await nameOf(id)).toBe('张三');
    await renameSilently(id, '李四');
    expect(await nameOf(id)).toBe('李四');
  });

  it(`reads the caller's user again within ${USER_RECHECK_MS} ms: a clerk moved to another agency loses the old cases`, async () => {
    const id = await create('张三');
    expect((await h.request('GET', `/v1/cases/${id}`, { token: clerk })).status).toBe(200);
    const userId = JSON.parse(Buffer.from(clerk.split('.')[1], 'base64url').toString()).sub as string;
    await withDb(h.databaseUrl, (db) => db.query(`UPDATE users SET agency = '110100' WHERE id = $1`, [userId]));
    await eventually(
      async () => ((await h.request('GET', `/v1/cases/${id}`, { token: clerk })).status === 404 ? true : null),
      USER_RECHECK_MS + 10_000,
      'the new agency in force',
    );
    expect(await items()).toEqual([]);
  });
});
