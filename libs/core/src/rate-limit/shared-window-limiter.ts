import type Redis from 'ioredis';
import type { Result } from 'ioredis';

/** The answer for one request: allowed, or refused with how long until the key's window ends. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface SharedWindowLimiterOptions {
  /** Prefix of the Redis keys (one per limited key and window). */
  keyPrefix: string;
  /** Requests allowed per key and window, across all processes. */
  limit: number;
  windowMs: number;
  /** How often each process adds what it counted to Redis and learns the others' counts. */
  syncMs: number;
  /** For tests: the time in ms. */
  now?: () => number;
}

interface Window {
  /** When the window ends, as Redis reported its key's expiry (provisional until the first answer). */
  endsAt: number;
  /** The total of every process, as of the last answer from Redis (it includes this process's sent counts). */
  total: number;
  /** Counted here and sent, not answered yet. */
  sending: number;
  /** Counted here since the last send. */
  pending: number;
  /** The first round-trip of the window, while it is under way: the first requests wait for it. */
  opening: Promise<void> | null;
}

/**
 * Adds `delta` to the window's counter and returns [total, ms left]; the first add of a window sets
 * its expiry. One script, so the counter never exists without an expiry.
 */
const ADD_SCRIPT = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {total, ttl}`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    sharedWindowAdd(key: string, delta: number, windowMs: number): Result<[number, number], Context>;
  }
}

/**
 * A fixed-window request limit (N per key per window) that holds across processes through Redis
 * without a Redis round-trip per request, for routes that must stay cheap under heavy polling.
 *
 * Each process counts locally and, every `syncMs`, adds what it counted to the key's Redis counter in
 * one pipelined round-trip for all keys, learning the total of all processes from the same answer.
 * A request is allowed while the last known total plus what this process counted since is below the
 * limit. The first request of a key in a window waits for its own round-trip, so a key already at
 * its limit elsewhere is refused here from its first request; after that, the processes together can
 * go over by at most what they admit between two syncs (with 100 ms, a fraction of one request for a
 * client within its limit).
 *
 * While Redis is unreachable each process goes on counting on its own, so requests neither stop nor go
 * unlimited; what it counted is added to Redis once it is back. Refused requests are not counted.
 */
export class SharedWindowLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly options: SharedWindowLimiterOptions,
  ) {
    this.now = options.now ?? Date.now;
    // Sent by its SHA once Redis has it (EVALSHA); defining it again on a shared connection is harmless.
    redis.defineCommand('sharedWindowAdd', { numberOfKeys: 1, lua: ADD_SCRIPT });
    this.timer = setInterval(() => {
      if (this.syncing === null) void this.sync(); // a slow Redis: skip the beat rather than queue syncs
    }, options.syncMs);
    this.timer.unref();
  }

  /**
   * Counts a request without waiting, when this process already knows the key's window; `undefined`
   * when it does not (the first request of the window here): then call `hit`, which asks Redis.
   */
  tryHit(key: string): RateDecision | undefined {
    const now = this.now();
    const window = this.windows.get(key);
    if (window === undefined || window.opening !== null || now >= window.endsAt) return undefined;
    return this.admit(window, now);
  }

  /** Counts a request; the first of a key's window in this process waits for one Redis round-trip. */
  async hit(key: string): Promise<RateDecision> {
    const known = this.tryHit(key);
    if (known !== undefined) return known;
    let window = this.windows.get(key);
    if (window === undefined || this.now() >= window.endsAt) {
      window = { endsAt: this.now() + this.options.windowMs, total: 0, sending: 0, pending: 0, opening: null };
      this.windows.set(key, window);
      window.opening = this.send(key, window, 1).finally(() => {
        window!.opening = null;
      });
      await window.opening;
      // The request was counted in Redis with the total: refused when that total is over the limit.
      const now = this.now();
      return window.total <= this.options.limit ? { allowed: true } : { allowed: false, retryAfterMs: Math.max(0, window.endsAt - now) };
    }
    if (window.opening !== null) await window.opening;
    return this.admit(window, this.now());
  }

  /**
   * Adds every key's local count to Redis now (also done every `syncMs`), and learns the totals; for
   * shutdown and tests. A sync already under way took its counts before this call, so this one waits
   * for it and then sends what was counted since.
   */
  async sync(): Promise<void> {
    while (this.syncing !== null) await this.syncing;
    this.syncing = this.syncAll().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private admit(window: Window, now: number): RateDecision {
    if (window.total + window.sending + window.pending >= this.options.limit) {
      return { allowed: false, retryAfterMs: Math.max(0, window.endsAt - now) };
    }
    window.pending += 1;
    return { allowed: true };
  }

  private async syncAll(): Promise<void> {
    const now = this.now();
    const due: [string, Window, number][] = [];
    for (const [key, window] of this.windows) {
      if (now >= window.endsAt) this.windows.delete(key);
      else if (window.pending > 0 && window.opening === null && window.sending === 0) due.push([key, window, window.pending]);
    }
    if (due.length === 0 || this.redis.status !== 'ready') return;
    const pipeline = this.redis.pipeline();
    for (const [key, window, delta] of due) {
      window.pending -= delta;
      window.sending = delta;
      pipeline.sharedWindowAdd(this.redisKey(key), delta, this.options.windowMs);
    }
    const answers = await pipeline.exec().catch(() => null);
    due.forEach(([, window, delta], i) => {
      const answer = answers?.[i];
      window.sending = 0;
      if (answer === undefined || answer[0] !== null) window.pending += delta; // not counted there: sent again next time
      else this.learn(window, answer[1] as [number, number]);
    });
  }

  /** One key's round-trip; on failure (Redis down) the count stays local and goes with the next sync. */
  private async send(key: string, window: Window, delta: number): Promise<void> {
    if (this.redis.status !== 'ready') {
      window.pending += delta;
      return;
    }
    window.sending += delta;
    try {
      this.learn(window, await this.redis.sharedWindowAdd(this.redisKey(key), delta, this.options.windowMs));
    } catch {
      window.pending += delta;
    } finally {
      window.sending -= delta;
    }
  }

  private learn(window: Window, [total, msLeft]: [number, number]): void {
    window.total = total;
    window.endsAt = this.now() + msLeft;
  }

  private redisKey(key: string): string {
    return `${this.options.keyPrefix}:${key}`;
  }
}
