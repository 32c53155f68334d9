// npm run bench:queue — the case lists and the case page at provincial scale (issue 13 point 3).
//
// 1. Database BENCH_QUEUE_DATABASE (default casedesk_bench_queue): migrated and bulk-seeded with
//    --cases open cases (default 1,000,000) unless it already holds them; kept for the next run.
// 2. Starts the built API (dist/, or each folder given with --dist, e.g. a build of main for a same-run
//    before/after) as a child process in production mode, creates a clerk of the busiest agency, a
//    supervisor of its province, and measures with autocannon (--connections, default 16; --duration,
//    default 10 s; 2 s warm-up each):
//      queue      GET /v1/cases?limit=50                 (the clerk)
//      case       GET /v1/cases/{id}                     (the clerk, a random one of 2,000 of its cases)
//      incoming   GET /v1/cases?side=incoming&limit=50   (the supervisor)
//      overdue    GET /v1/cases?sla=OVERDUE&limit=50     (the admin)
//    and the API's peak RSS during each.
// 3. Stops the API, starts bare Fastify sending each scenario's body (the API's own answer, same size)
//    and measures it the same way; prints req/s, p50/p99, the ratios and the targets.
// 4. EXPLAIN (ANALYZE, BUFFERS) of each list's statement (the SQL the repository's Prisma query sends,
//    written out here) and of the statement reading the page's cases with their clocks.
// Options: --cases N, --connections N, --duration S, --dist DIR (repeatable; DIR@KEY=VALUE,… runs that
// build with those settings, e.g. dist@CASE_LIST_CACHE_ENTRIES=0), --reseed, --no-explain.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { OVERDUE_FLAG_MARGIN_MS } from '@case-desk/sla';
import { BENCH_ADMIN, Row, api, benchDatabase, deleteRedisPrefix, load, log, option, printTable, sql, startApi, startBare, tokenFor, uptime } from './harness';

const TARGET_RATIO = 0.3;
const TARGET_P99_MS = 50;
const TARGET_SQL_MS = 10;
const TARGET_RSS_MB = 300;
const WARMUP_S = 2;

interface Scenario {
  name: string;
  who: 'clerk' | 'supervisor' | 'admin';
  path: () => string;
}

/**
 * The statements the list queries send (Prisma's, written out); `provinces`: the schema has
 * cases.toProvince; `overdueFlag`: the schema has cases.overdue (the sla=OVERDUE list's two parts).
 */
export function listStatements(agency: string, province: string, provinces: boolean, overdueFlag = false): { name: string; text: string }[] {
  const page = `ORDER BY "createdAt" DESC, seq DESC LIMIT 51`;
  const incoming = provinces ? `"toProvince" = '${province}'` : `"toRegion"::text LIKE '${province}%'`;
  const clerk = `("fromRegion" = '${agency}' OR "toRegion" = '${agency}' OR region = '${agency}')`;
  return [
    // A clerk's list: the keys of one page per side, sent together and merged in the API (the page's
    // rows are then read by id, as its clocks are)…
    ...['"fromRegion"', '"toRegion"', 'region'].map((side) => ({
      name: `queue (clerk), ${side.replace(/"/g, '')} side (keys)`,
      text: `SELECT id, "createdAt", seq FROM cases WHERE ${clerk} AND ${side} = '${agency}' ${page}`,
    })),
    // …and the single statement on the OR that walked the createdAt index, for comparison on the same data.
    { name: 'queue (clerk), one statement on the OR (before)', text: `SELECT * FROM cases WHERE ${clerk} ${page}` },
    {
      name: 'incoming (supervisor)',
      text:
        `SELECT * FROM cases WHERE ("fromRegion"::text LIKE '${province}%' OR "toRegion"::text LIKE '${province}%' OR region::text LIKE '${province}%') ` +
        `AND kind = 'TRANSFER' AND ${incoming} ${page}`,
    },
    ...(!overdueFlag
      ? [{ name: 'overdue (admin)', text: `SELECT * FROM cases WHERE "nextDueAt" <= now() ${page}` }]
      : [
          // Two statements, sent together and merged in the API: the flagged cases on (overdue, createdAt, seq)…
          { name: 'overdue (admin), flagged', text: `SELECT * FROM cases WHERE "nextDueAt" <= now() AND overdue = true ${page}` },
          // …and the due instants of the unflagged ones that crossed their due date since the last sweep
          // (CaseRepository.dueInstants: a loose scan of case_due's index; their cases are then read in
          // the list's order from it, with the same filters and page, only when there are any).
          {
            name: 'overdue (admin), instants crossed since the last sweep',
            text:
              `WITH RECURSIVE instants AS (SELECT f.overdue, (SELECT "nextDueAt" FROM case_due WHERE overdue = f.overdue AND "nextDueAt" > ` +
              `COALESCE((SELECT "lastSweptAt" FROM sweep_status WHERE id = 1) - make_interval(secs => ${OVERDUE_FLAG_MARGIN_MS / 1000}::float8), '-infinity') ` +
              `AND "nextDueAt" <= now() ORDER BY "nextDueAt" LIMIT 1) AS at, 1 AS n FROM unnest('{f}'::boolean[]) AS f(overdue) ` +
              `UNION ALL SELECT i.overdue, (SELECT "nextDueAt" FROM case_due WHERE overdue = i.overdue AND "nextDueAt" > i.at AND "nextDueAt" <= now() ` +
              `ORDER BY "nextDueAt" LIMIT 1), i.n + 1 FROM instants i WHERE i.at IS NOT NULL AND i.n <= 32) ` +
              `SELECT overdue, at FROM instants WHERE at IS NOT NULL ORDER BY overdue, at LIMIT 33`,
          },
          // main's single statement, for comparison on the same data.
          { name: 'overdue (admin), one statement on nextDueAt (main)', text: `SELECT * FROM cases WHERE "nextDueAt" <= now() ${page}` },
        ]),
  ];
}

async function main(argv: string[]): Promise<void> {
  const cases = Number(option(argv, 'cases', '1000000'));
  const connections = Number(option(argv, 'connections', '16'));
  const duration = Number(option(argv, 'duration', '10'));
  const dists = argv.flatMap((a, i) => (a === '--dist' ? [argv[i + 1]] : []));
  if (dists.length === 0) dists.push('dist');
  const name = process.env.BENCH_QUEUE_DATABASE ?? 'casedesk_bench_queue';
  log(`machine: ${uptime()}`);
  const url = await benchDatabase(name, cases, argv.includes('--reseed'));
  const flags = await sweepOverdueFlags(url);
  if (flags !== null) log(`overdue flags swept as the worker's sweep does each minute: ${flags} cases flagged`);

  const [{ agency }] = await sql<{ agency: string }>(url, `SELECT "fromRegion" AS agency FROM cases WHERE "fromRegion" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  const province = agency.slice(0, 2);
  const ids = (await sql<{ id: string }>(url, `SELECT id FROM cases WHERE "fromRegion" = $1 OR "toRegion" = $1 LIMIT 2000`, [agency])).map((r) => r.id);
  const counts = await sql<Record<string, string>>(
    url,
    `SELECT count(*) FILTER (WHERE "closedAt" IS NULL) AS open,
            count(*) FILTER (WHERE "fromRegion" = $1 OR "toRegion" = $1 OR region = $1) AS agency,
            count(*) FILTER (WHERE kind = 'TRANSFER' AND "toRegion"::text LIKE $2) AS incoming,
            count(*) FILTER (WHERE "nextDueAt" <= now()) AS overdue
       FROM cases`,
    [agency, `${province}%`],
  );
  log(`open cases ${counts[0].open}; agency ${agency}: ${counts[0].agency}; incoming to province ${province}: ${counts[0].incoming}; overdue: ${counts[0].overdue}`);

  const scenarios: Scenario[] = [
    { name: 'queue    GET /v1/cases?limit=50', who: 'clerk', path: () => '/v1/cases?limit=50' },
    { name: 'case     GET /v1/cases/{id}', who: 'clerk', path: () => `/v1/cases/${ids[Math.floor(Math.random() * ids.length)]}` },
    { name: 'incoming GET /v1/cases?side=incoming&limit=50', who: 'supervisor', path: () => '/v1/cases?side=incoming&limit=50' },
    { name: 'overdue  GET /v1/cases?sla=OVERDUE&limit=50', who: 'admin', path: () => '/v1/cases?sla=OVERDUE&limit=50' },
  ];

  const work = mkdtempSync(join(tmpdir(), 'casedesk-bench-queue-'));
  const rows: Row[] = [];
  const apiResults = new Map<string, autocannon.Result[]>();
  const bodies: string[] = [];
  try {
    for (const dist of dists) {
      const prefix = `casedesk-bench-queue-${Date.now()}`;
      const [folder, settings] = dist.split('@');
      const env = Object.fromEntries((settings ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
      const server = await startApi(url, { dist: folder, redisPrefix: prefix, env });
      try {
        const admin = await tokenFor(server.url, null, BENCH_ADMIN);
        const tag = Date.now().toString(36);
        const tokens = {
          admin,
          clerk: await tokenFor(server.url, admin, { username: `bench-clerk-${tag}`, password: 'bench-clerk-password', role: 'CLERK', agency }),
          supervisor: await tokenFor(server.url, admin, { username: `bench-super-${tag}`, password: 'bench-super-password', role: 'SUPERVISOR', agency }),
        };
        log(`API (${dist}) up on ${server.url}, pid ${server.process.pid}`);
        for (const [i, s] of scenarios.entries()) {
          const headers = { authorization: `Bearer ${tokens[s.who]}` };
          const first = await api(server.url, 'GET', s.path(), tokens[s.who]);
          if (first.status !== 200) throw new Error(`${s.name}: ${first.status} ${first.text}`);
          if (bodies[i] === undefined) bodies[i] = first.text;
          await load(server.url, connections, WARMUP_S, (req) => ({ ...req, method: 'GET', path: s.path(), headers }));
          server.resetRss();
          const result = await load(server.url, connections, duration, (req) => ({ ...req, method: 'GET', path: s.path(), headers }));
          const items = Array.isArray(first.json?.items) ? `${first.json.items.length} items, ` : '';
          rows.push({ label: `API ${s.name} [${dist}]`, result, extra: `${items}${Buffer.byteLength(first.text)} B, RSS ≤ ${server.peakRssMb().toFixed(0)} MB` });
          apiResults.set(`${dist} ${i}`, [...(apiResults.get(`${dist} ${i}`) ?? []), result]);
          log(`${s.name} [${dist}]: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms`);
        }
      } finally {
        await server.stop();
        await deleteRedisPrefix(prefix);
      }
    }

    const files = bodies.map((b, i) => {
      const f = join(work, `body-${i}.json`);
      writeFileSync(f, b);
      return f;
    });
    const bare = await startBare(files);
    const bareResults: autocannon.Result[] = [];
    try {
      for (const [i, s] of scenarios.entries()) {
        await load(bare.url, connections, WARMUP_S, (req) => ({ ...req, method: 'GET', path: `/b/${i}` }));
        const result = await load(bare.url, connections, duration, (req) => ({ ...req, method: 'GET', path: `/b/${i}` }));
        bareResults.push(result);
        rows.push({ label: `bare Fastify, ${s.name.split(' ')[0]} body`, result, extra: `${Buffer.byteLength(bodies[i])} B` });
      }
    } finally {
      await bare.stop();
    }

    console.log('');
    printTable(rows);
    console.log('');
    for (const dist of dists) {
      for (const [i, s] of scenarios.entries()) {
        const r = apiResults.get(`${dist} ${i}`)![0];
        const ratio = r.requests.average / bareResults[i].requests.average;
        const main = i === 0 ? ` (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}; p99 ≤ ${TARGET_P99_MS} ms: ${r.latency.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'})` : '';
        console.log(`[${dist}] ${s.name}: ratio API / bare ${ratio.toFixed(3)}, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms${main}`);
      }
    }
    const rss = Math.max(...rows.filter((r) => r.label.startsWith('API')).map((r) => Number(/RSS ≤ (\d+)/.exec(r.extra ?? '')?.[1] ?? 0)));
    console.log(`API peak RSS during the runs: ${rss} MB (target ≤ ${TARGET_RSS_MB} MB: ${rss <= TARGET_RSS_MB ? 'met' : 'NOT met'})`);

    if (!argv.includes('--no-explain')) {
      const provinces = (await sql(url, `SELECT 1 FROM information_schema.columns WHERE table_name = 'cases' AND column_name = 'toProvince'`)).length > 0;
      for (const st of listStatements(agency, province, provinces, await hasOverdueFlag(url))) {
        const plan = (await sql<{ 'QUERY PLAN': string }>(url, `EXPLAIN (ANALYZE, BUFFERS) ${st.text}`)).map((r) => r['QUERY PLAN']);
        const ms = Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN);
        console.log(`\nEXPLAIN ANALYZE ${st.name}: ${ms.toFixed(2)} ms (target ≤ ${TARGET_SQL_MS} ms: ${ms <= TARGET_SQL_MS ? 'met' : 'NOT met'})\n${st.text}`);
        console.log(plan.map((l) => `  ${l}`).join('\n'));
      }
      const page = ids.slice(0, 50);
      // CaseRepository.listedInFull: the page's cases with their clocks (clocksAsJson), by id.
      const inFull = `SELECT c.*, (SELECT COALESCE(jsonb_agg(to_jsonb(k) ORDER BY k."startedAt", k.clock), '[]'::jsonb) FROM case_clocks k WHERE k."caseId" = c.id) AS "readClocks"
  FROM cases c WHERE c.id = ANY($1::uuid[])`;
      const plan = (await sql<{ 'QUERY PLAN': string }>(url, `EXPLAIN (ANALYZE, BUFFERS) ${inFull}`, [page])).map((r) => r['QUERY PLAN']);
      console.log(`\nEXPLAIN ANALYZE the cases of a 50-case page with their clocks:\n${inFull}\n${plan.map((l) => `  ${l}`).join('\n')}`);
    }
    console.log(`\n${uptime()}`);
    console.log(`The database ${name} is kept for the next run (DROP DATABASE ${name} to remove it).`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Whether the schema has cases.overdue (migration overdue_flag). */
async function hasOverdueFlag(url: string): Promise<boolean> {
  return (await sql(url, `SELECT 1 FROM information_schema.columns WHERE table_name = 'cases' AND column_name = 'overdue'`)).length > 0;
}

/**
 * The bench starts no worker: the overdue-flag step of the SLA sweep (SlaSweepRepository.flagOverdue,
 * then the sweep's record of its instant), as the worker runs it every minute, so the list's second
 * part covers the cases crossed since then, as in a deployment. Null when the schema has no flag.
 */
async function sweepOverdueFlags(url: string): Promise<number | null> {
  if (!(await hasOverdueFlag(url))) return null;
  const rows = await sql<{ since: Date }>(url, `SELECT "lastSweptAt" - make_interval(secs => $1::float8) AS since FROM sweep_status WHERE id = 1`, [
    OVERDUE_FLAG_MARGIN_MS / 1000,
  ]);
  const since = rows[0] ? rows[0].since.toISOString() : null;
  const flagged = await sql<{ n: string }>(
    url,
    `WITH f AS (UPDATE cases SET overdue = true
                  WHERE id = ANY(ARRAY(SELECT id FROM cases WHERE overdue = false AND "nextDueAt" <= now() ${since === null ? '' : `AND "nextDueAt" > '${since}'`}))
                    AND overdue = false AND "nextDueAt" <= now()
                 RETURNING 1)
     SELECT count(*) AS n FROM f`,
  );
  await sql(
    url,
    `INSERT INTO sweep_status (id, "lastCompletedAt", "lastSweptAt") VALUES (1, now(), now())
     ON CONFLICT (id) DO UPDATE SET "lastCompletedAt" = now(), "lastSweptAt" = now()`,
  );
  return Number(flagged[0].n);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:queue failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
