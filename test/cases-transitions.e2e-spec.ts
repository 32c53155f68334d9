import { Harness, startApi } from './support/api-harness';
import { rowCounts, withDb } from './support/db-inspect';
import { refundBody, transferBody } from './support/factories';

describe('POST /v1/cases/{id}/transitions (e2e)', () => {
  let h: Harness;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    h = await startApi();
    t.origin = await h.userToken('CLERK', '440500');
    t.destination = await h.userToken('CLERK', '360100');
    t.stranger = await h.userToken('CLERK', '110100');
    t.originProvince = await h.userToken('SUPERVISOR', '440000');
    t.otherProvince = await h.userToken('SUPERVISOR', '350000');
    t.admin = h.adminToken;
  });
  afterAll(() => h.close());

  const newCase = async (body: Record<string, unknown>) => {
    const res = await h.request('POST', '/v1/cases', { token: t.origin, body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; caseNo: string };
  };
  const act = (token: string, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    h.request('POST', `/v1/cases/${id}/transitions`, { token, body, headers });
  const approveOutgoing = { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1523.40' };

  /** The request changed nothing: same version, same number of events. */
  const expectUnchanged = async (id: string, run: () => Promise<unknown>) => {
    const before = await rowCounts(h.databaseUrl);
    const caseBefore = await h.request('GET', `/v1/cases/${id}`, { token: t.admin });
    await run();
    expect(await rowCounts(h.databaseUrl)).toEqual(before);
    const caseAfter = await h.request('GET', `/v1/cases/${id}`, { token: t.admin });
    expect(caseAfter.body).toEqual(caseBefore.body);
  };

  describe('transfer', () => {
    it('walks SUBMITTED → OUTGOING_APPROVED → INCOMING_ENROLLED → BALANCE_TRANSFERRED with one event each', async () => {
      const c = await newCase(transferBody());
      const approved = await act(t.origin, c.id, { ...approveOutgoing, comment: '信息表已出具' });
      expect(approved.status).toBe(200);
      expect(approved.headers.get('etag')).toBe('"2"');
      expect(approved.body).toMatchObject({ status: 'OUTGOING_APPROVED', version: 2, contributionMonths: 36, balanceAmount: '1523.40' });
      expect(approved.body.allowedActions).toEqual([]); // the origin clerk has nothing left to do
      expect(approved.body.timeline[1]).toMatchObject({
        action: 'approve-outgoing',
        from: 'SUBMITTED',
        to: 'OUTGOING_APPROVED',
        actor: expect.stringMatching(/^clerk-440500/),
        comment: '信息表已出具',
        data: { contributionMonths: 36, balanceAmount: '1523.40' },
      });

      const seenByDestination = await h.request('GET', `/v1/cases/${c.id}`, { token: t.destination });
      expect(seenByDestination.body.allowedActions).toEqual(['enrol-incoming', 'reject', 'request-materials']);

      const enrolled = await act(t.destination, c.id, { action: 'enrol-incoming' });
      expect(enrolled.body).toMatchObject({ status: 'INCOMING_ENROLLED', version: 3, allowedActions: ['confirm-balance'] });

      const done = await act(t.destination, c.caseNo, { action: 'confirm-balance', receivedAmount: '1523.40' });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'BALANCE_TRANSFERRED', version: 4, allowedActions: [] });
      expect(done.body.timeline.map((e: { action: string }) => e.action)).toEqual([
        'submit',
        'approve-outgoing',
        'enrol-incoming',
        'confirm-balance',
      ]);

      const after = await act(t.admin, c.id, { action: 'withdraw' });
      expect(after.status).toBe(409);
      expect(after.body).toMatchObject({ code: 'INVALID_TRANSITION', allowedActions: [] });
    });

    it.each([
      ['a RESIDENT origin without a balance', { insuranceType: 'RESIDENT' }, { action: 'approve-outgoing', contributionMonths: 12 }],
      ['an EMPLOYEE origin with a zero balance', {}, { action: 'approve-outgoing', contributionMonths: 12, balanceAmount: '0.00' }],
    ])('skips the balance stage for %s', async (_label, caseOverrides, approval) => {
      const c = await newCase(transferBody(caseOverrides));
      expect((await act(t.origin, c.id, approval)).body.balanceAmount).toBe('0.00');
      const enrolled = await act(t.destination, c.id, { action: 'enrol-incoming' });
      expect(enrolled.status).toBe(200);
      expect(enrolled.body.status).toBe('BALANCE_TRANSFERRED');
      expect(enrolled.body.timeline[2]).toMatchObject({ action: 'enrol-incoming', to: 'BALANCE_TRANSFERRED', data: { balanceStage: 'SKIPPED' } });
    });

    it('answers 403 to the wrong side, without writing', async () => {
      const c = await newCase(transferBody());
      await expectUnchanged(c.id, async () => {
        const res = await act(t.destination, c.id, approveOutgoing);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      });
      await act(t.origin, c.id, approveOutgoing);
      await expectUnchanged(c.id, async () => {
        const res = await act(t.origin, c.id, { action: 'enrol-incoming' });
        expect(res.status).toBe(403);
        const reject = await act(t.origin, c.id, { action: 'reject', reasonCode: 'OTHER', comment: 'x' });
        expect(reject.status).toBe(403);
      });
    });

    it('answers 404 to another agency on every case route', async () => {
      const c = await newCase(transferBody());
      for (const res of [
        await h.request('GET', `/v1/cases/${c.id}`, { token: t.stranger }),
        await h.request('GET', `/v1/cases/${c.caseNo}`, { token: t.stranger }),
        await act(t.stranger, c.id, approveOutgoing),
        await act(t.stranger, c.caseNo, { action: 'withdraw' }),
        await h.request('GET', `/v1/cases/${c.id}`, { token: t.otherProvince }),
        await act(t.otherProvince, c.id, approveOutgoing),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ code: 'NOT_FOUND', detail: 'no such case' });
      }
      const unknown = await h.request('GET', '/v1/cases/00000000-0000-4000-8000-000000000000', { token: t.admin });
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe('no such case');
    });

    it('lets a supervisor of the province and an admin act', async () => {
      const c = await newCase(transferBody());
      expect((await act(t.originProvince, c.id, approveOutgoing)).status).toBe(200);
      expect((await act(t.admin, c.id, { action: 'enrol-incoming' })).status).toBe(200);
    });

    it('answers 409 with the actions that are allowed, without writing', async () => {
      const c = await newCase(transferBody());
      await expectUnchanged(c.id, async () => {
        const res = await act(t.destination, c.id, { action: 'enrol-incoming' });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', allowedActions: ['withdraw'] });
        const confirm = await act(t.origin, c.id, { action: 'confirm-refund', paidAmount: '1.00' });
        expect(confirm.status).toBe(409);
        expect(confirm.body.allowedActions).toEqual(['approve-outgoing', 'reject', 'request-materials', 'withdraw']);
      });
    });

    it('checks If-Match: 412 when stale, 400 when malformed, applied when current', async () => {
      const c = await newCase(transferBody());
      await expectUnchanged(c.id, async () => {
        const stale = await act(t.origin, c.id, approveOutgoing, { 'if-match': '"7"' });
        expect(stale.status).toBe(412);
        expect(stale.body.code).toBe('VERSION_MISMATCH');
        const malformed = await act(t.origin, c.id, approveOutgoing, { 'if-match': 'seven' });
        expect(malformed.status).toBe(400);
      });
      const ok = await act(t.origin, c.id, approveOutgoing, { 'if-match': '"1"' });
      expect(ok.status).toBe(200);
      const late = await act(t.destination, c.id, { action: 'enrol-incoming' }, { 'if-match': '"1"' });
      expect(late.status).toBe(412);
    });

    it.each([
      ['contributionMonths missing', { action: 'approve-outgoing', balanceAmount: '1.00' }, 'contributionMonths'],
      ['negative contributionMonths', { action: 'approve-outgoing', contributionMonths: -1, balanceAmount: '1.00' }, 'contributionMonths'],
      ['fractional contributionMonths', { action: 'approve-outgoing', contributionMonths: 1.5, balanceAmount: '1.00' }, 'contributionMonths'],
      ['no balance for an EMPLOYEE origin', { action: 'approve-outgoing', contributionMonths: 3 }, 'balanceAmount'],
      ['a balance as a number', { action: 'approve-outgoing', contributionMonths: 3, balanceAmount: 12.5 }, 'balanceAmount'],
      ['a reject without comment', { action: 'reject', reasonCode: 'ARREARS' }, 'comment'],
      ['a reject with a blank comment', { action: 'reject', reasonCode: 'ARREARS', comment: '   ' }, 'comment'],
      ['a refund rejection code on a transfer', { action: 'reject', reasonCode: 'BENEFITS_USED', comment: 'x' }, 'reasonCode'],
      ['an empty materials list', { action: 'request-materials', materials: [] }, 'materials'],
      ['an unknown material', { action: 'request-materials', materials: ['ID_CARD', 'SELFIE'] }, 'materials.1'],
      ['duplicate materials', { action: 'request-materials', materials: ['ID_CARD', 'ID_CARD'] }, 'materials.1'],
      ['an unknown action', { action: 'approve-everything' }, 'action'],
      ['an unknown field', { action: 'withdraw', urgent: true }, 'urgent'],
    ])('answers 400 for %s, without writing', async (_label, body, path) => {
      const c = await newCase(transferBody());
      await expectUnchanged(c.id, async () => {
        const res = await act(t.origin, c.id, body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      });
    });

    it('refuses a balance for a RESIDENT origin', async () => {
      const c = await newCase(transferBody({ insuranceType: 'RESIDENT' }));
      const res = await act(t.origin, c.id, { action: 'approve-outgoing', contributionMonths: 3, balanceAmount: '10.00' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('balanceAmount');
    });

    it('answers 422 when the received amount differs from the balance, without writing', async () => {
      const c = await newCase(transferBody());
      await act(t.origin, c.id, approveOutgoing);
      await act(t.destination, c.id, { action: 'enrol-incoming' });
      await expectUnchanged(c.id, async () => {
        const res = await act(t.destination, c.id, { action: 'confirm-balance', receivedAmount: '1523.39' });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('BUSINESS_RULE');
      });
    });

    it('pauses for materials and resumes to the status it left, on the acting side', async () => {
      const c = await newCase(transferBody());
      const paused = await act(t.origin, c.id, { action: 'request-materials', materials: ['ID_CARD', 'INSURANCE_CERTIFICATE'], comment: '请补充' });
      expect(paused.body).toMatchObject({ status: 'SUPPLEMENT_REQUIRED', materialsRequested: ['ID_CARD', 'INSURANCE_CERTIFICATE'] });
      expect(paused.body.allowedActions).toEqual(['resume', 'withdraw']);
      expect((await act(t.destination, c.id, { action: 'resume' })).status).toBe(403);
      const resumed = await act(t.origin, c.id, { action: 'resume' });
      expect(resumed.body).toMatchObject({ status: 'SUBMITTED', materialsRequested: [] });

      await act(t.origin, c.id, approveOutgoing);
      expect((await act(t.origin, c.id, { action: 'request-materials', materials: ['INFO_SHEET'] })).status).toBe(403);
      const pausedIncoming = await act(t.destination, c.id, { action: 'request-materials', materials: ['INFO_SHEET'] });
      expect(pausedIncoming.body.status).toBe('SUPPLEMENT_REQUIRED');
      expect((await act(t.origin, c.id, { action: 'resume' })).status).toBe(403);
      const back = await act(t.destination, c.id, { action: 'resume' });
      expect(back.body.status).toBe('OUTGOING_APPROVED');
    });

    it('rejects at the origin while SUBMITTED and at the destination once approved', async () => {
      const a = await newCase(transferBody());
      const rejected = await act(t.origin, a.id, { action: 'reject', reasonCode: 'ARREARS', comment: '存在欠费' });
      expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionCode: 'ARREARS', allowedActions: [] });

      const b = await newCase(transferBody());
      await act(t.origin, b.id, approveOutgoing);
      const byDestination = await act(t.destination, b.id, { action: 'reject', reasonCode: 'DEST_NOT_ENROLLED', comment: '转入地未参保' });
      expect(byDestination.body.status).toBe('REJECTED');
    });

    it('lets either side withdraw while SUBMITTED or SUPPLEMENT_REQUIRED, and nobody after approval', async () => {
      const a = await newCase(transferBody());
      expect((await act(t.destination, a.id, { action: 'withdraw', comment: '申请人撤回' })).body.status).toBe('WITHDRAWN');
      const b = await newCase(transferBody());
      await act(t.origin, b.id, { action: 'request-materials', materials: ['ID_CARD'] });
      expect((await act(t.origin, b.id, { action: 'withdraw' })).body.status).toBe('WITHDRAWN');
      const c = await newCase(transferBody());
      await act(t.origin, c.id, approveOutgoing);
      expect((await act(t.origin, c.id, { action: 'withdraw' })).status).toBe(409);
    });

    it('serialises 12 concurrent identical transitions: exactly one succeeds, one event row', async () => {
      const c = await newCase(transferBody());
      const results = await Promise.all(Array.from({ length: 12 }, () => act(t.origin, c.id, approveOutgoing)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(11);
      await withDb(h.databaseUrl, async (db) => {
        const { rows } = await db.query(`SELECT action, version FROM case_events WHERE "caseId" = $1 ORDER BY version`, [c.id]);
        expect(rows).toEqual([
          { action: 'submit', version: 1 },
          { action: 'approve-outgoing', version: 2 },
        ]);
        const { rows: cases } = await db.query(`SELECT version, status FROM cases WHERE id = $1`, [c.id]);
        expect(cases[0]).toEqual({ version: 2, status: 'OUTGOING_APPROVED' });
      });
    });

    it('answers 412 to the losers of a race that all sent If-Match', async () => {
      const c = await newCase(transferBody());
      const results = await Promise.all(
        Array.from({ length: 12 }, () => act(t.origin, c.id, approveOutgoing, { 'if-match': '"1"' })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 412)).toHaveLength(11);
    });
  });

  describe('refund', () => {
    const refundAt = (overrides: Record<string, unknown> = {}) => newCase(refundBody({ region: '440500', ...overrides }));

    it('walks SUBMITTED → REFUND_APPROVED → REFUNDED', async () => {
      const c = await refundAt({ amount: '1000.00', periodFrom: '2021-01', periodTo: '2021-02' });
      const approved = await act(t.origin, c.id, { action: 'approve-refund', approvedAmount: '800.00' });
      expect(approved.body).toMatchObject({ status: 'REFUND_APPROVED', approvedAmount: '800.00', allowedActions: ['confirm-refund'] });
      const paid = await act(t.origin, c.id, { action: 'confirm-refund', paidAmount: '800.00' });
      expect(paid.body).toMatchObject({ status: 'REFUNDED', paidAmount: '800.00', allowedActions: [] });
    });

    it('answers 422 for an approved amount above the claim and a paid amount unlike the approval', async () => {
      const c = await refundAt({ amount: '1000.00', periodFrom: '2021-03', periodTo: '2021-03' });
      await expectUnchanged(c.id, async () => {
        const res = await act(t.origin, c.id, { action: 'approve-refund', approvedAmount: '1000.01' });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('BUSINESS_RULE');
      });
      await act(t.origin, c.id, { action: 'approve-refund', approvedAmount: '1000.00' });
      await expectUnchanged(c.id, async () => {
        expect((await act(t.origin, c.id, { action: 'confirm-refund', paidAmount: '999.99' })).status).toBe(422);
      });
    });

    it('takes only refund rejection codes, from the region', async () => {
      const c = await refundAt({ periodFrom: '2021-04', periodTo: '2021-04' });
      expect((await act(t.origin, c.id, { action: 'reject', reasonCode: 'ARREARS', comment: 'x' })).status).toBe(400);
      expect((await act(t.destination, c.id, { action: 'reject', reasonCode: 'BENEFITS_USED', comment: 'x' })).status).toBe(404);
      const rejected = await act(t.origin, c.id, { action: 'reject', reasonCode: 'BENEFITS_USED', comment: '已享受待遇' });
      expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionCode: 'BENEFITS_USED' });
    });

    it('pauses for materials, resumes, and can be withdrawn', async () => {
      const c = await refundAt({ periodFrom: '2021-05', periodTo: '2021-05' });
      expect((await act(t.origin, c.id, { action: 'request-materials', materials: ['BANK_ACCOUNT'] })).body.status).toBe('SUPPLEMENT_REQUIRED');
      expect((await act(t.origin, c.id, { action: 'resume' })).body.status).toBe('SUBMITTED');
      expect((await act(t.origin, c.id, { action: 'withdraw' })).body.status).toBe('WITHDRAWN');
    });
  });
  describe('the answer', () => {
    /** Acts, then reads the case back as the same user: the answer is that read, key for key in the same order. */
    const actAndCompare = async (token: string, id: string, body: Record<string, unknown>) => {
      const res = await act(token, id, body);
      expect(res.status).toBe(200);
      const read = await h.request('GET', `/v1/cases/${id}`, { token });
      expect(JSON.stringify(res.body)).toBe(JSON.stringify(read.body));
      expect(res.headers.get('etag')).toBe(read.headers.get('etag'));
      return res.body;
    };

    it('to a creation is the case as a read returns it, with the access code', async () => {
      for (const body of [transferBody(), refundBody({ region: '440500', amount: '321.50', periodFrom: '2021-07', periodTo: '2021-08' })]) {
        const created = await h.request('POST', '/v1/cases', { token: t.origin, body });
        expect(created.status).toBe(201);
        const { accessCode, ...view } = created.body;
        expect(accessCode).toEqual(expect.any(String));
        const read = await h.request('GET', `/v1/cases/${view.id}`, { token: t.origin });
        expect(JSON.stringify(view)).toBe(JSON.stringify(read.body));
      }
    });

    it('is the case as a read returns it after each action of a transfer (money, materials, event data, masked comment)', async () => {
      const c = await newCase(transferBody());
      await actAndCompare(t.origin, c.id, { action: 'request-materials', materials: ['ID_CARD', 'INSURANCE_CERTIFICATE'], comment: '请补充 13812345678' });
      await actAndCompare(t.origin, c.id, { action: 'resume' });
      await actAndCompare(t.origin, c.id, { ...approveOutgoing, comment: '信息表已出具' });
      await actAndCompare(t.destination, c.id, { action: 'enrol-incoming' });
      const done = await actAndCompare(t.destination, c.id, { action: 'confirm-balance', receivedAmount: '1523.40' });
      expect(done).toMatchObject({ status: 'BALANCE_TRANSFERRED', version: 6, balanceAmount: '1523.40', materialsRequested: [] });
      expect(done.timeline.map((e: { action: string }) => e.action)).toEqual([
        'submit',
        'request-materials',
        'resume',
        'approve-outgoing',
        'enrol-incoming',
        'confirm-balance',
      ]);
      expect(done.timeline[1].comment).not.toContain('13812345678');
    });

    it('is the case as a read returns it after each action of a refund, and after a rejection', async () => {
      const c = await newCase(refundBody({ region: '440500', amount: '1000.00', periodFrom: '2021-06', periodTo: '2021-06' }));
      await actAndCompare(t.origin, c.id, { action: 'approve-refund', approvedAmount: '800.50' });
      const paid = await actAndCompare(t.origin, c.id, { action: 'confirm-refund', paidAmount: '800.50' });
      expect(paid).toMatchObject({ status: 'REFUNDED', approvedAmount: '800.50', paidAmount: '800.50' });
      const r = await newCase(transferBody());
      const rejected = await actAndCompare(t.origin, r.id, { action: 'reject', reasonCode: 'ARREARS', comment: '存在欠费' });
      expect(rejected).toMatchObject({ status: 'REJECTED', rejectionCode: 'ARREARS' });
    });
  });
});
