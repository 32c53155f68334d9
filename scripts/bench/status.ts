// npm run bench:status — throughput and latency of the applicants' status lookup
// (GET /v1/public/cases/{caseNo}) against bare Fastify sending a fixed JSON body of the same size.
//
// 1. Uses the built API (dist/apps/api/main.js); builds it when missing (--build rebuilds anyway).
// 2. Creates and migrates a fresh database casedesk_bench_<unix time>, starts the API on it as a child
//    process (production mode, LOG_LEVEL info as in production), seeds cases in a mix of states
//    through the API, and polls them with correct access codes: autocannon, 50 connections, 10 s,
//    each request for a case drawn at random, after a short warm-up.
// 3. Measures GET /health/live of the same process (the framework's own floor), for context.
// 4. Stops the API, starts bare Fastify as a child process and measures it the same way.
// 5. Prints both, the ratio and the targets; drops the database and the run's Redis keys.
//
// The per-address limit (PUBLIC_RATE_LIMIT_PER_MINUTE) is raised to 1e9 for the run: every request
// is still counted by the limiter (and its counts synced to Redis), none is refused. (Distinct
// X-Forwarded-For per connection would not do: 50 addresses × 120 a minute is 100 requests a second.)
// After the run it prints how many polls were answered from memory and how many by the database path
// (casedesk_public_status_polls_total from the API's /metrics): repeated polls of the same cases, as
// the applicants' app makes them, are mostly the former.
//
// Options: --build, --connections N, --duration S, --cases N. Environment: BENCH_DATABASE_ADMIN_URL
// (default TEST_DATABASE_ADMIN_URL, else postgresql://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL
// (default redis://127.0.0.1:6379/0), BENCH_LOG_LEVEL (default info), BENCH_API_NODE_ARGS (flags for the
// API's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { quoteIdent, withDatabase } from '../db/database-url';
import { deployMigrations } from '../db/migration-deploy';
import { REDIS_URL, deleteRedisPrefix } from './harness';
import { SeededCase, seedCases } from './seed';

const ROOT = resolve(__dirname, '../..');
const API_MAIN = join(ROOT, 'dist/apps/api/main.js');
const TARGET_RATIO = 0.6;
const TARGET_P99_MS = 25;
const WARMUP_SECONDS = 3;

interface Args {
  build: boolean;
  connections: number;
  duration: number;
  cases: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { build: false, connections: 50, duration: 10, cases: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive whole number`);
      return n;
    };
    if (flag === '--build') args.build = true;
    else if (flag === '--connections') args.connections = value();
    else if (flag === '--duration') args.duration = value();
    else if (flag === '--cases') args.cases = value();
    else throw new Error(`unknown option ${flag} (--build, --connections N, --duration S, --cases N)`);
  }
  return args;
}

const log = (line: string) => console.log(`[bench] ${line}`);

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'generated' && entry.name !== 'node_modules') newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function ensureBuild(force: boolean): void {
  if (force || !existsSync(API_MAIN)) {
    log(force ? 'building (npm run build) as asked' : `${API_MAIN} is missing: building it first (npm run build)`);
    const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
    return;
  }
  const builtAt = statSync(API_MAIN).mtimeMs;
  const stale = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs'))) > builtAt;
  log(`using the existing build dist/apps/api/main.js (${new Date(builtAt).toISOString()})`);
  if (stale) log('WARNING: sources changed since that build; run with --build (or npm run build) to measure them');
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, stderr: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}) before answering:\n${stderr()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${stderr()}`);
}

function startChild(command: string, args: string[], env: Record<string, string>): { child: ChildProcess; stderr: () => string } {
  let err = '';
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4000);
  });
  return { child, stderr: () => err };
}

async function stopChild(child: ChildProcess | null): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `cases` at random with their codes: `path` builds the request, the same for both servers. */
function run(baseUrl: string, cases: SeededCase[], connections: number, duration: number, path?: string) {
  return autocannon({
    url: baseUrl,
    connections,
    duration,
    requests: [
      {
        setupRequest: (req) => {
          if (path !== undefined) return { ...req, method: 'GET', path };
          const c = cases[Math.floor(Math.random() * cases.length)];
          return { ...req, method: 'GET', path: `/v1/public/cases/${c.caseNo}`, headers: { 'x-access-code': c.accessCode } };
        },
      },
    ],
  });
}

/** casedesk_public_status_polls_total by `answered`, read from the API's /metrics. */
async function pollCounts(baseUrl: string): Promise<{ hit: number; passed: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const count = (answered: string) => Number(new RegExp(`^casedesk_public_status_polls_total\\{answered="${answered}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { hit: count('hit'), passed: count('passed') };
}

interface Figures {
  label: string;
  result: autocannon.Result;
}

function assertClean(f: Figures): void {
  const bad = f.result.non2xx + f.result.errors + f.result.timeouts;
  if (bad > 0) {
    throw new Error(`${f.label}: ${f.result.non2xx} non-2xx answers, ${f.result.errors} errors, ${f.result.timeouts} timeouts — the run is not valid`);
  }
}

function printTable(rows: Figures[]): void {
  const cols = ['', 'req/s (mean)', 'p50 ms', 'p97.5 ms', 'p99 ms', 'max ms', 'requests'];
  const lines = rows.map((r) => [
    r.label,
    r.result.requests.average.toFixed(0),
    r.result.latency.p50.toFixed(1),
    r.result.latency.p97_5.toFixed(1),
    r.result.latency.p99.toFixed(1),
    r.result.latency.max.toFixed(1),
    String(r.result['2xx']),
  ]);
  const widths = cols.map((c, i) => Math.max(c.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(fmt(cols));
  for (const l of lines) console.log(fmt(l));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  ensureBuild(args.build);

  const stamp = Math.floor(Date.now() / 1000);
  const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const dbName = `casedesk_bench_${stamp}`;
  const databaseUrl = withDatabase(adminUrl, dbName);
  const redisPrefix = `casedesk-bench-${stamp}`;
  const work = mkdtempSync(join(tmpdir(), 'casedesk-bench-'));
  let api: ChildProcess | null = null;
  let bare: ChildProcess | null = null;

  const cleanup = async () => {
    await Promise.all([stopChild(api), stopChild(bare)]);
    rmSync(work, { recursive: true, force: true });
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`).finally(() => admin.end());
    await deleteRedisPrefix(redisPrefix);
    log(`dropped ${dbName} and the Redis keys ${redisPrefix}:*`);
  };
  let cleaning: Promise<void> | null = null;
  const cleanOnce = () => (cleaning ??= cleanup());
  process.once('SIGINT', () => void cleanOnce().finally(() => process.exit(130)));

  try {
    log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
    log(`migrating a fresh database ${dbName}`);
    await deployMigrations(databaseUrl);

    const port = await freePort();
    const adminPassword = randomBytes(18).toString('base64url');
    const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const started = startChild(process.execPath, [...nodeArgs, API_MAIN], {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      PII_KEY: randomBytes(32).toString('base64url'),
      BOOTSTRAP_ADMIN_USERNAME: 'bench-admin',
      BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
      PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000000',
    });
    api = started.child;
    const apiUrl = `http://127.0.0.1:${port}`;
    await waitFor(`${apiUrl}/health/ready`, api, started.stderr);
    log(`API up on ${apiUrl} (pid ${api.pid}, LOG_LEVEL ${process.env.BENCH_LOG_LEVEL ?? 'info'}, limiter in the path, per-address limit 1e9)`);

    const login = await fetch(`${apiUrl}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench-admin', password: adminPassword }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${apiUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const seedStarted = Date.now();
    const cases = await seedCases({ post }, args.cases);
    const mix = new Map<string, number>();
    for (const c of cases) mix.set(c.status, (mix.get(c.status) ?? 0) + 1);
    log(`seeded ${cases.length} cases in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s: ${[...mix].map(([s, n]) => `${s} ${n}`).join(', ')}`);

    // Every case once: checks the codes, and the body the yardstick will send (the one nearest the mean size).
    const bodies: string[] = [];
    for (const c of cases) {
      const res = await fetch(`${apiUrl}/v1/public/cases/${c.caseNo}`, { headers: { 'x-access-code': c.accessCode } });
      if (res.status !== 200) throw new Error(`GET ${c.caseNo}: ${res.status}`);
      bodies.push(await res.text());
    }
    const sizes = bodies.map((b) => Buffer.byteLength(b));
    const meanSize = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    const fixed = bodies.reduce((best, b) => (Math.abs(Buffer.byteLength(b) - meanSize) < Math.abs(Buffer.byteLength(best) - meanSize) ? b : best));
    log(`status bodies ${Math.min(...sizes)}–${Math.max(...sizes)} bytes, mean ${meanSize.toFixed(0)}; the yardstick sends ${Buffer.byteLength(fixed)}`);

    log(`warming up the API (${WARMUP_SECONDS} s)`);
    await run(apiUrl, cases, args.connections, WARMUP_SECONDS);
    log(`measuring GET /v1/public/cases/{caseNo}: ${args.connections} connections, ${args.duration} s`);
    const status: Figures = { label: 'API  GET /v1/public/cases/{caseNo}', result: await run(apiUrl, cases, args.connections, args.duration) };
    assertClean(status);
    const polls = await pollCounts(apiUrl);
    log(`polls answered from memory: ${polls.hit}, by the controller (database): ${polls.passed} (warm-up and the check of every case included)`);
    log(`measuring GET /health/live of the same process (the framework's floor)`);
    const floor: Figures = {
      label: 'API  GET /health/live (Nest floor)',
      result: await run(apiUrl, cases, args.connections, args.duration, '/health/live'),
    };
    assertClean(floor);
    await stopChild(api);
    api = null;

    const bodyFile = join(work, 'body.json');
    writeFileSync(bodyFile, fixed);
    const barePort = await freePort();
    const startedBare = startChild(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/bench/bare-server.ts'), String(barePort), bodyFile], {
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
    });
    bare = startedBare.child;
    const bareUrl = `http://127.0.0.1:${barePort}`;
    await waitFor(`${bareUrl}/v1/public/cases/X`, bare, startedBare.stderr);
    log(`bare Fastify up on ${bareUrl}; warming up (${WARMUP_SECONDS} s), then measuring`);
    await run(bareUrl, cases, args.connections, WARMUP_SECONDS);
    const yardstick: Figures = { label: 'bare Fastify, fixed JSON, same size', result: await run(bareUrl, cases, args.connections, args.duration) };
    assertClean(yardstick);
    await stopChild(bare);
    bare = null;

    console.log('');
    printTable([status, floor, yardstick]);
    const ratio = status.result.requests.average / yardstick.result.requests.average;
    const floorRatio = floor.result.requests.average / yardstick.result.requests.average;
    console.log('');
    console.log(`ratio status / bare Fastify: ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`);
    console.log(`p99 of the status lookup: ${status.result.latency.p99.toFixed(1)} ms (target ≤ ${TARGET_P99_MS} ms: ${status.result.latency.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'})`);
    console.log(`for context, the framework floor / bare Fastify: ${floorRatio.toFixed(2)}; status / floor: ${(status.result.requests.average / floor.result.requests.average).toFixed(2)}`);
  } finally {
    await cleanOnce();
  }
}

main().catch((error: unknown) => {
  console.error(`\nbench:status failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
