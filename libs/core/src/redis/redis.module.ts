import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** Long enough for a live socket to close after its FIN; short enough not to hold a stopping process. */
export const DISCONNECT_TIMEOUT_MS = 200;

/** One shared ioredis connection for rate limits and readiness; BullMQ opens its own. */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  readonly redis: Redis;
  readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = config.redis.prefix;
    this.redis = new Redis(config.redis.url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      connectTimeout: 2000,
      // How long a disconnect waits for the socket to close before destroying it. ioredis arms this
      // timer even when the socket is already gone (disconnecting while it waits to reconnect, e.g.
      // shutting down with Redis down) and nothing clears it then: with the default 2 s the process
      // outlives its shutdown by 2 s. Duplicates (the calendar's subscriber) inherit it.
      disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    });
    // Connection errors are reported by readiness and by failing commands; without a listener
    // ioredis would print every reconnect attempt as an unhandled error.
    this.redis.on('error', () => undefined);
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT only over a live connection: while reconnecting it would wait in the offline queue.
    if (this.redis.status !== 'ready') {
      this.redis.disconnect();
      return;
    }
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
