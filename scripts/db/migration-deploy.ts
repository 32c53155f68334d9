// Applies pending migrations: `prisma migrate deploy` through the WASM engine, framed by our own
// checks of `_prisma_migrations` (the table Prisma writes; we only read it).
import fs from 'node:fs';
import { Client } from 'pg';
import { databaseName, quoteIdent, redactUrl, withDatabase } from './database-url';
import { LocalMigration, assertMigrationLock, checksumMatches, listLocalMigrations } from './migration-files';
import { MIGRATIONS_DIR } from './migrate-schema';
import { cliFailureText, runMigrateCli } from './prisma-migrate-cli';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface AppliedMigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

export interface DeployResult {
  /** Migrations this run applied, in order. */
  applied: string[];
  /** The other migrations: applied before (or by a concurrent run). */
  alreadyApplied: string[];
}

export interface DeployOptions {
  migrationsDir?: string;
  /** Echo the CLI's output; the default prints nothing unless something fails. */
  echo?: boolean;
  log?: (line: string) => void;
  timeoutMs?: number;
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Like `prisma migrate deploy`, creates the target database when it does not exist yet. */
export async function ensureDatabaseExists(url: string, log: (line: string) => void = () => {}): Promise<void> {
  try {
    await withClient(url, async () => undefined);
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') {
      // 3D000 (invalid_catalog_name) is handled below; anything else means we cannot reach the server.
      throw new MigrationError(`cannot connect to ${redactUrl(url)}: ${(err as Error).message}`);
    }
    const name = databaseName(url);
    await withClient(withDatabase(url, 'postgres'), async (c) => {
      try {
        await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
        log(`Created database ${name}`);
      } catch (createErr) {
        // Created meanwhile by a concurrent run: 42P04 (duplicate_database), or 23505 when both
        // CREATE DATABASE statements got past the existence check at the same moment.
        const code = (createErr as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw createErr;
      }
    });
  }
}

/** `_prisma_migrations` rows, oldest first; empty when the table does not exist. */
export async function readMigrationRows(url: string): Promise<AppliedMigrationRow[]> {
  return withClient(url, async (c) => {
    const exists = await c.query<{ t: string | null }>(`SELECT to_regclass('_prisma_migrations')::text AS t`);
    if (!exists.rows[0]?.t) return [];
    const { rows } = await c.query<AppliedMigrationRow>(
      `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
         FROM _prisma_migrations ORDER BY started_at, migration_name`,
    );
    return rows;
  });
}

const isApplied = (r: AppliedMigrationRow) => r.finished_at !== null && r.rolled_back_at === null;

/** Refuses applied migrations whose file changed since; returns the names already applied. */
function checkApplied(local: LocalMigration[], rows: AppliedMigrationRow[], log: (line: string) => void): Set<string> {
  const applied = new Set<string>();
  const byName = new Map(local.map((m) => [m.name, m]));
  for (const row of rows.filter(isApplied)) {
    applied.add(row.migration_name);
    const file = byName.get(row.migration_name);
    if (!file) {
      log(`warning: ${row.migration_name} is applied in the database but missing from ${MIGRATIONS_DIR}`);
      continue;
    }
    if (!checksumMatches(fs.readFileSync(file.sqlPath), row.checksum)) {
      throw new MigrationError(
        `Migration ${row.migration_name} was edited after it was applied: the database recorded checksum ` +
          `${row.checksum}, ${file.sqlPath} now hashes to ${file.checksum}. Restore the file and put the ` +
          'change in a new migration (npm run db:migration:new -- <name>).',
      );
    }
  }
  return applied;
}

/**
 * Applies the pending migrations to `url` (the code path of `npm run db:migrate` and of the test
 * template database). Idempotent; throws MigrationError with a readable message on any failure.
 */
export async function deployMigrations(url: string, options: DeployOptions = {}): Promise<DeployResult> {
  const log = options.log ?? (() => {});
  const dir = options.migrationsDir ?? MIGRATIONS_DIR;
  assertMigrationLock(dir);
  const local = listLocalMigrations(dir);
  if (local.length === 0) throw new MigrationError(`No migrations in ${dir}`);

  await ensureDatabaseExists(url, log);
  const before = checkApplied(local, await readMigrationRows(url), log);

  const result = await runMigrateCli(['migrate', 'deploy'], {
    databaseUrl: url,
    migrationsDir: dir,
    echo: options.echo,
    timeoutMs: options.timeoutMs,
  });
  if (result.code !== 0) {
    throw new MigrationError(
      `prisma migrate deploy failed on ${redactUrl(url)} (exit ${result.code}):\n${cliFailureText(result)}`,
    );
  }

  // Trust, but verify: every migration directory has exactly the row Prisma writes for it.
  const rows = await readMigrationRows(url);
  checkApplied(local, rows, () => {});
  const done = new Set(rows.filter(isApplied).map((r) => r.migration_name));
  const missing = local.filter((m) => !done.has(m.name)).map((m) => m.name);
  if (missing.length > 0) {
    throw new MigrationError(
      `prisma migrate deploy exited 0 but these migrations are not recorded as applied in ` +
        `${redactUrl(url)}: ${missing.join(', ')}`,
    );
  }
  // Newly recorded and named in the CLI's "have been applied" list: a concurrent deploy that won the
  // advisory lock may have applied some of them instead.
  const reported = /No pending migrations to apply/.test(result.stdout) ? '' : result.stdout;
  const applied = local.filter((m) => !before.has(m.name) && reported.includes(m.name)).map((m) => m.name);
  return { applied, alreadyApplied: local.map((m) => m.name).filter((n) => !applied.includes(n)) };
}
