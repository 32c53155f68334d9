// Names and housekeeping for one Jest run's PostgreSQL databases and Redis keys.
//
// Every database a run creates is named `casedesk_t_<runId>_…` with runId = `<unix seconds>_<pid>_<hex>`,
// so the run's teardown can drop exactly its own, and a later run can drop what a crashed run left
// behind (older than STALE_AFTER_MS) without touching a run still in progress.
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { SHADOW_DATABASE_PREFIX, quoteIdent, redactUrl } from '../../scripts/db/database-url';

export const TEST_DATABASE_PREFIX = 'casedesk_t_';
export const REDIS_PREFIX_ROOT = 'cdtest';
export const STALE_AFTER_MS = 60 * 60 * 1000;

const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Set on process.env by global-setup.ts; Jest workers inherit them. */
export const ENV = {
  runId: 'TEST_RUN_ID',
  template: 'TEST_TEMPLATE_DATABASE',
  redisPrefix: 'TEST_REDIS_PREFIX',
} as const;

export function adminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_ADMIN_URL;
}

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
}

export function newRunId(now = Date.now()): string {
  return `${Math.floor(now / 1000)}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

export const runDatabasePrefix = (runId: string) => `${TEST_DATABASE_PREFIX}${runId}_`;
export const templateDatabaseName = (runId: string) => `${runDatabasePrefix(runId)}tpl`;
export const runRedisPrefix = (runId: string) => `${REDIS_PREFIX_ROOT}:${runId}`;

export interface CurrentRun {
  runId: string;
  template: string;
  redisPrefix: string;
}

/** The run set up by global-setup.ts; a clear error when a spec runs without it. */
export function currentRun(): CurrentRun {
  const runId = process.env[ENV.runId];
  const template = process.env[ENV.template];
  const redisPrefix = process.env[ENV.redisPrefix];
  if (!runId || !template || !redisPrefix) {
    throw new Error(
      'No test run is set up: run e2e specs through Jest (`npx jest --selectProjects e2e`), whose ' +
        'globalSetup (test/support/global-setup.ts) creates the template database',
    );
  }
  return { runId, template, redisPrefix };
}

/**
 * A BullMQ / Redis key prefix private to this run and `label` (e.g. the spec file name), so test
 * files never see each other's queues and teardown can delete them all.
 */
export function testRedisPrefix(label: string = randomBytes(4).toString('hex')): string {
  return `${currentRun().redisPrefix}:${label.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

export async function withAdminClient<T>(fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl(), connectionTimeoutMillis: 10_000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`cannot connect to the test PostgreSQL at ${redactUrl(adminUrl())}: ${(err as Error).message}`);
  }
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Drops a database even if it is a template or still has connections. */
export async function dropDatabase(admin: Client, name: string): Promise<void> {
  const exists = await admin.query('SELECT datistemplate FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) return;
  if (exists.rows[0].datistemplate) await admin.query(`ALTER DATABASE ${quoteIdent(name)} IS_TEMPLATE false`);
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

export async function databasesWithPrefix(admin: Client, prefix: string): Promise<string[]> {
  const { rows } = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1 ORDER BY datname',
    [prefix],
  );
  return rows.map((r) => r.datname);
}

/** Unix seconds right after a prefix, as in casedesk_t_<secs>_… and casedesk_shadow_<secs>_…. */
function createdAtMs(name: string, prefix: string): number | null {
  const m = /^(\d{9,11})_/.exec(name.slice(prefix.length));
  return m ? Number(m[1]) * 1000 : null;
}

/** Drops test and shadow databases left by runs that started more than STALE_AFTER_MS ago. */
export async function dropStaleDatabases(admin: Client, now = Date.now()): Promise<string[]> {
  const dropped: string[] = [];
  for (const prefix of [TEST_DATABASE_PREFIX, SHADOW_DATABASE_PREFIX]) {
    for (const name of await databasesWithPrefix(admin, prefix)) {
      const at = createdAtMs(name, prefix);
      if (at !== null && now - at > STALE_AFTER_MS) {
        await dropDatabase(admin, name);
        dropped.push(name);
      }
    }
  }
  return dropped;
}

function connectRedis(): Redis {
  return new Redis(testRedisUrl(), {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
}

const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Deletes Redis keys under `cdtest:<runId>` for the given run, or (runId omitted) for every run older
 * than STALE_AFTER_MS. SCAN in batches, never KEYS. Returns the number of keys deleted.
 */
export async function deleteRedisKeys(runId?: string, now = Date.now()): Promise<number> {
  const redis = connectRedis();
  let deleted = 0;
  try {
    await redis.connect();
    const match = runId ? `${escapeGlob(runRedisPrefix(runId))}:*` : `${REDIS_PREFIX_ROOT}:*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
      cursor = next;
      const doomed = runId
        ? keys
        : keys.filter((k) => {
            const at = createdAtMs(k, `${REDIS_PREFIX_ROOT}:`);
            return at !== null && now - at > STALE_AFTER_MS;
          });
      if (doomed.length > 0) deleted += await redis.unlink(...doomed);
    } while (cursor !== '0');
    if (runId) deleted += await redis.unlink(runRedisPrefix(runId));
    return deleted;
  } finally {
    redis.disconnect();
  }
}
