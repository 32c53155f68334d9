import { Injectable } from '@nestjs/common';
import { RedisClient } from '../redis/redis.module';

/**
 * The one source of "now" for the API and the worker. Production uses the system clock; with
 * TEST_CLOCK=enabled it is a clock that tests set through the API (API.md, Testing time).
 */
export abstract class Clock {
  abstract now(): Date;

  /** Brings a shared clock up to date before a request or a job; nothing to do for the system clock. */
  async refresh(): Promise<void> {}
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** How long a request waits for Redis to tell the test clock's instant before using the last one it knew. */
export const TEST_CLOCK_REFRESH_WAIT_MS = 200;

/**
 * A clock that tests freeze at an instant. The instant lives in Redis, so every API replica and every
 * worker sees the same time: each refreshes it at the start of a request or a job. While Redis is
 * unreachable (or slow) it keeps the last instant it read, after a bounded wait, so that a Redis
 * outage never fails a request that does not otherwise need Redis.
 */
@Injectable()
export class SharedTestClock extends Clock {
  private frozenAt: Date | null = null;

  constructor(private readonly redis: RedisClient) {
    super();
  }

  private get key(): string {
    return this.redis.key('test-clock');
  }

  now(): Date {
    return this.frozenAt ? new Date(this.frozenAt) : new Date();
  }

  /** The frozen instant, or null when the clock follows real time. */
  get frozen(): Date | null {
    return this.frozenAt ? new Date(this.frozenAt) : null;
  }

  override async refresh(): Promise<void> {
    if (this.redis.redis.status !== 'ready') return; // down or reconnecting: keep the last known instant
    let timer: NodeJS.Timeout | undefined;
    const reading = this.redis.redis.get(this.key);
    try {
      const value = await Promise.race([
        reading,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), TEST_CLOCK_REFRESH_WAIT_MS);
        }),
      ]);
      if (value !== undefined) this.frozenAt = value === null ? null : new Date(value);
    } catch {
      // Redis failed the read: keep the last known instant.
    } finally {
      clearTimeout(timer);
      reading.catch(() => undefined);
    }
  }

  async set(instant: Date): Promise<void> {
    await this.redis.redis.set(this.key, instant.toISOString());
    this.frozenAt = new Date(instant);
  }

  async clear(): Promise<void> {
    await this.redis.redis.del(this.key);
    this.frozenAt = null;
  }
}
