import { JobQueues, SWEEP_SCHEDULER_ID } from '@case-desk/jobs';
import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { transferBody } from './support/factories';
import { eventually } from './support/eventually';
import { OwnPostgres, startOwnPostgres } from './support/own-postgres';
import { OwnRedis, startOwnRedis } from './support/own-redis';
import { runTraffic, tally } from './support/traffic';
import { CountingReceiver } from './support/webhook-receiver';

/**
 * Redis killed under traffic (its own redis-server and PostgreSQL, never the machine's), with the test
 * clock on: cases are created and moved on, readiness names Redis, a calendar change is still saved.
 * Redis comes back empty: the worker re-creates the sweep's schedule by itself, and every alert that
 * became due is raised and delivered exactly once.
 */
const OUTAGE_MS = 8_000;
const T0 = '2026-11-23T02:00:00.000Z'; // Monday 10:00 in Shanghai
const T1 = '2026-12-08T02:00:00.000Z'; // every OUTGOING (due end of 12-07) and INCOMING (end of 11-30) clock is overdue
jest.setTimeout(150_000);

describe('Redis outage under traffic (fault, e2e)', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let h: Harness;
  const receiver = new CountingReceiver();

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
    const port = await receiver.listen();
    h = await startApi({
      databaseUrl: pg.url,
      worker: true,
      env: {
        REDIS_URL: redis.url,
        TEST_CLOCK: 'enabled',
        SLA_SWEEP_EVERY_SECONDS: '2',
        ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        ALERT_WEBHOOK_SECRET: 'webhook-secret-for-fault-tests-0123',
        ALERT_WEBHOOK_BACKOFF_MS: '100',
        ALERT_WEBHOOK_MAX_BACKOFF_MS: '500',
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await receiver.close();
    await Promise.all([pg?.cleanup(), redis?.cleanup()]);
  });

  it('creation and transitions go on; after Redis returns empty the schedule is back and every due alert is raised once', async () => {
    expect((await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: T0 } })).status).toBe(200);
    const approve = { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1523.40' };
    const created: string[] = [];
    const traffic = runTraffic(h, 3, async (loop, i) => {
      if (i % 3 === 0 || created.length === 0) {
        const res = await h.request('POST', '/v1/cases', { token: h.adminToken, body: transferBody() });
        if (res.status === 201) created.push(res.body.id);
        return { op: 'create', res };
      }
      const id = created[(loop * 5 + i) % created.length];
      if (i % 3 === 1) return { op: 'read', res: await h.request('GET', `/v1/cases/${id}`, { token: h.adminToken }) };
      return { op: 'transition', res: await h.request('POST', `/v1/cases/${id}/transitions`, { token: h.adminToken, body: approve }) };
    });
    await eventually(async () => (created.length >= 6 ? true : null), 20_000, 'traffic before the outage');

    await redis.kill();
    const downAt = Date.now();
    const ready = await h.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.redis.status).toBe('down');
    expect(ready.body.detail).toMatch(/redis/);
    // A calendar change is saved with its recomputation request; only the job's queueing waits for Redis.
    const putStarted = Date.now();
    const put = await h.request('PUT', '/v1/calendar/days/2027-06-02', { token: h.adminToken, body: { type: 'HOLIDAY', name: '测试' } });
    const putMs = Date.now() - putStarted;
    expect(put.status).toBe(200);
    const createdBefore = created.length;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS)); // the outage itself
    const restartingAt = Date.now();
    await redis.start(); // empty: no persistence
    await traffic.stop();

    const during = traffic.samples.filter((s) => s.sentAt >= downAt && s.at <= restartingAt);
    console.log(
      `[faults-redis] outage ${restartingAt - downAt} ms; requests during it: ${during.length} (${JSON.stringify(tally(during))}); ` +
        `cases created during it: ${created.length - createdBefore}; calendar PUT answered in ${putMs} ms`,
    );
    expect(during.length).toBeGreaterThan(10);
    expect(during.filter((s) => s.status === 0 || s.status >= 500)).toEqual([]);
    expect(during.some((s) => s.op === 'create' && s.status === 201)).toBe(true);
    expect(during.some((s) => s.op === 'transition' && s.status === 200)).toBe(true);

    // Back, empty. Time moves on; no one restarts anything or asks for a sweep.
    await eventually(async () => ((await h.request('GET', '/health/ready')).status === 200 ? true : null), 15_000, 'ready again');
    expect((await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: T1 } })).status).toBe(200);
    const movedAt = new Date();
    const scheduleBack = await eventually(
      async () => ((await h.app.get(JobQueues).queue('sla').getJobScheduler(SWEEP_SCHEDULER_ID)) ? Date.now() : null),
      15_000,
      'the sweep schedule',
    );
    await eventually(
      () =>
        withDb(pg.url, async (db) => {
          const { rows } = await db.query<{ at: Date }>(`SELECT "lastSweptAt" AS at FROM sweep_status WHERE id = 1`);
          return rows[0] && rows[0].at.getTime() === Date.parse(T1) && Date.now() > movedAt.getTime() ? true : null;
        }),
      20_000,
      'a scheduled sweep at the new time',
    );

    const expected = await withDb(pg.url, async (db) => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_clocks WHERE "runningDueAt" <= $1`, [T1]);
      return rows[0].n;
    });
    const counts = async () =>
      withDb(pg.url, async (db) => {
        const { rows } = await db.query<{ level: string; n: number; delivered: number }>(
          `SELECT level, count(*)::int AS n, count("deliveredAt")::int AS delivered FROM alerts GROUP BY level ORDER BY level`,
        );
        return rows;
      });
    const overdue = await eventually(
      async () => ((await counts()).find((r) => r.level === 'OVERDUE')?.n === expected ? true : null),
      20_000,
      `${expected} OVERDUE alerts`,
    );
    expect(overdue).toBe(true);
    // Nothing was left for another sweep to raise, and nothing is raised twice.
    const again = await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken });
    expect(again.body.raised).toEqual({ DUE_SOON: 0, OVERDUE: 0, ESCALATED: 0 });
    const total = (await counts()).reduce((sum, r) => sum + r.n, 0);
    await eventually(async () => ((await counts()).every((r) => r.delivered === r.n) ? true : null), 20_000, 'every alert delivered');
    expect(receiver.accepted.size).toBe(total);
    expect(receiver.duplicates()).toEqual([]);
    const pendingRecomputes = await withDb(pg.url, async (db) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM calendar_recomputes WHERE "completedAt" IS NULL`)).rows[0].n,
    );
    expect(pendingRecomputes).toBe(0);
    console.log(
      `[faults-redis] schedule back ${scheduleBack - restartingAt} ms after the restart; alerts raised ${JSON.stringify(await counts())} ` +
        `(expected OVERDUE ${expected}); delivered ${receiver.accepted.size}, duplicates ${receiver.duplicates().length}`,
    );
  });
});
