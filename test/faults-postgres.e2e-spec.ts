import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { transferBody } from './support/factories';
import { eventually } from './support/eventually';
import { OwnPostgres, startOwnPostgres } from './support/own-postgres';
import { OwnRedis, startOwnRedis } from './support/own-redis';
import { runTraffic, tally } from './support/traffic';

/**
 * PostgreSQL stopped for ~15 s under traffic (its own server, never the machine's): every answer
 * during the outage is 503 SERVICE_UNAVAILABLE problem+json with Retry-After, the API recovers without
 * a restart, and no case is left half-written.
 */
const OUTAGE_MS = 15_000;
jest.setTimeout(150_000);

describe('PostgreSQL outage under traffic (fault, e2e)', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let h: Harness;

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
    h = await startApi({ databaseUrl: pg.url, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([pg?.cleanup(), redis?.cleanup()]);
  });

  it('503 with Retry-After while it is down, recovery without a restart, no partial write', async () => {
    const approve = { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1523.40' };
    const created: string[] = [];
    const traffic = runTraffic(h, 4, async (loop, i) => {
      if (i % 3 === 0 || created.length === 0) {
        const res = await h.request('POST', '/v1/cases', { token: h.adminToken, body: transferBody() });
        if (res.status === 201) created.push(res.body.id);
        return { op: 'create', res };
      }
      const id = created[(loop * 7 + i) % created.length];
      if (i % 3 === 1) return { op: 'read', res: await h.request('GET', `/v1/cases/${id}`, { token: h.adminToken }) };
      return { op: 'transition', res: await h.request('POST', `/v1/cases/${id}/transitions`, { token: h.adminToken, body: approve }) };
    });

    await eventually(async () => (created.length >= 10 ? true : null), 20_000, 'traffic before the outage');
    const stoppedAt = Date.now();
    await pg.stop();
    const downAt = Date.now(); // requests sent before this may still have been answered
    const ready = await h.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database.status).toBe('down');
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS)); // the outage itself, not a wait for a condition
    const restartingAt = Date.now();
    await pg.start();
    const startedAt = Date.now();
    const recovered = await eventually(
      async () => traffic.samples.find((s) => s.sentAt > startedAt && s.status >= 200 && s.status < 300) ?? null,
      30_000,
      'a successful request after PostgreSQL is back',
    );
    await eventually(async () => ((await h.request('GET', '/health/ready')).status === 200 ? true : null), 10_000, 'ready again');
    // Some traffic after recovery: every loop answered again.
    const readyAt = Date.now();
    await eventually(
      async () => (traffic.samples.filter((s) => s.sentAt > readyAt && s.status >= 200 && s.status < 300).length >= 20 ? true : null),
      10_000,
      '20 successful requests after recovery',
    );
    await traffic.stop();

    const during = traffic.samples.filter((s) => s.sentAt >= downAt && s.at <= restartingAt);
    const odd = during.filter((s) => s.status !== 503);
    if (odd.length > 0) console.log(`[faults-postgres] not 503 during the outage: ${odd.length} such, the first: ${JSON.stringify(odd.slice(0, 3).map((s) => ({ ...s, sentAt: s.sentAt - downAt, at: s.at - downAt })))} (restart at ${restartingAt - downAt})`);
    const statuses = tally(traffic.samples);
    console.log(
      `[faults-postgres] outage ${startedAt - stoppedAt} ms; requests during it: ${during.length}; ` +
        `statuses: ${JSON.stringify(statuses)}; first success ${recovered.at - startedAt} ms after the restart`,
    );
    expect(during.length).toBeGreaterThan(20);
    expect(traffic.samples.filter((s) => s.status === 0 || (s.status >= 500 && s.status !== 503))).toEqual([]);
    for (const s of during) {
      expect(s).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(s.contentType).toMatch(/^application\/problem\+json/);
      expect(Number(s.retryAfter)).toBeGreaterThan(0);
    }
    expect(recovered.at - startedAt).toBeLessThan(15_000);

    // Every case has the events of its versions and its clocks: no partial write.
    await withDb(pg.url, async (db) => {
      const { rows } = await db.query<{ caseNo: string; version: number; events: number; clocks: number; status: string }>(
        `SELECT c."caseNo", c.version, c.status,
                (SELECT count(*)::int FROM case_events e WHERE e."caseId" = c.id) AS events,
                (SELECT count(*)::int FROM case_clocks k WHERE k."caseId" = c.id) AS clocks
           FROM cases c`,
      );
      const broken = rows.filter((r) => r.events !== r.version || r.clocks < (r.status === 'SUBMITTED' ? 2 : 3));
      console.log(`[faults-postgres] cases: ${rows.length} (201 answers: ${statuses['create 201'] ?? 0}); inconsistent: ${broken.length}`);
      expect(broken).toEqual([]);
      expect(rows.length).toBeGreaterThanOrEqual(statuses['create 201'] ?? 0);
    });
  });
});
