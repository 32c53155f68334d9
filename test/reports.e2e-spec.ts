import ExcelJS from 'exceljs';
import { slaReportSchema } from '../apps/api/src/reports/reports.schema';
import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { refundBody, transferBody } from './support/factories';

/**
 * Supervisors' compliance report (API.md, Reports) over a hand-computed fixture. Agencies: A = 440500
 * and B = 440300 (province 44), C = 360100 (province 36). Times are 10:00 Shanghai unless said.
 * March 2026 has no holiday; Saturday 2026-02-28 is a makeup working day.
 *
 *  T1 transfer A→C, employee, created Thu 02-26. approve-outgoing Mon 03-02 (the period's first day):
 *     OUTGOING MET, 3 working days (02-27, 02-28, 03-02). enrol-incoming Tue 03-31 (the last day):
 *     INCOMING (due 03-09) MISSED, 21 days. BALANCE and OVERALL (due 03-18) still run: overdue now.
 *  T2 transfer B→A, resident, created Mon 03-02. request-materials Wed 03-04, resume Wed 03-11 (paused
 *     03-05..03-11: 5 working days). approve-outgoing Fri 03-13: OUTGOING MET, 9 − 5 = 4 days.
 *     enrol-incoming Thu 03-19 completes it (no balance): INCOMING MET 4 days, OVERALL MET 13 − 5 = 8
 *     days, paused 5, for B and for A.
 *  T3 refund in A, created 03-02, withdrawn Wed 03-25 past its REVIEW due (03-16): neither met nor missed.
 *  T4 refund in C, created 03-02. approve-refund Mon 03-16: REVIEW MET, 10 days. confirm-refund Wed 04-01
 *     09:00, after the period: PAYMENT MISSED 12 days, OVERALL MISSED 22 days (in April).
 *  T5 transfer A→C, created 02-26, rejected Sun 03-01, the day before the period: OUTGOING and OVERALL
 *     MET, 2 days each (in March, outside the period 03-02..03-31).
 *  T6 refund in A, created Thu 03-19: REVIEW due Thu 04-02, so due soon now; OVERALL due 04-10.
 * Reports are taken at Wed 2026-04-01 10:00.
 */
describe('SLA reports (e2e)', () => {
  let h: Harness;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const A = '440500';
  const B = '440300';
  const C = '360100';
  const MARCH = 'from=2026-03-02&to=2026-03-31';

  const at = async (shanghai: string) => {
    const now = new Date(`${shanghai}+08:00`).toISOString();
    const res = await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now } });
    expect(res.status).toBe(200);
  };
  const create = async (name: string, body: Record<string, unknown>) => {
    const res = await h.request('POST', '/v1/cases', { token: h.adminToken, body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    ids[name] = res.body.id;
  };
  const act = async (name: string, body: Record<string, unknown>) => {
    const res = await h.request('POST', `/v1/cases/${ids[name]}/transitions`, { token: h.adminToken, body });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  };
  const report = async (token: string, query: string) => {
    const res = await h.request('GET', `/v1/reports/sla?${query}`, { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const row = (
    key: string,
    [finished, met, missed]: number[],
    [median, p90, max]: (number | null)[],
    paused: number,
    [openOverdue, openDueSoon]: number[],
  ) => ({
    key,
    finished,
    met,
    missed,
    onTimeRate: finished === 0 ? null : met / finished,
    workingDaysUsed: { median, p90, max },
    pausedWorkingDays: paused,
    openOverdue,
    openDueSoon,
  });
  const total = (r: ReturnType<typeof row>) => {
    const { key: _key, ...rest } = r;
    return rest;
  };
  const none = [null, null, null];

  beforeAll(async () => {
    h = await startApi({ env: { TEST_CLOCK: 'enabled' } });
    t.supervisor44 = await h.userToken('SUPERVISOR', '440100');
    t.clerkA = await h.userToken('CLERK', A);
    t.clerkC = await h.userToken('CLERK', C);

    const person = (idNumber: string, name: string) => ({ applicant: { name, idNumber, phone: '13800138000' } });
    await at('2026-02-26T10:00:00');
    await create('T1', transferBody({ fromRegion: A, toRegion: C, insuranceType: 'EMPLOYEE' }));
    await create('T5', transferBody({ fromRegion: A, toRegion: C }));
    await at('2026-03-01T10:00:00');
    await act('T5', { action: 'reject', reasonCode: 'ARREARS', comment: '欠费' });
    await at('2026-03-02T10:00:00');
    await act('T1', { action: 'approve-outgoing', contributionMonths: 12, balanceAmount: '1000.00' });
    await create('T2', transferBody({ fromRegion: B, toRegion: A, insuranceType: 'RESIDENT' }));
    await create('T3', refundBody({ region: A, ...person('11010519491231002X', '王五') }));
    await create('T4', refundBody({ region: C, ...person('440524198001010013', '赵六') }));
    await at('2026-03-04T10:00:00');
    await act('T2', { action: 'request-materials', materials: ['ID_CARD'], comment: '缺身份证' });
    await at('2026-03-11T10:00:00');
    await act('T2', { action: 'resume' });
    await at('2026-03-13T10:00:00');
    await act('T2', { action: 'approve-outgoing', contributionMonths: 6 });
    await at('2026-03-16T10:00:00');
    await act('T4', { action: 'approve-refund', approvedAmount: '1234.50' });
    await at('2026-03-19T10:00:00');
    await act('T2', { action: 'enrol-incoming' });
    await create('T6', refundBody({ region: A, ...person('110105194912310038', '钱七') }));
    await at('2026-03-25T10:00:00');
    await act('T3', { action: 'withdraw', comment: '申请人撤回' });
    await at('2026-03-31T10:00:00');
    await act('T1', { action: 'enrol-incoming' });
    await at('2026-04-01T09:00:00');
    await act('T4', { action: 'confirm-refund', paidAmount: '1234.50' });
    await at('2026-04-01T10:00:00');
  }, 60_000);
  afterAll(() => h.close());

  it("an admin's report by agency: attribution by acting side, a transfer's OVERALL for both agencies, a total that counts it once", async () => {
    const body = await report(h.adminToken, `${MARCH}&groupBy=agency`);
    expect(body).toMatchObject({ from: '2026-03-02', to: '2026-03-31', groupBy: 'agency', generatedAt: '2026-04-01T02:00:00.000Z' });
    expect(body.rows).toEqual([
      row(C, [2, 1, 1], [10, 21, 21], 0, [2, 0]),
      row(B, [2, 2, 0], [4, 8, 8], 10, [0, 0]),
      row(A, [3, 3, 0], [4, 8, 8], 5, [1, 1]),
    ].sort((x, y) => x.key.localeCompare(y.key)));
    // T1 OUTGOING 3, INCOMING 21, T2 OUTGOING 4, INCOMING 4, OVERALL 8 (once), T4 REVIEW 10.
    expect(body.total).toEqual(total(row('', [6, 5, 1], [4, 21, 21], 10, [2, 1])));
    expect(Object.keys(body.definitions)).toEqual(
      expect.arrayContaining(['finished', 'met', 'missed', 'onTimeRate', 'workingDaysUsed', 'pausedWorkingDays', 'openOverdue', 'openDueSoon']),
    );
    expect(body.definitions.agency).toMatch(/do not add up to the total/);
    expect(body.definitions.finished).toMatch(/withdrew/);
    // The schema the OpenAPI document publishes (strict: nothing else is sent).
    expect(slaReportSchema.safeParse(body).error).toBeUndefined();
    const docs = await h.request('GET', '/docs-json');
    expect(docs.body.paths['/v1/reports/sla'].get.responses['200']).toBeDefined();
  });

  it("a supervisor sees only their province's agencies; by clock and in total a transfer inside it counts once", async () => {
    const byAgency = await report(t.supervisor44, `${MARCH}&groupBy=agency`);
    expect(byAgency.rows.map((r: { key: string }) => r.key)).toEqual([B, A]);
    expect(byAgency.total).toEqual(total(row('', [4, 4, 0], [4, 8, 8], 10, [1, 1])));

    const byClock = await report(t.supervisor44, `${MARCH}&groupBy=clock`);
    expect(byClock.rows).toEqual([
      row('OUTGOING', [2, 2, 0], [3, 4, 4], 5, [0, 0]),
      row('INCOMING', [1, 1, 0], [4, 4, 4], 0, [0, 0]),
      row('BALANCE', [0, 0, 0], none, 0, [0, 0]),
      row('REVIEW', [0, 0, 0], none, 0, [0, 1]),
      row('PAYMENT', [0, 0, 0], none, 0, [0, 0]),
      row('OVERALL', [1, 1, 0], [8, 8, 8], 5, [1, 0]),
    ]);
  });

  it('a clerk sees only their agency', async () => {
    const c = await report(t.clerkC, `${MARCH}&groupBy=agency`);
    expect(c.rows).toEqual([row(C, [2, 1, 1], [10, 21, 21], 0, [2, 0])]);
    expect(c.total).toEqual(total(row('', [2, 1, 1], [10, 21, 21], 0, [2, 0])));

    // The withdrawn refund T3 is neither met nor missed.
    const a = await report(t.clerkA, `${MARCH}&groupBy=kind`);
    expect(a.rows).toEqual([row('TRANSFER', [3, 3, 0], [4, 8, 8], 5, [1, 0]), row('REFUND', [0, 0, 0], none, 0, [0, 1])]);
    const refundsOnly = await report(t.clerkA, `${MARCH}&groupBy=agency&kind=REFUND`);
    expect(refundsOnly.rows).toEqual([row(A, [0, 0, 0], none, 0, [0, 1])]);
  });

  it('by month: every month of the period, clocks by the date they stopped, open clocks on the current month', async () => {
    const body = await report(h.adminToken, 'from=2026-02-01&to=2026-04-30&groupBy=month');
    expect(body.rows).toEqual([
      row('2026-02', [0, 0, 0], none, 0, [0, 0]),
      row('2026-03', [8, 7, 1], [4, 21, 21], 10, [0, 0]),
      row('2026-04', [2, 0, 2], [12, 22, 22], 0, [2, 1]),
    ]);
    expect(body.total).toEqual(total(row('', [10, 7, 3], [4, 21, 22], 10, [2, 1])));
  });

  it('stores a withdrawn clock as WITHDRAWN, in the transaction of the withdrawal', async () => {
    const rows = await withDb(h.databaseUrl, (db) =>
      db.query(`SELECT clock::text, outcome::text FROM sla_clock_results WHERE "caseId" = $1 ORDER BY clock::text DESC`, [ids.T3]),
    );
    expect(rows.rows).toEqual([
      { clock: 'REVIEW', outcome: 'WITHDRAWN' },
      { clock: 'OVERALL', outcome: 'WITHDRAWN' },
    ]);
  });

  it('exports CSV (RFC 4180, UTF-8 with BOM, Chinese labels) with the period and the time produced', async () => {
    const res = await fetch(`${h.baseUrl}/v1/reports/sla?${MARCH}&groupBy=agency`, {
      headers: { authorization: `Bearer ${t.supervisor44}`, accept: 'text/csv, application/json;q=0.5' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="sla-report_2026-03-02_2026-03-31_20260401T020000Z.csv"',
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM
    expect(bytes.subarray(3).toString('utf8').split('\r\n')).toEqual([
      '统计期间,2026-03-02 至 2026-03-31,,,,,,,,,',
      '业务类型,全部,,,,,,,,,',
      '生成时间,2026-04-01T02:00:00.000Z,,,,,,,,,',
      '经办机构,办结数,按时办结数,超时办结数,按时办结率,用时中位数（工作日）,用时P90（工作日）,最长用时（工作日）,暂停工作日,当前超时,即将到期',
      '440300,2,2,0,1,4,8,8,10,0,0',
      '440500,3,3,0,1,4,8,8,5,1,1',
      '合计,4,4,0,1,4,8,8,10,1,1',
      '',
    ]);
  });

  it('exports an XLSX workbook with a definitions sheet (read back with exceljs)', async () => {
    const res = await fetch(`${h.baseUrl}/v1/reports/sla?${MARCH}&groupBy=agency&format=xlsx`, {
      headers: { authorization: `Bearer ${t.clerkC}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/filename="sla-report_2026-03-02_2026-03-31_20260401T020000Z\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['报表', '指标说明']);
    const sheet = workbook.getWorksheet('报表')!;
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['统计期间', '2026-03-02 至 2026-03-31']);
    expect(values(3)).toEqual(['生成时间', '2026-04-01T02:00:00.000Z']);
    expect(values(4)[0]).toBe('经办机构');
    expect(values(5)).toEqual([C, 2, 1, 1, 0.5, 10, 21, 21, 0, 2, 0]);
    expect(values(6)).toEqual(['合计', 2, 1, 1, 0.5, 10, 21, 21, 0, 2, 0]);
    const definitions = workbook.getWorksheet('指标说明')!;
    const names = definitions.getColumn(1).values.slice(2);
    expect(names).toEqual(expect.arrayContaining(['onTimeRate', 'workingDaysUsed', 'openOverdue', 'agency']));
  });

  it.each([
    ['a period over 366 days', 'from=2026-01-01&to=2027-01-03', 'to'],
    ['to before from', 'from=2026-03-02&to=2026-03-01', 'to'],
    ['an unknown groupBy', `${MARCH}&groupBy=agencyx`, 'groupBy'],
    ['a date that does not exist', 'from=2026-02-30&to=2026-03-31', 'from'],
    ['a date not written YYYY-MM-DD', 'from=2026-3-2&to=2026-03-31', 'from'],
    ['a missing date', 'from=2026-03-02', 'to'],
    ['an unknown parameter', `${MARCH}&agency=440500`, ''],
    ['an unknown kind', `${MARCH}&kind=PENSION`, 'kind'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_what, query, path) => {
    const res = await h.request('GET', `/v1/reports/sla?${query}`, { token: h.adminToken });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    if (path !== '') expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('accepts a period of exactly 366 days', async () => {
    const body = await report(h.adminToken, 'from=2026-01-01&to=2027-01-02&groupBy=kind');
    expect(body.total.finished).toBe(10);
  });

  it('counts finished clocks in /metrics by kind, clock and outcome', async () => {
    const res = await h.request('GET', '/metrics');
    const text = res.body as string;
    const count = (labels: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`casedesk_sla_clocks_finished_total{${labels}}`));
      return line === undefined ? 0 : Number(line.split(' ').pop());
    };
    expect(count('kind="TRANSFER",clock="OUTGOING",outcome="MET"')).toBe(3); // T1, T2, T5
    expect(count('kind="TRANSFER",clock="INCOMING",outcome="MISSED"')).toBe(1); // T1
    expect(count('kind="TRANSFER",clock="OVERALL",outcome="MET"')).toBe(2); // T2 (once), T5
    expect(count('kind="REFUND",clock="REVIEW",outcome="WITHDRAWN"')).toBe(1); // T3
    expect(count('kind="REFUND",clock="OVERALL",outcome="MISSED"')).toBe(1); // T4
    expect(count('kind="REFUND",clock="PAYMENT",outcome="MISSED"')).toBe(1); // T4
  });
});
