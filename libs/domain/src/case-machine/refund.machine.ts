// Refund of duplicate contributions (重复缴费退费): SUBMITTED -> REFUND_APPROVED -> REFUNDED.
// One agency (region) handles every step.
import { REFUND_REJECTION_CODES } from '../codes';
import { compareMoney, isMoney } from '../money';
import type { TransitionRule, TransitionTable } from './case-machine.types';
import { fixedSide, rejectRule, requestMaterialsRule, resumeRule, withdrawRule } from './shared.rules';

const MONEY_MESSAGE = 'must be an amount with two decimals, e.g. "1234.50"';

const approveRefund: TransitionRule<'approve-refund'> = {
  side: fixedSide('REGION'),
  validate: (_c, input) => (isMoney(input.approvedAmount) ? [] : [{ path: 'approvedAmount', message: MONEY_MESSAGE }]),
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
  validate: (_c, input) => (isMoney(input.paidAmount) ? [] : [{ path: 'paidAmount', message: MONEY_MESSAGE }]),
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

export const REFUND_MACHINE: TransitionTable = {
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
  // Transfer statuses never occur on a refund.
  OUTGOING_APPROVED: {},
  INCOMING_ENROLLED: {},
  BALANCE_TRANSFERRED: {},
};
