// npm run db:migration:new -- <name> [--empty]
//
// Writes prisma/migrations/<UTC timestamp>_<name>/migration.sql with the SQL that takes a database
// migrated by the existing migrations to the model in prisma/schema.prisma (Prisma's own differ, via
// the offline WASM engine). With no migrations yet it diffs from an empty database (the init
// migration). --empty writes an empty migration for hand-written SQL (data fixes, grants).
// Needs a PostgreSQL server at DATABASE_URL where it may create a short-lived shadow database.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_DATABASE_URL } from './db/database-url';
import { MIGRATIONS_DIR, REPO_ROOT } from './db/migrate-schema';
import { ensureDatabaseExists } from './db/migration-deploy';
import { ensureMigrationLock, listLocalMigrations, nextMigrationDirName } from './db/migration-files';
import { EMPTY_DIFF_SCRIPT, diffToSchema } from './db/prisma-migrate-cli';

const EMPTY_MIGRATION = `${EMPTY_DIFF_SCRIPT}\n`;

async function main(argv: string[]): Promise<void> {
  const empty = argv.includes('--empty');
  const names = argv.filter((a) => !a.startsWith('--'));
  if (names.length !== 1) {
    throw new Error('usage: npm run db:migration:new -- <name> [--empty]   (e.g. add_case_notes)');
  }
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const local = listLocalMigrations();

  let sql = EMPTY_MIGRATION;
  if (!empty) {
    await ensureDatabaseExists(url); // the engine connects even for --from-empty; shadow databases live there
    const from = local.length === 0 ? { empty: true as const } : { migrationsDir: MIGRATIONS_DIR };
    const diff = await diffToSchema(from, { databaseUrl: url });
    if (diff.empty) {
      console.log('schema.prisma already matches prisma/migrations: no migration written.');
      console.log('(For hand-written SQL: npm run db:migration:new -- <name> --empty)');
      return;
    }
    sql = `${diff.script.trimEnd()}\n`;
  }

  ensureMigrationLock();
  const dir = path.join(MIGRATIONS_DIR, nextMigrationDirName(names[0], local));
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
  console.log(`Wrote ${path.relative(REPO_ROOT, path.join(dir, 'migration.sql'))}`);
  console.log('Review it (data-preserving? locks on big tables?), then: npm run db:migrate');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`db:migration:new failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
