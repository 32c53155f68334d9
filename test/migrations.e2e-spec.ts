// The migrations in prisma/migrations must build exactly the model in prisma/schema.prisma, and
// `npm run db:migrate` must apply them the way Prisma Migrate does. Fails when someone edits
// schema.prisma without generating a migration (npm run db:migration:new -- <name>).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { deployMigrations, readMigrationRows } from '../scripts/db/migration-deploy';
import {
  checksumMatches,
  listLocalMigrations,
  nextMigrationDirName,
  normalizeMigrationName,
  sha256Hex,
} from '../scripts/db/migration-files';
import { MIGRATIONS_DIR, REPO_ROOT, SCHEMA_PATH, toMigrateSchema } from '../scripts/db/migrate-schema';
import { diffToSchema } from '../scripts/db/prisma-migrate-cli';
import { TestDatabase, createEmptyTestDatabase } from './support/database';
import { catalogDifference, schemaCatalog } from './support/schema-catalog';
import { adminUrl } from './support/test-run';

const CLI_TEST_TIMEOUT_MS = 60_000;
const NEW_MIGRATION_HINT =
  'Generate the missing migration with `npm run db:migration:new -- <name>`, review it and commit it ' +
  'together with the schema change.';

async function execSql(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database built in one go from a schema file: the from-empty SQL of Prisma's differ. */
async function buildFromSchema(db: TestDatabase, schemaPath = SCHEMA_PATH): Promise<void> {
  const { script } = await diffToSchema({ empty: true }, { databaseUrl: adminUrl(), schemaPath });
  await execSql(db.url, script);
}

/** schema.prisma plus one nullable column on its first model: a schema change with no migration. */
function schemaWithUnmigratedField(dir: string): string {
  const schema = fs.readFileSync(SCHEMA_PATH, 'utf8');
  const model = /^model\s+\w+\s*\{/m.exec(schema);
  if (!model) throw new Error('schema.prisma has no model');
  const at = model.index + model[0].length;
  const file = path.join(dir, 'schema.prisma');
  fs.writeFileSync(file, `${schema.slice(0, at)}\n  driftProbe String? @db.VarChar(7)${schema.slice(at)}`);
  return file;
}

function runNpmScript(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TEST_TIMEOUT_MS - 5_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('database migrations', () => {
  const local = listLocalMigrations();
  const created: TestDatabase[] = [];
  const fresh = async () => {
    const db = await createEmptyTestDatabase();
    created.push(db);
    return db;
  };
  let tmp: string;
  let migrated: TestDatabase;
  let firstDeploy: Awaited<ReturnType<typeof deployMigrations>>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-migrations-'));
    migrated = await fresh();
    firstDeploy = await deployMigrations(migrated.url); // the code path of `npm run db:migrate`
  }, CLI_TEST_TIMEOUT_MS);

  afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await Promise.all(created.map((db) => db.drop()));
  });

  it('has migrations in Prisma layout', () => {
    expect(local.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), 'utf8')).toMatch(
      /^provider = "postgresql"$/m,
    );
    for (const m of local) expect(m.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
  });

  it(
    'build exactly the model in schema.prisma (Prisma differ, migrations applied to an empty shadow database)',
    async () => {
      const diff = await diffToSchema({ migrationsDir: MIGRATIONS_DIR }, { databaseUrl: adminUrl() });
      if (!diff.empty) {
        throw new Error(
          `prisma/schema.prisma differs from what prisma/migrations build. ${NEW_MIGRATION_HINT}\n` +
            `SQL the migrations are missing:\n${diff.script}`,
        );
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'db:migrate on an empty database gives the same catalog as a database built straight from schema.prisma',
    async () => {
      expect(firstDeploy.applied).toEqual(local.map((m) => m.name));
      const direct = await fresh();
      await buildFromSchema(direct);
      const difference = catalogDifference(
        await schemaCatalog(migrated.url),
        await schemaCatalog(direct.url),
        'the database built by prisma/migrations',
        'a database built from prisma/schema.prisma',
      );
      if (difference) throw new Error(`${NEW_MIGRATION_HINT}\n${difference}`);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'db:migrate is idempotent: a second run applies nothing',
    async () => {
      const rowsBefore = await readMigrationRows(migrated.url);
      const second = await deployMigrations(migrated.url);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(local.map((m) => m.name));
      expect(await readMigrationRows(migrated.url)).toEqual(rowsBefore);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it('records one finished _prisma_migrations row per migration directory, as Prisma does', async () => {
    const rows = await readMigrationRows(migrated.url);
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const m of local) {
      const row = rows.find((r) => r.migration_name === m.name)!;
      expect(row).toMatchObject({
        checksum: sha256Hex(fs.readFileSync(m.sqlPath)),
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
    // Prisma's table, column for column: `prisma migrate deploy` (native engine) must accept it as its own.
    const client = new Client({ connectionString: migrated.url });
    await client.connect();
    try {
      const { rows: columns } = await client.query(
        `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      expect(columns).toEqual([
        { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
        { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO', column_default: null },
        { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
        { column_name: 'migration_name', data_type: 'character varying', len: 255, is_nullable: 'NO', column_default: null },
        { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
        { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
        { column_name: 'started_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'NO', column_default: 'now()' },
        { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '0' },
      ]);
    } finally {
      await client.end();
    }
  });

  it(
    'both drift checks catch a schema.prisma change that has no migration (negative control)',
    async () => {
      const drifted = schemaWithUnmigratedField(tmp);
      const diff = await diffToSchema({ migrationsDir: MIGRATIONS_DIR }, { databaseUrl: adminUrl(), schemaPath: drifted });
      expect(diff.empty).toBe(false);
      expect(diff.script).toMatch(/ADD COLUMN\s+"driftProbe" VARCHAR\(7\)/);

      const direct = await fresh();
      await buildFromSchema(direct, drifted);
      const difference = catalogDifference(await schemaCatalog(migrated.url), await schemaCatalog(direct.url), 'migrated', 'schema');
      expect(difference).toMatch(/\+ column \w+\.driftProbe character varying\(7\)/);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'refuses to deploy when an applied migration file was edited',
    async () => {
      const dir = path.join(tmp, 'migrations');
      fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const db = await fresh();
      await deployMigrations(db.url, { migrationsDir: dir });
      fs.appendFileSync(path.join(dir, local[0].name, 'migration.sql'), '\n-- edited after it was applied\n');
      await expect(deployMigrations(db.url, { migrationsDir: dir })).rejects.toThrow(
        new RegExp(`Migration ${local[0].name} was edited after it was applied`),
      );
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'npm run db:migrate: exit 0 when up to date, non-zero with a message when it cannot connect',
    async () => {
      const ok = await runNpmScript('db:migrate', { DATABASE_URL: migrated.url });
      expect(ok.output).toContain('nothing to apply');
      expect(ok.code).toBe(0);

      const unreachable = await runNpmScript('db:migrate', { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' });
      expect(unreachable.output).toMatch(/db:migrate failed: cannot connect to postgresql:\/\/postgres@127\.0\.0\.1:1\/nowhere/);
      expect(unreachable.code).not.toBe(0);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});

describe('migration tooling helpers', () => {
  it.each([
    ['init', 'init'],
    ['Add case notes', 'add_case_notes'],
    ['addCaseNotes', 'add_case_notes'],
    ['  drop--legacy  ', 'drop_legacy'],
  ])('normalizeMigrationName(%j) = %j', (raw, expected) => {
    expect(normalizeMigrationName(raw)).toBe(expected);
  });

  it('rejects a name with nothing usable in it', () => {
    expect(() => normalizeMigrationName(' -- ')).toThrow(/not a usable migration name/);
  });

  it('names a new migration after the last one even when the clock is behind', () => {
    const existing = [{ name: '20300101000000_future', sqlPath: '', checksum: '' }];
    expect(nextMigrationDirName('next', [], new Date('2025-02-03T04:05:06Z'))).toBe('20250203040506_next');
    expect(nextMigrationDirName('next', existing, new Date('2025-02-03T04:05:06Z'))).toBe('20300101000001_next');
  });

  it('accepts a checksum across LF/CRLF checkouts only', () => {
    const lf = Buffer.from('CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n');
    const crlf = Buffer.from('CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n');
    expect(checksumMatches(crlf, sha256Hex(lf))).toBe(true);
    expect(checksumMatches(lf, sha256Hex(crlf))).toBe(true);
    expect(checksumMatches(Buffer.from('CREATE TABLE a (id bigint);\n'), sha256Hex(lf))).toBe(false);
  });

  it('gives the migration CLI a datasource url only in its copy of the schema', () => {
    const schema = 'generator client {\n  provider = "prisma-client"\n}\n\ndatasource db {\n  provider = "postgresql"\n}\n';
    expect(toMigrateSchema(schema)).toBe(
      'generator client {\n  provider = "prisma-client"\n}\n\ndatasource db {\n  url = env("DATABASE_URL")\n  provider = "postgresql"\n}\n',
    );
    expect(toMigrateSchema(toMigrateSchema(schema))).toBe(toMigrateSchema(schema));
    expect(() => toMigrateSchema('model A {\n  id Int @id\n}\n')).toThrow(/no datasource block/);
  });
});
