// The browser tests' own deployment: the BUILT API and worker (dist/apps/*/main.js) serving the built console
// (dist/console), on a private PostgreSQL database and Redis key prefix, on free ports. Started once by
// global-setup.ts, stopped (by pid) by global-teardown.ts.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '../../..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ADMIN = { username: 'admin', password: 'browser-admin-password-1' };
const STATE_FILE = resolve(ROOT, 'var/browser-tests/stack.json');
const DB_PREFIX = 'casedesk_browser_';
const STALE_MS = 3 * 3600_000;
const PG_ADMIN = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export interface StackState {
  baseUrl: string;
  databaseName: string;
  redisPrefix: string;
  pids: number[];
}

function aptInstall(pkg: string): void {
  console.log(`[browser tests] apt-get install -y ${pkg}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env });
  }
}

function hasChineseFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

/**
 * Debian's Chromium, installed with apt-get when missing (CI runs as root); a browser is never downloaded.
 * Also a Chinese font, without which every screenshot would show empty boxes for the console's texts.
 */
export function ensureChromium(): void {
  if (!existsSync(CHROMIUM)) aptInstall('chromium');
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get did not provide ${CHROMIUM}`);
  if (!hasChineseFont()) aptInstall('fonts-wqy-microhei');
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

async function withPg<T>(fn: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: PG_ADMIN });
  await pg.connect();
  try {
    return await fn(pg);
  } finally {
    await pg.end();
  }
}

async function dropDatabase(name: string): Promise<void> {
  await withPg((pg) => pg.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Databases of browser-test runs that crashed more than three hours ago. */
async function dropStale(): Promise<void> {
  const { rows } = await withPg((pg) => pg.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${DB_PREFIX}%`]));
  for (const { datname } of rows) {
    const at = Number(/^casedesk_browser_(\d+)_/.exec(datname)?.[1] ?? NaN) * 1000;
    if (at < Date.now() - STALE_MS) await dropDatabase(datname);
  }
}

async function waitForReady(baseUrl: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API stopped while starting; see ${log}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the API was not ready within 60 s; see ${log}`);
}

export async function startStack(): Promise<StackState> {
  for (const file of ['dist/apps/api/main.js', 'dist/apps/worker/main.js', 'dist/console/index.html']) {
    if (!existsSync(resolve(ROOT, file))) throw new Error(`${file} is missing: run npm run build first`);
  }
  await dropStale();
  const id = `${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  const databaseName = `${DB_PREFIX}${id}`;
  const databaseUrl = PG_ADMIN.replace(/\/[^/?]*(\?|$)/, `/${databaseName}$1`);
  const redisPrefix = `cdbrowser:${id}`;
  execFileSync('npm', ['run', '--silent', 'db:migrate'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: 'pipe' });

  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    TEST_CLOCK: 'enabled',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_SECRET: 'browser-tests-jwt-secret-0123456789abcdefgh',
    PII_KEY: 'browser-tests-pii-key-0123456789abcdefghijk',
    BOOTSTRAP_ADMIN_USERNAME: ADMIN.username,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    BOOTSTRAP_ADMIN_AGENCY: '110000',
    LOG_LEVEL: 'warn',
  };
  const logDir = resolve(ROOT, 'var/browser-tests');
  mkdirSync(logDir, { recursive: true });
  const start = (app: 'api' | 'worker') => {
    const log = resolve(logDir, `${app}.log`);
    const out = openSync(log, 'w');
    const child = spawn(process.execPath, [resolve(ROOT, `dist/apps/${app}/main.js`)], { cwd: ROOT, env, stdio: ['ignore', out, out], detached: false });
    return { child, log };
  };
  const api = start('api');
  const worker = start('worker');
  const baseUrl = `http://127.0.0.1:${port}`;
  const state: StackState = { baseUrl, databaseName, redisPrefix, pids: [api.child.pid!, worker.child.pid!] };
  writeFileSync(STATE_FILE, JSON.stringify(state));
  await waitForReady(baseUrl, api.child, api.log);
  return state;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function stopStack(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StackState;
  for (const pid of state.pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (state.pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of state.pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await dropDatabase(state.databaseName);
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${state.redisPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
