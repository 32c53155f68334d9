import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createApiApp } from '../apps/api/src/bootstrap';
import { CaseChangeFeed } from '@case-desk/cases';
import { Metrics } from '@case-desk/core';
import { publicCaseStatusSchema } from '../apps/api/src/public/public-status.schema';
import { PublicStatusThrottle } from '../apps/api/src/public/public-status-throttle';
import { ApiResponse, Harness, startApi } from './support/api-harness';
import { changesHeard } from './support/change-feed';
import { eventually } from './support/eventually';
import { ID_NUMBERS, refundBody, transferBody } from './support/factories';

/**
 * The applicants' status lookup (API.md "Applicants"): what it shows and hides, the indistinguishable
 * 404, ETags, the Redis-backed limits, and the answers kept in memory (served by the fast path, dropped
 * on every committed change, on any replica). TRUST_PROXY lets each test come from its own address.
 */

/** Polls answered from memory by this app so far (casedesk_public_status_polls_total{answered="hit"}). */
async function memoryHits(app: INestApplicationContext): Promise<number> {
  const metric = await app.get(Metrics).registry.getSingleMetric('casedesk_public_status_polls_total')!.get();
  return metric.values.find((v) => v.labels.answered === 'hit')?.value ?? 0;
}

/** How long (ms) until `check` passes, retried every 5 ms for up to 2 s: how soon a change is heard. */
async function msUntil(check: () => Promise<void>, what: string): Promise<number> {
  const started = Date.now();
  await eventually(
    async () => {
      await check();
      return true;
    },
    2000,
    what,
    5,
  );
  return Date.now() - started;
}

interface Created {
  id: string;
  caseNo: string;
  accessCode: string;
  applicant: { name: string; idNumberMasked: string; phoneMasked: string | null };
}

let addresses = 0;
/** A fresh client address (TEST-NET-3 and beyond), so one test's requests never count against another's. */
const nextAddress = () => `198.51.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;

function lookupWith(h: Harness) {
  return (caseNo: string, code: string | null, options: { address?: string; ifNoneMatch?: string; token?: string } = {}) => {
    const headers: Record<string, string> = { 'x-forwarded-for': options.address ?? nextAddress() };
    if (code !== null) headers['x-access-code'] = code;
    if (options.ifNoneMatch !== undefined) headers['if-none-match'] = options.ifNoneMatch;
    return h.request('GET', `/v1/public/cases/${encodeURIComponent(caseNo)}`, { headers, token: options.token });
  };
}

/** Every key and every primitive value anywhere in a JSON document. */
function walk(value: unknown, keys: Set<string> = new Set(), values: unknown[] = []): { keys: Set<string>; values: unknown[] } {
  if (Array.isArray(value)) value.forEach((v) => walk(v, keys, values));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      walk(v, keys, values);
    }
  } else values.push(value);
  return { keys, values };
}

const FORBIDDEN_KEYS = [
  'id', 'caseId', 'seq', 'version', 'amount', 'balanceAmount', 'approvedAmount', 'paidAmount', 'receivedAmount',
  'claimedAmount', 'idNumber', 'idNumberMasked', 'idNumberHash', 'phone', 'phoneMasked', 'accessCode', 'accessCodeHash',
  'actor', 'actorId', 'actorName', 'comment', 'timeline', 'allowedActions', 'applicant', 'contributionMonths', 'rejectionCode',
  'sla', 'fromRegion', 'toRegion', 'region', 'reason',
];

describe('GET /v1/public/cases/{caseNo} (e2e)', () => {
  let h: Harness;
  let lookup: ReturnType<typeof lookupWith>;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    h = await startApi({ env: { TEST_CLOCK: 'enabled', TRUST_PROXY: 'true', PUBLIC_RATE_SYNC_MS: '50' } });
    lookup = lookupWith(h);
    t.origin = await h.userToken('CLERK', '440500');
    t.destination = await h.userToken('CLERK', '360100');
    t.refund = await h.userToken('CLERK', '360100');
  });
  afterAll(() => h.close());

  const at = async (now: string) => {
    expect((await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now } })).status).toBe(200);
  };
  const create = async (body: Record<string, unknown>): Promise<Created> => {
    const res = await h.request('POST', '/v1/cases', { token: h.adminToken, body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  const act = async (id: string, token: string, body: Record<string, unknown>) => {
    const res = await h.request('POST', `/v1/cases/${id}/transitions`, { token, body });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  const ok = async (c: Created) => {
    const res = await lookup(c.caseNo, c.accessCode);
    expect(res.status).toBe(200);
    return res;
  };

  describe('what it shows', () => {
    it('a new transfer: status in Chinese, masked name, four stages with dates, nothing else', async () => {
      await at('2026-11-23T02:00:00.000Z'); // Monday 10:00 Shanghai
      const c = await create(transferBody({ applicant: { name: '张三丰', idNumber: ID_NUMBERS.valid, phone: '13800138000' } }));
      const res = await lookup(c.caseNo, c.accessCode); // no bearer token
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('private, no-cache');
      expect(res.body).toEqual({
        caseNo: c.caseNo,
        kind: 'TRANSFER',
        status: 'SUBMITTED',
        statusLabel: '已受理',
        applicantName: '张**',
        stages: [
          { name: 'SUBMISSION', label: '申请受理', state: 'DONE', completedAt: '2026-11-23T02:00:00.000Z', dueAt: null },
          { name: 'OUTGOING', label: '转出地办理', state: 'CURRENT', completedAt: null, dueAt: '2026-12-07T16:00:00.000Z' },
          { name: 'INCOMING', label: '转入地办理', state: 'PENDING', completedAt: null, dueAt: null },
          { name: 'BALANCE', label: '个人账户到账', state: 'PENDING', completedAt: null, dueAt: null },
        ],
        expectedBy: '2026-12-14',
        materialsRequested: [],
        updatedAt: '2026-11-23T02:00:00.000Z',
      });
    });

    it('follows a transfer through pause, resume and completion, and never leaks an amount, an ID, a phone, a clerk or an internal id', async () => {
      await at('2026-11-23T02:00:00.000Z');
      const c = await create(transferBody({ applicant: { name: '欧阳娜娜', idNumber: '350102198511120034', phone: '13912345678' } }));
      const seen: unknown[] = [(await ok(c)).body];

      await at('2026-11-24T02:00:00.000Z');
      await act(c.id, t.origin, { action: 'request-materials', materials: ['ID_CARD', 'CONTACT_LETTER'], comment: '请 clerk 张警官 联系 13800138000' });
      const paused = (await ok(c)).body;
      seen.push(paused);
      expect(paused).toMatchObject({
        status: 'SUPPLEMENT_REQUIRED',
        statusLabel: '待补充材料',
        expectedBy: null,
        materialsRequested: [
          { code: 'ID_CARD', label: '居民身份证' },
          { code: 'CONTACT_LETTER', label: '联系函' },
        ],
      });
      expect(paused.stages[1]).toMatchObject({ name: 'OUTGOING', state: 'CURRENT', dueAt: null });

      await at('2026-11-25T02:00:00.000Z');
      await act(c.id, t.origin, { action: 'resume' });
      await act(c.id, t.origin, { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1523.40', comment: '金额 1523.40' });
      const approved = (await ok(c)).body;
      seen.push(approved);
      expect(approved).toMatchObject({ status: 'OUTGOING_APPROVED', statusLabel: '转出地已审核', materialsRequested: [] });
      expect(approved.stages.map((s: { state: string }) => s.state)).toEqual(['DONE', 'DONE', 'CURRENT', 'PENDING']);
      expect(approved.stages[1].completedAt).toBe('2026-11-25T02:00:00.000Z');

      await at('2026-11-26T02:00:00.000Z');
      await act(c.id, t.destination, { action: 'enrol-incoming' });
      seen.push((await ok(c)).body);
      await at('2026-11-27T02:00:00.000Z');
      await act(c.id, t.destination, { action: 'confirm-balance', receivedAmount: '1523.40' });
      const done = (await ok(c)).body;
      seen.push(done);
      expect(done).toMatchObject({ status: 'BALANCE_TRANSFERRED', statusLabel: '个人账户余额已划转', expectedBy: null });
      expect(done.stages.map((s: { state: string }) => s.state)).toEqual(['DONE', 'DONE', 'DONE', 'DONE']);
      expect(done.stages[3].completedAt).toBe('2026-11-27T02:00:00.000Z');

      const clerkView = (await h.request('GET', `/v1/cases/${c.id}`, { token: h.adminToken })).body;
      const clerks = (clerkView.timeline as { actor: string }[]).map((e) => e.actor);
      const forbiddenValues = [
        c.id, '欧阳娜娜', '350102198511120034', c.applicant.idNumberMasked, '13912345678', c.applicant.phoneMasked,
        c.accessCode, '1523.40', '1523.4', 1523.4, ...clerks, 'admin', '440500', '360100',
      ];
      for (const body of seen) {
        expect(() => publicCaseStatusSchema.parse(body)).not.toThrow(); // strict: no key beyond the contract
        const { keys, values } = walk(body);
        expect(FORBIDDEN_KEYS.filter((k) => keys.has(k))).toEqual([]);
        expect(forbiddenValues.filter((v) => values.includes(v))).toEqual([]);
        // Nor hidden inside a longer string (a label, a caseNo).
        const text = JSON.stringify(body);
        for (const v of forbiddenValues) if (typeof v === 'string' && v.length > 3) expect(text).not.toContain(v);
      }
    });

    it('a transfer with no balance to move completes at enrolment: the personal-account stage is SKIPPED', async () => {
      await at('2026-11-23T02:00:00.000Z');
      const c = await create(transferBody({ insuranceType: 'RESIDENT' }));
      await act(c.id, t.origin, { action: 'approve-outgoing', contributionMonths: 12 });
      await act(c.id, t.destination, { action: 'enrol-incoming' });
      const { body } = await ok(c);
      expect(body.status).toBe('BALANCE_TRANSFERRED');
      expect(body.stages.map((s: { state: string }) => s.state)).toEqual(['DONE', 'DONE', 'DONE', 'SKIPPED']);
    });

    it('a rejected transfer: the deciding stage is DONE, the ones it never reaches are SKIPPED', async () => {
      await at('2026-11-23T02:00:00.000Z');
      const c = await create(transferBody());
      await act(c.id, t.origin, { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '10.00' });
      await at('2026-11-24T02:00:00.000Z');
      await act(c.id, t.destination, { action: 'reject', reasonCode: 'DEST_NOT_ENROLLED', comment: '未参保' });
      const { body } = await ok(c);
      expect(body).toMatchObject({ status: 'REJECTED', statusLabel: '已驳回', expectedBy: null });
      expect(body.stages.map((s: { state: string }) => s.state)).toEqual(['DONE', 'DONE', 'DONE', 'SKIPPED']);
      expect(body.stages[2].completedAt).toBe('2026-11-24T02:00:00.000Z');
    });

    it('a refund: 受理审核 → 退款支付, and a withdrawn one skips both', async () => {
      await at('2026-11-23T02:00:00.000Z');
      const c = await create(refundBody({ applicant: { name: '李四', idNumber: ID_NUMBERS.other, phone: '13900139000' } }));
      const submitted = (await ok(c)).body;
      expect(submitted).toMatchObject({ kind: 'REFUND', applicantName: '李*', expectedBy: '2026-12-14' });
      expect(submitted.stages).toEqual([
        { name: 'REVIEW', label: '受理审核', state: 'CURRENT', completedAt: null, dueAt: '2026-12-07T16:00:00.000Z' },
        { name: 'PAYMENT', label: '退款支付', state: 'PENDING', completedAt: null, dueAt: null },
      ]);
      await act(c.id, t.refund, { action: 'approve-refund', approvedAmount: '1000.00' });
      const approved = (await ok(c)).body;
      expect(approved.stages.map((s: { state: string }) => s.state)).toEqual(['DONE', 'CURRENT']);
      expect(JSON.stringify(approved)).not.toMatch(/1000|1234/);

      const w = await create(refundBody({ periodFrom: '2024-01', periodTo: '2024-02' }));
      await act(w.id, t.refund, { action: 'withdraw', comment: '申请人撤回' });
      const withdrawn = (await ok(w)).body;
      expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', statusLabel: '已撤回', expectedBy: null });
      expect(withdrawn.stages.map((s: { state: string }) => s.state)).toEqual(['SKIPPED', 'SKIPPED']);
    });

    it('accepts the caseNo in lower case and the code in lower case with spaces around', async () => {
      const c = await create(transferBody());
      expect((await lookup(c.caseNo.toLowerCase(), ` ${c.accessCode.toLowerCase()} `)).status).toBe(200);
    });
  });

  describe('not found', () => {
    it('answers an unknown caseNo, a missing code and a wrong code with the same 404', async () => {
      const c = await create(transferBody());
      const answers = await Promise.all([
        lookup('TR-20991231-9999999', c.accessCode),
        lookup(c.caseNo, null),
        lookup(c.caseNo, 'WRONGCODE234'),
        lookup(c.caseNo, ''),
        lookup('not a case no at all', c.accessCode),
        lookup(c.caseNo, 'X'.repeat(500)),
      ]);
      const shape = (r: ApiResponse) => ({ status: r.status, body: r.body, type: r.headers.get('content-type'), etag: r.headers.get('etag') });
      const first = shape(answers[0]);
      expect(first).toEqual({
        status: 404,
        body: { type: 'urn:case-desk:problem:not-found', title: 'Not found', status: 404, detail: 'no such case', code: 'NOT_FOUND' },
        type: 'application/problem+json; charset=utf-8',
        etag: null,
      });
      for (const a of answers) expect(shape(a)).toEqual(first);
    });

    it('a bearer token changes nothing: the code is still required', async () => {
      const c = await create(transferBody());
      expect((await lookup(c.caseNo, null, { token: h.adminToken })).status).toBe(404);
    });
  });

  describe('ETag', () => {
    it('tags every 200; If-None-Match with the tag is a 304 without a body; a transition changes the tag', async () => {
      const c = await create(transferBody());
      const first = await ok(c);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect((await ok(c)).headers.get('etag')).toBe(etag); // stable while nothing changes

      const unchanged = await lookup(c.caseNo, c.accessCode, { ifNoneMatch: etag! });
      expect(unchanged.status).toBe(304);
      expect(unchanged.body).toBeUndefined();
      expect(unchanged.headers.get('etag')).toBe(etag);
      expect((await lookup(c.caseNo, c.accessCode, { ifNoneMatch: `"other", W/${etag}` })).status).toBe(304);
      expect((await lookup(c.caseNo, c.accessCode, { ifNoneMatch: '"other"' })).status).toBe(200);
      // The tag never stands in for the code.
      expect((await lookup(c.caseNo, 'WRONGCODE234', { ifNoneMatch: etag! })).status).toBe(404);

      await act(c.id, t.origin, { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '10.00' });
      const after = await lookup(c.caseNo, c.accessCode, { ifNoneMatch: etag! });
      expect(after.status).toBe(200);
      expect(after.body.status).toBe('OUTGOING_APPROVED');
      expect(after.headers.get('etag')).not.toBe(etag);
    });
  });

  describe('answers kept in memory', () => {
    it('a repeated poll is answered from memory with the same body, ETag and headers; a wrong code never is', async () => {
      // One applicant's phone: the fast path answers an address it has already counted this minute.
      const address = nextAddress();
      const c = await create(transferBody());
      await changesHeard(h.app);
      const first = await lookup(c.caseNo, c.accessCode, { address }); // from the database; kept
      const hits = await memoryHits(h.app);
      const again = await lookup(c.caseNo, c.accessCode, { address });
      expect(again.status).toBe(200);
      expect(await memoryHits(h.app)).toBe(hits + 1);
      expect(again.body).toEqual(first.body);
      for (const header of ['etag', 'cache-control', 'vary', 'content-type', 'content-length']) {
        expect(again.headers.get(header)).toBe(first.headers.get(header));
      }
      const notModified = await lookup(c.caseNo, c.accessCode, { address, ifNoneMatch: first.headers.get('etag')! });
      expect(notModified.status).toBe(304);
      expect(await memoryHits(h.app)).toBe(hits + 2);

      expect((await lookup(c.caseNo, 'WRONGCODE234', { address })).status).toBe(404);
      expect((await lookup(c.caseNo, null, { address })).status).toBe(404);
      expect((await lookup(c.caseNo.toLowerCase(), c.accessCode.toLowerCase(), { address })).status).toBe(200);
      expect(await memoryHits(h.app)).toBe(hits + 3);
      // A new address is counted (in Redis) by the controller first.
      expect((await lookup(c.caseNo, c.accessCode)).status).toBe(200);
      expect(await memoryHits(h.app)).toBe(hits + 3);
    });

    it('a change written straight to the database (as the worker moves due dates) reaches the next polls', async () => {
      const c = await create(transferBody());
      await changesHeard(h.app);
      const address = nextAddress();
      const before = (await lookup(c.caseNo, c.accessCode, { address })).body;
      const hits = await memoryHits(h.app);
      await lookup(c.caseNo, c.accessCode, { address });
      expect(await memoryHits(h.app)).toBe(hits + 1); // kept in memory
      const db = new Client({ connectionString: h.databaseUrl });
      await db.connect();
      try {
        await db.query(
          `UPDATE case_clocks SET "dueAt" = "dueAt" + interval '1 day' WHERE "caseId" = (SELECT id FROM cases WHERE "caseNo" = $1) AND clock = 'OVERALL'`,
          [c.caseNo],
        );
      } finally {
        await db.end();
      }
      const tookMs = await msUntil(
        async () => expect((await lookup(c.caseNo, c.accessCode, { address })).body.expectedBy).not.toBe(before.expectedBy),
        'the lookup to show the new due date',
      );
      expect(tookMs).toBeLessThan(1000);
    });
  });

  describe('limits', () => {
    it('locks a caseNo for 15 minutes after 10 wrong codes, whatever code comes next; other cases are untouched', async () => {
      const c = await create(transferBody());
      const other = await create(transferBody());
      for (let i = 0; i < 10; i++) expect((await lookup(c.caseNo, `WRONG${i}`)).status).toBe(404);
      const locked = await lookup(c.caseNo, c.accessCode);
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(890);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect((await lookup(c.caseNo.toLowerCase(), c.accessCode)).status).toBe(429);
      expect((await lookup(other.caseNo, other.accessCode)).status).toBe(200);
    });

    it('locks an unknown caseNo the same way, so a 429 does not tell that a case exists', async () => {
      for (let i = 0; i < 10; i++) expect((await lookup('TR-20990101-0000042', `WRONG${i}`)).status).toBe(404);
      expect((await lookup('TR-20990101-0000042', 'ANYTHING')).status).toBe(429);
    });

    it('allows 120 lookups a minute per client address, then 429 with Retry-After; other addresses go on', async () => {
      const c = await create(transferBody());
      const address = nextAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 120; i++) statuses.push((await lookup(c.caseNo, c.accessCode, { address })).status);
      expect(statuses.every((s) => s === 200)).toBe(true);
      const refused = await lookup(c.caseNo, c.accessCode, { address });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect((await lookup(c.caseNo, c.accessCode)).status).toBe(200);
    });

    describe('across API replicas', () => {
      let replica: NestFastifyApplication;
      let replicaLookup: ReturnType<typeof lookupWith>;

      beforeAll(async () => {
        // A second API process in all but name: same database, same Redis prefix.
        replica = await createApiApp(h.config);
        await replica.listen({ host: '127.0.0.1', port: 0 });
        const address = replica.getHttpServer().address();
        if (address === null || typeof address === 'string') throw new Error('no port');
        replicaLookup = lookupWith({ ...h, request: requestOn(`http://127.0.0.1:${address.port}`) });
      });
      afterAll(() => replica.close());

      it('a caseNo locked on one replica is locked on the other, and an address counts on both', async () => {
        const c = await create(transferBody());
        for (let i = 0; i < 5; i++) expect((await lookup(c.caseNo, `WRONG${i}`)).status).toBe(404);
        for (let i = 5; i < 10; i++) expect((await replicaLookup(c.caseNo, `WRONG${i}`)).status).toBe(404);
        expect((await lookup(c.caseNo, c.accessCode)).status).toBe(429);
        expect((await replicaLookup(c.caseNo, c.accessCode)).status).toBe(429);

        // Each replica adds its count to Redis every PUBLIC_RATE_SYNC_MS (50 ms here) and learns the others'
        // total from the answer; `synced` does that at once, so the steps below do not hang on timers.
        const other = await create(transferBody());
        const address = nextAddress();
        const synced = (app: INestApplicationContext) => app.get(PublicStatusThrottle).syncCounts();
        for (let i = 0; i < 60; i++) expect((await lookup(other.caseNo, other.accessCode, { address })).status).toBe(200);
        await synced(h.app);
        for (let i = 0; i < 60; i++) expect((await replicaLookup(other.caseNo, other.accessCode, { address })).status).toBe(200);
        await synced(replica);
        // The replica that synced last knows the total; the other may admit one more before its next sync.
        expect((await replicaLookup(other.caseNo, other.accessCode, { address })).status).toBe(429);
        const overshoot = (await lookup(other.caseNo, other.accessCode, { address })).status;
        expect([200, 429]).toContain(overshoot);
        await synced(h.app);
        expect((await lookup(other.caseNo, other.accessCode, { address })).status).toBe(429);
        expect((await replicaLookup(other.caseNo, other.accessCode, { address })).status).toBe(429);
      });

      it('an address already at its limit on one replica is refused on its first request to another', async () => {
        const c = await create(transferBody());
        const address = nextAddress();
        for (let i = 0; i < 120; i++) expect((await lookup(c.caseNo, c.accessCode, { address })).status).toBe(200);
        await h.app.get(PublicStatusThrottle).syncCounts();
        expect((await replicaLookup(c.caseNo, c.accessCode, { address })).status).toBe(429);
      });

      it("a transition on one replica reaches the other's answer from memory within milliseconds", async () => {
        const c = await create(transferBody());
        await changesHeard(replica);
        const address = nextAddress();
        await replicaLookup(c.caseNo, c.accessCode, { address });
        const hits = await memoryHits(replica);
        const kept = await replicaLookup(c.caseNo, c.accessCode, { address });
        expect(await memoryHits(replica)).toBe(hits + 1);
        expect(kept.body.status).toBe('SUBMITTED');

        await act(c.id, t.origin, { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '10.00' });
        const tookMs = await msUntil(async () => {
          const res = await replicaLookup(c.caseNo, c.accessCode, { address, ifNoneMatch: kept.headers.get('etag')! });
          expect(res.status).toBe(200);
          expect(res.body.status).toBe('OUTGOING_APPROVED');
        }, 'the other replica to show the approval');
        expect(tookMs).toBeLessThan(1000);
      });

      it("a caseNo locked on one replica is dropped from the other's memory: the right code gets 429 there too", async () => {
        const c = await create(transferBody());
        await changesHeard(replica);
        const address = nextAddress();
        await replicaLookup(c.caseNo, c.accessCode, { address });
        const hits = await memoryHits(replica);
        expect((await replicaLookup(c.caseNo, c.accessCode, { address })).status).toBe(200);
        expect(await memoryHits(replica)).toBe(hits + 1); // kept there

        for (let i = 0; i < 10; i++) expect((await lookup(c.caseNo, `WRONG${i}`)).status).toBe(404);
        const tookMs = await msUntil(
          async () => expect((await replicaLookup(c.caseNo, c.accessCode, { address })).status).toBe(429),
          'the other replica to refuse the locked caseNo',
        );
        expect(tookMs).toBeLessThan(1000);
        // Until the lock's notice arrived the replica still answered from memory; from then on it never does.
        const afterLock = await memoryHits(replica);
        expect((await replicaLookup(c.caseNo, c.accessCode, { address })).status).toBe(429);
        expect(await memoryHits(replica)).toBe(afterLock);
      });
    });
  });
});

describe('public status: the three 404s take the same time (e2e)', () => {
  let h: Harness;
  let lookup: ReturnType<typeof lookupWith>;

  // Limits out of the way: this measures the lookup, not the lock.
  beforeAll(async () => {
    h = await startApi({ env: { TRUST_PROXY: 'true', PUBLIC_WRONG_CODE_LIMIT: '100000', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' } });
    lookup = lookupWith(h);
  });
  afterAll(() => h.close());

  it('an unknown caseNo and a wrong code differ by less than 2 ms on average', async () => {
    const res = await h.request('POST', '/v1/cases', { token: h.adminToken, body: transferBody() });
    const c = res.body as Created;
    const kinds = {
      unknownCaseNo: () => lookup('TR-20991231-9999998', c.accessCode),
      wrongCode: () => lookup(c.caseNo, 'WRONGCODE234'),
      missingCode: () => lookup(c.caseNo, null),
    };
    const times: Record<keyof typeof kinds, number[]> = { unknownCaseNo: [], wrongCode: [], missingCode: [] };
    const names = Object.keys(kinds) as (keyof typeof kinds)[];
    for (let round = 0; round < 120; round++) {
      // Interleaved, in a different order each round, so drift and warm-up hit all three alike.
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        const started = process.hrtime.bigint();
        const answer = await kinds[name]();
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        expect(answer.status).toBe(404);
        if (round >= 20) times[name].push(ms); // the first rounds warm the JIT and the connection pools
      }
    }
    const trimmedMean = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b).slice(0, Math.floor(xs.length * 0.9));
      return sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
    };
    const mean = Object.fromEntries(names.map((n) => [n, trimmedMean(times[n])])) as Record<keyof typeof kinds, number>;
    expect(Math.abs(mean.unknownCaseNo - mean.wrongCode)).toBeLessThan(2);
    expect(Math.abs(mean.missingCode - mean.wrongCode)).toBeLessThan(2);
  });
});

describe('public status while Redis is down (e2e)', () => {
  let h: Harness;
  let lookup: ReturnType<typeof lookupWith>;

  beforeAll(async () => {
    h = await startApi({ env: { REDIS_URL: 'redis://127.0.0.1:1/0', TRUST_PROXY: 'true', PUBLIC_RATE_LIMIT_PER_MINUTE: '5' } });
    lookup = lookupWith(h);
  }, 60_000);
  afterAll(() => h.close());

  it('keeps answering, with the limits counted in the memory of each process', async () => {
    const res = await h.request('POST', '/v1/cases', { token: h.adminToken, body: transferBody() });
    expect(res.status).toBe(201);
    const c = res.body as Created;
    expect((await lookup(c.caseNo, c.accessCode)).status).toBe(200);

    for (let i = 0; i < 10; i++) expect((await lookup(c.caseNo, `WRONG${i}`)).status).toBe(404);
    const locked = await lookup(c.caseNo, c.accessCode);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(890);

    const address = nextAddress();
    const other = (await h.request('POST', '/v1/cases', { token: h.adminToken, body: transferBody() })).body as Created;
    for (let i = 0; i < 5; i++) expect((await lookup(other.caseNo, other.accessCode, { address })).status).toBe(200);
    expect((await lookup(other.caseNo, other.accessCode, { address })).status).toBe(429);
  });
});

describe('public status when the feed of database changes is cut (e2e)', () => {
  let h: Harness;
  let lookup: ReturnType<typeof lookupWith>;

  beforeAll(async () => {
    h = await startApi({ env: { TRUST_PROXY: 'true' } });
    lookup = lookupWith(h);
  });
  afterAll(() => h.close());

  it('keeps nothing in memory until the feed is back, so a change made meanwhile is never missed', async () => {
    const feed = h.app.get(CaseChangeFeed);
    expect(feed.listening).toBe(true);
    const c = (await h.request('POST', '/v1/cases', { token: h.adminToken, body: transferBody() })).body as Created;
    await changesHeard(h.app);
    const address = nextAddress();
    const poll = () => lookup(c.caseNo, c.accessCode, { address });
    const before = (await poll()).body;
    const hits = await memoryHits(h.app);
    expect((await poll()).status).toBe(200);
    expect(await memoryHits(h.app)).toBe(hits + 1);

    const db = new Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'casedesk-case-changes' AND datname = current_database()`,
      );
      await eventually(() => (feed.listening ? null : true), 2000, 'the change feed to notice its connection is gone', 5);
      // Nobody hears this one.
      await db.query(
        `UPDATE case_clocks SET "dueAt" = "dueAt" + interval '1 day' WHERE "caseId" = (SELECT id FROM cases WHERE "caseNo" = $1) AND clock = 'OVERALL'`,
        [c.caseNo],
      );
    } finally {
      await db.end();
    }
    const after = await poll();
    expect(after.body.expectedBy).not.toBe(before.expectedBy);
    expect(await memoryHits(h.app)).toBe(hits + 1);

    await eventually(() => (feed.listening ? true : null), 5000, 'the change feed to listen again', 5);
    await poll();
    expect((await poll()).body).toEqual(after.body);
    expect(await memoryHits(h.app)).toBe(hits + 2);
  });
});

/** The harness' request function, against another base URL. */
function requestOn(baseUrl: string): Harness['request'] {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(`${baseUrl}${path}`, { method, headers });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
  };
}
