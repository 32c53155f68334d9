import { idNumberCheckChar } from '@case-desk/domain';
import { Harness, startApi } from './support/api-harness';
import { rowCounts, withDb } from './support/db-inspect';
import { ID_NUMBERS, refundBody, transferBody } from './support/factories';

describe('POST /v1/cases (e2e)', () => {
  let h: Harness;
  let clerk: string;

  beforeAll(async () => {
    h = await startApi({ captureLogs: true });
    clerk = await h.userToken('CLERK', '440500');
  });
  afterAll(() => h.close());

  const create = (body: unknown, headers: Record<string, string> = {}, token = clerk) =>
    h.request('POST', '/v1/cases', { token, body, headers });

  it('registers a transfer: 201, Location, ETag, accessCode once, masked applicant, derived scope', async () => {
    const res = await create(transferBody({ toInsuranceType: undefined }));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/cases/${res.body.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toMatchObject({
      kind: 'TRANSFER',
      status: 'SUBMITTED',
      insuranceType: 'EMPLOYEE',
      toInsuranceType: 'EMPLOYEE',
      channel: 'WINDOW',
      applicant: { name: '张三', idNumberMasked: '110105********002X', phoneMasked: '138****8000' },
      fromRegion: '440500',
      toRegion: '360100',
      scope: 'CROSS_PROVINCE',
      contributionMonths: null,
      reason: 'JOB_CHANGE',
      balanceAmount: null,
      approvedAmount: null,
      paidAmount: null,
      version: 1,
      allowedActions: ['approve-outgoing', 'reject', 'request-materials', 'withdraw'],
      sla: {
        stage: expect.objectContaining({ name: 'OUTGOING', startedAt: res.body.createdAt, state: 'ON_TRACK' }),
        overall: expect.objectContaining({ startedAt: res.body.createdAt, state: 'ON_TRACK', completedAt: null }),
      },
    });
    expect(res.body.caseNo).toMatch(/^TR-\d{8}-\d{7}$/);
    expect(res.body.caseNo.length).toBeLessThanOrEqual(20);
    expect(res.body.accessCode).toMatch(/^[A-Z2-9]{12}$/);
    expect(res.body.timeline).toEqual([
      { at: res.body.createdAt, action: 'submit', from: null, to: 'SUBMITTED', actor: 'clerk-440500-1', comment: null, data: { channel: 'WINDOW' } },
    ]);
    expect(res.body).not.toHaveProperty('region');
    expect(JSON.stringify(res.body)).not.toContain(ID_NUMBERS.valid);
    expect(JSON.stringify(res.body)).not.toContain('13800138000');

    const again = await h.request('GET', `/v1/cases/${res.body.caseNo}`, { token: clerk });
    expect(again.status).toBe(200);
    expect(again.body).not.toHaveProperty('accessCode');
  });

  it('marks a transfer within one province INTRA_PROVINCE and keeps the destination insurance type', async () => {
    const res = await create(transferBody({ toRegion: '440300', toInsuranceType: 'RESIDENT', channel: 'ONLINE' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ scope: 'INTRA_PROVINCE', toInsuranceType: 'RESIDENT', channel: 'ONLINE' });
  });

  it('registers a refund with exact money and its fee period', async () => {
    const res = await create(refundBody({ region: '440500', amount: '99999999.99' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'REFUND', region: '440500', amount: '99999999.99', periodFrom: '2025-01', periodTo: '2025-06' });
    expect(res.body.caseNo).toMatch(/^RF-\d{8}-\d{7}$/);
    expect(res.body).not.toHaveProperty('fromRegion');
    await withDb(h.databaseUrl, async (db) => {
      const { rows } = await db.query(`SELECT amount::text AS amount FROM cases WHERE id = $1`, [res.body.id]);
      expect(rows[0].amount).toBe('99999999.99');
    });
  });

  it('accepts a lower-case x, residence permits and the foreigner permanent-residence ID', async () => {
    for (const idNumber of [ID_NUMBERS.validLowerX, '810000199001010019', '830000199001010012', '931234199001010011']) {
      const res = await create(transferBody({ applicant: { name: '王五', idNumber } }));
      if (res.status !== 201) throw new Error(`${idNumber}: ${JSON.stringify(res.body)}`);
      expect(res.body.applicant.phoneMasked).toBeNull();
    }
  });

  it('stores the ID number only as a keyed hash and a masked form, and the access code only as a hash', async () => {
    const res = await create(transferBody());
    await withDb(h.databaseUrl, async (db) => {
      const { rows } = await db.query(`SELECT row_to_json(c)::text AS json FROM cases c WHERE id = $1`, [res.body.id]);
      expect(rows[0].json).not.toContain(ID_NUMBERS.valid);
      expect(rows[0].json).not.toContain('13800138000');
      expect(rows[0].json).not.toContain(res.body.accessCode);
      expect(rows[0].json).toContain('110105********002X');
    });
  });

  it('never logs the ID number, phone or access code', async () => {
    const res = await create(transferBody(), { 'idempotency-key': 'log-check' });
    await h.request('GET', `/v1/cases?q=${ID_NUMBERS.valid}`, { token: clerk });
    const logs = h.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(ID_NUMBERS.valid);
    expect(logs).not.toContain('13800138000');
    expect(logs).not.toContain(res.body.accessCode);
    expect(logs).not.toContain(clerk);
  });

  // Every row has four entries: Jest passes a `done` callback in place of a missing last one.
  const invalid: [string, Record<string, unknown>, string, RegExp][] = [
    ['a bad check digit', transferBody({ applicant: { name: '张三', idNumber: '110105194912310021' } }), 'applicant.idNumber', /check/i],
    ['a legacy 15-digit ID', transferBody({ applicant: { name: '张三', idNumber: '110105491231002' } }), 'applicant.idNumber', /15-digit/],
    ['an impossible birth date', transferBody({ applicant: { name: '张三', idNumber: '110105194902300020' } }), 'applicant.idNumber', /date/i],
    ['a 17-character ID', transferBody({ applicant: { name: '张三', idNumber: '11010519491231002' } }), 'applicant.idNumber', /18/],
    ['a missing applicant name', transferBody({ applicant: { idNumber: ID_NUMBERS.valid } }), 'applicant.name', /./],
    ['a bad phone', transferBody({ applicant: { name: '张三', idNumber: ID_NUMBERS.valid, phone: '12345' } }), 'applicant.phone', /./],
    ['an unknown applicant field', transferBody({ applicant: { name: '张三', idNumber: ID_NUMBERS.valid, email: 'a@b.c' } }), 'applicant.email', /unknown field/],
    ['an unknown top-level field', transferBody({ priority: 'HIGH' }), 'priority', /unknown field/],
    ['a Hong Kong region code', transferBody({ toRegion: '810000' }), 'toRegion', /mainland/],
    ['a Taiwan region code', transferBody({ fromRegion: '710000' }), 'fromRegion', /./],
    ['a 5-digit region code', transferBody({ fromRegion: '44050' }), 'fromRegion', /./],
    ['a region code with letters', transferBody({ toRegion: '36O100' }), 'toRegion', /./],
    ['an unknown kind', transferBody({ kind: 'PENSION' }), 'kind', /./],
    ['a wrong insurance type', transferBody({ insuranceType: 'COMMERCIAL' }), 'insuranceType', /./],
    ['a wrong transfer reason', transferBody({ reason: 'HOLIDAY' }), 'reason', /./],
    ['a wrong channel', transferBody({ channel: 'FAX' }), 'channel', /./],
    ['refund fields on a transfer', transferBody({ amount: '1.00' }), 'amount', /./],
    ['a money number instead of a string', refundBody({ amount: 1234.5 }), 'amount', /./],
    ['money with one decimal', refundBody({ amount: '1234.5' }), 'amount', /two decimals/],
    ['money with three decimals', refundBody({ amount: '1.000' }), 'amount', /./],
    ['negative money', refundBody({ amount: '-1.00' }), 'amount', /./],
    ['money of 100,000,000.00', refundBody({ amount: '100000000.00' }), 'amount', /./],
    ['a malformed period', refundBody({ periodFrom: '2025-13' }), 'periodFrom', /./],
    ['a period ending before it starts', refundBody({ periodFrom: '2025-06', periodTo: '2025-01' }), 'periodTo', /./],
    ['a period in the future', refundBody({ periodTo: '2099-01' }), 'periodTo', /future|after/i],
    ['a transfer reason on a refund', refundBody({ reason: 'JOB_CHANGE' }), 'reason', /./],
    ['transfer fields on a refund', refundBody({ fromRegion: '440500' }), 'fromRegion', /./],
  ];

  it.each(invalid)('answers 400 for %s and writes nothing', async (_label, body, path, message) => {
    const before = await rowCounts(h.databaseUrl);
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', type: expect.any(String), title: expect.any(String) });
    const match = res.body.errors.find((e: { path: string }) => e.path === path);
    expect(match).toBeDefined();
    expect(match.message).toMatch(message);
    expect(await rowCounts(h.databaseUrl)).toEqual(before);
  });

  it('answers 422 when origin and destination are the same, and writes nothing', async () => {
    const before = await rowCounts(h.databaseUrl);
    const res = await create(transferBody({ toRegion: '440500' }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('BUSINESS_RULE');
    expect(await rowCounts(h.databaseUrl)).toEqual(before);
  });

  describe('one open refund per person and overlapping period', () => {
    const person = { name: '赵六', idNumber: '11010519491231002X' };

    it('refuses an overlapping open refund with 422, allows a disjoint one', async () => {
      const first = await create(refundBody({ applicant: person, periodFrom: '2024-01', periodTo: '2024-06' }));
      expect(first.status).toBe(201);
      const before = await rowCounts(h.databaseUrl);
      const overlap = await create(refundBody({ applicant: { ...person, idNumber: '11010519491231002x' }, periodFrom: '2024-06', periodTo: '2024-09' }));
      expect(overlap.status).toBe(422);
      expect(overlap.body.code).toBe('BUSINESS_RULE');
      expect(overlap.body.detail).toContain(first.body.caseNo);
      expect(await rowCounts(h.databaseUrl)).toEqual(before);
      const disjoint = await create(refundBody({ applicant: person, periodFrom: '2024-07', periodTo: '2024-09' }));
      expect(disjoint.status).toBe(201);
    });

    it('allows a new refund once the overlapping one is closed', async () => {
      const first = await create(refundBody({ applicant: person, region: '440500', periodFrom: '2023-01', periodTo: '2023-03' }));
      const withdraw = await h.request('POST', `/v1/cases/${first.body.id}/transitions`, { token: clerk, body: { action: 'withdraw' } });
      expect(withdraw.status).toBe(200);
      const again = await create(refundBody({ applicant: person, region: '440500', periodFrom: '2023-02', periodTo: '2023-02' }));
      expect(again.status).toBe(201);
    });

    let overlapRows = 0;
    // Inclusive month ranges: an open refund a..b blocks a new one c..d exactly when they share a month.
    it.each<[string, string, string, string, boolean]>([
      ['2025-01', '2025-06', '2025-06', '2025-12', true],
      ['2025-01', '2025-06', '2025-07', '2025-12', false],
      ['2025-07', '2025-12', '2025-01', '2025-06', false],
      ['2025-01', '2025-12', '2025-03', '2025-04', true],
      ['2025-03', '2025-04', '2025-01', '2025-12', true],
      ['2024-12', '2025-01', '2025-01', '2025-01', true],
      ['2024-01', '2024-12', '2025-01', '2025-12', false],
    ])('an open refund %s..%s and a new one %s..%s overlap: %s', async (aFrom, aTo, bFrom, bTo, overlaps) => {
      // A person of their own per row, so rows never see each other's refunds.
      const first17 = `11010519900101${String(++overlapRows).padStart(3, '0')}`;
      const someone = { name: '周九', idNumber: `${first17}${idNumberCheckChar(first17)}` };
      const open = await create(refundBody({ applicant: someone, periodFrom: aFrom, periodTo: aTo }));
      expect(open.status).toBe(201);
      const next = await create(refundBody({ applicant: someone, periodFrom: bFrom, periodTo: bTo }));
      expect(next.status).toBe(overlaps ? 422 : 201);
    });

    it('lets only one of two simultaneous overlapping refunds through', async () => {
      const someone = { name: '钱七', idNumber: '350102198511120034' };
      const results = await Promise.all(
        [0, 1, 2, 3].map(() => create(refundBody({ applicant: someone, periodFrom: '2022-01', periodTo: '2022-12' }))),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422]);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response, accessCode included, and creates nothing more', async () => {
      const body = transferBody({ toRegion: '350100' });
      const first = await create(body, { 'idempotency-key': 'window-7-0001' });
      expect(first.status).toBe(201);
      const before = await rowCounts(h.databaseUrl);
      // Same body with keys in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const second = await create(reordered, { 'idempotency-key': 'window-7-0001' });
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('location')).toBe(first.headers.get('location'));
      expect(second.headers.get('etag')).toBe('"1"');
      expect(await rowCounts(h.databaseUrl)).toEqual(before);
    });

    it('answers 409 IDEMPOTENCY_CONFLICT for the same key with another body, writing nothing', async () => {
      await create(transferBody(), { 'idempotency-key': 'window-7-0002' });
      const before = await rowCounts(h.databaseUrl);
      const res = await create(transferBody({ reason: 'HOUSEHOLD_MOVE' }), { 'idempotency-key': 'window-7-0002' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('IDEMPOTENCY_CONFLICT');
      expect(await rowCounts(h.databaseUrl)).toEqual(before);
    });

    it('keeps keys per user: another clerk may use the same key', async () => {
      const other = await h.userToken('CLERK', '440500');
      await create(transferBody(), { 'idempotency-key': 'shared-key' });
      const res = await create(transferBody(), { 'idempotency-key': 'shared-key' }, other);
      expect(res.status).toBe(201);
    });

    it('creates exactly one case for simultaneous requests with one key', async () => {
      const before = await rowCounts(h.databaseUrl);
      const results = await Promise.all([0, 1, 2, 3, 4].map(() => create(transferBody(), { 'idempotency-key': 'burst-1' })));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const after = await rowCounts(h.databaseUrl);
      expect(after.cases - before.cases).toBe(1);
    });

    it('rejects a malformed key with 400', async () => {
      const res = await create(transferBody(), { 'idempotency-key': 'x'.repeat(256) });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('header.idempotency-key');
    });
  });

  it('gives every case a unique caseNo', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => create(transferBody())));
    const numbers = results.map((r) => r.body.caseNo);
    expect(new Set(numbers).size).toBe(10);
  });
});
