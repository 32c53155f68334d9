import { Harness, startApi } from './support/api-harness';
import { dueMirrorMismatches, withDb } from './support/db-inspect';
import { transferBody } from './support/factories';
import { BulkSeedResult, seedBulk } from '../scripts/seed/bulk-seed';

/** The shape of a JSON value: object keys and value types, recursively (an array by its first item). */
function shape(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shape(v)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  }
  return typeof value;
}

/**
 * seed:bulk (issue 13): generated cases are read by the API exactly like its own. A few are seeded into
 * the API's database, and a seeded SUBMITTED transfer is compared with one made through the API.
 */
describe('seed:bulk (e2e)', () => {
  let h: Harness;
  let seeded: BulkSeedResult;
  /** The rows in the database right after seeding, before any test adds its own. */
  let counts: Record<string, number>;
  let transitioned = '';

  beforeAll(async () => {
    h = await startApi();
    seeded = await seedBulk({
      databaseUrl: h.databaseUrl,
      cases: 300,
      finishedCases: 100,
      piiKey: h.config.piiKey,
      policy: h.config.slaPolicy,
      sample: 300,
    });
    counts = await withDb(h.databaseUrl, async (db) => {
      const r = await db.query(
        `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events,
                (SELECT count(*) FROM case_clocks)::int AS clocks, (SELECT count(*) FROM sla_clock_results)::int AS results`,
      );
      return r.rows[0];
    });
  }, 60_000);
  afterAll(() => h.close());

  it('loads cases with their events, clocks and the results of stopped clocks, in every open status', async () => {
    expect(seeded).toMatchObject({ cases: 400 });
    expect(counts).toEqual({ cases: 400, events: seeded.events, clocks: seeded.clocks, results: seeded.results });
    expect(seeded.results).toBeGreaterThan(0);
    const statuses = new Set(seeded.sample.map((c) => `${c.kind}:${c.status}`));
    for (const open of [
      'TRANSFER:SUBMITTED',
      'TRANSFER:OUTGOING_APPROVED',
      'TRANSFER:INCOMING_ENROLLED',
      'TRANSFER:SUPPLEMENT_REQUIRED',
      'REFUND:SUBMITTED',
      'REFUND:REFUND_APPROVED',
      'REFUND:SUPPLEMENT_REQUIRED',
    ]) {
      expect(statuses).toContain(open);
    }
  });

  it('gives every clock the agencies the database itself would (the insert trigger of migration sla_reports)', async () => {
    const mismatched = await withDb(h.databaseUrl, async (db) => {
      const r = await db.query(
        `SELECT count(*)::int AS n FROM case_clocks k JOIN cases c ON c.id = k."caseId"
          WHERE k.agency IS DISTINCT FROM (CASE k.clock WHEN 'OUTGOING' THEN c."fromRegion" WHEN 'INCOMING' THEN c."toRegion"
                  WHEN 'BALANCE' THEN c."toRegion" WHEN 'OVERALL' THEN COALESCE(c."fromRegion", c.region) ELSE c.region END)
             OR k."otherAgency" IS DISTINCT FROM (CASE WHEN k.clock = 'OVERALL' AND c.kind = 'TRANSFER' THEN c."toRegion" END)`,
      );
      return r.rows[0].n;
    });
    expect(mismatched).toBe(0);
  });

  it("writes every case's due date, overdue flag, createdAt and seq into case_due and case_agency_due too (what its triggers would)", async () => {
    const mirrored = await withDb(h.databaseUrl, dueMirrorMismatches);
    expect(mirrored.cases).toBeGreaterThan(0);
    expect(mirrored).toEqual({ cases: mirrored.cases, due: 0, agencyDue: 0 });
  });

  it('reads a generated case exactly like an API-made one: same shape, views, public status, transitions', async () => {
    const generated = seeded.sample.find((c) => c.kind === 'TRANSFER' && c.status === 'SUBMITTED')!;
    transitioned = generated.id;
    const made = await h.request('POST', '/v1/cases', { token: h.adminToken, body: transferBody() });
    expect(made.status).toBe(201);

    const [mine, theirs] = await Promise.all([
      h.request('GET', `/v1/cases/${generated.id}`, { token: h.adminToken }),
      h.request('GET', `/v1/cases/${made.body.id}`, { token: h.adminToken }),
    ]);
    expect(mine.status).toBe(200);
    expect(shape(mine.body)).toEqual(shape(theirs.body));
    expect(mine.body.allowedActions).toEqual(theirs.body.allowedActions);
    expect(mine.body.timeline.map((e: { action: string }) => e.action)).toEqual(['submit']);
    expect(mine.body.sla.stage.name).toBe('OUTGOING');

    const [sla, theirSla] = await Promise.all([
      h.request('GET', `/v1/cases/${generated.id}/sla`, { token: h.adminToken }),
      h.request('GET', `/v1/cases/${made.body.id}/sla`, { token: h.adminToken }),
    ]);
    expect(sla.status).toBe(200);
    expect(shape(sla.body)).toEqual(shape(theirSla.body));

    const byCaseNo = await h.request('GET', `/v1/cases/${generated.caseNo}`, { token: h.adminToken });
    expect(byCaseNo.body.id).toBe(generated.id);
    const listed = await h.request('GET', `/v1/cases?status=SUBMITTED&kind=TRANSFER&limit=100`, { token: h.adminToken });
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(1);

    const status = await h.request('GET', `/v1/public/cases/${generated.caseNo}`, { headers: { 'x-access-code': generated.accessCode } });
    expect(status.status).toBe(200);
    const theirStatus = await h.request('GET', `/v1/public/cases/${made.body.caseNo}`, { headers: { 'x-access-code': made.body.accessCode } });
    expect(shape(status.body)).toEqual(shape(theirStatus.body));

    const approved = await h.request('POST', `/v1/cases/${generated.id}/transitions`, {
      token: h.adminToken,
      body: { action: 'approve-outgoing', contributionMonths: 12, balanceAmount: '100.00' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'OUTGOING_APPROVED', version: 2, sla: { stage: { name: 'INCOMING' } } });
  });

  it('every seeded case in an open status, of each kind, reads and lists through the API', async () => {
    for (const c of seeded.sample.filter((s) => s.id !== transitioned).slice(0, 40)) {
      const res = await h.request('GET', `/v1/cases/${c.id}`, { token: h.adminToken });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(c.status);
      expect(res.body.timeline.length).toBe(res.body.version);
    }
  });
});
