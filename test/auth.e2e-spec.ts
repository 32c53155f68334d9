import { Client } from 'pg';
import { ADMIN, Harness, startApi } from './support/api-harness';

describe('authentication and users (e2e)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startApi({ env: { LOGIN_MAX_FAILURES_PER_USERNAME: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '8' } });
  });
  afterAll(() => h.close());

  it('issues a bearer token for the bootstrap admin', async () => {
    const res = await h.request('POST', '/v1/auth/token', { body: ADMIN });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
  });

  it('stores passwords only as salted argon2id hashes', async () => {
    const db = new Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ passwordHash: string }>(`SELECT "passwordHash" FROM users WHERE username = $1`, [ADMIN.username]);
      expect(rows[0].passwordHash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
      expect(rows[0].passwordHash).not.toContain(ADMIN.password);
    } finally {
      await db.end();
    }
  });

  it.each([
    ['wrong password', { username: ADMIN.username, password: 'not-the-password' }],
    ['unknown user', { username: 'nobody-here', password: 'whatever-password' }],
  ])('answers 401 problem+json for a %s', async (_label, body) => {
    const res = await h.request('POST', '/v1/auth/token', { body });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: 'wrong username or password' });
  });

  it('rejects unknown fields in the login body', async () => {
    const res = await h.request('POST', '/v1/auth/token', { body: { ...ADMIN, remember: true } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'remember', message: 'unknown field' }] });
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'not-a-jwt'],
    ['a token signed with another secret', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('answers 401 on a protected route with %s', async (_label, token) => {
    const res = await h.request('GET', '/v1/cases', { token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });
});

/** The login limits count per username and per client address: each test starts from none, on an API of its own. */
describe('login limits (e2e)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startApi({ env: { LOGIN_MAX_FAILURES_PER_USERNAME: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '8' } });
  });
  afterEach(() => h.close());

  it('limits failed logins per username, with Retry-After, and even the right password is refused meanwhile', async () => {
    const clerk = await h.userToken('CLERK', '440500');
    expect(clerk).toEqual(expect.any(String));
    const username = 'clerk-440500-1';
    for (let i = 0; i < 3; i++) {
      const res = await h.request('POST', '/v1/auth/token', { body: { username, password: `wrong-${i}-password` } });
      expect(res.status).toBe(401);
    }
    const blocked = await h.request('POST', '/v1/auth/token', { body: { username, password: 'wrong-again-password' } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    // Other usernames from the same address are not yet blocked.
    const admin = await h.request('POST', '/v1/auth/token', { body: ADMIN });
    expect(admin.status).toBe(200);
  });

  it('limits failed logins per client address across usernames', async () => {
    // 8 failures from this address, never more than 2 per username (below that limit of 3).
    for (let i = 0; i < 8; i++) {
      const res = await h.request('POST', '/v1/auth/token', { body: { username: `someone-${i % 4}`, password: 'wrong-password' } });
      expect(res.status).toBe(401);
    }
    const res = await h.request('POST', '/v1/auth/token', { body: ADMIN });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

/** Each test on an API of its own: the user list holds exactly what the test created. */
describe('users (e2e)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startApi();
  });
  afterEach(() => h.close());

  it('lets an admin create and list users, never returning password hashes', async () => {
    const created = await h.request('POST', '/v1/users', {
      token: h.adminToken,
      body: { username: 'window-01', password: 'a-long-enough-password', role: 'CLERK', agency: '440500' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), username: 'window-01', role: 'CLERK', agency: '440500', createdAt: expect.any(String) });

    const list = await h.request('GET', '/v1/users?limit=100', { token: h.adminToken });
    expect(list.status).toBe(200);
    expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(['admin', 'window-01']);
    expect(JSON.stringify(list.body)).not.toMatch(/password/i);

    const login = await h.request('POST', '/v1/auth/token', { body: { username: 'window-01', password: 'a-long-enough-password' } });
    expect(login.status).toBe(200);
  });

  it('paginates the user list with a cursor', async () => {
    await h.userToken('CLERK', '440500'); // a second user beside the admin
    const first = await h.request('GET', '/v1/users?limit=1', { token: h.adminToken });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await h.request('GET', `/v1/users?limit=1&cursor=${first.body.nextCursor}`, { token: h.adminToken });
    expect(second.body.items[0].username).not.toBe(first.body.items[0].username);
  });

  it('answers 422 for a taken username and writes nothing', async () => {
    const res = await h.request('POST', '/v1/users', {
      token: h.adminToken,
      body: { username: 'admin', password: 'a-long-enough-password', role: 'CLERK', agency: '440500' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'BUSINESS_RULE', errors: [{ path: 'username' }] });
  });

  it.each([
    ['a short password', { password: 'short' }, 'password'],
    ['an unknown role', { role: 'ROOT' }, 'role'],
    ['a non-mainland agency', { agency: '810000' }, 'agency'],
    ['a 5-digit agency', { agency: '44050' }, 'agency'],
    ['an upper-case username', { username: 'Window' }, 'username'],
    ['an unknown field', { email: 'x@example.com' }, 'email'],
  ])('answers 400 for %s', async (_label, override, path) => {
    const body = { username: 'new-user', password: 'a-long-enough-password', role: 'CLERK', agency: '440500', ...override };
    const res = await h.request('POST', '/v1/users', { token: h.adminToken, body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it.each(['CLERK', 'SUPERVISOR'] as const)('forbids a %s from managing users', async (role) => {
    const token = await h.userToken(role, '440500');
    const create = await h.request('POST', '/v1/users', {
      token,
      body: { username: 'sneaky', password: 'a-long-enough-password', role: 'ADMIN', agency: '440500' },
    });
    expect(create.status).toBe(403);
    expect(create.body.code).toBe('FORBIDDEN');
    expect((await h.request('GET', '/v1/users', { token })).status).toBe(403);
  });

  it('creates the bootstrap admin only while no user exists', async () => {
    const list = await h.request('GET', '/v1/users?limit=100', { token: h.adminToken });
    expect(list.body.items.filter((u: { role: string }) => u.role === 'ADMIN')).toHaveLength(1);
  });
});
