import Redis from 'ioredis';
import { withDb } from './db-inspect';
import { testRedisUrl } from './test-run';

/** Alerts per level for the seeded cases whose caseNo starts with `label-`. */
export async function levelCounts(url: string, label: string): Promise<Record<string, number>> {
  return withDb(url, async (db) => {
    const { rows } = await db.query<{ level: string; n: number }>(
      `SELECT level, count(*)::int AS n FROM alerts WHERE "caseNo" LIKE $1 || '-%' GROUP BY level ORDER BY level`,
      [label],
    );
    return Object.fromEntries(rows.map((r) => [r.level, r.n]));
  });
}

/** What FLUSHDB would do to one deployment, without touching other test runs sharing this Redis. */
export async function deleteKeysWithPrefix(prefix: string): Promise<number> {
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
