import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/config.module';
import { Clock, SharedTestClock, SystemClock } from './clock/clock';
import { RedisClient } from './redis/redis.module';
import { PiiCrypto } from './crypto/pii-crypto';
import { Metrics } from './metrics/metrics';

/** Infrastructure every app needs: the validated config, the clock, Redis and PII crypto. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        RedisClient,
        {
          provide: Clock,
          useFactory: (redis: RedisClient) => (config.testClock ? new SharedTestClock(redis) : new SystemClock()),
          inject: [RedisClient],
        },
        PiiCrypto,
        Metrics,
      ],
      exports: [APP_CONFIG, Clock, RedisClient, PiiCrypto, Metrics],
    };
  }
}
