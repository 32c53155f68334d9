import { request as httpRequest } from 'node:http';
import { Socket, connect } from 'node:net';
import { PasswordHasher } from '../libs/users/src/password-hasher';
import { Harness, startApi } from './support/api-harness';
import { rowCounts, withDb } from './support/db-inspect';
import { ID_NUMBERS, refundBody, transferBody } from './support/factories';

/**
 * Issue 10, the HTTP edge: input is taken exactly as sent or refused, the framework's own refusals are
 * problem+json, stalled requests are cut off, responses carry security headers, and personal data
 * never reaches the access log or the stored free text.
 */

const REQUEST_TIMEOUT_MS = 1500;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A request with the path exactly as given (fetch would normalise some of the paths tried here). */
function raw(baseUrl: string, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('input and HTTP hardening (e2e)', () => {
  let h: Harness;
  let clerk: string;

  beforeAll(async () => {
    h = await startApi({
      captureLogs: true,
      env: {
        TEST_CLOCK: 'enabled',
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
      },
    });
    clerk = await h.userToken('CLERK', '440500');
  }, 60_000);
  afterAll(() => h.close(), 30_000);

  const expectProblem = (res: { status: number; headers: Headers | RawResponse['headers']; body: any }, status: number, code: string) => {
    const contentType = res.headers instanceof Headers ? res.headers.get('content-type') : res.headers['content-type'];
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }));
  };

  const createTransfer = async (overrides: Record<string, unknown> = {}) => {
    const res = await h.request('POST', '/v1/cases', { token: clerk, body: transferBody(overrides) });
    expect(res.status).toBe(201);
    return res.body as { id: string; caseNo: string; version: number };
  };

  describe('codes are exactly 6 ASCII digits, never trimmed (defect 1)', () => {
    it.each(['440500 ', ' 440500', '440500\t', '440500\n', '４４０５００', '440500\u0000'])('refuses toRegion %j and writes nothing', async (toRegion) => {
      const before = await rowCounts(h.databaseUrl);
      const res = await h.request('POST', '/v1/cases', { token: clerk, body: transferBody({ fromRegion: '440500', toRegion }) });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(await rowCounts(h.databaseUrl)).toEqual(before);
    });

    it('refuses padded agency codes, phones and ID numbers', async () => {
      const user = await h.request('POST', '/v1/users', {
        token: h.adminToken,
        body: { username: 'padded-agency', password: 'a-long-enough-password', role: 'CLERK', agency: '440500 ' },
      });
      expectProblem(user, 400, 'VALIDATION_FAILED');
      expectProblem(await h.request('GET', '/v1/cases?agency=440500%20', { token: h.adminToken }), 400, 'VALIDATION_FAILED');
      const phone = await h.request('POST', '/v1/cases', {
        token: clerk,
        body: transferBody({ applicant: { name: '张三', idNumber: ID_NUMBERS.valid, phone: ' 13800138000' } }),
      });
      expectProblem(phone, 400, 'VALIDATION_FAILED');
      const id = await h.request('POST', '/v1/cases', {
        token: clerk,
        body: transferBody({ applicant: { name: '张三', idNumber: `${ID_NUMBERS.valid} ` } }),
      });
      expectProblem(id, 400, 'VALIDATION_FAILED');
    });
  });

  describe('NUL and control characters are a 400, never a 500 (defect 4)', () => {
    it('refuses NUL in paths, queries and bodies without an error-level log line', async () => {
      const c = await createTransfer();
      const logsBefore = h.logs.length;
      for (const path of ['/v1/cases/%00', '/v1/cases/%00/sla', '/v1/cases?q=%00', '/v1/users?cursor=%00', '/v1/alerts?cursor=%00']) {
        expectProblem(await raw(h.baseUrl, 'GET', path, { headers: { authorization: `Bearer ${h.adminToken}` } }), 400, 'VALIDATION_FAILED');
      }
      const transition = await h.request('POST', '/v1/cases/%00/transitions', { token: clerk, body: { action: 'withdraw' } });
      expectProblem(transition, 400, 'VALIDATION_FAILED');
      const comment = await h.request('POST', `/v1/cases/${c.id}/transitions`, {
        token: clerk,
        body: { action: 'approve-outgoing', contributionMonths: 12, balanceAmount: '100.00', comment: 'ok\u0000' },
      });
      expectProblem(comment, 400, 'VALIDATION_FAILED');
      const calendar = await h.request('PUT', '/v1/calendar/days/2026-10-10', { token: h.adminToken, body: { type: 'HOLIDAY', name: 'x\u0000' } });
      expectProblem(calendar, 400, 'VALIDATION_FAILED');
      expectProblem(await h.request('POST', '/v1/auth/token', { body: { username: 'admin\u0000', password: 'whatever' } }), 400, 'VALIDATION_FAILED');
      const errors = h.logs.slice(logsBefore).filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
      expect(errors).toEqual([]);
    });

    it('refuses other control characters but keeps tab and newline', async () => {
      const c = await createTransfer();
      for (const bad of ['bell\u0007', 'esc\u001b[31m', 'cr\r', 'del\u007f', 'c1\u0085']) {
        const res = await h.request('POST', `/v1/cases/${c.id}/transitions`, { token: clerk, body: { action: 'withdraw', comment: bad } });
        expectProblem(res, 400, 'VALIDATION_FAILED');
      }
      const ok = await h.request('POST', `/v1/cases/${c.id}/transitions`, { token: clerk, body: { action: 'withdraw', comment: 'line one\n\tline two' } });
      expect(ok.status).toBe(200);
      expect(ok.body.timeline.at(-1).comment).toBe('line one\n\tline two');
    });

    it('answers a well-formed id or caseNo that does not exist with a 404', async () => {
      expectProblem(await h.request('GET', '/v1/cases/no-such-case', { token: h.adminToken }), 404, 'NOT_FOUND');
      expectProblem(await h.request('GET', `/v1/cases/${'9'.repeat(100)}`, { token: h.adminToken }), 404, 'NOT_FOUND');
    });
  });

  describe('crafted cursors are a 400 (defect 5)', () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    it.each([
      ['/v1/cases', b64(['-271821-04-20T00:00:00.000Z', '1'])],
      ['/v1/cases', b64(['0000-01-01T00:00:00.000Z', '1'])],
      ['/v1/cases', b64(['2026-01-01T00:00:00.000Z', '9999999999999999999'])],
      ['/v1/cases', b64(['2026-01-01T00:00:00Z', '1'])],
      ['/v1/cases', `${b64(['2026-01-01T00:00:00.000Z', '1'])}!!`],
      ['/v1/alerts', b64(['-271821-04-20T00:00:00.000Z', uuid])],
      ['/v1/alerts', b64(['0000-01-01T00:00:00.000Z', uuid])],
      ['/v1/alerts', b64(['2026-01-01T00:00:00.000Z', '9999999999999999999'])],
    ])('%s?cursor=%s', async (path, cursor) => {
      expectProblem(await h.request('GET', `${path}?cursor=${cursor}`, { token: h.adminToken }), 400, 'VALIDATION_FAILED');
    });

    it('still pages with the cursors the API hands out', async () => {
      await createTransfer();
      await createTransfer();
      const first = await h.request('GET', '/v1/cases?limit=1', { token: h.adminToken });
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await h.request('GET', `/v1/cases?limit=1&cursor=${first.body.nextCursor}`, { token: h.adminToken });
      expect(second.status).toBe(200);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    });
  });

  it('masks ID numbers and phones in the access log (defect 6)', async () => {
    const logsBefore = h.logs.length;
    const id = ID_NUMBERS.valid;
    await h.request('GET', `/v1/cases/${id}`, { token: h.adminToken });
    await h.request('GET', `/v1/cases/${id}/sla`, { token: h.adminToken });
    await h.request('POST', `/v1/cases/${id}/transitions`, { token: h.adminToken, body: { action: 'withdraw' } });
    await h.request('GET', `/v1/public/cases/${id}`, { headers: { 'x-access-code': 'ABCDEFGHJKLM' } });
    await h.request('GET', '/v1/cases/13800138000', { token: h.adminToken });
    await h.request('GET', '/v1/cases/11010519491231002%58', { token: h.adminToken });
    await h.request('GET', '/v1/cases/110105491231002', { token: h.adminToken });
    const lines = h.logs.slice(logsBefore).join('\n');
    expect(lines).toContain('/v1/cases/110105********002X');
    expect(lines).toContain('/v1/public/cases/110105********002X');
    expect(lines).toContain('/v1/cases/138****8000');
    expect(lines).not.toContain(id);
    expect(lines).not.toContain('11010519491231002%58');
    expect(lines).not.toContain('110105491231002');
    expect(lines).not.toContain('13800138000');
  });

  describe("the framework's own refusals are problem+json (defect 8)", () => {
    it('answers an over-long path parameter and a malformed URL with 404 NOT_FOUND', async () => {
      expectProblem(await raw(h.baseUrl, 'GET', `/v1/cases/${'a'.repeat(101)}`, { headers: { authorization: `Bearer ${h.adminToken}` } }), 404, 'NOT_FOUND');
      expectProblem(await raw(h.baseUrl, 'GET', '/v1/cases/%E0%A4%A'), 404, 'NOT_FOUND');
      expectProblem(await raw(h.baseUrl, 'GET', '/v1/public/cases/%E0%A4%A'), 404, 'NOT_FOUND');
      expectProblem(await raw(h.baseUrl, 'GET', '/v1/nothing-here'), 404, 'NOT_FOUND');
    });

    it('answers a request that is not HTTP with a 400 problem and closes the connection', async () => {
      const url = new URL(h.baseUrl);
      const answer = await new Promise<string>((resolve, reject) => {
        let received = '';
        const socket = connect(Number(url.port), url.hostname, () => socket.write('GARBAGE / NOT-HTTP\r\n\r\n'));
        socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      expect(answer).toMatch(/x-content-type-options: nosniff/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('answers an oversized body with 413 and a non-JSON body with 415', async () => {
      expectProblem(await h.request('POST', '/v1/auth/token', { body: { username: 'x'.repeat(70_000), password: 'y' } }), 413, 'PAYLOAD_TOO_LARGE');
      const xml = await h.request('POST', '/v1/auth/token', { rawBody: '<username>a</username>', headers: { 'content-type': 'application/xml' } });
      expectProblem(xml, 415, 'UNSUPPORTED_MEDIA_TYPE');
      for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
        const form = await h.request('POST', '/v1/auth/token', { rawBody: 'username=admin&password=admin-password-for-tests', headers: { 'content-type': type } });
        expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
      }
      const utf16 = await h.request('POST', '/v1/auth/token', {
        rawBody: JSON.stringify({ username: 'admin', password: 'wrong-password' }),
        headers: { 'content-type': 'application/json; charset=utf-16' },
      });
      expectProblem(utf16, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const utf8 = await h.request('POST', '/v1/auth/token', {
        rawBody: JSON.stringify({ username: 'admin', password: 'admin-password-for-tests' }),
        headers: { 'content-type': 'application/json; charset=UTF-8' },
      });
      expect(utf8.status).toBe(200);
    });
  });

  describe('stalled requests are cut off (defect 9)', () => {
    /** Opens a socket, sends `head` then one more byte every 200 ms; resolves with the ms until the server closed it. */
    const dribble = (head: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(h.baseUrl);
        const started = Date.now();
        const socket: Socket = connect(Number(url.port), url.hostname, () => socket.write(head));
        const timer = setInterval(() => socket.writable && socket.write('a'), 200);
        const bound = setTimeout(() => {
          clearInterval(timer);
          socket.destroy();
          reject(new Error('the server kept a stalled connection open for 10 s'));
        }, 10_000);
        socket.on('error', () => undefined);
        socket.resume();
        socket.on('close', () => {
          clearInterval(timer);
          clearTimeout(bound);
          resolve(Date.now() - started);
        });
      });

    it('closes a connection that dribbles its body', async () => {
      const body = 'POST /v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username":"';
      const ms = await dribble(body);
      expect(ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
    });

    it('closes a connection that dribbles its headers', async () => {
      const ms = await dribble('GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
    });
  });

  describe('security headers and caching (defect 10)', () => {
    const expectSecurityHeaders = (headers: Headers) => {
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      const frameProtected = headers.get('x-frame-options') !== null || /frame-ancestors/.test(headers.get('content-security-policy') ?? '');
      expect(frameProtected).toBe(true);
      expect(headers.get('referrer-policy')).toEqual(expect.any(String));
    };

    it('sets them on answers, errors and the docs; no-store under /v1', async () => {
      const list = await h.request('GET', '/v1/cases', { token: h.adminToken });
      expectSecurityHeaders(list.headers);
      expect(list.headers.get('cache-control')).toBe('no-store');
      const token = await h.request('POST', '/v1/auth/token', { body: { username: 'admin', password: 'admin-password-for-tests' } });
      expect(token.status).toBe(200);
      expect(token.headers.get('cache-control')).toBe('no-store');
      const missing = await h.request('GET', '/v1/nothing-here');
      expectSecurityHeaders(missing.headers);
      expect(missing.headers.get('cache-control')).toBe('no-store');
      const unauthenticated = await h.request('GET', '/v1/cases');
      expectSecurityHeaders(unauthenticated.headers);
      const docs = await h.request('GET', '/docs');
      expect(docs.status).toBe(200);
      expectSecurityHeaders(docs.headers);
      expectSecurityHeaders((await h.request('GET', '/health/live')).headers);
    });

    it('keeps Swagger UI loadable under its content security policy', async () => {
      const docs = await h.request('GET', '/docs');
      const csp = docs.headers.get('content-security-policy') ?? '';
      const html = String(docs.body);
      // Every script and stylesheet the page loads is served by the API itself, which the policy allows.
      const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        expect(asset.startsWith('http')).toBe(false);
        const res = await fetch(new URL(asset, `${h.baseUrl}/docs`));
        expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      }
      expect(html).not.toMatch(/<script>[^<]/);
      if (csp !== '') expect(csp).toMatch(/script-src[^;]*'self'/);
    });

    it('answers cross-origin requests without CORS headers when none is configured', async () => {
      const res = await h.request('GET', '/health/live', { headers: { origin: 'https://evil.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await h.request('OPTIONS', '/v1/cases', {
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('input is refused, never silently altered (defect 11)', () => {
    it('refuses a lone surrogate', async () => {
      const before = await rowCounts(h.databaseUrl);
      const res = await h.request('POST', '/v1/cases', {
        token: clerk,
        rawBody: JSON.stringify(transferBody({ applicant: { name: 'x', idNumber: ID_NUMBERS.valid } })).replace('"name":"x"', '"name":"\\ud800"'),
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(await rowCounts(h.databaseUrl)).toEqual(before);
    });

    it.each(['/v1/cases?limit=0x10', '/v1/cases?limit=1e1', '/v1/cases?limit=%2010', '/v1/cases?limit=', '/v1/users?limit=0b11', '/v1/calendar/0x7EA', '/v1/calendar/2026.0', '/v1/calendar/add-working-days?from=2026-01-05&days=0x10'])(
      'refuses non-decimal numbers: %s',
      async (path) => {
        expectProblem(await h.request('GET', path, { token: h.adminToken }), 400, 'VALIDATION_FAILED');
      },
    );

    it('refuses calendar dates outside the calendar years (year 0000 was a 500)', async () => {
      expectProblem(await h.request('DELETE', '/v1/calendar/days/0000-01-01', { token: h.adminToken }), 400, 'VALIDATION_FAILED');
      const put = await h.request('PUT', '/v1/calendar/days/0000-01-01', { token: h.adminToken, body: { type: 'HOLIDAY', name: 'x' } });
      expectProblem(put, 400, 'VALIDATION_FAILED');
      expectProblem(await h.request('GET', '/v1/calendar/add-working-days?from=0000-01-01&days=1', { token: h.adminToken }), 400, 'VALIDATION_FAILED');
    });

    it('still takes decimal numbers', async () => {
      expect((await h.request('GET', '/v1/cases?limit=10', { token: h.adminToken })).status).toBe(200);
      expect((await h.request('GET', '/v1/calendar/2026', { token: h.adminToken })).status).toBe(200);
      const add = await h.request('GET', '/v1/calendar/add-working-days?from=2026-01-05&days=3', { token: h.adminToken });
      expect(add.body).toMatchObject({ days: 3 });
    });

    it('refuses a query string that is not UTF-8 rather than decoding it to U+FFFD', async () => {
      for (const path of ['/v1/cases?q=%FF', '/v1/cases?q=%ED%A0%80', '/v1/users?cursor=%C0%AF', '/v1/cases?q=%E0%A4%A']) {
        expectProblem(await raw(h.baseUrl, 'GET', path, { headers: { authorization: `Bearer ${h.adminToken}` } }), 400, 'VALIDATION_FAILED');
      }
      expect((await h.request('GET', `/v1/cases?q=${encodeURIComponent('张三')}`, { token: h.adminToken })).status).toBe(200);
    });

    it('refuses a body with a duplicate key rather than keeping the last', async () => {
      const before = await rowCounts(h.databaseUrl);
      const body = JSON.stringify(transferBody({ toRegion: '360100' })).replace('"toRegion":"360100"', '"toRegion":"360100","toRegion":"440300"');
      const res = await h.request('POST', '/v1/cases', { token: clerk, rawBody: body, headers: { 'content-type': 'application/json' } });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(await rowCounts(h.databaseUrl)).toEqual(before);
      const quoted = await h.request('POST', '/v1/auth/token', {
        rawBody: `{"${ID_NUMBERS.valid}":1,"${ID_NUMBERS.valid}":2}`,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(quoted, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(quoted.body)).not.toContain(ID_NUMBERS.valid);
      const unknown = await h.request('POST', '/v1/auth/token', { body: { username: 'a', password: 'b', '13800138000': 1 } });
      expectProblem(unknown, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(unknown.body)).toContain('138****8000');
      const proto = await h.request('POST', '/v1/auth/token', { rawBody: '{"__proto__":{"x":1},"username":"a","password":"b"}', headers: { 'content-type': 'application/json' } });
      expectProblem(proto, 400, 'VALIDATION_FAILED');
    });

    it("does not trim the applicants' caseNo", async () => {
      const res = await h.request('POST', '/v1/cases', { token: clerk, body: transferBody() });
      const code = { 'x-access-code': res.body.accessCode as string };
      expect((await h.request('GET', `/v1/public/cases/${res.body.caseNo}`, { headers: code })).status).toBe(200);
      expectProblem(await h.request('GET', `/v1/public/cases/%20${res.body.caseNo}`, { headers: code }), 404, 'NOT_FOUND');
      expectProblem(await h.request('GET', `/v1/public/cases/${res.body.caseNo}%09`, { headers: code }), 404, 'NOT_FOUND');
    });

    it('refuses names with surrounding blanks rather than trimming them', async () => {
      const res = await h.request('POST', '/v1/cases', { token: clerk, body: refundBody({ applicant: { name: ' 李四', idNumber: ID_NUMBERS.other } }) });
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });
  });

  describe('typed text keeps no full ID number or phone (defect 12)', () => {
    it('stores a comment masked and shows it masked', async () => {
      const c = await createTransfer();
      const comment = `申请人身份证${ID_NUMBERS.valid}，电话13800138000，旧证110105491231002`;
      const res = await h.request('POST', `/v1/cases/${c.id}/transitions`, { token: clerk, body: { action: 'withdraw', comment } });
      expect(res.status).toBe(200);
      const shown = res.body.timeline.at(-1).comment as string;
      expect(shown).toBe('申请人身份证110105********002X，电话138****8000，旧证110105******002');
      const stored = await withDb(h.databaseUrl, (db) => db.query<{ comment: string }>('SELECT comment FROM case_events WHERE "caseId" = $1 AND comment IS NOT NULL', [c.id]));
      expect(stored.rows.map((r) => r.comment)).toEqual([shown]);
    });

    it("stores an applicant's name masked when an ID number or phone is typed into it", async () => {
      const c = await createTransfer({ applicant: { name: '张三13800138000', idNumber: ID_NUMBERS.valid } });
      const view = await h.request('GET', `/v1/cases/${c.id}`, { token: clerk });
      expect(view.body.applicant.name).toBe('张三138****8000');
    });

    it('stores a calendar name masked', async () => {
      const res = await h.request('PUT', '/v1/calendar/days/2026-10-12', { token: h.adminToken, body: { type: 'HOLIDAY', name: '值班13800138000' } });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('值班138****8000');
      const year = await h.request('GET', '/v1/calendar/2026', { token: h.adminToken });
      expect(JSON.stringify(year.body)).not.toContain('13800138000');
      await h.request('DELETE', '/v1/calendar/days/2026-10-12', { token: h.adminToken });
    });
  });

  it('lets at most the limit of parallel wrong logins reach the password check (defect 14)', async () => {
    const created = await h.request('POST', '/v1/users', {
      token: h.adminToken,
      body: { username: 'login-target', password: 'the-right-password', role: 'CLERK', agency: '440500' },
    });
    expect(created.status).toBe(201);
    const hasher = h.app.get(PasswordHasher, { strict: false });
    const verify = jest.spyOn(hasher, 'verify');
    try {
      const answers = await Promise.all(
        Array.from({ length: 60 }, () => h.request('POST', '/v1/auth/token', { body: { username: 'login-target', password: 'a-wrong-password' } })),
      );
      const limit = h.config.auth.loginLimits.perUsername;
      expect(verify.mock.calls.length).toBeLessThanOrEqual(limit);
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(limit);
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      for (const limited of answers.filter((a) => a.status === 429)) {
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(60 - limit);
    } finally {
      verify.mockRestore();
    }
  });

  it('refuses test-clock instants outside 2000..2099 (defect 17)', async () => {
    for (const now of ['9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '1999-12-31T23:59:59.999Z', '2100-01-01T00:00:00Z']) {
      expectProblem(await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now } }), 400, 'VALIDATION_FAILED');
    }
    try {
      expect((await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: '2099-12-30T00:00:00Z' } })).status).toBe(200);
      expect((await h.request('POST', '/v1/cases', { token: clerk, body: transferBody() })).status).toBe(201);
    } finally {
      await h.request('DELETE', '/v1/admin/test-clock', { token: h.adminToken });
    }
  });
});

describe('CORS when configured (e2e)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startApi({ env: { CORS_ORIGINS: 'https://console.example.org' } });
  }, 60_000);
  afterAll(() => h.close(), 30_000);

  it('allows exactly the configured origins', async () => {
    const allowed = await h.request('OPTIONS', '/v1/cases', {
      headers: { origin: 'https://console.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.org');
    const read = await h.request('GET', '/v1/cases', { token: h.adminToken, headers: { origin: 'https://console.example.org' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('https://console.example.org');
    expect(read.headers.get('access-control-expose-headers')).toMatch(/ETag/i);
    const other = await h.request('GET', '/v1/cases', { token: h.adminToken, headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
