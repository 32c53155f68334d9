// npm run bench:transitions — HTTP transitions against the database's own write throughput (issue 13 point 2).
//
// 1. Database BENCH_TRANSITIONS_DATABASE (default casedesk_bench_queue, the one bench:queue keeps):
//    migrated and bulk-seeded with --cases open cases (default 1,000,000) unless it holds them. The run
//    consumes SUBMITTED transfers (each approved once); it re-seeds when fewer than --need are left.
// 2. pgbench's own database casedesk_bench_pgbench (`pgbench -i -s 16`, one branch per client), dropped
//    at the end.
// 3. For each build (dist/, or every --dist DIR, e.g. a build of main for a same-run before/after): the
//    API as a child process in production mode; then --rounds rounds (default 2) of
//      API: POST /v1/cases/{id}/transitions approve-outgoing, each request on a distinct case, as the
//           admin, --connections (16) for --duration (10 s), then
//      pgbench tpcb-like, 16 clients, 2 threads, the same duration, on the same PostgreSQL,
//    and prints both, their means and the ratio API transitions/s ÷ pgbench tps (target ≥ 0.5), with
//    the CPU time each transition cost the API process and the database's backends (from /proc: it
//    moves less with the machine's load than the rates do) and the write-ahead log it wrote (the
//    server's, during the API's load: how much each transition writes, which does not move with the load),
//    and the CPU a transition may cost for the target (both loads keep the cores busy, so the ratio
//    follows the CPU per operation).
// Options: --cases N, --need N, --connections N, --duration S, --rounds N, --dist DIR (repeatable), --scale S.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { quoteIdent } from '../db/database-url';
import { ADMIN_URL, BENCH_ADMIN, Row, benchDatabase, deleteRedisPrefix, load, log, option, printTable, sql, startApi, tokenFor, uptime } from './harness';

const TARGET_RATIO = 0.5;
const PGBENCH_DB = 'casedesk_bench_pgbench';

function pgbenchBinary(): string {
  const pinned = '/usr/lib/postgresql/15/bin/pgbench';
  return existsSync(pinned) ? pinned : 'pgbench';
}

function pgbenchArgs(): string[] {
  const u = new URL(ADMIN_URL);
  return ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
}

/** pgbench's output; run without blocking this process, so that its backends can be sampled meanwhile. */
async function pgbench(args: string[]): Promise<string> {
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(new URL(ADMIN_URL).password) };
  return (await promisify(execFile)(pgbenchBinary(), [...pgbenchArgs(), ...args], { encoding: 'utf8', env })).stdout;
}

const CLOCK_TICKS_PER_S = 100;

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) of this process's children that have been waited for (pgbench's runs). */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_S;
}

/** CPU seconds (user + system) this process has used so far: the load generator's, which runs here. */
function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds of the PostgreSQL backends connected to `database`, by pid (they stay for the run: pooled connections). */
function backendCpu(database: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${database} `)) byPid.set(Number(entry), cpuSeconds(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

/**
 * The CPU seconds used by the backends of `database` while sampled: pgbench's connections end with its
 * run, taking their /proc entries with them, so each backend's last reading (every 100 ms) is kept.
 */
function startBackendSampler(database: string): { stop: () => number } {
  const last = new Map<number, number>();
  const sample = () => {
    for (const [pid, seconds] of backendCpu(database)) last.set(pid, seconds);
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return [...last.values()].reduce((a, b) => a + b, 0);
    },
  };
}

function backendCpuSince(database: string, before: Map<number, number>): number {
  let total = 0;
  for (const [pid, now] of backendCpu(database)) total += now - (before.get(pid) ?? 0);
  return total;
}

/** Where PostgreSQL's write-ahead log is being written now (the whole server's). */
async function walInsertLsn(url: string): Promise<string> {
  return (await sql<{ lsn: string }>(url, `SELECT pg_current_wal_insert_lsn()::text AS lsn`))[0].lsn;
}

/** Bytes of write-ahead log written since `lsn`: with nothing else writing meanwhile, what the load wrote. */
async function walBytesSince(url: string, lsn: string): Promise<number> {
  return Number((await sql<{ bytes: string }>(url, `SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::text AS bytes`, [lsn]))[0].bytes);
}

async function main(argv: string[]): Promise<void> {
  const cases = Number(option(argv, 'cases', '1000000'));
  const need = Number(option(argv, 'need', '40000'));
  const connections = Number(option(argv, 'connections', '16'));
  const duration = Number(option(argv, 'duration', '10'));
  const rounds = Number(option(argv, 'rounds', '2'));
  const scale = Number(option(argv, 'scale', '16'));
  const dists = argv.flatMap((a, i) => (a === '--dist' ? [argv[i + 1]] : []));
  if (dists.length === 0) dists.push('dist');
  const name = process.env.BENCH_TRANSITIONS_DATABASE ?? 'casedesk_bench_queue';
  log(`machine: ${uptime()}`);
  let url = await benchDatabase(name, cases, argv.includes('--reseed'));
  const left = async () => Number((await sql<{ n: string }>(url, `SELECT count(*) AS n FROM cases WHERE kind = 'TRANSFER' AND status = 'SUBMITTED'`))[0].n);
  if ((await left()) < need) {
    log(`fewer than ${need} SUBMITTED transfers left: re-seeding`);
    url = await benchDatabase(name, cases, true);
  }
  const pool = await sql<{ id: string; insuranceType: string }>(
    url,
    `SELECT id, "insuranceType"::text AS "insuranceType" FROM cases WHERE kind = 'TRANSFER' AND status = 'SUBMITTED' ORDER BY id LIMIT $1`,
    [need],
  );
  log(`${pool.length} SUBMITTED transfers to approve, one request each`);
  let next = 0;
  const body = (c: { insuranceType: string }) =>
    JSON.stringify({ action: 'approve-outgoing', contributionMonths: 24, ...(c.insuranceType === 'EMPLOYEE' ? { balanceAmount: '1234.50' } : {}) });

  await sql(ADMIN_URL, `DROP DATABASE IF EXISTS ${quoteIdent(PGBENCH_DB)} WITH (FORCE)`);
  await sql(ADMIN_URL, `CREATE DATABASE ${quoteIdent(PGBENCH_DB)}`);
  const initStarted = Date.now();
  await pgbench(['-i', '-q', '-s', String(scale), PGBENCH_DB]);
  log(`pgbench -i -s ${scale} into ${PGBENCH_DB} in ${((Date.now() - initStarted) / 1000).toFixed(0)} s (${pgbenchBinary()})`);

  const rows: Row[] = [];
  const summary: string[] = [];
  try {
    for (const dist of dists) {
      const prefix = `casedesk-bench-transitions-${Date.now()}`;
      const server = await startApi(url, { dist, redisPrefix: prefix });
      const apiRates: number[] = [];
      const tpsRates: number[] = [];
      const apiCpu: number[] = [];
      const dbCpu: number[] = [];
      const walBytes: number[] = [];
      const clientCpu: number[] = [];
      const pgbenchCpu: number[] = [];
      const pgbenchDbCpu: number[] = [];
      try {
        const admin = await tokenFor(server.url, null, BENCH_ADMIN);
        const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
        const request = (req: object) => {
          const c = pool[next++];
          if (c === undefined) throw new Error('out of cases: raise --need');
          return { ...req, method: 'POST', path: `/v1/cases/${c.id}/transitions`, headers, body: body(c) };
        };
        log(`API (${dist}) up on ${server.url}; warming up 2 s`);
        await load(server.url, connections, 2, request);
        for (let round = 1; round <= rounds; round++) {
          server.resetRss();
          const apiCpuBefore = cpuSeconds(server.process.pid ?? 0);
          const dbCpuBefore = backendCpu(name);
          const walBefore = await walInsertLsn(url);
          const clientCpuBefore = ownCpuSeconds();
          const result = await load(server.url, connections, duration, request);
          const clientMs = ((ownCpuSeconds() - clientCpuBefore) * 1000) / Math.max(1, result['2xx']);
          const walPerTransition = (await walBytesSince(url, walBefore)) / Math.max(1, result['2xx']);
          const apiMs = ((cpuSeconds(server.process.pid ?? 0) - apiCpuBefore) * 1000) / Math.max(1, result['2xx']);
          const dbMs = (backendCpuSince(name, dbCpuBefore) * 1000) / Math.max(1, result['2xx']);
          apiCpu.push(apiMs);
          dbCpu.push(dbMs);
          clientCpu.push(clientMs);
          walBytes.push(walPerTransition);
          rows.push({
            label: `API approve-outgoing [${dist}] round ${round}`,
            result,
            extra: `RSS ≤ ${server.peakRssMb().toFixed(0)} MB; CPU per transition: API ${apiMs.toFixed(1)} ms, PostgreSQL ${dbMs.toFixed(1)} ms, load generator ${clientMs.toFixed(1)} ms; WAL ${(walPerTransition / 1024).toFixed(1)} kB`,
          });
          if (result.non2xx + result.errors + result.timeouts > 0) log(`WARNING: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
          apiRates.push(result['2xx'] / duration);
          const pgbenchCpuBefore = childrenCpuSeconds();
          const pgbenchDb = startBackendSampler(PGBENCH_DB);
          const out = await pgbench(['-n', '-b', 'tpcb-like', '-c', '16', '-j', '2', '-T', String(duration), PGBENCH_DB]);
          const pgbenchBackendSeconds = pgbenchDb.stop();
          const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? /tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
          const transactions = Math.max(1, Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? tps * duration));
          pgbenchCpu.push(((childrenCpuSeconds() - pgbenchCpuBefore) * 1000) / transactions);
          pgbenchDbCpu.push((pgbenchBackendSeconds * 1000) / transactions);
          const latency = /latency average = ([\d.]+ ms)/.exec(out)?.[1] ?? '?';
          tpsRates.push(tps);
          log(`round ${round} [${dist}]: API ${(result['2xx'] / duration).toFixed(1)} transitions/s (p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms); pgbench ${tps.toFixed(0)} tps (latency ${latency}; CPU per transaction: PostgreSQL ${pgbenchDbCpu[pgbenchDbCpu.length - 1].toFixed(2)} ms, pgbench ${pgbenchCpu[pgbenchCpu.length - 1].toFixed(2)} ms)`);
        }
      } finally {
        await server.stop();
        await deleteRedisPrefix(prefix);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const ratio = mean(apiRates) / mean(tpsRates);
      summary.push(
        `[${dist}] API ${apiRates.map((r) => r.toFixed(1)).join(', ')} transitions/s (mean ${mean(apiRates).toFixed(1)}); pgbench ${tpsRates.map((r) => r.toFixed(0)).join(', ')} tps ` +
          `(mean ${mean(tpsRates).toFixed(0)}); ratio ${ratio.toFixed(3)} (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}); ` +
          `CPU per transition: API ${mean(apiCpu).toFixed(1)} ms, PostgreSQL ${mean(dbCpu).toFixed(1)} ms, load generator ${mean(clientCpu).toFixed(1)} ms; ` +
          `CPU per pgbench transaction: PostgreSQL ${mean(pgbenchDbCpu).toFixed(2)} ms, pgbench ${mean(pgbenchCpu).toFixed(2)} ms; WAL per transition ${(mean(walBytes) / 1024).toFixed(1)} kB`,
      );
      // Both loads keep the cores busy, so the ratio follows the CPU per operation: what a transition may cost for the target.
      const pgbenchMs = mean(pgbenchDbCpu) + mean(pgbenchCpu);
      const transitionMs = mean(apiCpu) + mean(dbCpu) + mean(clientCpu);
      summary.push(
        `[${dist}] CPU per operation, everything that runs for it: a pgbench transaction ${pgbenchMs.toFixed(2)} ms, a transition ${transitionMs.toFixed(2)} ms ` +
          `(ratio ${(pgbenchMs / transitionMs).toFixed(3)}); the target needs a transition ≤ ${(pgbenchMs / TARGET_RATIO).toFixed(2)} ms`,
      );
    }
  } finally {
    await sql(ADMIN_URL, `DROP DATABASE IF EXISTS ${quoteIdent(PGBENCH_DB)} WITH (FORCE)`);
  }
  console.log('');
  printTable(rows);
  console.log('');
  for (const line of summary) console.log(line);
  console.log(`\n${uptime()}`);
  console.log(`${await (async () => (await sql<{ n: string }>(url, `SELECT count(*) AS n FROM cases WHERE kind = 'TRANSFER' AND status = 'SUBMITTED'`))[0].n)()} SUBMITTED transfers left in ${name}.`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:transitions failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
