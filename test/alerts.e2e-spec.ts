import { SlaSweeper } from '@case-desk/jobs';
import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { eventually } from './support/eventually';
import { refundBody, transferBody } from './support/factories';
import { seedDueTransfers } from './support/seed';
import { deleteKeysWithPrefix, levelCounts } from './support/alerts';

/**
 * API.md, Alerts: the sweep through the worker's own job, driven by the shared test clock. Each test
 * has an API and a worker of its own (own database, own Redis prefix), so it passes alone and in any
 * order, and counts only what it did itself.
 */
describe('SLA alerts (e2e)', () => {
  let h: Harness;
  const t: Record<string, string> = {};

  beforeEach(async () => {
    h = await startApi({ env: { TEST_CLOCK: 'enabled' }, worker: true });
    t.origin = await h.userToken('CLERK', '440500');
    t.destination = await h.userToken('CLERK', '360100');
    t.stranger = await h.userToken('CLERK', '110100');
    t.refundClerk = await h.userToken('CLERK', '350100');
    t.admin = h.adminToken;
  });
  afterEach(() => h.close());

  const at = (now: string) => h.request('PUT', '/v1/admin/test-clock', { token: t.admin, body: { now } });
  const sweep = async () => {
    const res = await h.request('POST', '/v1/admin/sla/sweep', { token: t.admin });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  const create = async (body: Record<string, unknown>) => {
    const res = await h.request('POST', '/v1/cases', { token: t.admin, body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const act = async (id: string, token: string, body: Record<string, unknown>) => {
    const res = await h.request('POST', `/v1/cases/${id}/transitions`, { token, body });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  };
  const alerts = async (token: string, query = '') => (await h.request('GET', `/v1/alerts?limit=100${query}`, { token })).body.items;

  /**
   * A running transfer, a paused one and a stopped refund, swept as time passes up to the end of Dec 10:
   * the running case ends with four alerts (OUTGOING due soon, overdue, escalated; OVERALL due soon).
   * Returns the cases and what each sweep answered, in order (7 sweeps, one transition of each kind).
   */
  const raiseFourAlerts = async () => {
    const ids: Record<string, string> = {};
    const sweeps: { at: string; result: unknown }[] = [];
    const sweepAt = async (now: string) => {
      await at(now);
      sweeps.push({ at: now, result: await sweep() });
    };
    await at('2026-11-23T02:00:00.000Z');
    ids.running = await create(transferBody()); // OUTGOING due end of Dec 7, overall end of Dec 14
    ids.paused = await create(transferBody({ applicant: { name: '钱二', idNumber: '440524198001010013' } }));
    ids.stopped = await create(refundBody({ region: '350100' }));
    await at('2026-11-24T02:00:00.000Z');
    await act(ids.paused, t.origin, { action: 'request-materials', materials: ['ID_CARD'] });
    await act(ids.stopped, t.refundClerk, { action: 'reject', reasonCode: 'NOT_DUPLICATE', comment: '不属于重复缴费' });

    await sweepAt('2026-12-03T02:00:00.000Z'); // 3 working days left on OUTGOING
    await sweepAt('2026-12-04T02:00:00.000Z'); // 2 left: due soon
    await sweepAt('2026-12-04T02:00:00.000Z'); // once only
    await sweepAt('2026-12-07T15:59:59.999Z');
    await sweepAt('2026-12-07T16:00:00.000Z');
    // Due at the end of Dec 7 → escalated at the end of the 3rd working day after it (Dec 10). The overall
    // clock (due Dec 14) becomes due soon at the same moment (Dec 11 and 14 left).
    await sweepAt('2026-12-10T15:59:59.999Z');
    await sweepAt('2026-12-10T16:00:00.000Z');
    return { ids, sweeps };
  };

  it('raises DUE_SOON, OVERDUE and ESCALATED once each as time passes; paused and stopped clocks raise nothing', async () => {
    const { ids, sweeps } = await raiseFourAlerts();
    const none = { DUE_SOON: 0, OVERDUE: 0, ESCALATED: 0 };
    expect(sweeps).toEqual([
      { at: '2026-12-03T02:00:00.000Z', result: { evaluated: 0, raised: none } },
      { at: '2026-12-04T02:00:00.000Z', result: { evaluated: 1, raised: { DUE_SOON: 1, OVERDUE: 0, ESCALATED: 0 } } },
      { at: '2026-12-04T02:00:00.000Z', result: { evaluated: 0, raised: none } },
      { at: '2026-12-07T15:59:59.999Z', result: expect.objectContaining({ raised: expect.objectContaining({ OVERDUE: 0 }) }) },
      { at: '2026-12-07T16:00:00.000Z', result: expect.objectContaining({ raised: { DUE_SOON: 0, OVERDUE: 1, ESCALATED: 0 } }) },
      { at: '2026-12-10T15:59:59.999Z', result: expect.objectContaining({ raised: none }) },
      { at: '2026-12-10T16:00:00.000Z', result: expect.objectContaining({ raised: { DUE_SOON: 1, OVERDUE: 0, ESCALATED: 1 } }) },
    ]);

    const raised = await alerts(t.admin);
    expect(raised.map((a: { caseId: string; clock: string; level: string }) => `${a.clock}/${a.level}`).sort()).toEqual([
      'OUTGOING/DUE_SOON',
      'OUTGOING/ESCALATED',
      'OUTGOING/OVERDUE',
      'OVERALL/DUE_SOON',
    ]);
    expect(new Set(raised.map((a: { caseId: string }) => a.caseId))).toEqual(new Set([ids.running]));
    expect(raised.find((a: { level: string }) => a.level === 'ESCALATED')).toMatchObject({
      agency: '440500',
      dueAt: '2026-12-07T16:00:00.000Z',
      raisedAt: '2026-12-10T16:00:00.000Z',
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
  });

  it("keeps each clock's levels raised with its alerts, unannounced, and sweeps a level only over the clocks without it", async () => {
    const { ids } = await raiseFourAlerts();
    await withDb(h.databaseUrl, async (db) => {
      // Every clock's alertsRaised is the set of levels of its alerts (bits 1, 2, 4), whoever inserted them.
      const levels = () =>
        db.query<{ caseId: string; clock: string; raised: number; expected: number }>(
          `SELECT cc."caseId", cc.clock::text, cc."alertsRaised" AS raised,
                  COALESCE((SELECT bit_or(alert_level_bit(a.level)) FROM alerts a WHERE a."caseId" = cc."caseId" AND a.clock = cc.clock), 0)::int AS expected
             FROM case_clocks cc ORDER BY 1, 2`,
        );
      const rows = (await levels()).rows;
      expect(rows.filter((r) => r.raised !== r.expected)).toEqual([]);
      expect(rows.filter((r) => r.caseId === ids.running).map((r) => `${r.clock} ${r.raised}`)).toEqual(
        expect.arrayContaining(['OUTGOING 7', 'OVERALL 1']),
      );

      // Two new cases, their OUTGOING clocks due at the end of Dec 28; one of them marked by hand as
      // having raised DUE_SOON and OVERDUE (without the alerts): the sweep does not read it for those.
      await at('2026-12-14T02:00:00.000Z');
      const fresh = await create(transferBody({ applicant: { name: '孙七', idNumber: '440524198001010021' } }));
      const marked = await create(transferBody({ applicant: { name: '周八', idNumber: '440524198001010048' } }));
      await db.query(`UPDATE case_clocks SET "alertsRaised" = 3 WHERE "caseId" = $1 AND clock = 'OUTGOING'`, [marked]);
      const outgoing = async (id: string) =>
        (await db.query(`SELECT level::text FROM alerts WHERE "caseId" = $1 AND clock = 'OUTGOING' ORDER BY 1`, [id])).rows.map((r) => r.level);

      // Raising an alert changes no view of the case: not announced. Once a marker sent on the same
      // channel after the sweep is heard, the sweep's announcement would have been (commit order).
      const caseNo = (await db.query(`SELECT "caseNo" FROM cases WHERE id = $1`, [fresh])).rows[0].caseNo as string;
      const heard: string[] = [];
      db.on('notification', (n) => heard.push((n.payload ?? '').split(' ')[0]));
      await db.query('LISTEN case_changed');
      await at('2026-12-25T02:00:00.000Z'); // 2 working days left: due soon
      expect((await sweep()).raised.DUE_SOON).toBe(1);
      await db.query(`SELECT pg_notify('case_changed', 'MARKER')`);
      await eventually(() => (heard.includes('MARKER') ? true : null), 5_000, 'the marker');
      expect(heard).not.toContain(caseNo);
      expect((await levels()).rows.find((r) => r.caseId === fresh && r.clock === 'OUTGOING')?.raised).toBe(1);
      expect(await outgoing(marked)).toEqual([]);

      // A clock whose alert exists but whose mark was lost is read again, and the alert (the truth)
      // keeps it from being raised twice.
      await db.query(`UPDATE case_clocks SET "alertsRaised" = 0 WHERE "caseId" = $1 AND clock = 'OUTGOING'`, [fresh]);
      expect((await sweep()).raised).toEqual({ DUE_SOON: 0, OVERDUE: 0, ESCALATED: 0 });
      await at('2026-12-29T02:00:00.000Z'); // past due
      expect((await sweep()).raised.OVERDUE).toBe(1);
      expect(await outgoing(fresh)).toEqual(['DUE_SOON', 'OVERDUE']);
      expect(await outgoing(marked)).toEqual([]);
    });
  });

  it('lists only alerts of cases the caller can see, with filters and a cursor', async () => {
    await raiseFourAlerts();
    expect(await alerts(t.origin)).toHaveLength(4);
    expect(await alerts(t.destination)).toHaveLength(4); // the destination sees the case too
    expect(await alerts(t.stranger)).toEqual([]);
    expect((await alerts(t.origin, '&level=OVERDUE')).map((a: { level: string }) => a.level)).toEqual(['OVERDUE']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await h.request(
        'GET',
        `/v1/alerts?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: t.admin },
      );
      seen.push(...res.body.items.map((a) => a.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });

  it.each([
    ['level=LATE', 'level'],
    ['acknowledged=yes', 'acknowledged'],
    ['limit=0', 'limit'],
    ['cursor=garbage', 'cursor'],
    ['unknown=1', 'unknown'],
  ])('GET /v1/alerts?%s → 400', async (query, path) => {
    const res = await h.request('GET', `/v1/alerts?${query}`, { token: t.admin });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).toContain(path);
  });

  it('records who acknowledged and when, once; another agency gets 404', async () => {
    await raiseFourAlerts();
    const [alert] = await alerts(t.origin, '&level=ESCALATED');
    await at('2026-12-11T01:00:00.000Z');
    const ack = await h.request('POST', `/v1/alerts/${alert.id}/acknowledge`, { token: t.origin });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: alert.id, acknowledgedAt: '2026-12-11T01:00:00.000Z', acknowledgedBy: 'clerk-440500-1' });

    await at('2026-12-11T02:00:00.000Z');
    const again = await h.request('POST', `/v1/alerts/${alert.id}/acknowledge`, { token: t.admin });
    expect(again.body).toMatchObject({ acknowledgedAt: '2026-12-11T01:00:00.000Z', acknowledgedBy: 'clerk-440500-1' });

    for (const id of [alert.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await h.request('POST', `/v1/alerts/${id}/acknowledge`, { token: t.stranger });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    expect((await alerts(t.origin, '&acknowledged=true')).map((a: { id: string }) => a.id)).toEqual([alert.id]);
    expect(await alerts(t.origin, '&acknowledged=false')).toHaveLength(3);
  });

  it('only an admin may run a sweep', async () => {
    const res = await h.request('POST', '/v1/admin/sla/sweep', { token: t.origin });
    expect(res.status).toBe(403);
  });

  it('three concurrent sweeps raise each (case, clock, level) exactly once', async () => {
    await at('2026-12-11T02:00:00.000Z');
    await seedDueTransfers(h.databaseUrl, 300, new Date('2026-11-02T16:00:00.000Z'), 'CONC');
    const sweeper = h.worker!.get(SlaSweeper);
    const now = new Date('2026-12-11T02:00:00.000Z');
    const results = await Promise.all([sweep(), sweeper.run(now), sweeper.run(now)]);
    const raised = (level: 'OVERDUE' | 'ESCALATED') => results.reduce((sum, r) => sum + r.raised[level], 0);
    expect(raised('OVERDUE')).toBe(600);
    expect(raised('ESCALATED')).toBe(600);
    expect(await levelCounts(h.databaseUrl, 'CONC')).toEqual({ OVERDUE: 600, ESCALATED: 600 });
  });

  it('logs and skips a case that cannot be raised, and raises the rest of the run', async () => {
    await seedDueTransfers(h.databaseUrl, 5, new Date('2026-11-02T16:00:00.000Z'), 'BAD');
    // A transfer without an origin: nobody to address its OUTGOING alert to.
    await withDb(h.databaseUrl, (db) => db.query(`UPDATE cases SET "fromRegion" = NULL WHERE "caseNo" = 'BAD-0000003'`));
    const result = await h.worker!.get(SlaSweeper).run(new Date('2026-12-11T02:00:00.000Z'));
    expect(result.failed).toBe(4); // its OUTGOING and OVERALL clocks (both the origin's), OVERDUE and ESCALATED
    expect(await levelCounts(h.databaseUrl, 'BAD')).toEqual({ OVERDUE: 8, ESCALATED: 8 });
    await withDb(h.databaseUrl, (db) => db.query(`UPDATE cases SET "fromRegion" = '440500' WHERE "caseNo" = 'BAD-0000003'`));
    expect((await h.worker!.get(SlaSweeper).run(new Date('2026-12-11T02:00:00.000Z'))).raised).toEqual({ DUE_SOON: 0, OVERDUE: 2, ESCALATED: 2 });
  });

  it('raises nothing twice when Redis is flushed between sweeps', async () => {
    await at('2026-12-11T02:00:00.000Z');
    await seedDueTransfers(h.databaseUrl, 50, new Date('2026-11-02T16:00:00.000Z'), 'FLUSH');
    expect((await sweep()).raised).toEqual({ DUE_SOON: 0, OVERDUE: 100, ESCALATED: 100 });
    await deleteKeysWithPrefix(h.config.redis.prefix); // queues, schedulers, locks: everything of this deployment
    await at('2026-12-11T02:00:00.000Z'); // the flush took the test clock with it
    expect(await sweep()).toEqual({ evaluated: 0, raised: { DUE_SOON: 0, OVERDUE: 0, ESCALATED: 0 } });
    expect(await levelCounts(h.databaseUrl, 'FLUSH')).toEqual({ OVERDUE: 100, ESCALATED: 100 });
    await withDb(h.databaseUrl, async (db) => {
      const dupes = await db.query(`SELECT 1 FROM alerts GROUP BY "caseId", clock, level HAVING count(*) > 1`);
      expect(dupes.rowCount).toBe(0);
    });
  });

  it('exposes Prometheus metrics: requests, transitions, alerts raised, open cases by SLA state, queues', async () => {
    // What this test does, and so what the metrics must say: 7 sweeps over HTTP and one transition of
    // each kind (raiseFourAlerts), a refused sweep, then 50 overdue cases swept by HTTP and by the worker.
    await raiseFourAlerts();
    expect((await h.request('POST', '/v1/admin/sla/sweep', { token: t.origin })).status).toBe(403);
    await at('2026-12-11T02:00:00.000Z');
    await seedDueTransfers(h.databaseUrl, 50, new Date('2026-11-02T16:00:00.000Z'), 'METRICS');
    const sweeper = h.worker!.get(SlaSweeper);
    await Promise.all([sweep(), sweeper.run(new Date('2026-12-11T02:00:00.000Z'))]);
    expect(await levelCounts(h.databaseUrl, 'METRICS')).toEqual({ OVERDUE: 100, ESCALATED: 100 });

    const res = await h.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body as string;
    const value = (series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.split(' ')[1]);
    };
    expect(value('casedesk_http_requests_total{method="POST",route="/v1/admin/sla/sweep",status="200"}')).toBe(7 + 1);
    expect(value('casedesk_http_requests_total{method="POST",route="/v1/admin/sla/sweep",status="403"}')).toBe(1);
    expect(value('casedesk_transitions_total{action="request-materials"}')).toBe(1);
    expect(value('casedesk_transitions_total{action="reject"}')).toBe(1);
    expect(value('casedesk_alerts_raised{level="DUE_SOON"}')).toBe(2);
    expect(value('casedesk_alerts_raised{level="OVERDUE"}')).toBe(1 + 100);
    expect(value('casedesk_alerts_raised{level="ESCALATED"}')).toBe(1 + 100);
    expect(value('casedesk_open_cases{sla="PAUSED"}')).toBe(1);
    expect(value('casedesk_open_cases{sla="OVERDUE"}')).toBe(1 + 50);
    expect(value('casedesk_queue_jobs{queue="sla",state="failed"}')).toBe(0);
    expect(value('casedesk_queue_jobs{queue="alerts",state="waiting"}')).toBe(0);
    // Route patterns only: no case id or caseNo ever becomes a label.
    expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}/);
  });
});
