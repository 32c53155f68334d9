import { Harness, startApi } from './support/api-harness';
import { refundBody, transferBody } from './support/factories';

describe('reading cases (e2e)', () => {
  let h: Harness;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const caseNos: Record<string, string> = {};

  // Four cases: 440500→360100 and 360100→440300 transfers, refunds at 440500 and 350100.
  beforeAll(async () => {
    h = await startApi();
    t.gd = await h.userToken('CLERK', '440500');
    t.jx = await h.userToken('CLERK', '360100');
    t.sz = await h.userToken('CLERK', '440300');
    t.fj = await h.userToken('CLERK', '350100');
    t.gdSupervisor = await h.userToken('SUPERVISOR', '440000');
    t.jxSupervisor = await h.userToken('SUPERVISOR', '360000');
    t.bjSupervisor = await h.userToken('SUPERVISOR', '110000');
    t.admin = h.adminToken;
    const make = async (name: string, body: Record<string, unknown>) => {
      const res = await h.request('POST', '/v1/cases', { token: t.admin, body });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      ids[name] = res.body.id;
      caseNos[name] = res.body.caseNo;
    };
    await make('gdToJx', transferBody());
    await make('jxToSz', transferBody({ fromRegion: '360100', toRegion: '440300', applicant: { name: '孙八', idNumber: '440524198001010013' } }));
    await make('refundGd', refundBody({ region: '440500' }));
    await make('refundFj', refundBody({ region: '350100', periodFrom: '2020-01', periodTo: '2020-02' }));
  });
  afterAll(() => h.close());

  const list = async (token: string, query = '') => {
    const res = await h.request('GET', `/v1/cases${query}`, { token });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body as { items: { id: string; timeline?: unknown }[]; nextCursor: string | null };
  };
  const names = (items: { id: string }[]) =>
    items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]).sort();

  it.each([
    ['a clerk sees cases with their agency on either side', 'gd', ['gdToJx', 'refundGd']],
    ['a destination clerk sees incoming transfers', 'sz', ['jxToSz']],
    ['a clerk sees cases of both directions', 'jx', ['gdToJx', 'jxToSz']],
    ['a refund clerk sees the refunds of their agency (no transfer sides)', 'fj', ['refundFj']],
    ['a supervisor sees every case touching the province', 'gdSupervisor', ['gdToJx', 'jxToSz', 'refundGd']],
    ['a supervisor sees transfers whose one side is in the province', 'jxSupervisor', ['gdToJx', 'jxToSz']],
    ['a supervisor of another province sees none', 'bjSupervisor', []],
    ['an admin sees all', 'admin', ['gdToJx', 'jxToSz', 'refundFj', 'refundGd']],
  ])('%s', async (_label, who, expected) => {
    expect(names((await list(t[who])).items)).toEqual(expected);
    for (const [name, id] of Object.entries(ids)) {
      const res = await h.request('GET', `/v1/cases/${id}`, { token: t[who] });
      expect([name, res.status]).toEqual([name, expected.includes(name) ? 200 : 404]);
    }
  });

  it('lists newest first without timelines', async () => {
    const { items } = await list(t.admin);
    expect(items.map((i) => i.id)).toEqual([ids.refundFj, ids.refundGd, ids.jxToSz, ids.gdToJx]);
    expect(items.every((i) => i.timeline === undefined)).toBe(true);
  });

  it('finds one case by id or caseNo, with ETag and timeline', async () => {
    const byNo = await h.request('GET', `/v1/cases/${caseNos.gdToJx}`, { token: t.gd });
    expect(byNo.status).toBe(200);
    expect(byNo.body.id).toBe(ids.gdToJx);
    expect(byNo.headers.get('etag')).toBe('"1"');
    expect(byNo.body.timeline).toHaveLength(1);
  });

  it.each([
    ['kind', '?kind=REFUND', 'admin', ['refundFj', 'refundGd']],
    ['status', '?status=SUBMITTED&kind=TRANSFER', 'admin', ['gdToJx', 'jxToSz']],
    ['agency on any side', '?agency=360100', 'admin', ['gdToJx', 'jxToSz']],
    ['outgoing of an agency', '?agency=360100&side=outgoing', 'admin', ['jxToSz']],
    ['incoming of an agency', '?agency=360100&side=incoming', 'admin', ['gdToJx']],
    ['outgoing of my agency', '?side=outgoing', 'jx', ['jxToSz']],
    ['incoming of my province', '?side=incoming', 'gdSupervisor', ['jxToSz']],
    ['agency filter within scope only', '?agency=350100', 'gd', []],
    ['exact caseNo', '', 'admin', ['jxToSz']],
    ['exact ID number', '?q=440524198001010013', 'admin', ['jxToSz', 'refundFj', 'refundGd']],
    ['ID number with lower-case x', '?q=11010519491231002x', 'admin', ['gdToJx']],
  ])('filters by %s', async (label, query, who, expected) => {
    const q = label === 'exact caseNo' ? `?q=${caseNos.jxToSz}` : query;
    expect(names((await list(t[who], q)).items)).toEqual(expected);
  });

  it('paginates with an opaque cursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const body: { items: { id: string }[]; nextCursor: string | null } = await list(t.admin, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([ids.refundFj, ids.refundGd, ids.jxToSz, ids.gdToJx]);
  });

  it.each([
    ['limit=0'],
    ['limit=101'],
    ['limit=abc'],
    ['kind=PENSION'],
    ['status=DONE'],
    ['side=sideways'],
    ['agency=810000'],
    ['cursor=not-a-cursor'],
    ['unknown=1'],
    ['sla=LATE'],
  ])('answers 400 for ?%s', async (query) => {
    const res = await h.request('GET', `/v1/cases?${query}`, { token: t.admin });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('asks an admin for an agency when filtering by side', async () => {
    const res = await h.request('GET', '/v1/cases?side=outgoing', { token: t.admin });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('agency');
  });
});
