// npm run db:migrate — applies pending migrations in prisma/migrations to DATABASE_URL, offline.
// Same code path as the test template database (test/support/global-setup.ts).
import { DEFAULT_DATABASE_URL, redactUrl } from './db/database-url';
import { deployMigrations } from './db/migration-deploy';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  console.log(`db:migrate → ${redactUrl(url)}${process.env.DATABASE_URL ? '' : ' (DATABASE_URL unset: default)'}`);
  const result = await deployMigrations(url, { echo: true, log: (line) => console.log(line) });
  console.log(
    result.applied.length > 0
      ? `db:migrate: applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`
      : `db:migrate: nothing to apply (${result.alreadyApplied.length} migration(s) already applied)`,
  );
}

main().catch((err: unknown) => {
  console.error(`\ndb:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
