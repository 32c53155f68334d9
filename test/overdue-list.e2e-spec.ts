import { SlaSweeper } from '@case-desk/jobs';
import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { eventually } from './support/eventually';
import { createCaseAs } from './support/cases';
import { refundBody, transferBody } from './support/factories';

/**
 * `GET /v1/cases?sla=OVERDUE` reads the cases flagged overdue (`cases.overdue`, set by every write of
 * nextDueAt and by the SLA sweep) plus the unflagged ones that crossed their due date since the last
 * sweep. Whatever the flags say, the answer is exactly the cases with nextDueAt <= now, newest first,
 * with the same cursors: each step below compares the list with that query run in SQL. Each test has an
 * API and a worker of its own (own database), and runs the sweep itself at the instants it chooses.
 */
describe('sla=OVERDUE list (e2e)', () => {
  let h: Harness;
  const t: Record<string, string> = {};

  beforeEach(async () => {
    // The scheduled sweep runs once at the start and then not within the test: the test sweeps itself.
    h = await startApi({ env: { TEST_CLOCK: 'enabled', SLA_SWEEP_EVERY_SECONDS: '3600' }, worker: true });
    t.origin = await h.userToken('CLERK', '440500');
    t.stranger = await h.userToken('CLERK', '110100');
    t.admin = h.adminToken;
    // The worker's first scheduled sweep, done before the test starts moving the clock.
    await eventually(
      () => withDb(h.databaseUrl, async (db) => ((await db.query(`SELECT 1 FROM sweep_status`)).rowCount ? true : null)),
      20_000,
      'the first scheduled sweep',
    );
    await at('2027-03-01T01:00:00.000Z');
  });
  afterEach(() => h.close());

  const at = async (now: string) => {
    const res = await h.request('PUT', '/v1/admin/test-clock', { token: t.admin, body: { now } });
    expect(res.status).toBe(200);
  };
  const sweepAt = async (now: string) => {
    await at(now);
    return h.worker!.get(SlaSweeper).run(new Date(now));
  };
  const create = (body: Record<string, unknown>) => createCaseAs(h, t.admin, body);
  const act = async (id: string, token: string, body: Record<string, unknown>) => {
    const res = await h.request('POST', `/v1/cases/${id}/transitions`, { token, body });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  /** Every page of the list, `limit` at a time, following nextCursor. */
  const pages = async (token: string, limit: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let cursor: string | null = null, n = 0; ; n++) {
      if (n > 50) throw new Error('too many pages');
      const query = `/v1/cases?sla=OVERDUE&limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const res = await h.request('GET', query, { token });
      expect(res.status).toBe(200);
      ids.push(...(res.body.items as { id: string }[]).map((c) => c.id));
      cursor = res.body.nextCursor as string | null;
      if (cursor === null) return ids;
    }
  };
  /** The cases due at or before `now` (visible to agency `agency`, if given), in the list's order. */
  const dueInSql = (now: string, agency?: string) =>
    withDb(h.databaseUrl, async (db) => {
      const scope = agency === undefined ? '' : `AND ("fromRegion" = $2 OR "toRegion" = $2 OR region = $2)`;
      const { rows } = await db.query(`SELECT id FROM cases WHERE "nextDueAt" <= $1 ${scope} ORDER BY "createdAt" DESC, seq DESC`, [
        now,
        ...(agency === undefined ? [] : [agency]),
      ]);
      return rows.map((r: { id: string }) => r.id);
    });
  const row = (id: string) =>
    withDb(h.databaseUrl, async (db) => {
      const { rows } = await db.query(`SELECT "nextDueAt", overdue FROM cases WHERE id = $1`, [id]);
      return rows[0] as { nextDueAt: Date | null; overdue: boolean };
    });
  /** The list is exact for the admin (whole pages and one at a time), the origin clerk and a stranger. */
  const expectExact = async (now: string) => {
    const all = await dueInSql(now);
    expect(await pages(t.admin, 100)).toEqual(all);
    expect(await pages(t.admin, 1)).toEqual(all);
    expect(await pages(t.admin, 2)).toEqual(all);
    expect(await pages(t.origin, 1)).toEqual(await dueInSql(now, '440500'));
    expect(await pages(t.stranger, 100)).toEqual([]);
    return all;
  };
  const iso = (d: Date | null) => {
    if (d === null) throw new Error('no due date');
    return d.toISOString();
  };
  const after = (d: Date | null) => new Date(new Date(iso(d)).getTime() + 1).toISOString();

  it('is exact across crossings with no sweep since, sweeps, transitions and paging through both parts', async () => {
    // Four cases a day apart (the admin's refund is of another agency): due a day apart too.
    const ids: string[] = [];
    for (const [i, body] of [transferBody(), transferBody(), refundBody({ region: '360100' }), transferBody()].entries()) {
      await at(`2027-03-0${i + 1}T02:00:00.000Z`);
      ids.push(await create(body));
    }
    const [t1, t2, r3, t4] = ids;
    for (const id of ids) expect((await row(id)).overdue).toBe(false);
    expect(await expectExact('2027-03-04T02:00:00.000Z')).toEqual([]);

    // t1 and t2 cross their due dates; no sweep yet: found though unflagged.
    const d2 = (await row(t2)).nextDueAt;
    await at(after(d2));
    expect((await row(t1)).overdue).toBe(false);
    expect((await row(t2)).overdue).toBe(false);
    expect(await expectExact(after(d2))).toEqual([t2, t1]);

    // A sweep flags them; the same answer.
    const swept = await sweepAt(after(d2));
    expect(swept.flaggedOverdue).toBe(2);
    expect((await row(t1)).overdue).toBe(true);
    expect((await row(t2)).overdue).toBe(true);
    expect(await expectExact(after(d2))).toEqual([t2, t1]);

    // A transition that moves t1's nextDueAt later clears its flag: no longer listed.
    await act(t1, t.origin, { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1000.00' });
    const moved = await row(t1);
    expect(moved.overdue).toBe(false);
    expect(new Date(iso(moved.nextDueAt)).getTime()).toBeGreaterThan(new Date(after(d2)).getTime());
    expect(await expectExact(after(d2))).toEqual([t2]);

    // Later, with no sweep: t1 (again), r3 and t4 cross. Flagged t2 among unflagged others, in the
    // list's order, one page at a time.
    const latest = [moved.nextDueAt, (await row(r3)).nextDueAt, (await row(t4)).nextDueAt].map((d) => new Date(iso(d)).getTime());
    const later = new Date(Math.max(...latest) + 1).toISOString();
    await at(later);
    expect([(await row(t1)).overdue, (await row(t2)).overdue, (await row(r3)).overdue, (await row(t4)).overdue]).toEqual([false, true, false, false]);
    expect(await expectExact(later)).toEqual([t4, r3, t2, t1]);

    // A sweep flags the three; the same answer.
    expect((await sweepAt(later)).flaggedOverdue).toBe(3);
    expect(await expectExact(later)).toEqual([t4, r3, t2, t1]);

    // Paused for materials: no running clock, no due date, no flag.
    await act(t4, t.origin, { action: 'request-materials', materials: ['ID_CARD'] });
    expect(await row(t4)).toEqual({ nextDueAt: null, overdue: false });
    expect(await expectExact(later)).toEqual([r3, t2, t1]);

    // The flagged t2 approved late: its next due date is days away, its flag cleared by the transition.
    await act(t2, t.origin, { action: 'approve-outgoing', contributionMonths: 12, balanceAmount: '10.00' });
    expect((await row(t2)).overdue).toBe(false);
    expect(await expectExact(later)).toEqual([r3, t1]);
  });

  it('the clock moved back before the last sweep: a case written then is still listed once due', async () => {
    await sweepAt('2027-06-01T02:00:00.000Z');
    await at('2027-03-01T02:00:00.000Z');
    const id = await create(transferBody());
    const due = (await row(id)).nextDueAt;
    // Due before the last sweep's instant: flagged as of it (the sweep would have flagged it).
    expect((await row(id)).overdue).toBe(true);
    await at('2027-03-02T02:00:00.000Z');
    expect(await expectExact('2027-03-02T02:00:00.000Z')).toEqual([]);
    await at(after(due));
    expect(await expectExact(after(due))).toEqual([id]);
  });

  it('follows a calendar change: the recomputation writes the flag with the due date it moves', async () => {
    await at('2027-03-01T02:00:00.000Z');
    const id = await create(transferBody());
    const due = (await row(id)).nextDueAt;
    await at(after(due));
    await sweepAt(after(due));
    expect((await row(id)).overdue).toBe(true);
    expect(await expectExact(after(due))).toEqual([id]);

    // A holiday inside the window: due a working day later, no longer due (nor flagged).
    const put = await h.request('PUT', '/v1/calendar/days/2027-03-03', { token: t.admin, body: { type: 'HOLIDAY', name: '测试停办' } });
    expect(put.status).toBe(200);
    await eventually(async () => ((await row(id)).overdue ? null : true), 10_000, 'the recomputation to move the due date later');
    expect(new Date(iso((await row(id)).nextDueAt)).getTime()).toBeGreaterThan(new Date(after(due)).getTime());
    expect(await expectExact(after(due))).toEqual([]);

    // Removed again: due where it was, flagged by the recomputation itself (no sweep since).
    expect((await h.request('DELETE', '/v1/calendar/days/2027-03-03', { token: t.admin })).status).toBe(204);
    await eventually(async () => ((await row(id)).overdue ? true : null), 10_000, 'the recomputation to move the due date back');
    expect(iso((await row(id)).nextDueAt)).toBe(iso(due));
    expect(await expectExact(after(due))).toEqual([id]);
  });

  it('flagging a case overdue is not announced as a change to it (its cached public status stays); other changes are', async () => {
    const flagged = await create(transferBody());
    const changed = await create(transferBody());
    await withDb(h.databaseUrl, async (db) => {
      const heard: string[] = [];
      // "<caseNo> <agency>…" (migration case_change_notify_agencies): the caseNo is the first word.
      db.on('notification', (n) => heard.push((n.payload ?? '').split(' ')[0]));
      await db.query('LISTEN case_changed');
      const caseNo = async (id: string) => (await db.query(`SELECT "caseNo" FROM cases WHERE id = $1`, [id])).rows[0].caseNo as string;
      const [a, b] = [await caseNo(flagged), await caseNo(changed)];
      await db.query(`UPDATE cases SET overdue = NOT overdue WHERE id = $1`, [flagged]);
      await db.query(`UPDATE cases SET "nextDueAt" = "nextDueAt" + interval '1 day' WHERE id = $1`, [changed]);
      // Notifications come in commit order: once the second change is heard, the first would have been.
      await eventually(() => (heard.includes(b) ? true : null), 5_000, 'the change of the due date to be announced');
      expect(heard).not.toContain(a);
      await db.query(`UPDATE cases SET "nextDueAt" = "nextDueAt" + interval '1 day', overdue = NOT overdue WHERE id = $1`, [flagged]);
      await eventually(() => (heard.includes(a) ? true : null), 5_000, 'a change of the due date and the flag to be announced');
    });
  });
});
