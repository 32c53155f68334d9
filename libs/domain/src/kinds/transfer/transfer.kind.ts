// Transfer of the insurance relationship (医保关系转移接续):
// SUBMITTED -> OUTGOING_APPROVED -> INCOMING_ENROLLED -> BALANCE_TRANSFERRED.
// The origin (fromRegion) acts until outgoing approval, the destination (toRegion) after it.
import { z } from 'zod';
import { CHANNELS, INSURANCE_TYPES, TRANSFER_REASONS, TRANSFER_REJECTION_CODES, type CaseStatus } from '../../codes';
import type { FieldError } from '../../errors';
import { transferScope } from '../../identity/region-code';
import { compareMoney, isMoney, isZeroMoney } from '../../money';
import type { ActingSide, TransitionRule, TransitionTable } from '../../case-machine/case-machine.types';
import { applicant, regionCode } from '../fields';
import type { CaseKindDefinition, CaseParties } from '../kind-definition';
import { fixedSide, rejectRule, requestMaterialsRule, resumeRule, withdrawRule } from '../shared.rules';

const approveOutgoing: TransitionRule<'approve-outgoing'> = {
  side: fixedSide('ORIGIN'),
  // The schema checks the months and the balance's format; whether a balance is due depends on the case.
  validate: (c, input) => {
    const errors: FieldError[] = [];
    const balance = input.balanceAmount;
    if (c.insuranceType === 'EMPLOYEE') {
      if (balance === undefined) {
        errors.push({
          path: 'balanceAmount',
          message: 'is required for employee insurance: the personal-account balance to remit ("0.00" if none)',
        });
      }
    } else if (isMoney(balance) && !isZeroMoney(balance)) {
      errors.push({
        path: 'balanceAmount',
        message: 'must be absent or "0.00" for resident insurance, which has no personal account',
      });
    }
    return errors;
  },
  violation: () => null,
  apply: (c, input) => {
    // Resident insurance has no personal account: record 0.00 so the balance is known, not unknown.
    const balanceAmount = c.insuranceType === 'EMPLOYEE' ? (input.balanceAmount as string) : '0.00';
    return {
      to: 'OUTGOING_APPROVED',
      patch: { contributionMonths: input.contributionMonths, balanceAmount },
      eventData: { contributionMonths: input.contributionMonths, balanceAmount },
    };
  },
};

const enrolIncoming: TransitionRule<'enrol-incoming'> = {
  side: fixedSide('DESTINATION'),
  violation: () => null,
  apply: (c) => {
    // Nothing to remit: the case completes at enrolment and the BALANCE stage is skipped.
    if (c.balanceAmount === null || isZeroMoney(c.balanceAmount)) {
      return { to: 'BALANCE_TRANSFERRED', patch: {}, eventData: { balanceStage: 'SKIPPED' } };
    }
    return { to: 'INCOMING_ENROLLED', patch: {}, eventData: {} };
  },
};

const confirmBalance: TransitionRule<'confirm-balance'> = {
  side: fixedSide('DESTINATION'),
  violation: (c, input) => {
    if (c.balanceAmount === null) return 'the case records no balance amount to compare with';
    return compareMoney(input.receivedAmount, c.balanceAmount) === 0
      ? null
      : `received amount ${input.receivedAmount} does not equal the balance amount ${c.balanceAmount} on the information sheet`;
  },
  apply: (_c, input) => ({
    to: 'BALANCE_TRANSFERRED',
    patch: {},
    eventData: { receivedAmount: input.receivedAmount },
  }),
};

/** Outgoing-stage statuses belong to the origin; the incoming stage to the destination. */
function transferSideOfStage(status: CaseStatus | null): ActingSide {
  return status === 'OUTGOING_APPROVED' ? 'DESTINATION' : 'ORIGIN';
}

const TRANSFER_TRANSITIONS: TransitionTable = {
  SUBMITTED: {
    'approve-outgoing': approveOutgoing,
    reject: rejectRule('ORIGIN', TRANSFER_REJECTION_CODES, 'transfer'),
    'request-materials': requestMaterialsRule('ORIGIN'),
    withdraw: withdrawRule('EITHER'),
  },
  OUTGOING_APPROVED: {
    'enrol-incoming': enrolIncoming,
    reject: rejectRule('DESTINATION', TRANSFER_REJECTION_CODES, 'transfer'),
    'request-materials': requestMaterialsRule('DESTINATION'),
  },
  INCOMING_ENROLLED: {
    'confirm-balance': confirmBalance,
  },
  SUPPLEMENT_REQUIRED: {
    resume: resumeRule(['SUBMITTED', 'OUTGOING_APPROVED'], transferSideOfStage),
    withdraw: withdrawRule('EITHER'),
  },
  BALANCE_TRANSFERRED: {},
  REJECTED: {},
  WITHDRAWN: {},
};

const TRANSFER_CREATE_SCHEMA = z
  .strictObject({
    kind: z.literal('TRANSFER'),
    applicant,
    insuranceType: z.enum(INSURANCE_TYPES),
    toInsuranceType: z.enum(INSURANCE_TYPES).optional().meta({ description: 'defaults to insuranceType' }),
    fromRegion: regionCode,
    toRegion: regionCode,
    reason: z.enum(TRANSFER_REASONS),
    channel: z.enum(CHANNELS).optional().meta({ description: 'defaults to WINDOW' }),
  })
  .meta({ id: 'TransferCaseRequest' });

export type TransferCaseInput = z.infer<typeof TRANSFER_CREATE_SCHEMA>;

const origin = (c: Omit<CaseParties, 'status'>) => c.fromRegion;
const destination = (c: Omit<CaseParties, 'status'>) => c.toRegion;
const only = (pick: (c: Omit<CaseParties, 'status'>) => string | null) => (c: Omit<CaseParties, 'status'>) => ({ agency: pick(c), other: null });

export const TRANSFER_KIND: CaseKindDefinition<'TRANSFER', TransferCaseInput> & {
  creation: { schema: typeof TRANSFER_CREATE_SCHEMA };
} = {
  code: 'TRANSFER',
  statuses: [
    'SUBMITTED',
    'OUTGOING_APPROVED',
    'INCOMING_ENROLLED',
    'BALANCE_TRANSFERRED',
    'SUPPLEMENT_REQUIRED',
    'REJECTED',
    'WITHDRAWN',
  ],
  transitions: TRANSFER_TRANSITIONS,
  submissionLabel: '申请受理',
  stages: [
    { name: 'OUTGOING', label: '转出地办理', statuses: ['SUBMITTED'] },
    { name: 'INCOMING', label: '转入地办理', statuses: ['OUTGOING_APPROVED'] },
    { name: 'BALANCE', label: '个人账户到账', statuses: ['INCOMING_ENROLLED'] },
  ],
  // Budgets are law (DOMAIN.md).
  clocks: [
    {
      clock: 'OUTGOING',
      startsOn: 'SUBMIT',
      stopsOn: ['approve-outgoing', 'reject'],
      budgetDays: 10,
      alertAgency: origin,
      reportAgencies: only(origin),
    },
    {
      clock: 'INCOMING',
      startsOn: 'approve-outgoing',
      stopsOn: ['enrol-incoming', 'reject'],
      budgetDays: 5,
      alertAgency: destination,
      reportAgencies: only(destination),
    },
    // No national limit for the remittance: the overall 15 days (10 + 5) cover it.
    {
      clock: 'BALANCE',
      startsOn: 'enrol-incoming',
      stopsOn: ['confirm-balance'],
      budgetDays: null,
      alertAgency: destination,
      reportAgencies: only(destination),
    },
    {
      clock: 'OVERALL',
      startsOn: 'SUBMIT',
      stopsOn: ['confirm-balance', 'reject', 'withdraw'],
      budgetDays: 15,
      // Whoever holds the case now: the origin until it approves, then the destination.
      alertAgency: (c) => (c.status === 'SUBMITTED' || c.status === 'SUPPLEMENT_REQUIRED' ? c.fromRegion : c.toRegion),
      // Counts for both agencies in reports: `other` is the destination.
      reportAgencies: (c) => ({ agency: c.fromRegion, other: c.toRegion }),
    },
  ],
  creation: {
    schema: TRANSFER_CREATE_SCHEMA,
    caseNoPrefix: 'TR',
    validate: () => [],
    violation: (input) =>
      input.fromRegion === input.toRegion
        ? { message: 'fromRegion and toRegion must differ', errors: [{ path: 'toRegion', message: 'must differ from fromRegion' }] }
        : null,
    overlap: null,
    columns: (input) => ({
      fromRegion: input.fromRegion,
      toRegion: input.toRegion,
      scope: transferScope(input.fromRegion, input.toRegion),
      toInsuranceType: input.toInsuranceType ?? input.insuranceType,
    }),
    example: {
      key: 'transfer',
      summary: 'A transfer (医保关系转移接续)',
      value: {
        kind: 'TRANSFER',
        applicant: { name: '张三', idNumber: '11010519491231002X', phone: '13800138000' },
        insuranceType: 'EMPLOYEE',
        toInsuranceType: 'EMPLOYEE',
        fromRegion: '440500',
        toRegion: '360100',
        reason: 'JOB_CHANGE',
        channel: 'WINDOW',
      },
    },
  },
  viewFields: ['fromRegion', 'toRegion', 'scope', 'toInsuranceType', 'contributionMonths'],
  sides: { outgoing: 'fromRegion', incoming: 'toRegion' },
};
