import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';

describe('errors, health and docs (e2e)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startApi({ captureLogs: true });
  });
  afterAll(() => h.close());

  const expectProblem = (res: { status: number; headers: Headers; body: any }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code }));
  };

  it('answers unknown routes with a 404 problem, authenticated or not', async () => {
    expectProblem(await h.request('GET', '/v1/nothing-here'), 404, 'NOT_FOUND');
    expectProblem(await h.request('DELETE', '/v1/cases', { token: h.adminToken }), 404, 'NOT_FOUND');
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await h.request('POST', '/v1/cases', {
      token: h.adminToken,
      rawBody: '{"kind": "TRANSFER",',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('answers a non-JSON body with a 415 problem', async () => {
    const res = await h.request('POST', '/v1/auth/token', { rawBody: '<username>a</username>', headers: { 'content-type': 'application/xml' } });
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an oversized body with a 413 problem', async () => {
    const res = await h.request('POST', '/v1/auth/token', { body: { username: 'x'.repeat(70_000), password: 'y' } });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a missing body with a 400 problem', async () => {
    expectProblem(await h.request('POST', '/v1/cases', { token: h.adminToken }), 400, 'VALIDATION_FAILED');
  });

  it('answers an unexpected failure with a generic 500 and an errorId that is in the log', async () => {
    // Break the database under the running app: the next case read fails inside Prisma.
    const db = await h.request('POST', '/v1/cases', {
      token: h.adminToken,
      body: {
        kind: 'TRANSFER',
        applicant: { name: '张三', idNumber: '11010519491231002X' },
        insuranceType: 'EMPLOYEE',
        fromRegion: '440500',
        toRegion: '360100',
        reason: 'OTHER',
      },
    });
    await withDb(h.databaseUrl, (c) => c.query('ALTER TABLE case_events RENAME TO case_events_gone'));
    try {
      const res = await h.request('GET', `/v1/cases/${db.body.id}`, { token: h.adminToken });
      expectProblem(res, 500, 'INTERNAL');
      expect(res.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.detail).not.toMatch(/case_events|prisma|relation/i);
      const logged = h.logs.filter((line) => line.includes(res.body.errorId));
      expect(logged.length).toBeGreaterThan(0);
      expect(JSON.parse(logged[0])).toMatchObject({ level: 50, errorId: res.body.errorId });
    } finally {
      await withDb(h.databaseUrl, (c) => c.query('ALTER TABLE case_events_gone RENAME TO case_events'));
    }
  });

  it('reports liveness and readiness', async () => {
    expect((await h.request('GET', '/health/live')).body).toEqual({ status: 'ok' });
    const ready = await h.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('serves the OpenAPI 3 document and Swagger UI, generated from the code', async () => {
    const doc = await h.request('GET', '/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/auth/token', '/v1/users', '/v1/cases', '/v1/cases/{idOrCaseNo}', '/v1/cases/{idOrCaseNo}/transitions']),
    );
    const createBody = JSON.stringify(doc.body.paths['/v1/cases'].post.requestBody);
    expect(createBody).toMatch(/TRANSFER|oneOf|\$ref/);
    const ui = await h.request('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
  });
});

describe('readiness without Redis (e2e)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startApi({ env: { REDIS_URL: 'redis://127.0.0.1:1/0' } });
  }, 60_000);
  afterAll(() => h.close());

  it('answers 503 naming Redis as the failing part', async () => {
    const res = await h.request('GET', '/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', checks: { database: { status: 'up' }, redis: { status: 'down' } } });
    expect(res.body.detail).toContain('redis');
  });
});
