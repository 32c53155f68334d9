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

/**
 * A clock that tests freeze at an instant. The instant lives in Redis, so every API replica and every
 * worker sees the same time: each refreshes it at the start of a request or a job.
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
    const value = await this.redis.redis.get(this.key);
    this.frozenAt = value === null ? null : new Date(value);
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
