import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG, AppConfig } from '@case-desk/core';
import { PrismaClient } from './generated/prisma/client';
import { KeptStatements } from './kept-statements';

const CONNECT_TIMEOUT_MS = 5_000;

/** Connections each process keeps to PostgreSQL. */
export const DB_POOL_SIZE = 10;

/**
 * The Prisma client over node-postgres (no query-engine binary). Only repositories use it (and, in
 * this library, the transaction runner and the health probe).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A bounded connect: while PostgreSQL is unreachable a request fails (503) instead of waiting forever.
    // Statements marked KEPT_PLAN are prepared once per connection; the rest are unnamed.
    const kept = new KeptStatements();
    super({
      adapter: new PrismaPg(
        { connectionString: config.databaseUrl, max: DB_POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
        { statementNameGenerator: (query) => kept.nameOf(query.sql) },
      ),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
