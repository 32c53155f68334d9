import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { CaseChangeFeed } from '@case-desk/cases';
import { APP_CONFIG, AppConfig, RedisClient, SharedWindowLimiter } from '@case-desk/core';
import { DomainError } from '@case-desk/domain';
import { PublicStatusCache } from './public-status-cache';

const MINUTE_SECONDS = 60;

/**
 * Limits of the applicants' status lookups (PUBLIC_* settings), shared by the API replicas through
 * Redis: requests per client address per minute, and wrong access codes per caseNo; at the limit the
 * caseNo is locked for the window, whatever code comes next. Every miss counts against its caseNo,
 * known or not, so a lock says nothing about whether the case exists.
 *
 * Requests per address are counted by a SharedWindowLimiter: locally, added to Redis every
 * PUBLIC_RATE_SYNC_MS, so a poll answered from memory costs no Redis round-trip either. Wrong codes are
 * rare and counted in Redis one by one; a lock drops every replica's copy of the case, so that the
 * lookups that follow (a right code too) all reach the controller, which checks the lock in Redis.
 *
 * While Redis is unreachable each process counts in memory instead (as the login throttle does):
 * lookups go on, each replica enforcing the limits on its own share.
 */
@Injectable()
export class PublicStatusThrottle implements OnModuleDestroy {
  private readonly perAddress: SharedWindowLimiter;
  private readonly wrongCodes: RateLimiterRedis;
  private readonly wrongCodeLimit: number;
  private readonly lockSeconds: number;

  constructor(
    redis: RedisClient,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly cache: PublicStatusCache,
    private readonly feed: CaseChangeFeed,
  ) {
    const { perAddressPerMinute, rateSyncMs, wrongCodeLimit, wrongCodeWindowSeconds } = config.publicStatus;
    this.wrongCodeLimit = wrongCodeLimit;
    this.lockSeconds = wrongCodeWindowSeconds;

    this.perAddress = new SharedWindowLimiter(redis.redis, {
      keyPrefix: redis.key('public-status', 'addr'),
      limit: perAddressPerMinute,
      windowMs: MINUTE_SECONDS * 1000,
      syncMs: rateSyncMs,
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

  async onModuleDestroy(): Promise<void> {
    this.perAddress.close();
    await this.syncCounts();
  }

  /** Adds what this process counted per address to Redis now (done every PUBLIC_RATE_SYNC_MS anyway). */
  syncCounts(): Promise<void> {
    return this.perAddress.sync();
  }

  /**
   * For the fast path: counts the request against its address and says true when it is within the
   * limit, without waiting. False when over the limit, or when this process has not seen the address
   * in its current minute yet; either way the controller then decides (and answers the 429).
   */
  countWithoutWaiting(address: string): boolean {
    return this.perAddress.tryHit(address)?.allowed === true;
  }

  /**
   * Counts the request against its address and throws RATE_LIMITED when the address is over its limit
   * or the caseNo is locked. `caseNo` null: a malformed one, which is never stored.
   */
  async assertAllowed(address: string, caseNo: string | null): Promise<void> {
    const [byAddress, byCaseNo] = await Promise.all([
      this.perAddress.hit(address),
      caseNo === null ? null : this.wrongCodes.get(caseNo),
    ]);
    if (!byAddress.allowed) {
      throw rateLimited('too many requests from this address; try again later', byAddress.retryAfterMs);
    }
    if (byCaseNo !== null && byCaseNo.consumedPoints >= this.wrongCodeLimit) {
      throw rateLimited('too many wrong access codes for this case; try again later', byCaseNo.msBeforeNext);
    }
  }

  /** A lookup that found nothing (unknown caseNo, missing or wrong code); the last one allowed locks the caseNo. */
  async recordMiss(caseNo: string | null): Promise<void> {
    if (caseNo === null) return;
    const res = await this.wrongCodes.penalty(caseNo, 1);
    if (res.consumedPoints < this.wrongCodeLimit) return;
    // A lock of the whole window from this miss on, not just what is left of the window of the first.
    await this.wrongCodes.block(caseNo, this.lockSeconds);
    this.cache.delete(caseNo);
    await this.feed.announce(caseNo);
  }
}

function rateLimited(message: string, msBeforeNext: number): DomainError {
  return new DomainError('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) });
}
