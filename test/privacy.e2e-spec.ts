import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Harness, RequestOptions, startApi } from './support/api-harness';
import { eventually } from './support/eventually';
import { ID_NUMBERS, refundBody, transferBody } from './support/factories';

/**
 * Issue 10: no personal data or secret leaks. One scenario through the API and the worker, with every
 * log line of both (access log included, at the production level) and every answer and webhook body
 * kept; none may contain a full ID number, a phone number, an access code, a password or a token
 * (except the one answer that hands each code or token out).
 */

const WEBHOOK_SECRET = 'privacy-webhook-secret-0123456789abcdef';
const CREATED_AT = '2026-11-02T02:00:00.000Z';
const LONG_AFTER = '2026-12-21T02:00:00.000Z';

/** A webhook receiver that keeps what it is sent. */
class Receiver {
  readonly bodies: string[] = [];
  private server: Server | null = null;

  async listen(): Promise<number> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        this.bodies.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('privacy: logs, answers and webhooks keep no personal data or secret (e2e)', () => {
  let h: Harness;
  const receiver = new Receiver();
  /** Every answer's body, with what it is allowed to hand out. */
  const answers: { label: string; body: string; issues: string[] }[] = [];
  const secrets = {
    idNumbers: new Set<string>([ID_NUMBERS.valid, ID_NUMBERS.other]),
    phones: new Set<string>(['13800138000', '13900139000', '15912345678']),
    accessCodes: new Set<string>(),
    passwords: new Set<string>(['admin-password-for-tests']),
    tokens: new Set<string>(),
  };

  beforeAll(async () => {
    const port = await receiver.listen();
    h = await startApi({
      captureLogs: true,
      worker: true,
      env: {
        TEST_CLOCK: 'enabled',
        ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/case-desk`,
        ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
        ALERT_WEBHOOK_BACKOFF_MS: '100',
        PUBLIC_STATUS_CACHE_ENTRIES: '1000',
        LOG_LEVEL: 'debug',
      },
    });
    secrets.tokens.add(h.adminToken);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await receiver.close();
  }, 30_000);

  /** A request whose answer is kept; `issues` names the secrets this answer hands out on purpose. */
  const call = async (method: string, path: string, options: RequestOptions = {}, issues: string[] = []) => {
    const res = await h.request(method, path, options);
    answers.push({ label: `${method} ${path}`, body: typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? ''), issues });
    return res;
  };

  const login = async (username: string, password: string) => {
    const res = await h.request<{ accessToken: string }>('POST', '/v1/auth/token', { body: { username, password } });
    expect(res.status).toBe(200);
    secrets.tokens.add(res.body.accessToken);
    answers.push({ label: 'POST /v1/auth/token', body: JSON.stringify(res.body), issues: [res.body.accessToken] });
    return res.body.accessToken;
  };

  it('runs a day of work and finds nothing to leak', async () => {
    const admin = h.adminToken;
    await call('PUT', '/v1/admin/test-clock', { token: admin, body: { now: CREATED_AT } });

    // Users and logins, one of them failed.
    const clerkPassword = 'clerk-password-0123456789';
    const supervisorPassword = 'supervisor-password-0123456789';
    secrets.passwords.add(clerkPassword).add(supervisorPassword).add('a-wrong-password-1234');
    await call('POST', '/v1/users', { token: admin, body: { username: 'clerk-gd', password: clerkPassword, role: 'CLERK', agency: '440500' } });
    await call('POST', '/v1/users', { token: admin, body: { username: 'super-jx', password: supervisorPassword, role: 'SUPERVISOR', agency: '360100' } });
    await call('POST', '/v1/auth/token', { body: { username: 'clerk-gd', password: 'a-wrong-password-1234' } });
    await call('POST', '/v1/auth/token', { body: { username: 'clerk-gd\u0000', password: clerkPassword } });
    const clerk = await login('clerk-gd', clerkPassword);
    const supervisor = await login('super-jx', supervisorPassword);

    // Cases, with the ID number and phone in the body; an idempotent replay; a bad ID number.
    const created: { id: string; caseNo: string; accessCode: string }[] = [];
    for (const [body, key] of [
      [transferBody(), 'k-1'],
      [transferBody({ applicant: { name: '王五', idNumber: ID_NUMBERS.other, phone: '15912345678' } }), 'k-2'],
      [refundBody({ region: '440500' }), undefined],
    ] as const) {
      const headers: Record<string, string> = key ? { 'idempotency-key': key } : {};
      const res = await h.request<{ id: string; caseNo: string; accessCode: string }>('POST', '/v1/cases', { token: clerk, body, headers });
      expect(res.status).toBe(201);
      secrets.accessCodes.add(res.body.accessCode);
      answers.push({ label: 'POST /v1/cases', body: JSON.stringify(res.body), issues: [res.body.accessCode] });
      created.push(res.body);
    }
    const replay = await h.request('POST', '/v1/cases', { token: clerk, body: transferBody(), headers: { 'idempotency-key': 'k-1' } });
    answers.push({ label: 'POST /v1/cases (replay)', body: JSON.stringify(replay.body), issues: [created[0].accessCode] });
    await call('POST', '/v1/cases', { token: clerk, body: transferBody({ applicant: { name: '赵六', idNumber: '11010519491231002Y', phone: '13800138000' } }) });

    // Reads by full ID number: in the path (as sent), in q, by caseNo and id.
    const [transfer, other, refund] = created;
    for (const id of secrets.idNumbers) {
      await call('GET', `/v1/cases/${id}`, { token: clerk });
      await call('GET', `/v1/cases/${id}/sla`, { token: clerk });
      await call('POST', `/v1/cases/${id}/transitions`, { token: clerk, body: { action: 'withdraw' } });
      await call('GET', `/v1/cases?q=${id}`, { token: clerk });
      await call('GET', `/v1/public/cases/${id}`, { headers: { 'x-access-code': transfer.accessCode } });
    }
    await call('GET', '/v1/cases/13800138000', { token: clerk });
    await call('GET', `/v1/cases/${transfer.caseNo}`, { token: clerk });
    await call('GET', `/v1/cases/${transfer.id}/sla`, { token: clerk });
    await call('GET', '/v1/cases?limit=2', { token: supervisor });

    // Transitions with typed text carrying ID numbers and phones.
    const approve = await call('POST', `/v1/cases/${transfer.id}/transitions`, {
      token: clerk,
      body: { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '2345.60', comment: `核对身份证${ID_NUMBERS.valid}，联系电话13800138000` },
    });
    expect(approve.status).toBe(200);
    await call('POST', `/v1/cases/${refund.id}/transitions`, {
      token: clerk,
      body: { action: 'request-materials', materials: ['ID_CARD'], comment: `请补充 ${ID_NUMBERS.other} 的材料，电话 139-0013-9000` },
    });
    secrets.phones.add('139-0013-9000');
    await call('GET', `/v1/cases/${transfer.id}`, { token: supervisor });
    await call('PUT', '/v1/calendar/days/2026-12-31', { token: admin, body: { type: 'HOLIDAY', name: '值班电话13800138000' } });

    // The applicant polls with the code (the first answer comes from the database, the next from memory),
    // with a stale tag, and with a wrong code.
    for (let i = 0; i < 3; i++) await call('GET', `/v1/public/cases/${transfer.caseNo}`, { headers: { 'x-access-code': transfer.accessCode } });
    await call('GET', `/v1/public/cases/${other.caseNo}`, { headers: { 'x-access-code': other.accessCode, 'if-none-match': '"stale"' } });
    await call('GET', `/v1/public/cases/${other.caseNo}`, { headers: { 'x-access-code': transfer.accessCode } });

    // A month later the sweep raises alerts and the worker delivers them to the webhook.
    await call('PUT', '/v1/admin/test-clock', { token: admin, body: { now: LONG_AFTER } });
    const sweep = await call('POST', '/v1/admin/sla/sweep', { token: admin });
    expect(sweep.status).toBe(200);
    const alerts = await call('GET', '/v1/alerts', { token: clerk });
    expect(alerts.body.items.length).toBeGreaterThan(0);
    await eventually(() => (receiver.bodies.length >= alerts.body.items.length ? true : null), 30_000, 'a webhook body per alert');
    await call('POST', `/v1/alerts/${alerts.body.items[0].id}/acknowledge`, { token: clerk });
    await call('DELETE', '/v1/admin/test-clock', { token: admin });

    // What was captured: log lines of both apps, every answer, every webhook body.
    const logs = h.logs;
    // The worker's lines (its jobs, the webhook delivery) are in the capture too.
    expect(logs.some((line) => line.includes('"context":"Jobs"') && line.includes('"job":"deliver-alert"'))).toBe(true);
    expect(logs.some((line) => line.includes('alert delivered'))).toBe(true);
    const leaks: string[] = [];
    const look = (where: string, text: string, allowed: string[] = []) => {
      for (const [kind, values] of Object.entries(secrets)) {
        for (const value of values) {
          if (allowed.includes(value)) continue;
          if (text.includes(value)) leaks.push(`${kind} ${value.slice(0, 6)}… in ${where}: ${text.slice(0, 160)}`);
          // A token's signature alone would still be a credential.
          if (kind === 'tokens' && text.includes(value.split('.')[2])) leaks.push(`token signature in ${where}`);
        }
      }
      // Shapes too: any ID-number-like or mobile-like run of digits (hex and hyphen neighbours excluded, so ids do not count).
      const shape = /(?<![0-9A-Fa-f-])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Fa-f])/.exec(text);
      if (shape) leaks.push(`a full number ${shape[0].slice(0, 6)}… in ${where}: ${text.slice(0, 160)}`);
    };
    logs.forEach((line, i) => look(`log line ${i}`, line));
    for (const answer of answers) look(`answer to ${answer.label}`, answer.body, answer.issues);
    receiver.bodies.forEach((body, i) => look(`webhook body ${i}`, body));
    console.log(`privacy: ${logs.length} log lines, ${answers.length} answers, ${receiver.bodies.length} webhook bodies checked`);
    expect(leaks.slice(0, 10)).toEqual([]);
    expect(logs.some((line) => line.includes('/v1/cases/110105********002X'))).toBe(true);
    expect(logs.length).toBeGreaterThan(50);
    expect(receiver.bodies.length).toBeGreaterThan(0);
  }, 90_000);
});
