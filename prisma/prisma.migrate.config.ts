// Config for the migration CLI only: prisma@6.19.3 from scripts/prisma-migrate-cli, run by
// scripts/db/prisma-migrate-cli.ts (`npm run db:migrate`, `npm run db:migration:new`, the tests).
//
// Why a second CLI: Prisma 7 removed `engine: "js"` (the official WebAssembly schema engine driven
// through a driver adapter), so its `migrate` commands need the native schema-engine binary, which is
// downloaded on first use and cannot be fetched on our offline machines. prisma@6.19 still ships the
// WASM engine; driven through @prisma/adapter-pg 7.x (6.x mis-reads PostgreSQL `name` columns) it
// keeps the migrations in Prisma Migrate's layout and writes `_prisma_migrations` exactly as the
// native engine does (same table, same checksums), so plain `prisma migrate deploy` (Prisma 7 +
// ../prisma.config.ts) stays interchangeable wherever the binary can be downloaded.
// `prisma generate` keeps using Prisma 7 and ../prisma.config.ts.
//
// The default export is a plain object: the 6.19 CLI validates it and applies its own defineConfig.
import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { DEFAULT_DATABASE_URL, SHADOW_DATABASE_PREFIX, pgPoolFields, quoteIdent } from '../scripts/db/database-url';
import { MIGRATIONS_DIR, prepareMigrateSchema } from '../scripts/db/migrate-schema';

type MigrationAdapterFactory = Pick<PrismaPg, 'provider' | 'adapterName' | 'connect' | 'connectToShadowDb'>;
type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * Catalog types the engine's introspection selects (e.g. pg_constraint.contype is `"char"`) that
 * @prisma/adapter-pg 7 rejects as UnsupportedNativeDataType; node-postgres returns them as strings, so
 * the engine reads them as text. (adapter-pg 6 had the opposite gap: `name` columns.)
 */
const TEXT_LIKE_CATALOG_OIDS = new Set([
  18, // "char"
  22, // int2vector
  24, // regproc
  28, // xid
  30, // oidvector
  194, // pg_node_tree
  1033, // aclitem
  2205, // regclass
  2206, // regtype
]);
const TEXT_OID = 25;

interface PgResult {
  fields: { dataTypeID: number }[];
}

/** Patches one adapter (and the transactions it opens) to report those columns as text. */
function readCatalogTypesAsText<T extends PgAdapter>(adapter: T): T {
  // performIO is adapter-pg's single funnel for queries (private in its typings, pinned version).
  const queryable = adapter as unknown as { performIO(q: unknown): Promise<PgResult> };
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) {
      if (TEXT_LIKE_CATALOG_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) =>
    readCatalogTypesAsText((await startTransaction(...args)) as unknown as PgAdapter) as never;
  return adapter;
}

/**
 * Sends a migration script to PostgreSQL whole, as the native engine does (one simple-protocol query,
 * which runs every statement in it). adapter-pg's executeScript splits the script at every `;`, which
 * breaks a semicolon in a comment or string and any function body (the triggers of
 * `case_change_notifications`).
 */
function executeScriptsWhole<T extends PgAdapter>(adapter: T): T {
  // `client` (the pool) and `onError` are adapter-pg's own, private in its typings (pinned version).
  const internals = adapter as unknown as { client: { query(sql: string): Promise<unknown> }; onError(error: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

/** The adapter the migration CLI gets: catalog types as text, scripts sent whole. */
function forMigrations<T extends PgAdapter>(adapter: T): T {
  return executeScriptsWhole(readCatalogTypesAsText(adapter));
}

/**
 * PrismaPg, except for the shadow database: PrismaPg drops it while its own pool still holds a
 * connection ("database is being accessed by other users"), leaving it behind on every run.
 */
function migrationAdapter(url: string): MigrationAdapterFactory {
  const fields = { ...pgPoolFields(url), application_name: 'case-desk-migrate', allowExitOnIdle: true };
  const factory = new PrismaPg(fields);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => forMigrations(await factory.connect()),
    async connectToShadowDb() {
      const admin = await factory.connect();
      const name = `${SHADOW_DATABASE_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
      await admin.executeScript(`CREATE DATABASE ${quoteIdent(name)}`);
      const shadow = forMigrations(await new PrismaPg({ ...fields, database: name }).connect());
      const disposeShadowPool = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        try {
          await disposeShadowPool();
        } finally {
          try {
            await admin.executeScript(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
          } finally {
            await admin.dispose();
          }
        }
      };
      return shadow;
    },
  };
}

export default {
  experimental: { adapter: true },
  engine: 'js' as const,
  schema: prepareMigrateSchema(),
  // Tests point the CLI at temporary migration directories; everyone else uses prisma/migrations.
  migrations: { path: process.env.CASE_DESK_MIGRATIONS_DIR ?? MIGRATIONS_DIR },
  adapter: async () => migrationAdapter(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL),
};
