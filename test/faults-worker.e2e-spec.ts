import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JobQueues } from '@case-desk/jobs';
import { levelCounts } from './support/alerts';
import { Harness, startApi, testEnv } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { eventually } from './support/eventually';
import { OwnPostgres, startOwnPostgres } from './support/own-postgres';
import { OwnRedis, startOwnRedis } from './support/own-redis';
import { seedDueTransfers } from './support/seed';
import { CountingReceiver } from './support/webhook-receiver';

/**
 * The built worker (`npm run build` first; `npm test` does) SIGKILLed in the middle of a sweep and
 * again in the middle of webhook deliveries, on its own PostgreSQL and Redis: after each restart
 * nothing is lost (every alert raised and delivered) and nothing is raised twice; a POST that was in
 * flight when the worker died may reach the receiver again, which deduplicates on X-Alert-Id.
 */
const WORKER = join(__dirname, '..', 'dist/apps/worker/main.js');
const CASES = 1000; // two running clocks each, both overdue and escalated: 4,000 alerts
const ALERTS_CONCURRENCY = 4; // the worker's deliveries in flight at most (apps/worker/src/processors.ts)
jest.setTimeout(240_000);

interface Child {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: string | null }>;
  out: () => string;
}

describe('worker SIGKILLed during a sweep and during deliveries (fault, e2e)', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let h: Harness;
  let env: Record<string, string>;
  const receiver = new CountingReceiver();
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first (npm test does)`);
    [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
    const port = await receiver.listen();
    const shared = {
      REDIS_URL: redis.url,
      TEST_CLOCK: 'enabled',
      SLA_SWEEP_EVERY_SECONDS: '3600',
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      ALERT_WEBHOOK_SECRET: 'webhook-secret-for-fault-tests-0123',
      ALERT_WEBHOOK_BACKOFF_MS: '100',
      ALERT_WEBHOOK_MAX_BACKOFF_MS: '1000',
    };
    h = await startApi({ databaseUrl: pg.url, env: shared });
    env = testEnv(pg.url, { ...shared, REDIS_PREFIX: h.config.redis.prefix, LOG_LEVEL: 'info' });
    await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: '2026-12-11T02:00:00.000Z' } });
  });
  afterAll(async () => {
    // A worker a failed test left running: killed, and gone (its pipes closed) before the run ends.
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'))));
    await h?.close();
    await receiver.close();
    await Promise.all([pg?.cleanup(), redis?.cleanup()]);
  });

  const startWorker = async (): Promise<Child> => {
    const child = spawn(process.execPath, [WORKER], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    await eventually(async () => (/worker ready/.test(out) ? true : null), 30_000, () => `the worker to start; output:\n${out.slice(-2000)}`, 50);
    return { child, exited, out: () => out };
  };
  const kill = async (worker: Child) => {
    worker.child.kill('SIGKILL');
    expect((await worker.exited).signal).toBe('SIGKILL');
  };
  const alertStats = () =>
    withDb(pg.url, async (db) => {
      const { rows } = await db.query<{ n: number; delivered: number }>(`SELECT count(*)::int AS n, count("deliveredAt")::int AS delivered FROM alerts`);
      return rows[0];
    });

  it('after each SIGKILL and restart: every alert raised once and delivered', async () => {
    await seedDueTransfers(pg.url, CASES, new Date('2026-11-02T16:00:00.000Z'), 'KILL');
    receiver.delayMs = 5; // deliveries take a moment, so some are in flight when the worker dies

    // 1. Killed in the middle of a sweep.
    const first = await startWorker();
    await h.app.get(JobQueues).add('sla', 'sweep', { trigger: 'admin' });
    await eventually(async () => ((await alertStats()).n >= 300 ? true : null), 60_000, 'the sweep to be under way', 20);
    await kill(first);
    const afterSweepKill = await alertStats();

    // 2. Restarted; killed again in the middle of the deliveries.
    const second = await startWorker();
    const sweep = await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken });
    expect(sweep.status).toBe(200);
    expect(await levelCounts(pg.url, 'KILL')).toEqual({ OVERDUE: CASES * 2, ESCALATED: CASES * 2 });
    await eventually(async () => (receiver.accepted.size >= 500 ? true : null), 60_000, 'deliveries to be under way', 20);
    const inFlightBefore = receiver.posts.size;
    await kill(second);
    const afterDeliveryKill = await alertStats();
    expect(afterDeliveryKill.delivered).toBeLessThan(CASES * 4); // it really died half-way

    // 3. Restarted: the jobs of the dead worker are taken up again (stalled) and the sweep re-drives the rest.
    const started = Date.now();
    const third = await startWorker();
    await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken });
    await eventually(async () => ((await alertStats()).delivered === CASES * 4 ? true : null), 120_000, 'every alert delivered', 250);
    const recoveredMs = Date.now() - started;
    third.child.kill('SIGTERM');
    await third.exited;

    const duplicates = receiver.duplicates();
    console.log(
      `[faults-worker] killed mid-sweep at ${afterSweepKill.n}/${CASES * 4} alerts raised; killed mid-delivery at ` +
        `${afterDeliveryKill.delivered}/${CASES * 4} delivered (${inFlightBefore} posted); after restart all ${CASES * 4} raised once and ` +
        `delivered in ${recoveredMs} ms; receiver accepted ${receiver.accepted.size} distinct, re-sent after the kill: ${duplicates.length}`,
    );
    expect(receiver.accepted.size).toBe(CASES * 4);
    expect(await levelCounts(pg.url, 'KILL')).toEqual({ OVERDUE: CASES * 2, ESCALATED: CASES * 2 });
    // Only a POST in flight when the worker died can be sent again (receivers deduplicate on X-Alert-Id).
    expect(duplicates.length).toBeLessThanOrEqual(ALERTS_CONCURRENCY);
  });
});
