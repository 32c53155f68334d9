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

/**
 * How far the due-date mirrors are from `cases` (migrations case_due, case_due_list_order,
 * case_agency_due and case_agency_due_status): the cases, the case_due rows that differ from or lack
 * their case's columns, and the case_agency_due rows missing, extra or different (one per agency the
 * case involves, with the agency's province and the case's status).
 */
export async function dueMirrorMismatches(db: Client): Promise<{ cases: number; due: number; agencyDue: number }> {
  const { rows } = await db.query<{ cases: number; due: number; agencyDue: number }>(
    `WITH expected AS (
       SELECT c.id AS "caseId", a.agency, left(a.agency, 2) AS province, c."nextDueAt", c.overdue, c.status, c."createdAt", c.seq
         FROM cases c
              CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(ARRAY[c."fromRegion", c."toRegion", c.region]) AS x WHERE x IS NOT NULL) AS a(agency)),
     stored AS (SELECT "caseId", agency, province, "nextDueAt", overdue, status, "createdAt", seq FROM case_agency_due)
     SELECT (SELECT count(*) FROM cases)::int AS cases,
            (SELECT count(*) FROM cases c LEFT JOIN case_due d ON d."caseId" = c.id
              WHERE d."caseId" IS NULL OR d."nextDueAt" IS DISTINCT FROM c."nextDueAt" OR d.overdue <> c.overdue
                 OR d."createdAt" <> c."createdAt" OR d.seq <> c.seq)::int AS due,
            (SELECT count(*) FROM ((SELECT * FROM expected EXCEPT ALL SELECT * FROM stored)
                                   UNION ALL (SELECT * FROM stored EXCEPT ALL SELECT * FROM expected)) AS diff)::int AS "agencyDue"`,
  );
  return rows[0];
}
