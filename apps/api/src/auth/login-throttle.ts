import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig, RedisClient } from '@case-desk/core';
import { DomainError } from '@case-desk/domain';

/**
 * Failed logins counted in Redis per username and per client address, over a window (LOGIN_*
 * settings). Every attempt first consumes a point of both counters, atomically in Redis, and only
 * then is the password checked: so however many attempts arrive at once, at most the limit of them
 * reach the password hash. A success gives the points back. While Redis is unreachable each process
 * falls back to counting in memory, so logins neither stop nor go unlimited.
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

  /**
   * Counts this attempt against both limits (an atomic consume in Redis), or throws RATE_LIMITED when
   * either is used up. Call it before checking the password; a right password then calls recordSuccess.
   */
  async assertAllowed(username: string, address: string): Promise<void> {
    const user = username.toLowerCase();
    await consume(this.byUsername, user);
    try {
      await consume(this.byAddress, address);
    } catch (error) {
      await this.byUsername.reward(user, 1);
      throw error;
    }
  }

  /** The password was right: the username's count is cleared and the address gets its point back. */
  async recordSuccess(username: string, address: string): Promise<void> {
    await Promise.all([this.byUsername.delete(username.toLowerCase()), this.byAddress.reward(address, 1)]);
  }
}

async function consume(limiter: RateLimiterRedis, key: string): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new DomainError('RATE_LIMITED', 'too many failed logins; try again later', {
      retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
    });
  }
}
