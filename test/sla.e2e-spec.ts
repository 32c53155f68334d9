import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '@case-desk/core';
import { Harness, startApi } from './support/api-harness';
import { dueMirrorMismatches, withDb } from './support/db-inspect';
import { eventually } from './support/eventually';
import { refundBody, transferBody } from './support/factories';

/**
 * SLA clocks through the API, with the shared test clock (API.md: Working-day SLAs, Testing time).
 * The worker runs too: a calendar change moves due dates through its job.
 */
describe('SLA clocks (e2e)', () => {
  let h: Harness;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    h = await startApi({ env: { TEST_CLOCK: 'enabled' }, worker: true });
    t.origin = await h.userToken('CLERK', '440500');
    t.destination = await h.userToken('CLERK', '360100');
    t.refund = await h.userToken('CLERK', '360100');
    t.admin = h.adminToken;
  });
  afterAll(() => h.close());

  const at = async (now: string) => {
    const res = await h.request('PUT', '/v1/admin/test-clock', { token: t.admin, body: { now } });
    expect(res.status).toBe(200);
  };
  const create = async (body: Record<string, unknown>) => {
    const res = await h.request('POST', '/v1/cases', { token: t.admin, body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  const get = async (id: string) => (await h.request('GET', `/v1/cases/${id}`, { token: t.admin })).body;
  const act = async (id: string, token: string, body: Record<string, unknown>) => {
    const res = await h.request('POST', `/v1/cases/${id}/transitions`, { token, body });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  const listed = async (query: string) =>
    ((await h.request('GET', `/v1/cases?${query}&limit=100`, { token: t.admin })).body.items as { id: string }[]).map((c) => c.id);

  it("starts a transfer's OUTGOING and overall clocks at submission (API.md example)", async () => {
    await at('2026-11-23T02:00:00.000Z'); // Monday 10:00 in Shanghai
    const c = await create(transferBody());
    expect(c.sla).toEqual({
      stage: {
        name: 'OUTGOING',
        startedAt: '2026-11-23T02:00:00.000Z',
        dueAt: '2026-12-07T16:00:00.000Z',
        state: 'ON_TRACK',
        workingDaysRemaining: 11, // today counts for what is left: Nov 23 … Dec 7
        calendarConfirmed: true,
      },
      overall: {
        startedAt: '2026-11-23T02:00:00.000Z',
        dueAt: '2026-12-14T16:00:00.000Z',
        state: 'ON_TRACK',
        workingDaysRemaining: 16,
        calendarConfirmed: true,
        completedAt: null,
      },
    });
    expect((await get(c.id)).sla).toEqual(c.sla);
  });

  it('crosses the holidays of the 2026 National Day (2026-09-29 + 5 → end of 2026-10-12)', async () => {
    await at('2026-09-29T01:00:00.000Z');
    const c = await create(refundBody({ region: '360100', periodFrom: '2021-01', periodTo: '2021-02' }));
    expect(c.sla.stage).toMatchObject({ name: 'REVIEW' });
    const review = await create(transferBody({ applicant: { name: '周九', idNumber: '350102198511120034' } }));
    // 10 working days: Sep 30, Oct 8, 9, 10 (makeup Saturday), 12, 13, 14, 15, 16, 19.
    expect(review.sla.stage.dueAt).toBe('2026-10-19T16:00:00.000Z');
    // The 5-day PAYMENT clock of a refund approved that day.
    await at('2026-09-29T03:00:00.000Z');
    const approved = await act(c.id, t.refund, { action: 'approve-refund', approvedAmount: '100.00' });
    expect(approved.sla.stage).toMatchObject({ name: 'PAYMENT', dueAt: '2026-10-12T16:00:00.000Z', state: 'ON_TRACK' });

    const explained = await h.request('GET', `/v1/cases/${c.id}/sla`, { token: t.admin });
    expect(explained.status).toBe(200);
    const payment = explained.body.clocks.find((x: { clock: string }) => x.clock === 'PAYMENT');
    expect(payment.countedDays).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']);
    expect(payment.skippedDays).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ date: '2026-10-01', reason: 'HOLIDAY', name: '国庆节' }),
        expect.objectContaining({ date: '2026-10-07', reason: 'HOLIDAY', name: '国庆节' }),
        expect.objectContaining({ date: '2026-10-11', reason: 'WEEKEND' }),
      ]),
    );
  });

  it('is DUE_SOON with two working days left and OVERDUE from the due instant; the list filters by it', async () => {
    await at('2026-11-23T02:00:00.000Z');
    const c = await create(transferBody({ applicant: { name: '吴十', idNumber: '440524198001010013' } }));

    await at('2026-12-03T02:00:00.000Z'); // Thursday: Dec 3, 4, 7 left
    expect((await get(c.id)).sla.stage).toMatchObject({ state: 'ON_TRACK', workingDaysRemaining: 3 });
    expect(await listed('sla=ON_TRACK')).toContain(c.id);
    expect(await listed('sla=DUE_SOON')).not.toContain(c.id);

    await at('2026-12-04T02:00:00.000Z'); // Friday: Dec 4 and 7 left
    expect((await get(c.id)).sla.stage).toMatchObject({ state: 'DUE_SOON', workingDaysRemaining: 2 });
    expect(await listed('sla=DUE_SOON')).toContain(c.id);
    expect(await listed('sla=ON_TRACK')).not.toContain(c.id);

    await at('2026-12-07T15:59:59.999Z');
    expect((await get(c.id)).sla.stage.state).toBe('DUE_SOON');
    await at('2026-12-07T16:00:00.000Z');
    expect((await get(c.id)).sla.stage).toMatchObject({ state: 'OVERDUE', workingDaysRemaining: 0 });
    expect(await listed('sla=OVERDUE')).toContain(c.id);
    expect(await listed('sla=DUE_SOON')).not.toContain(c.id);

    // Approved late: OUTGOING is MISSED, INCOMING (5 days) starts.
    await at('2026-12-08T02:00:00.000Z');
    const approved = await act(c.id, t.origin, { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1000.00' });
    expect(approved.sla.stage).toMatchObject({ name: 'INCOMING', startedAt: '2026-12-08T02:00:00.000Z', dueAt: '2026-12-15T16:00:00.000Z' });
    const explained = await h.request('GET', `/v1/cases/${c.id}/sla`, { token: t.admin });
    expect(explained.body.clocks.find((x: { clock: string }) => x.clock === 'OUTGOING')).toMatchObject({ state: 'MISSED' });
  });

  it('pauses both clocks for materials and resumes with the working days that were left', async () => {
    await at('2026-11-23T02:00:00.000Z');
    const c = await create(transferBody({ applicant: { name: '郑十一', idNumber: '11010519491231002X' }, fromRegion: '440500', toRegion: '360100' }));
    // Paused on Tuesday Dec 1: OUTGOING (due Dec 7) has Dec 2, 3, 4, 7 = 4 working days left.
    await at('2026-12-01T02:00:00.000Z');
    const paused = await act(c.id, t.origin, { action: 'request-materials', materials: ['ID_CARD'] });
    expect(paused.sla.stage).toMatchObject({ name: 'OUTGOING', state: 'PAUSED', workingDaysRemaining: 4 });
    expect(paused.sla.overall.state).toBe('PAUSED');
    expect(await listed('sla=PAUSED')).toContain(c.id);
    expect(await listed('sla=OVERDUE')).not.toContain(c.id);

    // Long after its old due date, still paused: nothing is overdue.
    await at('2026-12-21T02:00:00.000Z');
    expect((await get(c.id)).sla.stage.state).toBe('PAUSED');

    // Resumed Monday Dec 21: 4 working days after it → Dec 25 (Friday).
    const resumed = await act(c.id, t.origin, { action: 'resume' });
    expect(resumed.sla.stage).toMatchObject({ name: 'OUTGOING', dueAt: '2026-12-25T16:00:00.000Z', state: 'ON_TRACK' });
    // Overall was due Dec 14: 9 working days left after Dec 1 (Dec 2–4, 7–11, 14) → 9 after Dec 21 = Jan 4 2027?
    // Jan 1 2027 is unconfirmed data-wise, so weekdays count: Dec 22–25 (4), 28–31 (4), Jan 1 (1) → 2027-01-01.
    expect(resumed.sla.overall).toMatchObject({ dueAt: '2027-01-01T16:00:00.000Z', state: 'ON_TRACK', calendarConfirmed: false });
    const explained = await h.request('GET', `/v1/cases/${c.id}/sla`, { token: t.admin });
    expect(explained.body.clocks.find((x: { clock: string }) => x.clock === 'OUTGOING').pauses).toEqual([
      expect.objectContaining({ pausedAt: '2026-12-01T02:00:00.000Z', resumedAt: '2026-12-21T02:00:00.000Z', workingDaysLeft: 4 }),
    ]);
  });

  it('stops every clock at a final status: stage null, overall MET with completedAt', async () => {
    await at('2026-11-23T02:00:00.000Z');
    const c = await create(refundBody({ region: '360100', periodFrom: '2022-01', periodTo: '2022-03' }));
    await at('2026-11-24T02:00:00.000Z');
    const rejected = await act(c.id, t.refund, { action: 'reject', reasonCode: 'NOT_DUPLICATE', comment: '不属于重复缴费' });
    expect(rejected.sla.stage).toBeNull();
    expect(rejected.sla.overall).toMatchObject({ state: 'MET', completedAt: '2026-11-24T02:00:00.000Z', workingDaysRemaining: null });
    for (const sla of ['ON_TRACK', 'DUE_SOON', 'OVERDUE', 'PAUSED']) expect(await listed(`sla=${sla}`)).not.toContain(c.id);
  });

  it('writes due dates into indexed columns that a range scan can use', async () => {
    // Cases of its own: a transfer moved on a stage, a refund finished (no due date any more).
    await at('2026-11-23T02:00:00.000Z');
    const moved = await create(transferBody());
    await act(moved.id, t.origin, { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1000.00' });
    const finished = await create(refundBody({ region: '360100', periodFrom: '2022-01', periodTo: '2022-03' }));
    await act(finished.id, t.refund, { action: 'reject', reasonCode: 'NOT_DUPLICATE', comment: '不属于重复缴费' });
    await withDb(h.databaseUrl, async (db) => {
      // A flag written by hand (as the sweep writes it) is mirrored too.
      await db.query(`UPDATE cases SET overdue = true WHERE id = $1`, [moved.id]);
      await db.query('SET enable_seqscan = off');
      // The sweep's range of due times for one set of levels raised (migration clock_alerts_raised)…
      const clocks = await db.query(`EXPLAIN SELECT "caseId" FROM case_clocks WHERE "alertsRaised" = 0 AND "runningDueAt" <= now()`);
      expect(clocks.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index.*case_clocks_alertsRaised_runningDueAt_caseId_clock_idx/);
      // …and no other index of case_clocks in due-time order that the planner could take for it instead,
      // reading past the clocks that raised the level (migration drop_clock_due_index).
      const leading = await db.query(
        `SELECT indexrelid::regclass::text AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE i.indrelid = 'case_clocks'::regclass AND a.attname = 'runningDueAt'`,
      );
      expect(leading.rows).toEqual([]);
      // The cases not flagged overdue, by due date: on case_due, the mirror of the two columns (migration case_due).
      const due = await db.query(`EXPLAIN SELECT "caseId" FROM case_due WHERE overdue = false AND "nextDueAt" <= now()`);
      expect(due.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index.*case_due_overdue_nextDueAt_createdAt_seq_caseId_idx/);
      // The mirrors equal the cases' own columns, every case written so far.
      const mirrored = await dueMirrorMismatches(db);
      expect(mirrored.cases).toBeGreaterThan(0);
      expect(mirrored).toEqual({ cases: mirrored.cases, due: 0, agencyDue: 0 });
      // A paused or finished clock is not "running": it has no runningDueAt.
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM case_clocks WHERE "runningDueAt" IS NOT NULL AND ("pausedAt" IS NOT NULL OR "stoppedAt" IS NOT NULL)`,
      );
      expect(rows[0].n).toBe(0);
    });
  });

  it('the worker sees the test time the API set (one clock, shared through Redis)', async () => {
    await at('2031-05-06T07:08:09.000Z');
    const workerClock = h.worker!.get(Clock);
    await workerClock.refresh(); // what the worker does at the start of every job
    expect(workerClock.now().toISOString()).toBe('2031-05-06T07:08:09.000Z');
    await h.request('DELETE', '/v1/admin/test-clock', { token: t.admin });
    await workerClock.refresh();
    expect(Math.abs(workerClock.now().getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('moves the due dates of exactly the clocks whose window a calendar change touches', async () => {
    await at('2026-11-09T02:00:00.000Z'); // due before the changed day: OUTGOING Nov 23, overall Nov 30
    const before = await create(transferBody({ applicant: { name: '陈十四', idNumber: '11010519491231002X' } }));
    expect([before.sla.stage.dueAt, before.sla.overall.dueAt]).toEqual(['2026-11-23T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
    await at('2026-11-23T02:00:00.000Z');
    const inside = await create(transferBody({ applicant: { name: '王十二', idNumber: '440524198001010013' } }));
    await at('2026-12-02T02:00:00.000Z'); // started after the changed day
    const after = await create(transferBody({ applicant: { name: '冯十三', idNumber: '350102198511120034' } }));
    const afterDue = after.sla.stage.dueAt;

    const put = await h.request('PUT', '/v1/calendar/days/2026-12-01', { token: t.admin, body: { type: 'HOLIDAY', name: '测试停办' } });
    expect(put.status).toBe(200);
    // Dec 1 no longer counts: OUTGOING Dec 7 → Dec 8, overall Dec 14 → Dec 15.
    const moved = await eventually(async () => {
      const c = await get(inside.id);
      return c.sla.stage.dueAt === '2026-12-08T16:00:00.000Z' ? c : null;
    }, 10_000, 'the recomputation to move the stage due date to Dec 8');
    expect(moved.sla.overall.dueAt).toBe('2026-12-15T16:00:00.000Z');
    expect((await get(after.id)).sla.stage.dueAt).toBe(afterDue);
    const untouched = (await get(before.id)).sla;
    expect([untouched.stage.dueAt, untouched.overall.dueAt]).toEqual(['2026-11-23T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);

    expect((await h.request('DELETE', '/v1/calendar/days/2026-12-01', { token: t.admin })).status).toBe(204);
    await eventually(
      async () => ((await get(inside.id)).sla.stage.dueAt === '2026-12-07T16:00:00.000Z' ? true : null),
      10_000,
      'the recomputation to move the stage due date back to Dec 7',
    );
  });
});

describe('SLA policy from SLA_POLICY_FILE (e2e)', () => {
  let h: Harness;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'casedesk-policy-')), 'policy.json');
    writeFileSync(file, JSON.stringify({ REFUND: { REVIEW: 3, OVERALL: 8 } }));
    h = await startApi({ env: { TEST_CLOCK: 'enabled', SLA_POLICY_FILE: file } });
  });
  afterAll(() => h.close());

  it('starts clocks with the configured budgets, no code changed', async () => {
    await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: '2026-11-23T02:00:00.000Z' } });
    const res = await h.request('POST', '/v1/cases', { token: h.adminToken, body: refundBody({ region: '360100' }) });
    expect(res.body.sla.stage).toMatchObject({ name: 'REVIEW', dueAt: '2026-11-26T16:00:00.000Z' }); // 3 working days
    expect(res.body.sla.overall.dueAt).toBe('2026-12-03T16:00:00.000Z'); // 8 working days
  });
});

