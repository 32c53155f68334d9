import { CASE_LIST_MAX_AGE_MS } from '@case-desk/cases';
import { USER_RECHECK_MS } from '@case-desk/users';
import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { eventually } from './support/eventually';
import { transferBody } from './support/factories';

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
   * Reads the queue, renames the case silently, reads it again: the page kept shows the old name.
   * The database's own notice of the case's creation may arrive after the first read and drop that
   * page, so this tries again (with another name) a few times. Returns the name now stored.
   */
  const renameUnseen = async (id: string, name: string): Promise<string> => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const shown = await nameOf(id);
      await renameSilently(id, `${name}${attempt}`);
      if ((await nameOf(id)) === shown) return `${name}${attempt}`;
    }
    throw new Error('no page was served from memory');
  };

  it('serves the same page again until PostgreSQL announces a change to any case, by any writer', async () => {
    const id = await create('张三');
    expect(await nameOf(id)).toBe('张三');
    // Kept: the unannounced change is not seen…
    const stored = await renameUnseen(id, '李四');
    // …until any case change is announced (here by hand, as a trigger does on every commit).
    await withDb(h.databaseUrl, (db) => db.query(`SELECT pg_notify('case_changed', 'ANY-OTHER-CASE')`));
    await eventually(async () => ((await nameOf(id)) === stored ? true : null), 10_000, 'the page dropped on the notice');
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

  it(`keeps no page older than ${CASE_LIST_MAX_AGE_MS} ms in real time`, async () => {
    await h.close();
    h = await startApi();
    clerk = await h.userToken('CLERK', '440500');
    const id = await create('张三');
    expect(await nameOf(id)).toBe('张三');
    await renameSilently(id, '李四');
    await eventually(async () => ((await nameOf(id)) === '李四' ? true : null), CASE_LIST_MAX_AGE_MS + 10_000, 'the page aged out');
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
