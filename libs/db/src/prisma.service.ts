import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG, AppConfig } from '@case-desk/core';
import { PrismaClient } from './generated/prisma/client';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * The Prisma client over node-postgres (no query-engine binary). Only repositories use it (and, in
 * this library, the transaction runner and the health probe).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A bounded connect: while PostgreSQL is unreachable a request fails (503) instead of waiting forever.
    super({ adapter: new PrismaPg({ connectionString: config.databaseUrl, max: 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
