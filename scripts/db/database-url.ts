// PostgreSQL connection-URL helpers shared by the migration scripts and the test infrastructure.

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/case_desk';

/** Shadow databases of the migration CLI: the prefix, then creation time in unix seconds (for cleanup). */
export const SHADOW_DATABASE_PREFIX = 'casedesk_shadow_';

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`The database URL names no database: ${redactUrl(url)}`);
  return name;
}

/** For logs: never print a password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable database URL>';
  }
}

/**
 * Discrete node-postgres fields for a URL. @prisma/adapter-pg opens its shadow database as
 * `{ ...config, database }`, and a `connectionString` would silently override that `database`.
 */
export function pgPoolFields(url: string): {
  host: string;
  port: number;
  user?: string;
  password?: string;
  database: string;
  ssl?: boolean;
} {
  const u = new URL(url);
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
    throw new Error(`Not a PostgreSQL URL: ${redactUrl(url)}`);
  }
  const schema = u.searchParams.get('schema');
  if (schema && schema !== 'public') {
    // The migration tooling and the tests assume the default schema; fail loudly rather than
    // migrating `public` while the app reads another one.
    throw new Error(`?schema=${schema} is not supported by the migration tooling: ${redactUrl(url)}`);
  }
  const sslmode = u.searchParams.get('sslmode');
  return {
    // A socket directory may be given as ?host=/var/run/postgresql.
    host: u.searchParams.get('host') ?? (u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1'),
    port: u.port ? Number(u.port) : 5432,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: databaseName(url),
    ssl: sslmode && sslmode !== 'disable' ? true : undefined,
  };
}

/** Double-quotes a PostgreSQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
