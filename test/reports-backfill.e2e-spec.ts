// Migration sla_reports backfills what reports need for clocks that stopped before it: their agencies
// and their results, with working days counted in SQL. Checked against the domain's own figures for
// the same clocks (met, missed, a pause, a withdrawal while paused, a transfer's OVERALL for both).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ClockRecord,
  WorkingCalendar,
  clockAgencies,
  clockResultRows,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
} from '@case-desk/domain';
import { deployMigrations } from '../scripts/db/migration-deploy';
import { MIGRATIONS_DIR } from '../scripts/db/migrate-schema';
import { createEmptyTestDatabase } from './support/database';
import { withDb } from './support/db-inspect';

const MIGRATION = 'sla_reports';
const cal = WorkingCalendar.builtin();
const at = (shanghai: string) => new Date(`${shanghai}+08:00`);

const transfer = { id: '00000000-0000-4000-8000-000000000001', kind: 'TRANSFER' as const, fromRegion: '440500', toRegion: '360100', region: null };
const refund = { id: '00000000-0000-4000-8000-000000000002', kind: 'REFUND' as const, fromRegion: null, toRegion: null, region: '440300' };

// The transfer: OUTGOING approved in time; INCOMING and OVERALL paused for materials, then the case was
// withdrawn during the pause. The refund: REVIEW approved late; PAYMENT and OVERALL paused and resumed,
// then paid.
const transferClocks: [ClockRecord, string][] = (() => {
  const outgoing = stopClock(startClock(cal, 'OUTGOING', 10, at('2026-02-26T10:00:00')), at('2026-03-02T10:00:00'));
  const paused = (c: ClockRecord) => pauseClock(cal, c, at('2026-03-04T10:00:00'));
  const incoming = stopClock(paused(startClock(cal, 'INCOMING', 5, at('2026-03-02T10:00:00'))), at('2026-03-06T10:00:00'));
  const overall = stopClock(paused(startClock(cal, 'OVERALL', 15, at('2026-02-26T10:00:00'))), at('2026-03-06T10:00:00'));
  return [[outgoing, 'approve-outgoing'], [incoming, 'withdraw'], [overall, 'withdraw']];
})();
const refundClocks: [ClockRecord, string][] = (() => {
  const review = stopClock(startClock(cal, 'REVIEW', 10, at('2026-03-02T10:00:00')), at('2026-03-20T10:00:00'));
  const pausedAndResumed = (c: ClockRecord) => resumeClock(cal, pauseClock(cal, c, at('2026-03-23T10:00:00')), at('2026-03-25T10:00:00'));
  const payment = stopClock(pausedAndResumed(startClock(cal, 'PAYMENT', 5, at('2026-03-20T10:00:00'))), at('2026-03-26T10:00:00'));
  const overall = stopClock(pausedAndResumed(startClock(cal, 'OVERALL', 15, at('2026-03-02T10:00:00'))), at('2026-03-26T10:00:00'));
  return [[review, 'approve-refund'], [payment, 'confirm-refund'], [overall, 'confirm-refund']];
})();

describe(`migration ${MIGRATION} (e2e)`, () => {
  let tmp: string;
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('backfills the agencies of existing clocks and the results of stopped ones, as the domain computes them', async () => {
    const db = await createEmptyTestDatabase();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-backfill-'));
    fs.copyFileSync(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(tmp, 'migration_lock.toml'));
    for (const dir of fs.readdirSync(MIGRATIONS_DIR)) {
      if (dir.endsWith(`_${MIGRATION}`)) break;
      if (fs.statSync(path.join(MIGRATIONS_DIR, dir)).isDirectory()) fs.cpSync(path.join(MIGRATIONS_DIR, dir), path.join(tmp, dir), { recursive: true });
    }
    await deployMigrations(db.url, { migrationsDir: tmp });

    await withDb(db.url, async (c) => {
      const insertCase = (row: typeof transfer | typeof refund, no: string, status: string, closedAt: Date) =>
        c.query(
          `INSERT INTO cases (id, "caseNo", kind, status, "applicantName", "idNumberHash", "idNumberMasked", "insuranceType", channel,
                              reason, "accessCodeHash", "fromRegion", "toRegion", region, "updatedAt", "closedAt")
           VALUES ($1, $2, $3, $4, '张三', repeat('a', 64), '110105********002X', 'EMPLOYEE', 'WINDOW', 'OTHER', repeat('b', 64),
                   $5, $6, $7, $8, $8)`,
          [row.id, no, row.kind, status, row.fromRegion, row.toRegion, row.region, closedAt],
        );
      await insertCase(transfer, 'TR-1', 'WITHDRAWN', at('2026-03-06T10:00:00'));
      await insertCase(refund, 'RF-2', 'REFUNDED', at('2026-03-26T10:00:00'));
      for (const [caseId, clocks] of [[transfer.id, transferClocks], [refund.id, refundClocks]] as const) {
        for (const [k] of clocks) {
          await c.query(
            `INSERT INTO case_clocks ("caseId", clock, "startedAt", "budgetDays", "dueAt", "pausedAt", "stoppedAt", pauses)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [caseId, k.clock, k.startedAt, k.budgetDays, k.dueAt, k.pausedAt, k.stoppedAt, JSON.stringify(k.pauses)],
          );
        }
      }
    });

    await deployMigrations(db.url);

    const expected = [
      ...transferClocks.flatMap(([k, action]) => clockResultRows(cal, transfer, k, action as 'withdraw').map((r) => ({ ...r, caseId: transfer.id }))),
      ...refundClocks.flatMap(([k, action]) => clockResultRows(cal, refund, k, action as 'withdraw').map((r) => ({ ...r, caseId: refund.id }))),
    ];
    expect(expected.map((r) => r.outcome)).toEqual(['MET', 'WITHDRAWN', 'WITHDRAWN', 'WITHDRAWN', 'MISSED', 'MET', 'MISSED']);
    expect(expected.filter((r) => r.pausedWorkingDays > 0).length).toBeGreaterThan(0);
    await withDb(db.url, async (c) => {
      const results = await c.query(
        `SELECT "caseId", clock::text, agency, province, kind::text, outcome::text, "stoppedAt", to_char("stoppedOn", 'YYYY-MM-DD') AS "stoppedOn",
                "workingDaysUsed", "pausedWorkingDays", "sharedWith"
           FROM sla_clock_results`,
      );
      const key = (r: { caseId: string; clock: string; agency: string }) => `${r.caseId}/${r.clock}/${r.agency}`;
      expect([...results.rows].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        [...expected].sort((a, b) => key(a).localeCompare(key(b))).map((r) => ({ ...r })),
      );
      const clocks = await c.query(`SELECT "caseId", clock::text, agency, "otherAgency" FROM case_clocks`);
      for (const row of clocks.rows) {
        const of = row.caseId === transfer.id ? transfer : refund;
        const { agency, other } = clockAgencies(of, row.clock);
        expect([row.agency, row.otherAgency]).toEqual([agency, other]);
      }
    });
    await db.drop();
  }, 120_000);
});
