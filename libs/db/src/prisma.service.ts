import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, types as pgTypes } from 'pg';
import { APP_CONFIG, AppConfig } from '@case-desk/core';
import { Prisma, PrismaClient } from './generated/prisma/client';
import { KeptStatements, isKept } from './kept-statements';

const CONNECT_TIMEOUT_MS = 5_000;

/** Connections each process keeps to PostgreSQL. */
export const DB_POOL_SIZE = 10;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * How a kept statement's columns are read (PrismaService.kept): as Prisma's `$queryRaw` returns them —
 * int8 as bigint, numeric as Decimal — and every other type as node-postgres parses it (timestamptz
 * as Date, json and jsonb parsed, arrays as arrays, enums and uuids as text), which is what `$queryRaw`
 * gives for those too.
 */
const AS_PRISMA_RAW = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8_OID) return (value: string) => BigInt(value);
    if (format !== 'binary' && oid === NUMERIC_OID) return (value: string) => new Prisma.Decimal(value);
    return pgTypes.getTypeParser(oid, format);
  }) as typeof pgTypes.getTypeParser,
};

/**
 * The Prisma client over node-postgres (no query-engine binary). Only repositories use it (and, in
 * this library, the transaction runner and the health probe).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  private readonly logger = new Logger(PrismaService.name);
  private readonly pool: Pool;
  private readonly statements: KeptStatements;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // One pool for Prisma and for the kept statements run on it directly (kept() below). A bounded
    // connect: while PostgreSQL is unreachable a request fails (503) instead of waiting forever.
    const pool = new Pool({ connectionString: config.databaseUrl, max: DB_POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // Statements marked KEPT_PLAN are prepared once per connection; the rest are unnamed.
    const statements = new KeptStatements();
    super({
      adapter: new PrismaPg(pool, { statementNameGenerator: (query) => statements.nameOf(query.sql), disposeExternalPool: true }),
    });
    this.pool = pool;
    this.statements = statements;
    // An idle connection that breaks (PostgreSQL restarted) is dropped by the pool; without a listener
    // its error would end the process.
    pool.on('error', (error) => this.logger.warn(`idle database connection lost: ${error.message}`));
  }

  /**
   * A statement that starts with KEPT_PLAN (a transition's read and write, the case page, a list
   * page's cases), run on the pool's connection itself rather than through Prisma's runtime: the same
   * prepared statement on the server (kept-statements.ts), the same rows as `$queryRaw` would return
   * (AS_PRISMA_RAW), without the work Prisma's runtime does around each query — the hot path's
   * statements are all raw SQL already. Outside any transaction: use `tx.$queryRaw` inside one.
   */
  async kept<T>(query: Prisma.Sql): Promise<T[]> {
    const text = query.text;
    if (!isKept(text)) throw new Error('PrismaService.kept runs only statements that start with KEPT_PLAN');
    const name = this.statements.nameOf(text);
    const result = await this.pool.query({ ...(name ? { name } : {}), text, values: query.values, types: AS_PRISMA_RAW });
    return result.rows as T[];
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    // Prisma ends the pool with its adapter, if it ever connected.
    if (!this.pool.ended) await this.pool.end();
  }
}
