import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, CoreModule, RedisClient, loggerOptions } from '@case-desk/core';
import { DbModule, PrismaService } from '@case-desk/db';
import { SlaModule } from '@case-desk/sla';
import { AlertsModule } from '@case-desk/alerts';
import { Processors } from './processors';

/** Checks both stores before the worker reports ready; a worker that cannot reach them must not start. */
@Injectable()
export class WorkerReadiness implements OnApplicationShutdown {
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<void> {
    await this.prisma.ping();
    await this.redis.redis.ping();
    this.logger.log({ redisPrefix: this.config.redis.prefix }, 'worker ready: PostgreSQL and Redis reachable');
  }

  onApplicationShutdown(signal?: string): void {
    this.logger.log({ signal }, 'worker stopping');
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), LoggerModule.forRoot(loggerOptions(config, 'worker')), DbModule, SlaModule, AlertsModule],
      providers: [WorkerReadiness, Processors],
    };
  }
}
