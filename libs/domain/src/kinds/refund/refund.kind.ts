// Refund of duplicate contributions (重复缴费退费): SUBMITTED -> REFUND_APPROVED -> REFUNDED.
// One agency (region) handles every step.
import { z } from 'zod';
import { CHANNELS, INSURANCE_TYPES, REFUND_REASONS, REFUND_REJECTION_CODES } from '../../codes';
import { validateFeePeriod } from '../../fee-period';
import { compareMoney } from '../../money';
import type { TransitionRule, TransitionTable } from '../../case-machine/case-machine.types';
import { applicant, money, regionCode, yearMonth } from '../fields';
import type { CaseKindDefinition, CaseParties } from '../kind-definition';
import { fixedSide, rejectRule, requestMaterialsRule, resumeRule, withdrawRule } from '../shared.rules';

const approveRefund: TransitionRule<'approve-refund'> = {
  side: fixedSide('REGION'),
  // Only the personal part comes back, so less than claimed may be approved, never more.
  violation: (c, input) => {
    if (c.amount === null) return 'the case records no claimed amount to compare with';
    return compareMoney(input.approvedAmount, c.amount) <= 0
      ? null
      : `approved amount ${input.approvedAmount} exceeds the claimed amount ${c.amount}`;
  },
  apply: (c, input) => ({
    to: 'REFUND_APPROVED',
    patch: { approvedAmount: input.approvedAmount },
    eventData: { approvedAmount: input.approvedAmount, claimedAmount: c.amount },
  }),
};

const confirmRefund: TransitionRule<'confirm-refund'> = {
  side: fixedSide('REGION'),
  violation: (c, input) => {
    if (c.approvedAmount === null) return 'the case records no approved amount to compare with';
    return compareMoney(input.paidAmount, c.approvedAmount) === 0
      ? null
      : `paid amount ${input.paidAmount} does not equal the approved amount ${c.approvedAmount}`;
  },
  apply: (_c, input) => ({
    to: 'REFUNDED',
    patch: { paidAmount: input.paidAmount },
    eventData: { paidAmount: input.paidAmount },
  }),
};

const REFUND_TRANSITIONS: TransitionTable = {
  SUBMITTED: {
    'approve-refund': approveRefund,
    reject: rejectRule('REGION', REFUND_REJECTION_CODES, 'refund'),
    // Only before approval: the payment step needs nothing more from the applicant, and pausing
    // it would hold back money already found to be owed.
    'request-materials': requestMaterialsRule('REGION'),
    withdraw: withdrawRule('REGION'),
  },
  REFUND_APPROVED: {
    'confirm-refund': confirmRefund,
  },
  SUPPLEMENT_REQUIRED: {
    resume: resumeRule(['SUBMITTED'], () => 'REGION'),
    withdraw: withdrawRule('REGION'),
  },
  REFUNDED: {},
  REJECTED: {},
  WITHDRAWN: {},
};

const REFUND_CREATE_SCHEMA = z
  .strictObject({
    kind: z.literal('REFUND'),
    applicant,
    insuranceType: z.enum(INSURANCE_TYPES),
    region: regionCode,
    reason: z.enum(REFUND_REASONS),
    amount: money,
    periodFrom: yearMonth,
    periodTo: yearMonth,
    channel: z.enum(CHANNELS).optional().meta({ description: 'defaults to WINDOW' }),
  })
  .meta({ id: 'RefundCaseRequest' });

export type RefundCaseInput = z.infer<typeof REFUND_CREATE_SCHEMA>;

const region = (c: Omit<CaseParties, 'status'>) => c.region;
const regionOnly = (c: Omit<CaseParties, 'status'>) => ({ agency: c.region, other: null });

export const REFUND_KIND: CaseKindDefinition<'REFUND', RefundCaseInput> & {
  creation: { schema: typeof REFUND_CREATE_SCHEMA };
} = {
  code: 'REFUND',
  statuses: ['SUBMITTED', 'REFUND_APPROVED', 'REFUNDED', 'SUPPLEMENT_REQUIRED', 'REJECTED', 'WITHDRAWN'],
  transitions: REFUND_TRANSITIONS,
  submissionLabel: null,
  stages: [
    { name: 'REVIEW', label: '受理审核', statuses: ['SUBMITTED'] },
    { name: 'PAYMENT', label: '退款支付', statuses: ['REFUND_APPROVED'] },
  ],
  // Budgets are the agency's policy (configurable, API.md "Default policy").
  clocks: [
    {
      clock: 'REVIEW',
      startsOn: 'SUBMIT',
      stopsOn: ['approve-refund', 'reject'],
      budgetDays: 10,
      alertAgency: region,
      reportAgencies: regionOnly,
    },
    {
      clock: 'PAYMENT',
      startsOn: 'approve-refund',
      stopsOn: ['confirm-refund'],
      budgetDays: 5,
      alertAgency: region,
      reportAgencies: regionOnly,
    },
    {
      clock: 'OVERALL',
      startsOn: 'SUBMIT',
      stopsOn: ['confirm-refund', 'reject', 'withdraw'],
      budgetDays: 15,
      alertAgency: region,
      reportAgencies: regionOnly,
    },
  ],
  creation: {
    schema: REFUND_CREATE_SCHEMA,
    caseNoPrefix: 'RF',
    validate: (input, today) => validateFeePeriod(input.periodFrom, input.periodTo, today),
    violation: () => null,
    // One open refund per person and month: a second claim for the same months waits for the first.
    overlap: {
      lockPrefix: 'refund-person',
      range: (input) => ({ from: input.periodFrom, to: input.periodTo }),
      conflict: (input, openCaseNo) => ({
        message: `an open refund (${openCaseNo}) already covers part of ${input.periodFrom}..${input.periodTo} for this person`,
        errors: [{ path: 'periodFrom', message: `overlaps open refund ${openCaseNo}` }],
      }),
    },
    columns: (input) => ({ region: input.region, amount: input.amount, periodFrom: input.periodFrom, periodTo: input.periodTo }),
    example: {
      key: 'refund',
      summary: 'A duplicate-contribution refund (重复缴费退费)',
      value: {
        kind: 'REFUND',
        applicant: { name: '李四', idNumber: '11010519491231002X' },
        insuranceType: 'RESIDENT',
        region: '360100',
        reason: 'RESIDENT_DUP_BEFORE_BENEFIT',
        amount: '1234.50',
        periodFrom: '2025-01',
        periodTo: '2025-06',
      },
    },
  },
  viewFields: ['region', 'amount', 'periodFrom', 'periodTo'],
  sides: null,
};
