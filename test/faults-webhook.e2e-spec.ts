import { JobQueues } from '@case-desk/jobs';
import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { eventually } from './support/eventually';
import { freePort } from './support/free-port';
import { OwnPostgres, startOwnPostgres } from './support/own-postgres';
import { OwnRedis, startOwnRedis } from './support/own-redis';
import { seedDueTransfers } from './support/seed';
import { CountingReceiver } from './support/webhook-receiver';

/**
 * The webhook receiver down for longer than the removed ALERT_WEBHOOK_ATTEMPTS would have lasted
 * (with the test's small delays: 15 attempts capped at 200 ms ≈ 3 s; it stays down 8 s): nothing is
 * given up, and once it is back every alert is delivered exactly once.
 */
const CASES = 20; // 80 alerts
const DOWN_MS = 8_000;
const FIRST_MS = 50;
const CAP_MS = 200;
jest.setTimeout(120_000);

describe('webhook receiver down for long (fault, e2e)', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let h: Harness;
  let port: number;
  const receiver = new CountingReceiver();

  beforeAll(async () => {
    [pg, redis, port] = await Promise.all([startOwnPostgres(), startOwnRedis(), freePort()]);
    h = await startApi({
      databaseUrl: pg.url,
      worker: true,
      env: {
        REDIS_URL: redis.url,
        TEST_CLOCK: 'enabled',
        SLA_SWEEP_EVERY_SECONDS: '3600',
        ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, // nothing listens there yet
        ALERT_WEBHOOK_SECRET: 'webhook-secret-for-fault-tests-0123',
        ALERT_WEBHOOK_BACKOFF_MS: String(FIRST_MS),
        ALERT_WEBHOOK_MAX_BACKOFF_MS: String(CAP_MS),
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await receiver.close();
    await Promise.all([pg?.cleanup(), redis?.cleanup()]);
  });

  it('every alert is delivered exactly once after the receiver comes back', async () => {
    await seedDueTransfers(pg.url, CASES, new Date('2026-11-02T16:00:00.000Z'), 'DOWN');
    await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: '2026-12-11T02:00:00.000Z' } });
    const sweep = await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken });
    expect(sweep.body.raised).toEqual({ DUE_SOON: 0, OVERDUE: CASES * 2, ESCALATED: CASES * 2 });
    const downSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, DOWN_MS)); // the receiver's outage itself

    const pending = await h.request('GET', '/v1/alerts?delivered=false&limit=100', { token: h.adminToken });
    expect(pending.body.items).toHaveLength(CASES * 4);
    const status = await h.request('GET', '/v1/admin/status', { token: h.adminToken });
    expect(status.body.undeliveredAlerts).toBe(CASES * 4);
    const failed = await h.app.get(JobQueues).queue('alerts').getJobCounts('failed', 'delayed');
    expect(failed.failed).toBe(0);

    await receiver.listen(port);
    const back = Date.now();
    await eventually(
      () => withDb(pg.url, async (db) => ((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE "deliveredAt" IS NULL`)).rows[0].n === 0 ? true : null)),
      30_000,
      'every alert delivered',
    );
    const deliveredMs = Date.now() - back;
    console.log(
      `[faults-webhook] receiver down ${back - downSince} ms (old limit ≈ ${15 * CAP_MS} ms at this cap); ${CASES * 4} alerts pending then, ` +
        `0 failed jobs; all delivered ${deliveredMs} ms after it came back; accepted ${receiver.accepted.size}, duplicates ${receiver.duplicates().length}`,
    );
    expect(receiver.accepted.size).toBe(CASES * 4);
    expect(receiver.duplicates()).toEqual([]);
    expect(deliveredMs).toBeLessThan(15_000); // the next retry comes within the cap (200 ms); the rest is a loaded machine
    expect((await h.request('GET', '/v1/admin/status', { token: h.adminToken })).body).toMatchObject({ undeliveredAlerts: 0, oldestUndeliveredAt: null });
  });
});
