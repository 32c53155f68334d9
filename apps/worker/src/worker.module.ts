import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, CoreModule, RedisClient, loggerOptions } from '@case-desk/core';
import { DatabaseHealth, DbModule } from '@case-desk/db';
import { JobWorkersModule } from '@case-desk/jobs';

/** Checks both stores before the worker reports ready; a worker that cannot reach them must not start. */
@Injectable()
export class WorkerReadiness implements OnApplicationShutdown {
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly database: DatabaseHealth,
    private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<void> {
    await this.database.ping();
    await this.redis.redis.ping();
    this.logger.log({ redisPrefix: this.config.redis.prefix }, 'worker ready: PostgreSQL and Redis reachable');
  }

  onApplicationShutdown(signal?: string): void {
    this.logger.log({ signal }, 'worker stopping');
  }
}

/** Wiring only: config, logging, the database, and the jobs with their processors (libs/jobs). */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), LoggerModule.forRoot(loggerOptions(config, 'worker')), DbModule, JobWorkersModule],
      providers: [WorkerReadiness],
    };
  }
}
