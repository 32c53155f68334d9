import { randomUUID } from 'node:crypto';
import Redis, { RedisOptions } from 'ioredis';
import { RateDecision, SharedWindowLimiter, SharedWindowLimiterOptions } from '@case-desk/core';
import { eventually } from './support/eventually';
import { testRedisUrl } from './support/test-run';

/**
 * SharedWindowLimiter against a real Redis: each "process" is its own connection and limiter, as two
 * API replicas would be. Every test uses its own key prefix under the run's.
 */
describe('SharedWindowLimiter (Redis)', () => {
  const connections: Redis[] = [];
  const limiters: SharedWindowLimiter[] = [];

  const connect = (url = testRedisUrl(), extra: RedisOptions = {}) => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, ...extra });
    redis.on('error', () => undefined);
    connections.push(redis);
    return redis;
  };
  const ready = (redis: Redis) => new Promise<void>((done) => (redis.status === 'ready' ? done() : redis.once('ready', () => done())));
  const newPrefix = () => `${process.env.TEST_REDIS_PREFIX ?? 'cdtest'}:swl:${randomUUID().slice(0, 8)}`;
  const limiter = (redis: Redis, options: Partial<SharedWindowLimiterOptions> & { keyPrefix: string }) => {
    const l = new SharedWindowLimiter(redis, { limit: 5, windowMs: 60_000, syncMs: 10_000, ...options });
    limiters.push(l);
    return l;
  };
  const allowedCount = (decisions: RateDecision[]) => decisions.filter((d) => d.allowed).length;
  const hits = async (l: SharedWindowLimiter, key: string, n: number) => {
    const out: RateDecision[] = [];
    for (let i = 0; i < n; i++) out.push(await l.hit(key));
    return out;
  };

  afterAll(() => {
    limiters.forEach((l) => l.close());
    connections.forEach((c) => c.disconnect());
  });

  it('allows `limit` requests per key and window, then refuses with the time left; keys are separate', async () => {
    const redis = connect();
    await ready(redis);
    const l = limiter(redis, { keyPrefix: newPrefix() });
    const decisions = await hits(l, 'a', 8);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false, false]);
    const refused = decisions[5] as { allowed: false; retryAfterMs: number };
    expect(refused.retryAfterMs).toBeGreaterThan(55_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(allowedCount(await hits(l, 'b', 5))).toBe(5);
  });

  it('answers known keys without waiting (tryHit), and only those', async () => {
    const redis = connect();
    await ready(redis);
    const l = limiter(redis, { keyPrefix: newPrefix() });
    expect(l.tryHit('a')).toBeUndefined(); // never seen: `hit` must ask Redis
    expect((await l.hit('a')).allowed).toBe(true);
    expect([1, 2, 3, 4].map(() => l.tryHit('a')?.allowed)).toEqual([true, true, true, true]);
    expect(l.tryHit('a')).toMatchObject({ allowed: false });
  });

  it('counts in Redis what it admitted, and not what it refused', async () => {
    const redis = connect();
    await ready(redis);
    const keyPrefix = newPrefix();
    const l = limiter(redis, { keyPrefix });
    await hits(l, 'a', 3);
    for (let i = 0; i < 5; i++) l.tryHit('a');
    await l.sync();
    expect(await redis.get(`${keyPrefix}:a`)).toBe('5');
    expect(await redis.pttl(`${keyPrefix}:a`)).toBeGreaterThan(55_000);
  });

  it('a sync asked for while one is under way also sends what was counted since that one started', async () => {
    const redis = connect();
    await ready(redis);
    const keyPrefix = newPrefix();
    const l = limiter(redis, { keyPrefix });
    await l.hit('a');
    l.tryHit('a');
    const underWay = l.sync();
    l.tryHit('a');
    await l.sync();
    expect(await redis.get(`${keyPrefix}:a`)).toBe('3');
    await underWay;
  });

  it('shares the limit between processes: each learns the others\' counts when it syncs', async () => {
    const keyPrefix = newPrefix();
    const [r1, r2] = [connect(), connect()];
    await Promise.all([ready(r1), ready(r2)]);
    const one = limiter(r1, { keyPrefix, limit: 10 });
    const two = limiter(r2, { keyPrefix, limit: 10 });
    expect(allowedCount(await hits(one, 'a', 6))).toBe(6);
    await one.sync();
    // Its first request waits for Redis, so `two` starts from the 6 already counted.
    expect(allowedCount(await hits(two, 'a', 6))).toBe(4);
    await two.sync();
    await one.sync(); // nothing pending: `one` still believes 6 — it learns more when it counts again
    expect((await one.hit('a')).allowed).toBe(true); // the bounded overshoot: one request between syncs
    await one.sync();
    expect((await one.hit('a')).allowed).toBe(false);
    expect(await r1.get(`${keyPrefix}:a`)).toBe('11');
  });

  it('refuses from the first request a key that is already at its limit elsewhere', async () => {
    const keyPrefix = newPrefix();
    const [r1, r2] = [connect(), connect()];
    await Promise.all([ready(r1), ready(r2)]);
    const one = limiter(r1, { keyPrefix });
    await hits(one, 'a', 5);
    await one.sync();
    const two = limiter(r2, { keyPrefix });
    expect(await two.hit('a')).toMatchObject({ allowed: false });
  });

  it('syncs on its own every syncMs', async () => {
    const keyPrefix = newPrefix();
    const redis = connect();
    await ready(redis);
    const l = limiter(redis, { keyPrefix, syncMs: 20 });
    await l.hit('a');
    l.tryHit('a');
    l.tryHit('a');
    // No sync() here: only the limiter's own timer can get the counts there.
    await eventually(async () => ((await redis.get(`${keyPrefix}:a`)) === '3' ? true : null), 2000, 'the count of 3 in Redis', 10);
    expect(await redis.get(`${keyPrefix}:a`)).toBe('3');
  });

  it('starts a new window when the old one ends', async () => {
    const redis = connect();
    await ready(redis);
    const keyPrefix = newPrefix();
    const l = limiter(redis, { keyPrefix, limit: 2, windowMs: 300 });
    expect(allowedCount(await hits(l, 'a', 3))).toBe(2);
    // The window has ended when Redis has dropped its counter and this process no longer knows it
    // (until then tryHit refuses, and refused requests are not counted).
    await eventually(
      async () => (l.tryHit('a') === undefined && (await redis.exists(`${keyPrefix}:a`)) === 0 ? true : null),
      2000,
      'the window to end',
      10,
    );
    expect(allowedCount(await hits(l, 'a', 3))).toBe(2);
  });

  it('while Redis is unreachable, counts on its own; what it counted reaches Redis once it is back', async () => {
    const keyPrefix = newPrefix();
    const down = connect('redis://127.0.0.1:1/0', { lazyConnect: true, retryStrategy: () => null });
    const offline = limiter(down, { keyPrefix });
    expect(allowedCount(await hits(offline, 'a', 7))).toBe(5); // the limit holds in this process

    // The same limiter with a connection that comes up later.
    const later = connect(testRedisUrl(), { lazyConnect: true });
    const l = limiter(later, { keyPrefix });
    expect(allowedCount(await hits(l, 'b', 3))).toBe(3);
    await later.connect();
    await l.sync();
    expect(await later.get(`${keyPrefix}:b`)).toBe('3');
  });
});
