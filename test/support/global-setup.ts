// Jest globalSetup (e2e project): once per run, migrate a template database the same way
// `npm run db:migrate` does, and publish the run's names on process.env for the workers.
import { quoteIdent, withDatabase } from '../../scripts/db/database-url';
import { deployMigrations } from '../../scripts/db/migration-deploy';
import {
  ENV,
  adminUrl,
  deleteRedisKeys,
  dropDatabase,
  dropStaleDatabases,
  newRunId,
  runRedisPrefix,
  templateDatabaseName,
  withAdminClient,
} from './test-run';

const BACKENDS_GONE_DEADLINE_MS = 5_000;

export default async function globalSetup(): Promise<void> {
  const runId = newRunId();
  const template = templateDatabaseName(runId);

  await withAdminClient(async (admin) => {
    const stale = await dropStaleDatabases(admin);
    if (stale.length > 0) console.log(`\n[test db] dropped ${stale.length} database(s) left by crashed runs`);
    await admin.query(`CREATE DATABASE ${quoteIdent(template)} TEMPLATE template0`);
  });

  try {
    await deployMigrations(withDatabase(adminUrl(), template));
    await withAdminClient(async (admin) => {
      // Nobody may connect to the template any more: CREATE DATABASE … TEMPLATE needs it idle.
      await admin.query(`ALTER DATABASE ${quoteIdent(template)} IS_TEMPLATE true ALLOW_CONNECTIONS false`);
      await waitForNoBackends(admin, template);
    });
  } catch (err) {
    await withAdminClient((admin) => dropDatabase(admin, template)).catch(() => undefined);
    throw err;
  }

  process.env[ENV.runId] = runId;
  process.env[ENV.template] = template;
  process.env[ENV.redisPrefix] = runRedisPrefix(runId);

  // Best effort: keys of crashed runs. A missing Redis must not block database-only specs.
  await deleteRedisKeys().catch((err: Error) => console.warn(`[test redis] stale-key sweep skipped: ${err.message}`));
}

/** The migration's connections are closing; end any that linger, then wait (bounded) until none. */
async function waitForNoBackends(admin: import('pg').Client, database: string): Promise<void> {
  const deadline = Date.now() + BACKENDS_GONE_DEADLINE_MS;
  for (let delayMs = 20; ; delayMs = Math.min(delayMs * 2, 250)) {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    if (rows[0].n === 0) return;
    if (Date.now() + delayMs > deadline) {
      throw new Error(`template ${database} still has ${rows[0].n} connection(s) after ${BACKENDS_GONE_DEADLINE_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
