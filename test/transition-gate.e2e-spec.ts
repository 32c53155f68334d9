import { DB_POOL_SIZE, KEPT_PLAN, Prisma, PrismaService } from '@case-desk/db';
import { CaseRepository } from '../libs/cases/src/case.repository';
import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { eventually } from './support/eventually';
import { transferBody } from './support/factories';

/**
 * A transition is planned from one unlocked read (the case, its clocks, the calendar version) and
 * written in one statement whose gate checks, under the case's and the calendar's locks, that none of
 * it changed meanwhile (migration transition_gate); when something did, nothing of that statement is
 * written and the locked path (lock, read, write in one transaction) runs instead. Each test makes one
 * change between the read and the write, where a concurrent writer would, and checks what a write
 * planned from the stale read would have got wrong.
 */
describe('a transition written in one statement behind its gate (e2e)', () => {
  // Monday 2026-11-23 10:00 in Shanghai. approve-outgoing starts the INCOMING clock (5 working days):
  // due at the end of Monday 2026-11-30, or of Tuesday 2026-12-01 once Wednesday 2026-11-25 is a holiday.
  const NOW = '2026-11-23T02:00:00.000Z';
  const INCOMING_DUE = '2026-11-30T16:00:00.000Z';
  const INCOMING_DUE_AFTER_HOLIDAY = '2026-12-01T16:00:00.000Z';
  const approveOutgoing = { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1523.40' };

  let h: Harness;
  let clerk: string;
  let cases: CaseRepository;

  beforeEach(async () => {
    // Each test on its own database: one leaves a holiday in place.
    h = await startApi({ env: { TEST_CLOCK: 'enabled', SLA_SWEEP_EVERY_SECONDS: '3600' } });
    clerk = await h.userToken('CLERK', '440500');
    expect((await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: NOW } })).status).toBe(200);
    cases = h.app.get(CaseRepository);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await h.close();
  });

  const newCase = async (): Promise<string> => {
    const res = await h.request('POST', '/v1/cases', { token: clerk, body: transferBody() });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const approve = (id: string) => h.request('POST', `/v1/cases/${id}/transitions`, { token: clerk, body: approveOutgoing });
  /** Runs `change` right after the next transition's read, before its write. */
  const betweenReadAndWrite = (change: () => Promise<unknown>) => {
    const read = cases.findVisibleInFull.bind(cases);
    jest.spyOn(cases, 'findVisibleInFull').mockImplementationOnce(async (...args) => {
      const found = await read(...args);
      await change();
      return found;
    });
  };
  /** Counts the transitions that took the locked path. */
  const lockedPath = () => jest.spyOn(cases, 'lockForTransition');
  const events = (id: string) =>
    withDb(h.databaseUrl, async (db) => (await db.query(`SELECT action, version FROM case_events WHERE "caseId" = $1 ORDER BY version`, [id])).rows);
  const clockDue = (id: string, clock: string) =>
    withDb(h.databaseUrl, async (db) => {
      const { rows } = await db.query(`SELECT "dueAt" FROM case_clocks WHERE "caseId" = $1 AND clock = $2`, [id, clock]);
      return (rows[0].dueAt as Date).toISOString();
    });

  /**
   * The statements prepared (named) on every connection of the API's pool: each connection is taken by
   * a transaction that waits on an advisory lock this test holds until all of them wait, then lists
   * its own prepared statements.
   */
  const preparedOnEveryConnection = (): Promise<string[]> =>
    withDb(h.databaseUrl, async (holder) => {
      const key = 2_026_120_501;
      await holder.query('SELECT pg_advisory_lock($1)', [key]);
      const prisma = h.app.get(PrismaService);
      const lists = Array.from({ length: DB_POOL_SIZE }, () =>
        prisma.$transaction(async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${key})`;
          return tx.$queryRaw<{ statement: string }[]>`SELECT statement FROM pg_prepared_statements`;
        }),
      );
      await eventually(
        async () => {
          const { rows } = await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
          return rows[0].n === DB_POOL_SIZE ? true : null;
        },
        5_000,
        'every connection of the pool waiting on the lock',
        20,
      );
      await holder.query('SELECT pg_advisory_unlock($1)', [key]);
      return (await Promise.all(lists)).flat().map((r) => r.statement);
    });

  it('keeps the read and the write prepared on their connections, and no other statement', async () => {
    const id = await newCase();
    expect((await approve(id)).status).toBe(200);
    const prepared = await preparedOnEveryConnection();
    expect(prepared.some((sql) => sql.includes('"readClockRows"'))).toBe(true);
    expect(prepared.some((sql) => sql.includes('case_transition_gate('))).toBe(true);
    // Creating the case, reading the user, the lock and listing: all unnamed.
    expect(prepared.filter((sql) => !sql.startsWith(KEPT_PLAN.sql))).toEqual([]);
  });

  it('reads a case through the kept statement exactly as Prisma reads it (bigint, decimal, dates, arrays)', async () => {
    const id = await newCase();
    expect((await approve(id)).status).toBe(200);
    const admin = { id: 'reader', username: 'reader', role: 'ADMIN' as const, agency: '000000' };
    const kept = await cases.findVisibleInFull(admin, id);
    const prisma = await h.app.get(PrismaService).case.findUnique({ where: { id } });
    expect(kept?.row).toEqual(prisma);
    expect(typeof kept?.row.seq).toBe('bigint');
    expect(kept?.row.balanceAmount).toBeInstanceOf(Prisma.Decimal);
    expect(kept?.row.balanceAmount?.toFixed(2)).toBe('1523.40');
    expect(kept?.row.updatedAt).toBeInstanceOf(Date);
    expect(kept?.row.materialsRequested).toEqual([]);
    // Only a statement marked KEPT_PLAN runs on the pool directly.
    await expect(h.app.get(PrismaService).kept(Prisma.sql`SELECT 1`)).rejects.toThrow(/KEPT_PLAN/);
  });

  it('rewrites only the clocks it changes: the OVERALL clock running on keeps its row version', async () => {
    const id = await newCase();
    const rowVersions = () =>
      withDb(h.databaseUrl, async (db) => {
        const { rows } = await db.query(`SELECT clock::text, xmin::text FROM case_clocks WHERE "caseId" = $1 ORDER BY clock`, [id]);
        return Object.fromEntries(rows.map((r) => [r.clock, r.xmin]));
      });
    const before = await rowVersions();
    expect(Object.keys(before).sort()).toEqual(['OUTGOING', 'OVERALL']);
    expect((await approve(id)).status).toBe(200);
    const after = await rowVersions();
    expect(after.OVERALL).toBe(before.OVERALL);
    expect(after.OUTGOING).not.toBe(before.OUTGOING);
    expect(after.INCOMING).toBeDefined();
  });

  it('writes in one statement when nothing changed: the locked path is not taken', async () => {
    const id = await newCase();
    const locked = lockedPath();
    const res = await approve(id);
    expect(res.status).toBe(200);
    expect(res.body.sla.stage).toMatchObject({ name: 'INCOMING', dueAt: INCOMING_DUE });
    expect(locked).not.toHaveBeenCalled();
    expect(await events(id)).toEqual([
      { action: 'submit', version: 1 },
      { action: 'approve-outgoing', version: 2 },
    ]);
  });

  it('a clock rewritten meanwhile (as a due-date recomputation does) is kept: the gate closes, the locked path reads it again', async () => {
    const id = await newCase();
    // The OVERALL clock runs on through approve-outgoing: a write planned from the stale read would put its old due date back.
    const moved = '2027-02-26T16:00:00.000Z';
    betweenReadAndWrite(() =>
      withDb(h.databaseUrl, (db) =>
        db.query(`UPDATE case_clocks SET "dueAt" = $2, "runningDueAt" = $2 WHERE "caseId" = $1 AND clock = 'OVERALL'`, [id, moved]),
      ),
    );
    const locked = lockedPath();
    const res = await approve(id);
    expect(res.status).toBe(200);
    expect(locked).toHaveBeenCalledTimes(1);
    expect(await clockDue(id, 'OVERALL')).toBe(moved);
    // The closed gate wrote nothing: the locked path's event is the only one of version 2.
    expect(await events(id)).toEqual([
      { action: 'submit', version: 1 },
      { action: 'approve-outgoing', version: 2 },
    ]);
    const sla = await h.request('GET', `/v1/cases/${id}/sla`, { token: clerk });
    expect(JSON.stringify(sla.body)).toContain(moved);
  });

  it('a calendar change meanwhile: the clock the transition starts is counted with the new calendar', async () => {
    const id = await newCase();
    betweenReadAndWrite(async () => {
      const res = await h.request('PUT', '/v1/calendar/days/2026-11-25', { token: h.adminToken, body: { type: 'HOLIDAY', name: '临时休假' } });
      expect(res.status).toBe(200);
    });
    const locked = lockedPath();
    const res = await approve(id);
    expect(res.status).toBe(200);
    expect(locked).toHaveBeenCalledTimes(1);
    expect(res.body.sla.stage).toMatchObject({ name: 'INCOMING', dueAt: INCOMING_DUE_AFTER_HOLIDAY });
    expect(await clockDue(id, 'INCOMING')).toBe(INCOMING_DUE_AFTER_HOLIDAY);
  });

  it('another transition of the case meanwhile: 409 as before, and only the other one is written', async () => {
    const id = await newCase();
    let other: { status: number; body: any } | null = null;
    betweenReadAndWrite(async () => {
      other = await h.request('POST', `/v1/cases/${id}/transitions`, { token: clerk, body: { action: 'withdraw', comment: '申请人撤回' } });
    });
    const res = await approve(id);
    expect(other).toMatchObject({ status: 200, body: { status: 'WITHDRAWN' } });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('the case changed while');
    expect(await events(id)).toEqual([
      { action: 'submit', version: 1 },
      { action: 'withdraw', version: 2 },
    ]);
  });
});
