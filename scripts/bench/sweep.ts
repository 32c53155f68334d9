// npm run bench:sweep — the first SLA sweep on a freshly loaded database (issue 13 point 4).
//
// Each scenario gets a fresh database BENCH_SWEEP_DATABASE (default casedesk_bench_sweep): created,
// migrated and bulk-loaded by seed:bulk's code (which ends with its own VACUUM ANALYZE of the loaded
// tables, as any COPY load does; the bench runs no ANALYZE of its own, and `alerts` has never been
// analysed when the sweep runs). Dropped at the end.
//
// The sweep instant S is put 30+ days before the earliest running due date of the load, so that no
// loaded clock has reached any level at S; then exactly --crossing clocks (default 10,000) get a due
// date in (escalation bound, S]: at S each of them crosses OVERDUE and nothing else, so the sweep must
// raise exactly that many alerts.
//   base:    the crossing clocks spread over every due date of that range;
//   backlog: the crossing clocks all on ONE due date, plus --backlog further clocks (default 100,000)
//            on that same due date, already overdue and already alerted (OVERDUE alert, delivered).
// Scenarios: base at each --cases size (default 100000,1000000), then backlog at the first size.
//
// The sweep runs in-process: a Nest application context with the modules the worker's sweep uses
// (core, db, sla, alerts, jobs; no BullMQ consumer started, so nothing else competes), and the time measured is
// that of `SlaSweeper.run(S)` alone (after one warm-up sweep of the process at an instant whose windows
// hold no clock), including its outbox step (the new alerts queued to BullMQ for
// the webhook, as in production: ALERT_WEBHOOK_URL is set, nothing delivers). Redis `INFO memory`
// used_memory is read before and after each sweep (the server's figure; the bench's keys are under
// its own prefix, counted too, and deleted at the end).
// Options: --cases N[,N…], --crossing N, --backlog N, --keep (do not drop the database).
import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { CoreModule, loadConfig } from '@case-desk/core';
import { DbModule } from '@case-desk/db';
import { SlaModule, CalendarService } from '@case-desk/sla';
import { AlertsModule } from '@case-desk/alerts';
import { JobWorkersModule, SlaSweeper } from '@case-desk/jobs';
import { alertWindows } from '@case-desk/domain';
import { quoteIdent } from '../db/database-url';
import { ADMIN_URL, BENCH_PII_KEY, REDIS_URL, benchDatabase, deleteRedisPrefix, log, option, sql, uptime } from './harness';

const DAY_MS = 86_400_000;
const TARGET_SIZE_RATIO = 1.5;
const TARGET_BACKLOG_RATIO = 1.5;
const TARGET_1M_SECONDS = 5;

interface Outcome {
  label: string;
  cases: number;
  seconds: number;
  expected: number;
  raised: number;
  byLevel: string;
  redisBefore: number;
  redisAfter: number;
  prefixKeys: number;
}

class SweepBenchModule {}

async function redisMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

async function prefixKeyCount(redis: Redis, prefix: string): Promise<number> {
  let n = 0;
  for (let cursor = '0'; ; ) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    n += keys.length;
    cursor = next;
    if (cursor === '0') return n;
  }
}

async function scenario(name: string, cases: number, crossing: number, backlog: number, label: string): Promise<Outcome> {
  log(`--- ${label}: ${cases} open cases, ${crossing} crossing clocks${backlog > 0 ? `, backlog ${backlog} (one due date)` : ''}`);
  const url = await benchDatabase(name, cases, true);
  const prefix = `casedesk-bench-sweep-${Date.now()}`;
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    PII_KEY: BENCH_PII_KEY,
    ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/bench-sweep-hook',
    ALERT_WEBHOOK_SECRET: 'bench-sweep-webhook-secret',
  });
  const app: INestApplicationContext = await NestFactory.createApplicationContext(
    { module: SweepBenchModule, imports: [CoreModule.forRoot(config), DbModule, SlaModule, AlertsModule, JobWorkersModule] },
    { logger: ['error', 'warn'] },
  );
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const calendar = await app.get(CalendarService).calendar();
    const minDue = (await sql<{ due: Date }>(url, `SELECT min("runningDueAt") AS due FROM case_clocks WHERE "runningDueAt" IS NOT NULL`))[0].due;
    // 10:00 Shanghai, 30 days before the earliest running due date; earlier until no loaded clock is in any window.
    let at = new Date(minDue.getTime() - 30 * DAY_MS + 10 * 3_600_000);
    while (Math.max(...alertWindows(calendar, at).map((w) => w.upTo.getTime())) >= minDue.getTime()) at = new Date(at.getTime() - DAY_MS);
    const windows = alertWindows(calendar, at);
    const escalationBound = windows.find((w) => w.level === 'ESCALATED')!.upTo;
    const dueDates: Date[] = [];
    for (let d = escalationBound.getTime() + DAY_MS; d <= at.getTime(); d += DAY_MS) dueDates.push(new Date(d));
    log(`sweep instant ${at.toISOString()}; earliest loaded running due ${minDue.toISOString()}; OVERDUE-only due dates ${dueDates.map((d) => d.toISOString()).join(', ')}`);

    const picked = await sql<{ caseId: string; clock: string }>(
      url,
      `SELECT "caseId", clock::text AS clock FROM case_clocks WHERE "runningDueAt" IS NOT NULL ORDER BY "caseId", clock LIMIT $1`,
      [crossing + backlog],
    );
    if (picked.length < crossing + backlog) throw new Error(`only ${picked.length} running clocks, ${crossing + backlog} wanted`);
    const move = async (rows: { caseId: string; clock: string }[], due: (i: number) => Date) => {
      for (let i = 0; i < rows.length; i += 10_000) {
        const part = rows.slice(i, i + 10_000);
        await sql(
          url,
          `UPDATE case_clocks cc SET "dueAt" = v.due, "runningDueAt" = v.due
             FROM unnest($1::uuid[], $2::"ClockName"[], $3::timestamptz[]) AS v("caseId", clock, due)
            WHERE cc."caseId" = v."caseId" AND cc.clock = v.clock`,
          [part.map((r) => r.caseId), part.map((r) => r.clock), part.map((_, j) => due(i + j).toISOString())],
        );
      }
    };
    // Shuffle-free but spread: every other picked clock crosses, so crossings and backlog interleave in the key order.
    const crossers = backlog > 0 ? picked.filter((_, i) => i % Math.ceil((crossing + backlog) / crossing) === 0).slice(0, crossing) : picked;
    const crossingKeys = new Set(crossers.map((r) => `${r.caseId}/${r.clock}`));
    const backlogRows = picked.filter((r) => !crossingKeys.has(`${r.caseId}/${r.clock}`)).slice(0, backlog);
    const oneDue = dueDates[dueDates.length - 1];
    await move(crossers, (i) => (backlog > 0 ? oneDue : dueDates[i % dueDates.length]));
    if (backlog > 0) {
      await move(backlogRows, () => oneDue);
      for (let i = 0; i < backlogRows.length; i += 10_000) {
        const part = backlogRows.slice(i, i + 10_000);
        await sql(
          url,
          `INSERT INTO alerts (id, "caseId", "caseNo", clock, level, agency, "dueAt", "raisedAt", "deliveredAt")
           SELECT gen_random_uuid(), cc."caseId", c."caseNo", cc.clock, 'OVERDUE', cc.agency, cc."runningDueAt", $3, $3
             FROM unnest($1::uuid[], $2::"ClockName"[]) AS v("caseId", clock)
             JOIN case_clocks cc ON cc."caseId" = v."caseId" AND cc.clock = v.clock
             JOIN cases c ON c.id = cc."caseId"`,
          [part.map((r) => r.caseId), part.map((r) => r.clock), new Date(at.getTime() - 3_600_000).toISOString()],
        );
      }
    }
    const stats = await sql<{ n_live_tup: string; last_analyze: Date | null; last_autoanalyze: Date | null }>(
      url,
      `SELECT n_live_tup, last_analyze, last_autoanalyze FROM pg_stat_user_tables WHERE relname = 'alerts'`,
    );
    log(`alerts before the sweep: ${stats[0]?.n_live_tup} live rows; analysed: ${stats[0]?.last_analyze?.toISOString() ?? 'never'} (manual), ${stats[0]?.last_autoanalyze?.toISOString() ?? 'never'} (auto)`);

    const sweeper = app.get(SlaSweeper);
    // Warm the process (pool connections, code paths) with a sweep a year earlier, whose windows hold no
    // clock: it raises nothing and runs no ANALYZE; its time is printed, not counted.
    const warm = process.hrtime.bigint();
    const idle = await sweeper.run(new Date(at.getTime() - 365 * DAY_MS));
    log(`warm-up sweep (empty windows): ${(Number(process.hrtime.bigint() - warm) / 1e9).toFixed(2)} s, ${idle.evaluated} evaluated`);
    const redisBefore = await redisMemory(redis);
    const started = process.hrtime.bigint();
    const result = await sweeper.run(at);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const redisAfter = await redisMemory(redis);
    const raised = result.raised.DUE_SOON + result.raised.OVERDUE + result.raised.ESCALATED;
    const prefixKeys = await prefixKeyCount(redis, prefix);
    const outcome: Outcome = {
      label,
      cases,
      seconds,
      expected: crossing,
      raised,
      byLevel: `DUE_SOON ${result.raised.DUE_SOON}, OVERDUE ${result.raised.OVERDUE}, ESCALATED ${result.raised.ESCALATED}; evaluated ${result.evaluated}, failed ${result.failed}`,
      redisBefore,
      redisAfter,
      prefixKeys,
    };
    log(
      `${label}: first sweep ${seconds.toFixed(2)} s; alerts expected ${crossing}, raised ${raised} (${outcome.byLevel}) ${raised === crossing ? 'OK' : 'MISMATCH'}; ` +
        `Redis used_memory ${(redisBefore / 1048576).toFixed(1)} → ${(redisAfter / 1048576).toFixed(1)} MB (${prefixKeys} keys under ${prefix})`,
    );
    return outcome;
  } finally {
    redis.disconnect();
    await app.close();
    await deleteRedisPrefix(prefix);
  }
}

async function main(argv: string[]): Promise<void> {
  const sizes = option(argv, 'cases', '100000,1000000').split(',').map(Number);
  const crossing = Number(option(argv, 'crossing', '10000'));
  const backlog = Number(option(argv, 'backlog', '100000'));
  const name = process.env.BENCH_SWEEP_DATABASE ?? 'casedesk_bench_sweep';
  log(`machine: ${uptime()}`);
  const outcomes: Outcome[] = [];
  try {
    for (const size of sizes) outcomes.push(await scenario(name, size, crossing, 0, `base ${size}`));
    outcomes.push(await scenario(name, sizes[0], crossing, backlog, `backlog ${sizes[0]}`));
  } finally {
    if (!argv.includes('--keep')) await sql(ADMIN_URL, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  }
  console.log('');
  console.log('scenario              cases  first sweep s  expected  raised  Redis used_memory MB before → after');
  for (const o of outcomes) {
    console.log(
      `${o.label.padEnd(18)} ${String(o.cases).padStart(8)}  ${o.seconds.toFixed(2).padStart(13)}  ${String(o.expected).padStart(8)}  ${String(o.raised).padStart(6)}  ` +
        `${(o.redisBefore / 1048576).toFixed(1)} → ${(o.redisAfter / 1048576).toFixed(1)} (+${((o.redisAfter - o.redisBefore) / 1048576).toFixed(1)})`,
    );
  }
  console.log('');
  const base = outcomes.filter((o) => o.label.startsWith('base'));
  const small = base[0];
  const large = base[base.length - 1];
  const exact = outcomes.every((o) => o.raised === o.expected);
  console.log(`alerts raised = expected in every scenario: ${exact ? 'yes' : 'NO'}`);
  if (large !== small) {
    const ratio = large.seconds / small.seconds;
    console.log(`ratio ${large.cases} / ${small.cases}: ${ratio.toFixed(2)} (target ≤ ${TARGET_SIZE_RATIO} for 1,000,000 / 100,000: ${ratio <= TARGET_SIZE_RATIO ? 'met' : 'NOT met'}${large.cases === 1_000_000 && small.cases === 100_000 ? '' : ' — measured at these sizes, not 1M / 100k'})`);
  }
  const million = base.find((o) => o.cases === 1_000_000);
  console.log(million ? `1,000,000 first sweep ${million.seconds.toFixed(2)} s (target ≤ ${TARGET_1M_SECONDS} s: ${million.seconds <= TARGET_1M_SECONDS ? 'met' : 'NOT met'})` : '1,000,000 not measured in this run');
  const withBacklog = outcomes[outcomes.length - 1];
  const backlogRatio = withBacklog.seconds / small.seconds;
  console.log(`backlog / base at ${small.cases}: ${backlogRatio.toFixed(2)} (target ≤ ${TARGET_BACKLOG_RATIO}: ${backlogRatio <= TARGET_BACKLOG_RATIO ? 'met' : 'NOT met'})`);
  console.log(`\n${uptime()}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:sweep failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
