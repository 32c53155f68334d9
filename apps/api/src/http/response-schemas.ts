import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  ALERT_LEVELS,
  CASE_KIND_DEFINITIONS,
  CASE_KINDS,
  CASE_STATUSES,
  CHANNELS,
  CLOCK_NAMES,
  INSURANCE_TYPES,
  ROLES,
  type KindViewField,
} from '@case-desk/domain';

// The documented shapes of the API's answers (API.md), for the OpenAPI document and the clients generated
// from it. Each class name is its schema's name in `components.schemas`.

const instant = z.iso.datetime().meta({ example: '2026-12-07T16:00:00.000Z' });
const localDate = z.iso.date().meta({ description: 'a date in Asia/Shanghai', example: '2026-12-07' });
const moneyOut = z.string().meta({ description: 'decimal string with exactly two decimals', example: '1234.50' });
const code6 = z.string().meta({ description: '6-digit GB/T 2260 code', example: '440500' });
const nextCursor = z.string().meta({ description: 'pass as `cursor` for the next page; null on the last page' }).nullable();
const clockState = z.enum(['ON_TRACK', 'DUE_SOON', 'OVERDUE', 'PAUSED', 'MET', 'MISSED']);

export class Problem extends createZodDto(
  z
    .object({
      type: z.string().meta({ example: 'urn:case-desk:problem:validation-failed' }),
      title: z.string(),
      status: z.number().int().meta({ example: 400 }),
      detail: z.string().optional(),
      code: z
        .enum([
          'VALIDATION_FAILED',
          'UNAUTHENTICATED',
          'FORBIDDEN',
          'NOT_FOUND',
          'INVALID_TRANSITION',
          'IDEMPOTENCY_CONFLICT',
          'VERSION_MISMATCH',
          'BUSINESS_RULE',
          'PAYLOAD_TOO_LARGE',
          'UNSUPPORTED_MEDIA_TYPE',
          'RATE_LIMITED',
          'SERVICE_UNAVAILABLE',
          'INTERNAL',
        ])
        .meta({ description: 'stable and machine-readable (API.md, the table of codes)' }),
      errors: z
        .array(z.object({ path: z.string().meta({ example: 'applicant.idNumber' }), message: z.string() }))
        .optional()
        .meta({ description: 'one entry per refused field' }),
      allowedActions: z.array(z.string()).optional().meta({ description: 'with INVALID_TRANSITION: the actions allowed now' }),
    })
    .meta({ description: 'RFC 9457 problem details, the body of every error (application/problem+json)' }),
) {}

export class TokenResponse extends createZodDto(
  z.strictObject({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().meta({ description: 'seconds', example: 3600 }),
  }),
) {}

const user = z.strictObject({
  id: z.uuid(),
  username: z.string().meta({ example: 'clerk-440500' }),
  role: z.enum(ROLES),
  agency: code6,
  createdAt: instant,
});
export class User extends createZodDto(user) {}
export class UserPage extends createZodDto(z.strictObject({ items: z.array(user), nextCursor })) {}

const clockView = {
  startedAt: instant,
  dueAt: instant.nullable().meta({ description: 'null for a BALANCE stage before the overall clock has a due date' }),
  state: clockState,
  workingDaysRemaining: z.number().int().nullable().meta({ description: 'from today (if a working day) through the due date' }),
  calendarConfirmed: z.boolean().meta({ description: 'false when the due date lies in a year whose holidays are not published yet' }),
};

const caseSla = z
  .strictObject({
    stage: z.strictObject({ name: z.enum(CLOCK_NAMES), ...clockView }).nullable(),
    overall: z.strictObject({ ...clockView, completedAt: instant.nullable() }).nullable(),
  })
  .nullable();

const timelineEntry = z.strictObject({
  at: instant,
  action: z.string().meta({ example: 'approve-outgoing' }),
  from: z.enum(CASE_STATUSES).nullable(),
  to: z.enum(CASE_STATUSES),
  actor: z.string(),
  comment: z.string().nullable(),
  data: z.unknown().meta({ description: "the action's fields" }),
});

/** A kind's own field is documented with the kinds whose views show it (their definitions' viewFields). */
function onlyFor(field: KindViewField): string {
  return `${CASE_KIND_DEFINITIONS.filter((d) => d.viewFields.includes(field))
    .map((d) => d.code)
    .join(', ')} only`;
}

const caseFields = {
  id: z.uuid(),
  caseNo: z.string().max(20).meta({ example: 'TR-20261123-0000001' }),
  kind: z.enum(CASE_KINDS),
  status: z.enum(CASE_STATUSES),
  insuranceType: z.enum(INSURANCE_TYPES),
  channel: z.enum(CHANNELS),
  applicant: z.strictObject({
    name: z.string(),
    idNumberMasked: z.string().meta({ example: '110105********002X' }),
    phoneMasked: z.string().nullable().meta({ example: '138****8000' }),
  }),
  fromRegion: code6.nullable().optional().meta({ description: onlyFor('fromRegion') }),
  toRegion: code6.nullable().optional().meta({ description: onlyFor('toRegion') }),
  scope: z.enum(['INTRA_PROVINCE', 'CROSS_PROVINCE']).meta({ description: onlyFor('scope') }).nullable().optional(),
  toInsuranceType: z.enum(INSURANCE_TYPES).meta({ description: onlyFor('toInsuranceType') }).nullable().optional(),
  contributionMonths: z.number().int().meta({ description: `${onlyFor('contributionMonths')}; null until approved` }).nullable().optional(),
  region: code6.nullable().optional().meta({ description: onlyFor('region') }),
  amount: moneyOut.nullable().optional().meta({ description: onlyFor('amount') }),
  periodFrom: z.string().meta({ description: `${onlyFor('periodFrom')} (YYYY-MM)`, example: '2025-01' }).nullable().optional(),
  periodTo: z.string().meta({ description: `${onlyFor('periodTo')} (YYYY-MM)`, example: '2025-06' }).nullable().optional(),
  reason: z.string(),
  balanceAmount: moneyOut.nullable(),
  approvedAmount: moneyOut.nullable(),
  paidAmount: moneyOut.nullable(),
  rejectionCode: z.string().meta({ description: 'set by a rejection' }).nullable(),
  materialsRequested: z.array(z.string()),
  version: z.number().int().meta({ description: 'also the ETag; send it back in If-Match' }),
  createdAt: instant,
  updatedAt: instant,
  allowedActions: z.array(z.string()).meta({ description: 'the actions the caller may take now' }),
  sla: caseSla,
};

const caseSummary = z.strictObject(caseFields);
export class CaseSummary extends createZodDto(caseSummary) {}
export class CaseDetail extends createZodDto(z.strictObject({ ...caseFields, timeline: z.array(timelineEntry) })) {}
export class CreatedCase extends createZodDto(
  z.strictObject({
    ...caseFields,
    timeline: z.array(timelineEntry).optional(),
    accessCode: z.string().min(8).meta({ description: 'for the applicant; in this response only', example: 'K7QX-93MD' }),
  }),
) {}
export class CasePage extends createZodDto(z.strictObject({ items: z.array(caseSummary), nextCursor })) {}

export class SlaExplanation extends createZodDto(
  z.strictObject({
    caseId: z.uuid(),
    caseNo: z.string(),
    clocks: z.array(
      z.strictObject({
        clock: z.enum(CLOCK_NAMES),
        ...clockView,
        dueDate: localDate.nullable().meta({ description: 'the date at whose 24:00 (Asia/Shanghai) the clock is due' }),
        budgetDays: z.number().int().nullable(),
        dueWith: z.enum(['BUDGET', 'OVERALL']).meta({ description: 'OVERALL: no budget of its own, due with the overall clock' }),
        countedDays: z.array(localDate).meta({ description: 'the working days that make up the budget' }),
        workingDaysUsed: z.number().int(),
        skippedDays: z.array(
          z.strictObject({
            date: localDate,
            reason: z.enum(['WEEKEND', 'HOLIDAY']),
            name: z.string().nullable(),
            source: z.enum(['BUILTIN', 'OVERRIDE']).nullable(),
          }),
        ),
        pauses: z.array(
          z.strictObject({
            pausedAt: instant,
            resumedAt: instant.nullable(),
            workingDaysLeft: z.number().int(),
            dueAtWhenPaused: instant.nullable(),
            overdue: z.boolean(),
          }),
        ),
      }),
    ),
  }),
) {}

const calendarDay = z.strictObject({
  date: localDate,
  type: z.enum(['HOLIDAY', 'WORKDAY']).meta({ description: 'HOLIDAY: a day off; WORKDAY: a weekend day worked (调休)' }),
  name: z.string().meta({ example: '国庆节' }),
  source: z.enum(['BUILTIN', 'OVERRIDE']),
});
export class CalendarDay extends createZodDto(calendarDay) {}
export class CalendarYear extends createZodDto(
  z.strictObject({
    year: z.number().int().meta({ example: 2026 }),
    confirmed: z.boolean().meta({ description: 'false while the year’s holiday notice is not in the data' }),
    days: z.array(calendarDay),
  }),
) {}
export class WorkingDaysResult extends createZodDto(
  z.strictObject({ from: localDate, days: z.number().int(), date: localDate }),
) {}

const alert = z.strictObject({
  id: z.uuid(),
  caseId: z.uuid(),
  caseNo: z.string(),
  clock: z.enum(CLOCK_NAMES),
  level: z.enum(ALERT_LEVELS),
  agency: code6,
  dueAt: instant,
  raisedAt: instant,
  acknowledgedAt: instant.nullable(),
  acknowledgedBy: z.string().meta({ description: 'username' }).nullable(),
});
export class Alert extends createZodDto(alert) {}
export class AlertPage extends createZodDto(z.strictObject({ items: z.array(alert), nextCursor })) {}

export class SweepResult extends createZodDto(
  z.strictObject({
    evaluated: z.number().int(),
    raised: z.strictObject({ DUE_SOON: z.number().int(), OVERDUE: z.number().int(), ESCALATED: z.number().int() }),
  }),
) {}

export class OperationsStatus extends createZodDto(
  z.strictObject({
      lastSweepCompletedAt: instant.nullable(),
      sweepHealthy: z.boolean(),
      undeliveredAlerts: z.number().int(),
      oldestUndeliveredAt: instant.nullable(),
      calendar: z.strictObject({
        confirmedThrough: z.iso.date().nullable(),
        nextYearConfirmed: z.boolean(),
      }),
    }),
) {}

export class TestClockState extends createZodDto(z.strictObject({ now: instant, frozen: z.boolean() })) {}

const check = z.strictObject({ status: z.enum(['up', 'down']), error: z.string().optional() });
export class Liveness extends createZodDto(z.strictObject({ status: z.literal('ok') })) {}
export class Readiness extends createZodDto(
  z.strictObject({ status: z.literal('ok'), checks: z.strictObject({ database: check, redis: check }) }),
) {}
