import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig, RedisClient } from '@case-desk/core';
import { DomainError } from '@case-desk/domain';

/**
 * Failed logins counted in Redis per username and per client address, over a sliding window
 * (LOGIN_* settings). Only failures count; a success clears the username's count. While Redis is
 * unreachable each process falls back to counting in memory, so logins neither stop nor go unlimited.
 */
@Injectable()
export class LoginThrottle {
  private readonly byUsername: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;

  constructor(redis: RedisClient, @Inject(APP_CONFIG) config: AppConfig) {
    const { perUsername, perAddress, windowSeconds } = config.auth.loginLimits;
    const limiter = (points: number, keyPrefix: string) =>
      new RateLimiterRedis({
        storeClient: redis.redis,
        keyPrefix,
        points,
        duration: windowSeconds,
        blockDuration: windowSeconds,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: windowSeconds, blockDuration: windowSeconds }),
      });
    this.byUsername = limiter(perUsername, redis.key('login-fail', 'user'));
    this.byAddress = limiter(perAddress, redis.key('login-fail', 'addr'));
  }

  /** Throws RATE_LIMITED while either counter is exhausted. */
  async assertAllowed(username: string, address: string): Promise<void> {
    const [user, addr] = await Promise.all([this.byUsername.get(username.toLowerCase()), this.byAddress.get(address)]);
    const blocked = [
      [user, this.byUsername.points],
      [addr, this.byAddress.points],
    ].filter(([res, points]) => res !== null && (res as RateLimiterRes).consumedPoints >= (points as number));
    if (blocked.length > 0) {
      const waitMs = Math.max(...blocked.map(([res]) => (res as RateLimiterRes).msBeforeNext));
      throw new DomainError('RATE_LIMITED', 'too many failed logins; try again later', {
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      });
    }
  }

  async recordFailure(username: string, address: string): Promise<void> {
    await Promise.all([
      this.byUsername.penalty(username.toLowerCase(), 1),
      this.byAddress.penalty(address, 1),
    ]);
  }

  async recordSuccess(username: string): Promise<void> {
    await this.byUsername.delete(username.toLowerCase());
  }
}
