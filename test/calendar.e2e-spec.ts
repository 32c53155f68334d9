import { Harness, startApi } from './support/api-harness';
import { rowCounts } from './support/db-inspect';
import { transferBody } from './support/factories';

describe('calendar and test clock routes (e2e)', () => {
  let h: Harness;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    h = await startApi({ env: { TEST_CLOCK: 'enabled' } });
    t.clerk = await h.userToken('CLERK', '440500');
    t.admin = h.adminToken;
  });
  afterAll(() => h.close());

  it('lists the built-in 2026 holidays and makeup days with their names', async () => {
    const res = await h.request('GET', '/v1/calendar/2026', { token: t.clerk });
    expect(res.status).toBe(200);
    expect(res.body.year).toBe(2026);
    expect(res.body.confirmed).toBe(true);
    const byDate = new Map<string, { type: string; name: string; source: string }>(
      res.body.days.map((d: { date: string }) => [d.date, d]),
    );
    expect(byDate.get('2026-10-01')).toMatchObject({ type: 'HOLIDAY', name: '国庆节', source: 'BUILTIN' });
    expect(byDate.get('2026-02-14')).toMatchObject({ type: 'WORKDAY', source: 'BUILTIN' });
    expect(byDate.has('2026-03-08')).toBe(false); // Women's Day does not close agencies
    const holidays = res.body.days.filter((d: { type: string }) => d.type === 'HOLIDAY').length;
    expect(holidays).toBe(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(res.body.days.filter((d: { type: string }) => d.type === 'WORKDAY').map((d: { date: string }) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });

  it('reports a year without published data as unconfirmed', async () => {
    const res = await h.request('GET', '/v1/calendar/2030', { token: t.clerk });
    expect(res.body).toEqual({ year: 2030, confirmed: false, days: [] });
  });

  it.each([
    ['2026-11-23', 10, '2026-12-07'],
    ['2026-09-29', 5, '2026-10-12'],
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-09-18', 15, '2026-10-15'],
    ['2026-11-23', 0, '2026-11-23'],
  ])('adds working days: %s + %i → %s (DOMAIN.md)', async (from, days, date) => {
    const res = await h.request('GET', `/v1/calendar/add-working-days?from=${from}&days=${days}`, { token: t.clerk });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ from, days, date });
  });

  it.each([
    ['/v1/calendar/add-working-days?from=2026-02-30&days=1', 'from'],
    ['/v1/calendar/add-working-days?from=2026-02-01&days=-1', 'days'],
    ['/v1/calendar/add-working-days?from=2026-02-01&days=1.5', 'days'],
    ['/v1/calendar/add-working-days?from=2026-02-01', 'days'],
    ['/v1/calendar/add-working-days?from=2026-02-01&days=1&extra=1', ''],
    ['/v1/calendar/twenty', 'year'],
    ['/v1/calendar/1999', 'year'],
  ])('GET %s → 400 naming %s', async (path, field) => {
    const res = await h.request('GET', path, { token: t.clerk });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    if (field) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('lets an admin override a day, which wins over the built-in data, and remove it again', async () => {
    const put = await h.request('PUT', '/v1/calendar/days/2026-10-08', { token: t.admin, body: { type: 'HOLIDAY', name: '延长假期' } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ date: '2026-10-08', type: 'HOLIDAY', name: '延长假期', source: 'OVERRIDE' });
    const year = await h.request('GET', '/v1/calendar/2026', { token: t.clerk });
    expect(year.body.days).toContainEqual({ date: '2026-10-08', type: 'HOLIDAY', name: '延长假期', source: 'OVERRIDE' });
    // 2026-09-29 + 5 now skips Oct 8 as well.
    const added = await h.request('GET', '/v1/calendar/add-working-days?from=2026-09-29&days=5', { token: t.clerk });
    expect(added.body.date).toBe('2026-10-13');

    // Overriding a built-in day: the makeup Saturday becomes a day off.
    await h.request('PUT', '/v1/calendar/days/2026-10-10', { token: t.admin, body: { type: 'HOLIDAY', name: '取消调休' } });
    const changed = await h.request('GET', '/v1/calendar/2026', { token: t.clerk });
    expect(changed.body.days).toContainEqual({ date: '2026-10-10', type: 'HOLIDAY', name: '取消调休', source: 'OVERRIDE' });

    expect((await h.request('DELETE', '/v1/calendar/days/2026-10-08', { token: t.admin })).status).toBe(204);
    expect((await h.request('DELETE', '/v1/calendar/days/2026-10-10', { token: t.admin })).status).toBe(204);
    const back = await h.request('GET', '/v1/calendar/add-working-days?from=2026-09-29&days=5', { token: t.clerk });
    expect(back.body.date).toBe('2026-10-12');
    const restored = await h.request('GET', '/v1/calendar/2026', { token: t.clerk });
    expect(restored.body.days).toContainEqual(expect.objectContaining({ date: '2026-10-10', type: 'WORKDAY', source: 'BUILTIN' }));
  });

  it('an admin typing in a new year’s notice confirms that year', async () => {
    await h.request('PUT', '/v1/calendar/days/2031-01-01', { token: t.admin, body: { type: 'HOLIDAY', name: '元旦' } });
    const res = await h.request('GET', '/v1/calendar/2031', { token: t.clerk });
    expect(res.body).toEqual({ year: 2031, confirmed: true, days: [{ date: '2031-01-01', type: 'HOLIDAY', name: '元旦', source: 'OVERRIDE' }] });
    await h.request('DELETE', '/v1/calendar/days/2031-01-01', { token: t.admin });
  });

  it.each([
    ['a clerk', 'clerk', '/v1/calendar/days/2026-12-01', { type: 'HOLIDAY', name: 'x' }, 403, 'FORBIDDEN'],
    ['an impossible date', 'admin', '/v1/calendar/days/2026-13-01', { type: 'HOLIDAY', name: 'x' }, 400, 'VALIDATION_FAILED'],
    ['an unknown type', 'admin', '/v1/calendar/days/2026-12-01', { type: 'HALF_DAY', name: 'x' }, 400, 'VALIDATION_FAILED'],
    ['an empty name', 'admin', '/v1/calendar/days/2026-12-01', { type: 'HOLIDAY', name: ' ' }, 400, 'VALIDATION_FAILED'],
    ['an unknown field', 'admin', '/v1/calendar/days/2026-12-01', { type: 'HOLIDAY', name: 'x', source: 'BUILTIN' }, 400, 'VALIDATION_FAILED'],
  ])('refuses a PUT from %s and writes nothing', async (_label, who, path, body, status, code) => {
    const res = await h.request('PUT', path, { token: t[who], body });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect((await rowCounts(h.databaseUrl)).calendar_overrides).toBe(0);
  });

  it('DELETE of a day without an override is a 404; a clerk gets 403', async () => {
    expect((await h.request('DELETE', '/v1/calendar/days/2026-12-01', { token: t.admin })).body.code).toBe('NOT_FOUND');
    expect((await h.request('DELETE', '/v1/calendar/days/2026-12-01', { token: t.clerk })).status).toBe(403);
  });

  it('the test clock sets "now" for everything and returns to real time', async () => {
    const set = await h.request('PUT', '/v1/admin/test-clock', { token: t.admin, body: { now: '2030-01-02T03:04:05.000Z' } });
    expect(set.body).toEqual({ now: '2030-01-02T03:04:05.000Z', frozen: true });
    const created = await h.request('POST', '/v1/cases', { token: t.admin, body: transferBody() });
    expect(created.body.createdAt).toBe('2030-01-02T03:04:05.000Z');
    expect(created.body.caseNo).toMatch(/^TR-20300102-/);
    expect(created.body.sla.stage.startedAt).toBe('2030-01-02T03:04:05.000Z');
    const user = await h.request('POST', '/v1/users', {
      token: t.admin,
      body: { username: 'clock-check', password: 'a-long-password-1', role: 'CLERK', agency: '440500' },
    });
    expect(user.body.createdAt).toBe('2030-01-02T03:04:05.000Z');
    const cleared = await h.request('DELETE', '/v1/admin/test-clock', { token: t.admin });
    expect(cleared.body.frozen).toBe(false);
    expect(Math.abs(Date.parse(cleared.body.now) - Date.now())).toBeLessThan(5_000);
  });

  it.each([
    ['a clerk', 'clerk', { now: '2030-01-01T00:00:00Z' }, 403],
    ['a non-instant', 'admin', { now: '2030-01-01' }, 400],
    ['an unknown field', 'admin', { now: '2030-01-01T00:00:00Z', speed: 2 }, 400],
  ])('refuses a test-clock PUT from %s', async (_label, who, body, status) => {
    expect((await h.request('PUT', '/v1/admin/test-clock', { token: t[who], body })).status).toBe(status);
  });
});

describe('without TEST_CLOCK (e2e)', () => {
  let h: Harness;
  beforeAll(async () => (h = await startApi()));
  afterAll(() => h.close());

  it.each(['PUT', 'DELETE'])('%s /v1/admin/test-clock is a 404, even for an admin', async (method) => {
    const res = await h.request(method, '/v1/admin/test-clock', { token: h.adminToken, body: method === 'PUT' ? { now: '2030-01-01T00:00:00Z' } : undefined });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
