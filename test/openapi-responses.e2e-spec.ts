import type { ZodType } from 'zod';
import {
  Alert,
  AlertPage,
  CalendarDay,
  CalendarYear,
  CaseDetail,
  CasePage,
  CreatedCase,
  Problem,
  SlaExplanation,
  SweepResult,
  TestClockState,
  TokenResponse,
  User,
  UserPage,
  WorkingDaysResult,
} from '../apps/api/src/http/response-schemas';
import { Harness, startApi } from './support/api-harness';
import { refundBody, transferBody } from './support/factories';

// The OpenAPI document's response schemas are what clients are generated from: every answer of the running API
// must match its (strict) schema exactly, or a generated client would be lied to.
describe('answers match the response schemas of the OpenAPI document (e2e)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApi({ worker: true, env: { TEST_CLOCK: 'enabled' } });
  }, 60_000);
  afterAll(() => h.close());

  const expectShape = async (schema: { schema: ZodType }, method: string, path: string, status: number, body?: unknown, token = h.adminToken) => {
    const res = await h.request(method, path, { token, body });
    expect([path, res.status]).toEqual([path, status]);
    const parsed = schema.schema.safeParse(res.body);
    expect([path, parsed.success ? 'ok' : parsed.error.issues]).toEqual([path, 'ok']);
    return res.body;
  };

  it('token, users, cases, transitions, SLA explanations, calendar, alerts, sweeps and the test clock', async () => {
    await expectShape(TokenResponse, 'POST', '/v1/auth/token', 200, { username: 'admin', password: 'admin-password-for-tests' }, '');
    await expectShape(User, 'POST', '/v1/users', 201, { username: 'schema.clerk', password: 'a-long-password-1', role: 'CLERK', agency: '440500' });
    await expectShape(UserPage, 'GET', '/v1/users', 200);
    await expectShape(TestClockState, 'PUT', '/v1/admin/test-clock', 200, { now: '2026-11-23T02:00:00.000Z' });

    const transfer = await expectShape(CreatedCase, 'POST', '/v1/cases', 201, transferBody());
    const refund = await expectShape(CreatedCase, 'POST', '/v1/cases', 201, refundBody({ region: '440500' }));
    await expectShape(CaseDetail, 'GET', `/v1/cases/${transfer.caseNo}`, 200);
    await expectShape(CaseDetail, 'GET', `/v1/cases/${refund.id}`, 200);
    await expectShape(CasePage, 'GET', '/v1/cases?limit=5', 200);
    await expectShape(CaseDetail, 'POST', `/v1/cases/${transfer.id}/transitions`, 200, { action: 'approve-outgoing', contributionMonths: 12, balanceAmount: '100.00' });
    await expectShape(CaseDetail, 'POST', `/v1/cases/${refund.id}/transitions`, 200, { action: 'request-materials', materials: ['ID_CARD'] });
    await expectShape(SlaExplanation, 'GET', `/v1/cases/${transfer.id}/sla`, 200);
    await expectShape(SlaExplanation, 'GET', `/v1/cases/${refund.id}/sla`, 200);
    await expectShape(Problem, 'POST', `/v1/cases/${transfer.id}/transitions`, 409, { action: 'approve-outgoing', contributionMonths: 1, balanceAmount: '1.00' });

    await expectShape(CalendarYear, 'GET', '/v1/calendar/2026', 200);
    await expectShape(WorkingDaysResult, 'GET', '/v1/calendar/add-working-days?from=2026-09-29&days=5', 200);
    await expectShape(CalendarDay, 'PUT', '/v1/calendar/days/2026-12-31', 200, { type: 'HOLIDAY', name: '测试' });

    await expectShape(TestClockState, 'PUT', '/v1/admin/test-clock', 200, { now: '2026-12-18T02:00:00.000Z' });
    await expectShape(SweepResult, 'POST', '/v1/admin/sla/sweep', 200);
    const alerts = await expectShape(AlertPage, 'GET', '/v1/alerts', 200);
    expect(alerts.items.length).toBeGreaterThan(0);
    await expectShape(Alert, 'POST', `/v1/alerts/${alerts.items[0].id}/acknowledge`, 200);
    await expectShape(Problem, 'GET', '/v1/cases/no-such-case', 404);
  }, 120_000);
});
