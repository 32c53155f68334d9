import { Client } from 'pg';

/** Direct SQL for assertions the API cannot show (what is stored, that nothing was written). */
export async function withDb<T>(url: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

export async function rowCounts(url: string): Promise<Record<string, number>> {
  return withDb(url, async (db) => {
    const { rows } = await db.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events,
              (SELECT count(*) FROM idempotency_keys) AS keys, (SELECT count(*) FROM users) AS users,
              (SELECT count(*) FROM case_clocks) AS clocks, (SELECT count(*) FROM calendar_overrides) AS calendar_overrides`,
    );
    return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
  });
}
