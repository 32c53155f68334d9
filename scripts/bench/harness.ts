// Shared pieces of the provincial-scale benchmarks (queue.ts, transitions.ts): the bench database
// (migrated, bulk-seeded once and kept for reuse), the built API as a child process with its RSS
// sampled, bare Fastify as the yardstick, autocannon runs and their table.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '@case-desk/core';
import { quoteIdent, withDatabase } from '../db/database-url';
import { deployMigrations } from '../db/migration-deploy';
import { seedBulk } from '../seed/bulk-seed';

export const ROOT = resolve(__dirname, '../..');
export const BENCH_PII_KEY = 'bench-pii-key-0123456789abcdefghijklmnop';
export const BENCH_ADMIN = { username: 'bench-admin', password: 'bench-admin-password' };
export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export const log = (line: string) => console.log(`[bench] ${line}`);

export function option(argv: string[], name: string, fallback: string): string {
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? fallback : argv[at + 1];
}

export function machineLine(): string {
  const [one, five] = loadavg();
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${one.toFixed(2)} (1 min) ${five.toFixed(2)} (5 min)`;
}

export async function sql<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query(text, values)).rows as T[];
  } finally {
    await db.end();
  }
}

/**
 * The database `name`, migrated, with at least `cases` open cases: reused when it has them, else
 * dropped, re-created and bulk-seeded (PII_KEY BENCH_PII_KEY, the default SLA policy).
 */
export async function benchDatabase(name: string, cases: number, reseed: boolean): Promise<string> {
  const url = withDatabase(ADMIN_URL, name);
  const exists = (await sql(ADMIN_URL, `SELECT 1 FROM pg_database WHERE datname = $1`, [name])).length > 0;
  let open = 0;
  if (exists && !reseed) {
    await deployMigrations(url);
    open = Number((await sql<{ n: string }>(url, `SELECT count(*) AS n FROM cases WHERE "closedAt" IS NULL`))[0].n);
  }
  if (open >= cases) {
    log(`database ${name}: reusing it (${open} open cases; --reseed for a new one)`);
    return url;
  }
  log(`database ${name}: ${open} open cases, ${cases} wanted: seeding a fresh one`);
  if (exists) await sql(ADMIN_URL, `DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`);
  await sql(ADMIN_URL, `CREATE DATABASE ${quoteIdent(name)}`);
  await deployMigrations(url);
  const started = Date.now();
  const seeded = await seedBulk({
    databaseUrl: url,
    cases,
    piiKey: BENCH_PII_KEY,
    policy: loadConfig({ NODE_ENV: 'development', DATABASE_URL: url }).slaPolicy,
    log: (line) => log(`  ${line}`),
  });
  log(`seeded ${seeded.cases} cases, ${seeded.clocks} clocks in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return url;
}

export function freePort(): Promise<number> {
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

export interface Child {
  process: ChildProcess;
  url: string;
  stderr: () => string;
  /** Highest resident set size seen since the last reset, in MB (sampled every 200 ms). */
  peakRssMb: () => number;
  resetRss: () => void;
  stop: () => Promise<void>;
}

function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function startChild(args: string[], env: Record<string, string>, readyPath: string, port: number): Promise<Child> {
  let err = '';
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4000);
  });
  let peak = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) peak = Math.max(peak, rssMb(child.pid));
  }, 200);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    clearInterval(sampler);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the process exited (${child.exitCode}) before answering:\n${err}`);
    }
    try {
      if ((await fetch(`${url}${readyPath}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`no answer from ${url}${readyPath}:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { process: child, url, stderr: () => err, peakRssMb: () => peak, resetRss: () => (peak = child.pid ? rssMb(child.pid) : 0), stop };
}

/**
 * How the API runs where it is deployed (Dockerfile's runtime stage, docker-compose.yml, scripts/up.sh,
 * `npm run start:api`; test/deployment-settings.e2e-spec.ts keeps them equal): the benches measure it so.
 */
export const DEPLOYED_API = { nodeArgs: ['--max-old-space-size=160'], env: { MALLOC_ARENA_MAX: '2' } };

/**
 * The built API (`dist` folder, default dist/) on `databaseUrl`, production mode as deployed, its own
 * Redis prefix. BENCH_API_NODE_ARGS adds node options (e.g. --cpu-prof).
 */
export async function startApi(databaseUrl: string, options: { dist?: string; redisPrefix: string; env?: Record<string, string> }): Promise<Child> {
  const main = join(options.dist ?? join(ROOT, 'dist'), 'apps/api/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  const port = await freePort();
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return startChild([...DEPLOYED_API.nodeArgs, ...nodeArgs, main], {
    ...DEPLOYED_API.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: options.redisPrefix,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    PII_KEY: BENCH_PII_KEY,
    BOOTSTRAP_ADMIN_USERNAME: BENCH_ADMIN.username,
    BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN.password,
    ...options.env,
  }, '/health/ready', port);
}

/** Bare Fastify answering GET /b/<i> with the i-th body file (the same headers a JSON answer has). */
export async function startBare(bodyFiles: string[]): Promise<Child> {
  const port = await freePort();
  return startChild(['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/bench/bare-bodies.ts'), String(port), ...bodyFiles], {
    TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
  }, '/b/0', port);
}

export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  for (let cursor = '0'; ; ) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  redis.disconnect();
}

export async function api(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; text: string; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, text, json };
}

/** Logs in (creating the user through the admin first unless it is the admin). */
export async function tokenFor(base: string, adminToken: string | null, user: { username: string; password: string; role?: string; agency?: string }): Promise<string> {
  if (adminToken !== null) {
    const made = await api(base, 'POST', '/v1/users', adminToken, { username: user.username, password: user.password, role: user.role, agency: user.agency });
    if (made.status !== 201 && made.status !== 200) throw new Error(`creating ${user.username}: ${made.status} ${made.text}`);
  }
  const login = await api(base, 'POST', '/v1/auth/token', null, { username: user.username, password: user.password });
  if (login.status !== 200) throw new Error(`login ${user.username}: ${login.status} ${login.text}`);
  return login.json.accessToken as string;
}

export function load(url: string, connections: number, duration: number, setupRequest: (req: autocannon.RawRequest) => autocannon.RawRequest) {
  return autocannon({ url, connections, duration, requests: [{ setupRequest }] });
}

export interface Row {
  label: string;
  result: autocannon.Result;
  extra?: string;
}

export function printTable(rows: Row[]): void {
  const cols = ['', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'other', 'note'];
  const lines = rows.map((r) => [
    r.label,
    r.result.requests.average.toFixed(0),
    r.result.latency.p50.toFixed(1),
    r.result.latency.p99.toFixed(1),
    r.result.latency.max.toFixed(0),
    String(r.result['2xx']),
    String(r.result.non2xx + r.result.errors + r.result.timeouts),
    r.extra ?? '',
  ]);
  const widths = cols.map((c, i) => Math.max(c.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(fmt(cols));
  for (const l of lines) console.log(fmt(l));
}

export function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return machineLine();
  }
}
