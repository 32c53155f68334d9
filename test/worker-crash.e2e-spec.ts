import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JobQueues } from '@case-desk/jobs';
import { Harness, startApi, testEnv } from './support/api-harness';
import { levelCounts } from './support/alerts';
import { withDb } from './support/db-inspect';
import { eventually } from './support/eventually';
import { seedDueTransfers } from './support/seed';

/**
 * The built worker as operators run it (`npm run build` comes first in `npm test`), killed in the middle
 * of a sweep over thousands of due clocks, then started again: nothing missing, nothing twice. And a
 * SIGTERM in the middle of a sweep lets it finish before the process exits.
 */
const WORKER = join(__dirname, '..', 'dist/apps/worker/main.js');
const CASES = 3000; // two running clocks each (OUTGOING, OVERALL), both overdue and escalated

jest.setTimeout(120_000);

describe('worker killed mid-sweep (e2e)', () => {
  let h: Harness;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first (npm test does)`);
    h = await startApi({ env: { TEST_CLOCK: 'enabled', SLA_SWEEP_EVERY_SECONDS: '3600' } });
    env = testEnv(h.databaseUrl, { TEST_CLOCK: 'enabled', REDIS_PREFIX: h.config.redis.prefix, SLA_SWEEP_EVERY_SECONDS: '3600', LOG_LEVEL: 'info' });
    await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: '2026-12-11T02:00:00.000Z' } });
  });
  afterAll(async () => {
    // A worker a failed test left running: killed, and gone (its pipes closed) before the run ends.
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'))));
    await h?.close();
  });

  const startWorker = async (): Promise<{ child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null }>; out: () => string }> => {
    const child = spawn(process.execPath, [WORKER], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    await eventually(async () => (/worker ready/.test(out) ? true : null), 20_000, () => `the worker to start; its output:\n${out.slice(-3000)}`, 50);
    return { child, exited, out: () => out };
  };

  const alertCount = (label: string) =>
    withDb(h.databaseUrl, async (db) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE "caseNo" LIKE $1 || '-%'`, [label])).rows[0].n);

  it('SIGKILL in the middle of a sweep, then a restart: every alert exactly once', async () => {
    await seedDueTransfers(h.databaseUrl, CASES, new Date('2026-11-02T16:00:00.000Z'), 'KILL');
    const first = await startWorker();
    await h.app.get(JobQueues).add('sla', 'sweep', { trigger: 'admin' });
    await eventually(async () => ((await alertCount('KILL')) >= 300 ? true : null), 30_000, () => `the sweep to be under way; worker output:\n${first.out().slice(-3000)}`, 50);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const partial = await alertCount('KILL');
    expect(partial).toBeLessThan(CASES * 4); // it really died half-way

    // The restarted worker's scheduled sweep runs at once; the admin sweep queues behind it and returns
    // when both are done.
    const second = await startWorker();
    const sweep = await h.request('POST', '/v1/admin/sla/sweep', { token: h.adminToken });
    expect(sweep.status).toBe(200);
    expect(await levelCounts(h.databaseUrl, 'KILL')).toEqual({ OVERDUE: CASES * 2, ESCALATED: CASES * 2 });
    await withDb(h.databaseUrl, async (db) => {
      const missing = await db.query(
        `SELECT 1 FROM case_clocks cc JOIN cases c ON c.id = cc."caseId"
          WHERE c."caseNo" LIKE 'KILL-%' AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a."caseId" = cc."caseId" AND a.clock = cc.clock AND a.level = 'OVERDUE')`,
      );
      expect(missing.rowCount).toBe(0);
    });
    second.child.kill('SIGTERM');
    expect((await second.exited).signal).toBe('SIGTERM');
  });

  it('SIGTERM in the middle of a sweep lets the sweep finish, then exits', async () => {
    await seedDueTransfers(h.databaseUrl, CASES, new Date('2026-11-02T16:00:00.000Z'), 'TERM');
    const worker = await startWorker();
    await h.app.get(JobQueues).add('sla', 'sweep', { trigger: 'admin' });
    await eventually(async () => ((await alertCount('TERM')) >= 300 ? true : null), 30_000, () => `the sweep to be under way; worker output:\n${worker.out().slice(-3000)}`, 50);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).signal).toBe('SIGTERM');
    expect(await levelCounts(h.databaseUrl, 'TERM')).toEqual({ OVERDUE: CASES * 2, ESCALATED: CASES * 2 });
    expect(worker.out()).toMatch(/"job":"sweep".*"msg":"job done"/);
    expect(worker.out()).toMatch(/worker stopping/);
  });
});
