// One PostgreSQL database per test file, cloned from the run's migrated template (global-setup.ts):
//
//   const db = await createTestDatabase();   // beforeAll
//   ... new PrismaPg({ connectionString: db.url }) ...
//   await db.drop();                          // afterAll (teardown drops leftovers anyway)
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdent, withDatabase } from '../../scripts/db/database-url';
import { adminUrl, currentRun, dropDatabase, runDatabasePrefix, withAdminClient } from './test-run';

export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database, closing any connection still open. Safe to call twice. */
  drop(): Promise<void>;
}

const CLONE_DEADLINE_MS = 10_000;
const OBJECT_IN_USE = '55006'; // "source database "…" is being accessed by other users"

function uniqueName(): string {
  const worker = process.env.JEST_WORKER_ID ?? '0';
  return `${runDatabasePrefix(currentRun().runId)}w${worker}_${randomBytes(4).toString('hex')}`;
}

function handle(name: string): TestDatabase {
  return {
    name,
    url: withDatabase(adminUrl(), name),
    drop: () => withAdminClient((admin) => dropDatabase(admin, name)),
  };
}

/**
 * CREATE DATABASE … TEMPLATE fails while anyone is connected to the template. The template refuses
 * new connections (ALLOW_CONNECTIONS false), but the backends of its migration may take a moment to
 * go away, so retry briefly with backoff, within a deadline.
 */
async function cloneTemplate(admin: Client, name: string, template: string): Promise<void> {
  const deadline = Date.now() + CLONE_DEADLINE_MS;
  for (let delayMs = 25; ; delayMs = Math.min(delayMs * 2, 500)) {
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== OBJECT_IN_USE || Date.now() + delayMs > deadline) {
        throw new Error(`cannot create test database ${name} from template ${template}: ${(err as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** A fresh database with every migration applied, private to the calling test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { template } = currentRun();
  const name = uniqueName();
  await withAdminClient((admin) => cloneTemplate(admin, name, template));
  return handle(name);
}

/** A fresh database with no tables at all (for migration tests); dropped by teardown like the rest. */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName();
  await withAdminClient((admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`));
  return handle(name);
}
