// npm run bench:reports — a supervisor's SLA report for one year at provincial scale.
//
// 1. Database BENCH_REPORTS_DATABASE (default casedesk_bench_reports) on BENCH_DATABASE_ADMIN_URL's
//    server: migrated, and seeded with seed:bulk when it holds fewer than --cases open cases (it is
//    then dropped and re-created first). It is kept afterwards, so later runs reuse it; --reseed forces
//    a new one. Defaults: 1,000,000 open cases and 500,000 finished over the past year.
// 2. Starts the API in this process on it (Redis at BENCH_REDIS_URL, a prefix of its own), creates a
//    supervisor of province --province (default 44, the largest) and asks GET /v1/reports/sla for the
//    year before today, grouped by agency: one warm-up, then --runs timed requests (default 9).
// 3. Prints median and p95 against the 1 s target, the report's total and busiest agencies, and the
//    EXPLAIN (ANALYZE, BUFFERS) of its statement.
// Not a test: run it on a quiet machine. Options: --cases N, --finished-cases M, --province PP, --runs N,
// --group-by agency|clock|month|kind, --reseed.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '@case-desk/core';
import { addCalendarDays, shanghaiDate } from '@case-desk/domain';
import { SlaReportService } from '@case-desk/reports';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { quoteIdent, withDatabase } from '../db/database-url';
import { deployMigrations } from '../db/migration-deploy';
import { seedBulk } from '../seed/bulk-seed';

const TARGET_MS = 1_000;
const BENCH_PII_KEY = 'bench-pii-key-0123456789abcdefghijklmnop';

function option(argv: string[], name: string, fallback: string): string {
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? fallback : argv[at + 1];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query(sql)).rows as T[];
  } finally {
    await db.end();
  }
}

async function main(argv: string[]): Promise<void> {
  const cases = Number(option(argv, 'cases', '1000000'));
  const finishedCases = Number(option(argv, 'finished-cases', '500000'));
  const province = option(argv, 'province', '44');
  const runs = Number(option(argv, 'runs', '9'));
  const groupBy = option(argv, 'group-by', 'agency');
  const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = process.env.BENCH_REPORTS_DATABASE ?? 'casedesk_bench_reports';
  const url = withDatabase(adminUrl, name);

  const exists = (await query(adminUrl, `SELECT 1 FROM pg_database WHERE datname = '${name.replace(/'/g, "''")}'`)).length > 0;
  let open = 0;
  if (exists && !argv.includes('--reseed')) {
    await deployMigrations(url);
    open = Number((await query<{ n: string }>(url, `SELECT count(*) AS n FROM cases WHERE "closedAt" IS NULL`))[0].n);
  }
  if (open < cases) {
    console.log(`database ${name}: ${open} open cases, ${cases} wanted: seeding a fresh one`);
    if (exists) await query(adminUrl, `DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`);
    await query(adminUrl, `CREATE DATABASE ${quoteIdent(name)}`);
    await deployMigrations(url);
    const started = Date.now();
    const seeded = await seedBulk({
      databaseUrl: url,
      cases,
      finishedCases,
      piiKey: BENCH_PII_KEY,
      policy: loadConfig({ NODE_ENV: 'development', DATABASE_URL: url }).slaPolicy,
      log: (line) => console.log(`  ${line}`),
    });
    console.log(
      `seeded ${seeded.cases} cases (${cases} open), ${seeded.clocks} clocks, ${seeded.events} events, ${seeded.results} clock results ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } else {
    console.log(`database ${name}: reusing ${open} open cases (--reseed for a new one)`);
  }
  const [sizes] = await query<Record<string, string>>(
    url,
    `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_clocks) AS clocks,
            (SELECT count(*) FROM sla_clock_results) AS results,
            (SELECT count(*) FROM sla_clock_results WHERE province = '${province}') AS province_results`,
  );
  console.log(`cases ${sizes.cases}, clocks ${sizes.clocks}, clock results ${sizes.results} (province ${province}: ${sizes.province_results})`);

  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: url,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    REDIS_PREFIX: `casedesk-bench-reports:${randomUUID().slice(0, 8)}`,
    PII_KEY: BENCH_PII_KEY,
    BOOTSTRAP_ADMIN_USERNAME: 'bench-admin',
    BOOTSTRAP_ADMIN_PASSWORD: 'bench-admin-password',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  });
  const app = await createApiApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const address = app.getHttpServer().address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const base = `http://127.0.0.1:${address.port}`;
    const call = async (method: string, path: string, token: string | null, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const login = async (username: string, password: string) => (await call('POST', '/v1/auth/token', null, { username, password })).accessToken as string;
    const admin = await login('bench-admin', 'bench-admin-password');
    const username = `bench-supervisor-${randomUUID().slice(0, 8)}`;
    const agency = `${province}0100`;
    await call('POST', '/v1/users', admin, { username, password: 'bench-supervisor-password', role: 'SUPERVISOR', agency });
    const supervisor = await login(username, 'bench-supervisor-password');

    const today = shanghaiDate(new Date());
    const from = addCalendarDays(today, -365);
    const path = `/v1/reports/sla?from=${from}&to=${today}&groupBy=${groupBy}`;
    console.log(`\nGET ${path} as a supervisor of province ${province}: 1 warm-up, ${runs} timed`);
    let report = await call('GET', path, supervisor);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      report = await call('GET', path, supervisor);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    const median = percentile(times, 0.5);
    const p95 = percentile(times, 0.95);
    console.log(`runs (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`);
    console.log(`median ${median.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms — target ≤ ${TARGET_MS} ms: ${p95 <= TARGET_MS ? 'met' : 'NOT met'}`);

    const rows = report.rows as { key: string; finished: number; onTimeRate: number | null; openOverdue: number }[];
    console.log(`\ntotal: ${JSON.stringify(report.total)}`);
    console.log(`${rows.length} rows; the busiest:`);
    for (const r of [...rows].sort((a, b) => b.finished - a.finished).slice(0, 5)) console.log(`  ${JSON.stringify(r)}`);

    const actor = { id: randomUUID(), username, role: 'SUPERVISOR' as const, agency };
    console.log('\nEXPLAIN (ANALYZE, BUFFERS) of the report statement:');
    console.log(await app.get(SlaReportService).explain(actor, { from, to: today, groupBy: groupBy as 'agency' }));
  } finally {
    await app.close();
  }
  console.log(`\nThe database ${name} is kept for the next run (DROP DATABASE ${name} to remove it).`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
