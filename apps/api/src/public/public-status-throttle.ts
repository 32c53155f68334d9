import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig, RedisClient } from '@case-desk/core';
import { DomainError } from '@case-desk/domain';

const MINUTE_SECONDS = 60;

/**
 * Limits of the applicants' status lookups (PUBLIC_* settings), counted in Redis so they hold across
 * API replicas: requests per client address per minute, and wrong access codes per caseNo; at the
 * limit the caseNo is locked for the window, whatever code comes next. Every miss counts against its
 * caseNo, known or not, so a lock says nothing about whether the case exists.
 *
 * While Redis is unreachable each process counts in memory instead (as the login throttle does):
 * lookups go on, each replica enforcing the limits on its own share. `rejectIfRedisNotReady` sends
 * requests to that fallback at once rather than after ioredis' retries.
 */
@Injectable()
export class PublicStatusThrottle {
  private readonly perAddress: RateLimiterRedis;
  private readonly wrongCodes: RateLimiterRedis;
  private readonly wrongCodeLimit: number;
  private readonly lockSeconds: number;

  constructor(redis: RedisClient, @Inject(APP_CONFIG) config: AppConfig) {
    const { perAddressPerMinute, wrongCodeLimit, wrongCodeWindowSeconds } = config.publicStatus;
    this.wrongCodeLimit = wrongCodeLimit;
    this.lockSeconds = wrongCodeWindowSeconds;

    const addressPrefix = redis.key('public-status', 'addr');
    this.perAddress = new RateLimiterRedis({
      storeClient: redis.redis,
      keyPrefix: addressPrefix,
      points: perAddressPerMinute,
      duration: MINUTE_SECONDS,
      // Once refused, an address is refused from memory until its minute ends: a flood costs no Redis calls.
      inMemoryBlockOnConsumed: perAddressPerMinute + 1,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: addressPrefix, points: perAddressPerMinute, duration: MINUTE_SECONDS }),
    });

    const caseNoPrefix = redis.key('public-status', 'wrong-code');
    this.wrongCodes = new RateLimiterRedis({
      storeClient: redis.redis,
      keyPrefix: caseNoPrefix,
      points: wrongCodeLimit,
      duration: wrongCodeWindowSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: caseNoPrefix, points: wrongCodeLimit, duration: wrongCodeWindowSeconds }),
    });
  }

  /**
   * Counts the request against its address and throws RATE_LIMITED when the address is over its limit
   * or the caseNo is locked. Both answers come back in one round-trip. `caseNo` null: a malformed one,
   * which is never stored.
   */
  async assertAllowed(address: string, caseNo: string | null): Promise<void> {
    const [byAddress, byCaseNo] = await Promise.all([
      this.perAddress.consume(address).then(() => null, refusal),
      caseNo === null ? null : this.wrongCodes.get(caseNo),
    ]);
    if (byAddress !== null) {
      throw rateLimited('too many requests from this address; try again later', byAddress.msBeforeNext);
    }
    if (byCaseNo !== null && byCaseNo.consumedPoints >= this.wrongCodeLimit) {
      throw rateLimited('too many wrong access codes for this case; try again later', byCaseNo.msBeforeNext);
    }
  }

  /** A lookup that found nothing (unknown caseNo, missing or wrong code); the last one allowed locks the caseNo. */
  async recordMiss(caseNo: string | null): Promise<void> {
    if (caseNo === null) return;
    const res = await this.wrongCodes.penalty(caseNo, 1);
    // A lock of the whole window from this miss on, not just what is left of the window of the first.
    if (res.consumedPoints >= this.wrongCodeLimit) await this.wrongCodes.block(caseNo, this.lockSeconds);
  }
}

function refusal(error: unknown): RateLimiterRes {
  if (error instanceof RateLimiterRes) return error;
  throw error;
}

function rateLimited(message: string, msBeforeNext: number): DomainError {
  return new DomainError('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) });
}
