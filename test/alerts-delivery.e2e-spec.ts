import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { JobQueues } from '@case-desk/sla';
import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { seedDueTransfers } from './support/seed';

const SECRET = 'webhook-secret-for-tests-0123456789';

interface Received {
  id: string;
  signature: string;
  body: string;
}

/** A real HTTP receiver that deduplicates on X-Alert-Id, as API.md tells receivers to. */
class Receiver {
  readonly posts: Received[] = [];
  readonly byId = new Map<string, Received>();
  private server: Server | null = null;

  constructor(private readonly answer: number = 204) {}

  async listen(port = 0): Promise<number> {
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const post = { id: String(req.headers['x-alert-id']), signature: String(req.headers['x-signature']), body };
        this.posts.push(post);
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

async function freePort(): Promise<number> {
  const probe = new Receiver();
  const port = await probe.listen();
  await probe.close();
  return port;
}

async function eventually<T>(probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const undelivered = (url: string) =>
  withDb(url, async (db) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE "deliveredAt" IS NULL`)).rows[0].n);

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
        ALERT_WEBHOOK_ATTEMPTS: '30',
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
    await eventually(async () => ((await queue.getJobCounts('delayed')).delayed >= 20 ? true : null));
    expect(await undelivered(h.databaseUrl)).toBe(20);

    await receiver.listen(port);
    await eventually(async () => ((await undelivered(h.databaseUrl)) === 0 ? true : null));

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

    // A later sweep re-queues nothing that was delivered.
    const posted = receiver.posts.length;
    await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.posts.length).toBe(posted);
  });
});

describe('alert webhooks that keep failing (e2e)', () => {
  let h: Harness;
  const receiver = new Receiver(500);

  beforeAll(async () => {
    const port = await receiver.listen();
    h = await startApi({
      worker: true,
      env: {
        TEST_CLOCK: 'enabled',
        ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        ALERT_WEBHOOK_SECRET: SECRET,
        ALERT_WEBHOOK_BACKOFF_MS: '50',
        ALERT_WEBHOOK_ATTEMPTS: '3',
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  it('keeps the failed jobs for inspection after the last attempt and leaves the alert undelivered', async () => {
    await seedDueTransfers(h.databaseUrl, 1, new Date('2026-11-02T16:00:00.000Z'), 'FAIL');
    await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: '2026-11-03T02:00:00.000Z' } });
    expect((await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken })).body.raised.OVERDUE).toBe(2);
    const queue = h.app.get(JobQueues).queue('alerts');
    const failed = await eventually(async () => {
      const jobs = await queue.getFailed();
      return jobs.length === 2 ? jobs : null;
    });
    expect(failed.map((j) => j.attemptsMade)).toEqual([3, 3]);
    expect(failed[0].failedReason).toMatch(/webhook answered 500/);
    expect(receiver.posts).toHaveLength(6);
    expect(await undelivered(h.databaseUrl)).toBe(2);
  });
});
