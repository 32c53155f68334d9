import { withDb } from './db-inspect';

/**
 * Bulk test data straight into the tables (thousands of cases in one statement): SUBMITTED transfers
 * 440500 → 360100 with running OUTGOING and OVERALL clocks due at `dueAt`. Used where the API would be
 * too slow to create the volume a test needs; never for rules the API enforces.
 */
export async function seedDueTransfers(url: string, count: number, dueAt: Date, label = 'SEED'): Promise<void> {
  await withDb(url, async (db) => {
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO cases (id, "caseNo", kind, status, "applicantName", "idNumberHash", "idNumberMasked", "insuranceType",
                          channel, reason, "accessCodeHash", "fromRegion", "toRegion", scope, "toInsuranceType",
                          "createdAt", "updatedAt", "nextDueAt")
       SELECT gen_random_uuid(), $1 || '-' || lpad(n::text, 7, '0'), 'TRANSFER', 'SUBMITTED', '测试', repeat('0', 64),
              '110105********002X', 'EMPLOYEE', 'WINDOW', 'JOB_CHANGE', repeat('0', 64), '440500', '360100',
              'CROSS_PROVINCE', 'EMPLOYEE', $2::timestamptz - interval '30 days', $2::timestamptz - interval '30 days', $2
         FROM generate_series(1, $3::int) AS n`,
      [label, dueAt, count],
    );
    await db.query(
      `INSERT INTO case_clocks ("caseId", clock, "startedAt", "budgetDays", "dueAt", "runningDueAt")
       SELECT c.id, k.clock::"ClockName", c."createdAt", k.budget, $2, $2
         FROM cases c CROSS JOIN (VALUES ('OUTGOING', 10), ('OVERALL', 15)) AS k(clock, budget)
        WHERE c."caseNo" LIKE $1 || '-%'`,
      [label, dueAt],
    );
    await db.query('COMMIT');
  });
}
