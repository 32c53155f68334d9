import fc from 'fast-check';
import { Client } from 'pg';
import { Clock } from '@case-desk/core';
import { Harness, startApi } from './support/api-harness';
import { ID_NUMBERS, refundBody, transferBody } from './support/factories';

/**
 * Issue 10: generated hostile requests over every write route and the list queries. Whatever comes,
 * the service answers no 5xx; every refusal is problem+json with a status/code pair of API.md's table;
 * a refused request writes no row. Reproducible: the generator's seed is fixed and printed.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2100);
const FROZEN_AT = '2026-11-23T02:00:00.000Z';

/** API.md, the error table. */
const TABLE = new Set([
  '400 VALIDATION_FAILED',
  '401 UNAUTHENTICATED',
  '403 FORBIDDEN',
  '404 NOT_FOUND',
  '409 INVALID_TRANSITION',
  '409 IDEMPOTENCY_CONFLICT',
  '412 VERSION_MISMATCH',
  '413 PAYLOAD_TOO_LARGE',
  '415 UNSUPPORTED_MEDIA_TYPE',
  '422 BUSINESS_RULE',
  '429 RATE_LIMITED',
  '503 SERVICE_UNAVAILABLE',
]);

interface FuzzRequest {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Which principal sends it; 'none' sends no bearer token, 'garbage' a forged one. */
  as: 'admin' | 'clerk' | 'none' | 'garbage';
}

// ---------------------------------------------------------------------------------------------------
// Hostile values

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
const controlChar = fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c));

const NASTY = [
  '\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\u202e\u200f', '\u200b', '\ufeff', '\r\n', '\t', '\u0007', '\u001b[31m',
  "'; DROP TABLE cases; --", "' OR '1'='1", '" OR ""="', '1; SELECT pg_sleep(10)', '$1', '%00', '%', '%%', '\\', '\\u0000',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '{}', '[]', 'null', 'undefined', 'NaN', 'Infinity',
  '440500 ', ' 440500', '440500\n', '４４０５００', '44050', '4405000', '000000', '710000', '0x7EA', '1e3', '-0', '+1',
  '1234.5', '1234.505', '-1.00', '100000000.00', '99999999.99', '0.00', '00.00', '1,234.50', '１２３４.５０', '1e309',
  '2026-02-30', '2026-02-29', '2024-02-29', '0000-01-01', '9999-12-31', '2026-1-1', '2026-13', '2025-00', '+275760-09-13',
  '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '-271821-04-20T00:00:00.000Z', '2026-11-23T10:00:00', '2026-11-23T10:00:00+08:00',
  ID_NUMBERS.valid, ID_NUMBERS.validLowerX, '110105491231002', '11010519491231002Y', '13800138000', '+8613800138000',
  'TR-20261123-0000001', '00000000-0000-0000-0000-000000000000', 'A'.repeat(300), '张'.repeat(60), '😀'.repeat(30),
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: loneSurrogate, minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), controlChar, fc.string({ maxLength: 10 })).map(([a, c, b]) => a + c + b) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e21, Number.MAX_SAFE_INTEGER + 2, 1.5, [], {}) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }) },
);

/** A string safe to put in a URL path or query (lone surrogates become invalid UTF-8 escapes). */
function urlPart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

/** Raw JSON for an object, with optional duplicate and prototype keys the JSON stringifier cannot write. */
function rawJson(body: Record<string, unknown>, extra: 'none' | 'duplicate' | 'proto' | 'constructor'): string {
  const json = JSON.stringify(body);
  const firstKey = Object.keys(body)[0];
  switch (extra) {
    case 'duplicate':
      return firstKey === undefined ? json : `{${JSON.stringify(firstKey)}:"duplicate",${json.slice(1)}`;
    case 'proto':
      return `{"__proto__":{"isAdmin":true},${json.slice(1)}`;
    case 'constructor':
      return `{"constructor":{"prototype":{"polluted":true}},${json.slice(1)}`;
    default:
      return json;
  }
}

/** A body: a valid one mutated (a field replaced, removed or added), or a raw oddity. */
function bodyFor(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(valid);
  const mutated = fc
    .record({
      mode: fc.constantFrom('replace', 'replace', 'remove', 'add', 'nested', 'valid'),
      key: keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x'),
      value: hostileValue,
      extraKey: fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'id', 'status', 'version')),
      extra: fc.constantFrom<'none' | 'duplicate' | 'proto' | 'constructor'>('none', 'none', 'none', 'duplicate', 'proto', 'constructor'),
    })
    .map(({ mode, key, value, extraKey, extra }) => {
      const body: Record<string, unknown> = { ...valid };
      if (mode === 'replace') body[key] = value;
      if (mode === 'remove') delete body[key];
      if (mode === 'add') body[extraKey] = value;
      if (mode === 'nested' && typeof body[key] === 'object' && body[key] !== null) {
        body[key] = { ...(body[key] as object), [extraKey]: value };
      } else if (mode === 'nested') {
        body[key] = value;
      }
      return rawJson(body, extra);
    });
  const oddities = fc.oneof(
    fc.integer({ min: 1, max: 40_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.integer({ min: 1, max: 20_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    fc.constantFrom('', 'null', '[]', '"text"', '42', 'true', '{', '{"a":}', '{"a":1,}', "{'a':1}", '\u0000', '\ufeff{}', 'NaN'),
    fc.integer({ min: 65_000, max: 200_000 }).map((n) => JSON.stringify({ ...valid, pad: 'p'.repeat(n) })),
    fc.array(fc.constant(valid), { minLength: 2, maxLength: 3 }).map((items) => JSON.stringify(items)),
  );
  return fc.oneof({ weight: 5, arbitrary: mutated }, { weight: 1, arbitrary: oddities });
}

const contentType = fc.oneof(
  { weight: 10, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json;charset="UTF-8"',
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/problem+json',
      'application/json-patch+json',
      'APPLICATION/JSON',
      '',
    ),
  },
);

// ---------------------------------------------------------------------------------------------------
// Routes

interface Fixtures {
  caseIds: string[];
  caseNos: string[];
  cursors: { cases: string; alerts: string };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function tamperedCursors(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      b64(['-271821-04-20T00:00:00.000Z', '1']),
      b64(['0000-01-01T00:00:00.000Z', '1']),
      b64(['+275760-09-13T00:00:00.000Z', '1']),
      b64(['2026-01-01T00:00:00.000Z', '9999999999999999999']),
      b64(['2026-01-01T00:00:00.000Z', '-1']),
      b64(['2026-01-01T00:00:00.000Z', "1' OR '1'='1"]),
      b64(['2026-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']),
      b64([null, null]),
      b64({ __proto__: { a: 1 } }),
      b64('x'.repeat(150)),
      '%00',
      '====',
      valid,
    ),
    fc.tuple(fc.nat(Math.max(0, valid.length - 1)), fc.constantFrom('A', '_', '-', '0', '=', '!', '%25')).map(
      ([i, ch]) => valid.slice(0, i) + ch + valid.slice(i + 1),
    ),
    hostileString.map(urlPart),
  );
}

function routes(f: Fixtures): fc.Arbitrary<FuzzRequest> {
  const principal = fc.constantFrom<FuzzRequest['as']>('admin', 'admin', 'clerk', 'clerk', 'none', 'garbage');
  const caseRef = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...f.caseIds, ...f.caseNos) },
    { weight: 2, arbitrary: hostileString.map(urlPart) },
    { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', 'a'.repeat(101), ID_NUMBERS.valid, '..%2F..%2Fusers', '%2e%2e') },
  );
  const headersWith = (ct: string, extra: Record<string, string> = {}) => (ct === '' ? extra : { 'content-type': ct, ...extra });

  const createCase = fc
    .record({ body: fc.oneof(bodyFor(transferBody()), bodyFor(refundBody())), ct: contentType, as: principal, key: fc.option(fc.constantFrom('k1', 'k2', 'x'.repeat(300), 'ü'), { nil: undefined }) })
    .map(({ body, ct, as, key }): FuzzRequest => ({ route: 'POST /v1/cases', method: 'POST', path: '/v1/cases', headers: headersWith(ct, key ? { 'idempotency-key': key } : {}), body, as }));

  const transitionBodies = fc.oneof(
    bodyFor({ action: 'approve-outgoing', contributionMonths: 24, balanceAmount: '1234.50', comment: '同意' }),
    bodyFor({ action: 'enrol-incoming', comment: '已接收' }),
    bodyFor({ action: 'confirm-balance', receivedAmount: '1234.50' }),
    bodyFor({ action: 'approve-refund', approvedAmount: '1234.50' }),
    bodyFor({ action: 'confirm-refund', paidAmount: '1234.50' }),
    bodyFor({ action: 'reject', reasonCode: 'ARREARS', comment: '欠费' }),
    bodyFor({ action: 'request-materials', materials: ['ID_CARD'] }),
    bodyFor({ action: 'resume' }),
    bodyFor({ action: 'withdraw', comment: '申请人撤回' }),
  );
  const transition = fc
    .record({ ref: caseRef, body: transitionBodies, ct: contentType, as: principal, ifMatch: fc.option(fc.constantFrom('"1"', '"999"', 'W/"1"', '*', 'garbage', '"-1"', '"1e3"'), { nil: undefined }) })
    .map(({ ref, body, ct, as, ifMatch }): FuzzRequest => ({
      route: 'POST /v1/cases/{id}/transitions',
      method: 'POST',
      path: `/v1/cases/${ref}/transitions`,
      headers: headersWith(ct, ifMatch ? { 'if-match': ifMatch } : {}),
      body,
      as,
    }));

  const createUser = fc
    .record({ body: bodyFor({ username: 'fuzz-user', password: 'a-long-enough-password', role: 'CLERK', agency: '440500' }), ct: contentType, as: principal })
    .map(({ body, ct, as }): FuzzRequest => ({ route: 'POST /v1/users', method: 'POST', path: '/v1/users', headers: headersWith(ct), body, as }));

  const dates = fc.oneof(fc.constantFrom('2026-10-10', '2026-02-30', '2026-1-1', '0000-01-01', '9999-12-31', '2026-10-10T00:00:00Z'), hostileString.map(urlPart));
  const calendarPut = fc
    .record({ date: dates, body: bodyFor({ type: 'HOLIDAY', name: '调休' }), ct: contentType, as: principal })
    .map(({ date, body, ct, as }): FuzzRequest => ({ route: 'PUT /v1/calendar/days/{date}', method: 'PUT', path: `/v1/calendar/days/${date}`, headers: headersWith(ct), body, as }));
  const calendarDelete = fc
    .record({ date: dates, as: principal })
    .map(({ date, as }): FuzzRequest => ({ route: 'DELETE /v1/calendar/days/{date}', method: 'DELETE', path: `/v1/calendar/days/${date}`, headers: {}, as }));

  const login = fc
    .record({ body: bodyFor({ username: 'admin', password: 'not-the-password' }), ct: contentType })
    .map(({ body, ct }): FuzzRequest => ({ route: 'POST /v1/auth/token', method: 'POST', path: '/v1/auth/token', headers: headersWith(ct), body, as: 'none' }));

  const acknowledge = fc
    .record({ id: fc.oneof(fc.uuid().map(String), hostileString.map(urlPart)), as: principal, body: fc.option(bodyFor({}), { nil: undefined }) })
    .map(({ id, as, body }): FuzzRequest => ({
      route: 'POST /v1/alerts/{id}/acknowledge',
      method: 'POST',
      path: `/v1/alerts/${id}/acknowledge`,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body,
      as,
    }));

  const testClock = fc
    .record({ body: bodyFor({ now: FROZEN_AT }), ct: contentType, as: principal })
    .map(({ body, ct, as }): FuzzRequest => ({ route: 'PUT /v1/admin/test-clock', method: 'PUT', path: '/v1/admin/test-clock', headers: headersWith(ct), body, as }));

  const param = (names: string[], values: fc.Arbitrary<string>) =>
    fc.array(fc.tuple(fc.constantFrom(...names), values), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${urlPart(k)}=${v}`).join('&'));
  const numbers = fc.oneof(fc.constantFrom('0x10', '1e1', '%2010', '10%20', '', '-1', '0', '101', '20', '5.0', '0b11', '+5', 'NaN', '99999999999999999999', '１０'), hostileString.map(urlPart));
  const listValue = fc.oneof(numbers, hostileString.map(urlPart), fc.constantFrom('TRANSFER', 'REFUND', 'OVERDUE', 'outgoing', 'true', 'RED', '440500', '440500%20'));

  const listCases = fc
    .record({ q: param(['limit', 'kind', 'status', 'sla', 'agency', 'side', 'q', 'unknown', '__proto__'], listValue), cursor: fc.option(tamperedCursors(f.cursors.cases), { nil: undefined }), as: principal })
    .map(({ q, cursor, as }): FuzzRequest => ({ route: 'GET /v1/cases', method: 'GET', path: `/v1/cases?${[q, cursor && `cursor=${cursor}`].filter(Boolean).join('&')}`, headers: {}, as }));
  const listAlerts = fc
    .record({ q: param(['limit', 'level', 'acknowledged', 'unknown'], listValue), cursor: fc.option(tamperedCursors(f.cursors.alerts), { nil: undefined }), as: principal })
    .map(({ q, cursor, as }): FuzzRequest => ({ route: 'GET /v1/alerts', method: 'GET', path: `/v1/alerts?${[q, cursor && `cursor=${cursor}`].filter(Boolean).join('&')}`, headers: {}, as }));
  const listUsers = fc
    .record({ q: param(['limit', 'cursor', 'role'], listValue), as: principal })
    .map(({ q, as }): FuzzRequest => ({ route: 'GET /v1/users', method: 'GET', path: `/v1/users?${q}`, headers: {}, as }));
  const calendarYear = fc
    .record({ year: fc.oneof(numbers, fc.constantFrom('2026', '1999', '2101', '0x7EA', '2026.0', '02026')), as: principal })
    .map(({ year, as }): FuzzRequest => ({ route: 'GET /v1/calendar/{year}', method: 'GET', path: `/v1/calendar/${year}`, headers: {}, as }));
  const addWorkingDays = fc
    .record({ q: param(['from', 'days', 'x'], fc.oneof(numbers, dates)), as: principal })
    .map(({ q, as }): FuzzRequest => ({ route: 'GET /v1/calendar/add-working-days', method: 'GET', path: `/v1/calendar/add-working-days?${q}`, headers: {}, as }));
  const readCase = fc
    .record({ ref: caseRef, tail: fc.constantFrom('', '/sla'), as: principal })
    .map(({ ref, tail, as }): FuzzRequest => ({ route: `GET /v1/cases/{id}${tail}`, method: 'GET', path: `/v1/cases/${ref}${tail}`, headers: {}, as }));

  return fc.oneof(
    { weight: 4, arbitrary: createCase },
    { weight: 4, arbitrary: transition },
    { weight: 2, arbitrary: createUser },
    { weight: 2, arbitrary: calendarPut },
    { weight: 1, arbitrary: calendarDelete },
    { weight: 2, arbitrary: login },
    { weight: 1, arbitrary: acknowledge },
    { weight: 2, arbitrary: testClock },
    { weight: 2, arbitrary: listCases },
    { weight: 1, arbitrary: listAlerts },
    { weight: 1, arbitrary: listUsers },
    { weight: 1, arbitrary: calendarYear },
    { weight: 1, arbitrary: addWorkingDays },
    { weight: 1, arbitrary: readCase },
  );
}

// ---------------------------------------------------------------------------------------------------

describe('fuzz: hostile requests over the write routes and list queries (e2e)', () => {
  let h: Harness;
  let db: Client;
  let clerk: string;
  let fixtures: Fixtures;

  beforeAll(async () => {
    h = await startApi({
      captureLogs: true,
      env: { TEST_CLOCK: 'enabled', LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000', LOGIN_MAX_FAILURES_PER_USERNAME: '1000000', LOG_LEVEL: 'warn' },
    });
    db = new Client({ connectionString: h.databaseUrl });
    await db.connect();
    await h.request('PUT', '/v1/admin/test-clock', { token: h.adminToken, body: { now: FROZEN_AT } });
    clerk = await h.userToken('CLERK', '440500');
    const created = [];
    for (const body of [transferBody(), transferBody({ toRegion: '440300' }), refundBody({ region: '440500' })]) {
      const res = await h.request('POST', '/v1/cases', { token: clerk, body });
      expect(res.status).toBe(201);
      created.push(res.body as { id: string; caseNo: string });
    }
    const page = await h.request('GET', '/v1/cases?limit=1', { token: h.adminToken });
    fixtures = {
      caseIds: created.map((c) => c.id),
      caseNos: created.map((c) => c.caseNo),
      cursors: { cases: page.body.nextCursor, alerts: b64(['2026-11-23T02:00:00.000Z', '00000000-0000-4000-8000-000000000000']) },
    };
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await h?.close();
  }, 30_000);

  const counts = async (): Promise<string> => {
    const { rows } = await db.query<{ counts: string }>(
      `SELECT concat_ws(' ', (SELECT count(*) FROM cases), (SELECT count(*) FROM case_events), (SELECT count(*) FROM case_clocks),
              (SELECT count(*) FROM users), (SELECT count(*) FROM calendar_overrides), (SELECT count(*) FROM idempotency_keys),
              (SELECT count(*) FROM alerts)) AS counts`,
    );
    return rows[0].counts;
  };

  it(`answers ${REQUESTS} generated hostile requests with no 5xx, only the table's problems, and no write when refusing`, async () => {
    const started = Date.now();
    const requests = fc.sample(routes(fixtures), { numRuns: REQUESTS, seed: SEED });
    const clock = h.app.get(Clock);
    const histogram = new Map<string, number>();
    const byRoute = new Map<string, number>();
    const failures: string[] = [];
    const tokens = { admin: h.adminToken, clerk, none: undefined, garbage: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' };
    let before = await counts();
    let clockBefore = clock.now().toISOString();
    let unsendable = 0;

    for (const req of requests) {
      const headers: Record<string, string> = { ...req.headers };
      const token = tokens[req.as];
      if (token) headers.authorization = `Bearer ${token}`;
      let res: Response;
      try {
        res = await fetch(`${h.baseUrl}${req.path}`, { method: req.method, headers, body: req.body });
      } catch {
        unsendable++; // a header value the HTTP client itself refuses to send
        continue;
      }
      const text = await res.text();
      const contentType = res.headers.get('content-type') ?? '';
      let code = '';
      if (res.status >= 400) {
        try {
          const problem = JSON.parse(text) as { status?: number; code?: string };
          code = String(problem.code);
          if (problem.status !== res.status) failures.push(`${req.route} ${req.path.slice(0, 80)}: body status ${problem.status} ≠ ${res.status}`);
        } catch {
          code = '(not JSON)';
        }
        if (!contentType.startsWith('application/problem+json')) failures.push(`${req.route} ${req.path.slice(0, 80)}: ${res.status} as ${contentType}`);
        if (!TABLE.has(`${res.status} ${code}`)) failures.push(`${req.route} ${req.path.slice(0, 80)}: ${res.status} ${code} is not in the table`);
      }
      if (res.status >= 500) failures.push(`${req.route} ${req.path.slice(0, 80)} → ${res.status} ${text.slice(0, 200)}`);
      const key = `${res.status}${code ? ` ${code}` : ''}`;
      histogram.set(key, (histogram.get(key) ?? 0) + 1);
      byRoute.set(req.route, (byRoute.get(req.route) ?? 0) + 1);

      if (req.method !== 'GET') {
        const after = await counts();
        if (res.status >= 300 && after !== before) {
          failures.push(`${req.route} ${req.path.slice(0, 80)} → ${res.status} ${code} wrote rows: ${before} → ${after}`);
        }
        before = after;
      }
      if (req.route === 'PUT /v1/admin/test-clock') {
        await clock.refresh();
        const now = clock.now().toISOString();
        if (res.status >= 300 && now !== clockBefore) failures.push(`refused test-clock ${req.body?.slice(0, 80)} moved the clock to ${now}`);
        clockBefore = now;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    const sent = requests.length - unsendable;
    const errorLines = h.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${k}: ${v}`).join('\n');
    console.log(
      `fuzz: seed ${SEED}, ${sent} requests sent (${unsendable} refused by the client itself) in ${seconds.toFixed(1)} s\n` +
        `statuses:\n${sorted(histogram)}\nroutes:\n${sorted(byRoute)}`,
    );
    expect([...new Set(failures)].slice(0, 20)).toEqual([]);
    expect(errorLines.slice(0, 3)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(2000);
  }, 120_000);
});
