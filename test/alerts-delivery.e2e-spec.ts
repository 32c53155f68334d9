import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { JobQueues } from '@case-desk/jobs';
import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { eventually } from './support/eventually';
import { freePort } from './support/free-port';
import { seedDueTransfers } from './support/seed';

const SECRET = 'webhook-secret-for-tests-0123456789';

jest.setTimeout(60_000);

interface Received {
  id: string;
  signature: string;
  body: string;
}

/** A real HTTP receiver that deduplicates on X-Alert-Id, as API.md tells receivers to. */
class Receiver {
  readonly posts: Received[] = [];
  readonly byId = new Map<string, Received>();
  /** Arrival times (ms) of every POST, per alert id. */
  readonly times = new Map<string, number[]>();
  private server: Server | null = null;

  constructor(public answer: number = 204) {}

  async listen(port = 0): Promise<number> {
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const post = { id: String(req.headers['x-alert-id']), signature: String(req.headers['x-signature']), body };
        this.posts.push(post);
        this.times.set(post.id, [...(this.times.get(post.id) ?? []), Date.now()]);
        if (this.answer < 300) this.byId.set(post.id, post);
        res.writeHead(this.answer).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

/** Alerts not delivered yet, of the cases whose caseNo starts with `prefix` (each test seeds its own). */
const undelivered = (url: string, prefix: string) =>
  withDb(
    url,
    async (db) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE "deliveredAt" IS NULL AND "caseNo" LIKE $1`, [`${prefix}-%`]))
        .rows[0].n,
  );

describe('alert webhooks (e2e)', () => {
  let h: Harness;
  let port: number;
  const receiver = new Receiver();

  beforeAll(async () => {
    port = await freePort(); // nothing listens there yet: the receiver is down
    h = await startApi({
      worker: true,
      env: {
        TEST_CLOCK: 'enabled',
        ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/case-desk`,
        ALERT_WEBHOOK_SECRET: SECRET,
        ALERT_WEBHOOK_BACKOFF_MS: '100',
        ALERT_WEBHOOK_MAX_BACKOFF_MS: '1000',
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  it('retries while the receiver is down, then delivers every alert, signed, with its id', async () => {
    await seedDueTransfers(h.databaseUrl, 5, new Date('2026-11-02T16:00:00.000Z'), 'HOOK');
    await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: '2026-12-11T02:00:00.000Z' } });
    const sweep = await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken });
    expect(sweep.body.raised).toEqual({ DUE_SOON: 0, OVERDUE: 10, ESCALATED: 10 });

    // Down for a while: jobs fail and are retried with backoff; nothing is marked delivered.
    const queue = h.app.get(JobQueues).queue('alerts');
    await eventually(async () => ((await queue.getJobCounts('delayed')).delayed >= 20 ? true : null), 20_000, 'every delivery to wait for a retry');
    expect(await undelivered(h.databaseUrl, 'HOOK')).toBe(20);

    await receiver.listen(port);
    await eventually(async () => ((await undelivered(h.databaseUrl, 'HOOK')) === 0 ? true : null), 20_000, 'every alert delivered');

    const alertIds = await withDb(h.databaseUrl, async (db) => (await db.query<{ id: string }>('SELECT id FROM alerts')).rows.map((r) => r.id));
    expect(new Set(receiver.byId.keys())).toEqual(new Set(alertIds));
    for (const post of receiver.byId.values()) {
      expect(post.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(post.body).digest('hex')}`);
      const alert = JSON.parse(post.body);
      expect(alert.id).toBe(post.id);
      expect(Object.keys(alert).sort()).toEqual(
        ['acknowledgedAt', 'acknowledgedBy', 'agency', 'caseId', 'caseNo', 'clock', 'dueAt', 'id', 'level', 'raisedAt'],
      );
    }

    // A later sweep re-queues nothing that was delivered. The sweep has run (outbox included) when it
    // answers; a job it had queued would still be waiting, active or delayed, or be one more completed.
    const pendingJobs = async () => {
      const { completed, ...pending } = await queue.getJobCounts('completed', 'waiting', 'active', 'delayed', 'prioritized');
      return { completed, pending: Object.values(pending).reduce((a, b) => a + b, 0) };
    };
    const settled = await eventually(async () => {
      const jobs = await pendingJobs();
      return jobs.pending === 0 ? jobs : null;
    }, 20_000, 'the delivery jobs to complete');
    const posted = receiver.posts.length;
    const again = await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken });
    expect(again.status).toBe(200);
    expect(await pendingJobs()).toEqual(settled);
    expect(receiver.posts.length).toBe(posted);
  });
});

describe('alert webhooks that keep failing (e2e)', () => {
  let h: Harness;
  const receiver = new Receiver(500);
  const FIRST_MS = 50;
  const CAP_MS = 200;
  // The removed ALERT_WEBHOOK_ATTEMPTS defaulted to 15: fail for longer than that, and never give up.
  const OLD_ATTEMPTS = 15;

  beforeAll(async () => {
    const port = await receiver.listen();
    h = await startApi({
      worker: true,
      env: {
        TEST_CLOCK: 'enabled',
        ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        ALERT_WEBHOOK_SECRET: SECRET,
        ALERT_WEBHOOK_BACKOFF_MS: String(FIRST_MS),
        ALERT_WEBHOOK_MAX_BACKOFF_MS: String(CAP_MS),
      },
    });
    await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: '2026-11-03T02:00:00.000Z' } });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  it('never gives up: retries past the old attempt limit with a growing delay capped at the maximum, then delivers once', async () => {
    receiver.answer = 500;
    await seedDueTransfers(h.databaseUrl, 1, new Date('2026-11-02T16:00:00.000Z'), 'FAIL');
    expect((await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken })).body.raised.OVERDUE).toBe(2);
    const ids = await withDb(h.databaseUrl, async (db) =>
      (await db.query<{ id: string }>(`SELECT id FROM alerts WHERE "caseNo" LIKE 'FAIL-%' ORDER BY id`)).rows.map((r) => r.id),
    );

    // Pending alerts are listed for an admin (and only for an admin).
    const pending = await h.request('GET', '/v1/alerts?delivered=false', { token: h.adminToken });
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((a: { id: string }) => a.id).sort()).toEqual(ids);
    const clerk = await h.userToken('CLERK', '440500');
    const refused = await h.request('GET', '/v1/alerts?delivered=false', { token: clerk });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect((await h.request('GET', '/v1/alerts?delivered=maybe', { token: h.adminToken })).status).toBe(400);

    const queue = h.app.get(JobQueues).queue('alerts');
    await eventually(
      async () => (receiver.posts.filter((p) => p.id === ids[0]).length > OLD_ATTEMPTS + 5 ? true : null),
      30_000,
      `more than ${OLD_ATTEMPTS + 5} attempts at one alert`,
    );
    expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
    const job = await queue.getJob(ids[0]);
    expect(job?.opts.removeOnFail).toEqual({ age: expect.any(Number), count: expect.any(Number) });
    expect(await undelivered(h.databaseUrl, 'FAIL')).toBe(2);

    // The delay stopped growing at the cap: never shorter (a retry never comes early), never much
    // longer (scheduling slack on a loaded machine). Its growth is unit-tested (cappedExponentialDelay).
    const at = receiver.times.get(ids[0]) ?? [];
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(Math.min(...gaps.slice(-5))).toBeGreaterThanOrEqual(CAP_MS * 0.9);
    expect(Math.max(...gaps.slice(-5))).toBeLessThan(CAP_MS * 5);

    receiver.answer = 204;
    await eventually(async () => ((await undelivered(h.databaseUrl, 'FAIL')) === 0 ? true : null), 20_000, 'both alerts delivered');
    // This test's alerts only (the other test of this file delivers its own).
    const mine = (items: { id: string }[]) => items.filter((a) => ids.includes(a.id));
    expect([...receiver.byId.keys()].filter((id) => ids.includes(id)).sort()).toEqual(ids);
    expect(mine(receiver.posts).filter((p) => receiver.byId.get(p.id) === p)).toHaveLength(2);
    expect((await h.request('GET', '/v1/alerts?delivered=false', { token: h.adminToken })).body.items).toEqual([]);
    const delivered = (await h.request('GET', '/v1/alerts?delivered=true', { token: h.adminToken })).body.items;
    expect(mine(delivered).map((a) => a.id).sort()).toEqual(ids);
  });

  it('a delivery job that failed for good, or was lost, is driven again from PostgreSQL by the next sweep', async () => {
    receiver.answer = 500;
    await seedDueTransfers(h.databaseUrl, 2, new Date('2026-11-02T16:00:00.000Z'), 'LOST');
    const queue = h.app.get(JobQueues).queue('alerts');
    // Raise without queueing: insert through the sweep, then replace the jobs by a failed one and none.
    expect((await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken })).body.raised.OVERDUE).toBe(4);
    const [failedId, lostId] = await withDb(h.databaseUrl, async (db) =>
      (await db.query<{ id: string }>(`SELECT id FROM alerts WHERE "caseNo" LIKE 'LOST-%' ORDER BY id LIMIT 2`)).rows.map((r) => r.id),
    );
    await eventually(async () => (receiver.posts.some((p) => p.id === failedId) ? true : null), 20_000, 'a first attempt at the alert');
    // A job being attempted is locked and stays: remove each while it waits for its next attempt.
    const removed = (id: string) =>
      eventually(async () => ((await queue.remove(id)) === 1 || (await queue.getJob(id)) === undefined ? true : null), 20_000, `job ${id} removed`, 10);
    await removed(lostId);
    await removed(failedId);
    await queue.add('deliver-alert', { alertId: failedId }, { jobId: failedId, attempts: 1 });
    const failed = await eventually(
      async () => ((await queue.getJob(failedId)) && (await (await queue.getJob(failedId))?.isFailed()) ? true : null),
      20_000,
      'the one-attempt job to fail',
    );
    expect(failed).toBe(true);

    receiver.answer = 204;
    await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken });
    await eventually(async () => ((await undelivered(h.databaseUrl, 'LOST')) === 0 ? true : null), 20_000, 'every alert delivered');
    expect(receiver.byId.has(failedId)).toBe(true);
    expect(receiver.byId.has(lostId)).toBe(true);
  });
});
