// Transfer of the insurance relationship (医保关系转移接续):
// SUBMITTED -> OUTGOING_APPROVED -> INCOMING_ENROLLED -> BALANCE_TRANSFERRED.
// The origin (fromRegion) acts until outgoing approval, the destination (toRegion) after it.
import { TRANSFER_REJECTION_CODES, type CaseStatus } from '../codes';
import type { FieldError } from '../errors';
import { compareMoney, isMoney, isZeroMoney } from '../money';
import type { ActingSide, TransitionRule, TransitionTable } from './case-machine.types';
import { fixedSide, rejectRule, requestMaterialsRule, resumeRule, withdrawRule } from './shared.rules';

const approveOutgoing: TransitionRule<'approve-outgoing'> = {
  side: fixedSide('ORIGIN'),
  validate: (c, input) => {
    const errors: FieldError[] = [];
    const months = input.contributionMonths;
    if (typeof months !== 'number' || !Number.isSafeInteger(months) || months < 0) {
      errors.push({ path: 'contributionMonths', message: 'must be a whole number of months, 0 or more' });
    }
    const balance = input.balanceAmount;
    if (c.insuranceType === 'EMPLOYEE') {
      if (balance === undefined) {
        errors.push({
          path: 'balanceAmount',
          message: 'is required for employee insurance: the personal-account balance to remit ("0.00" if none)',
        });
      } else if (!isMoney(balance)) {
        errors.push({ path: 'balanceAmount', message: 'must be an amount with two decimals, e.g. "1234.50"' });
      }
    } else if (balance !== undefined && !(isMoney(balance) && isZeroMoney(balance))) {
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
  validate: () => [],
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
  validate: (_c, input) =>
    isMoney(input.receivedAmount)
      ? []
      : [{ path: 'receivedAmount', message: 'must be an amount with two decimals, e.g. "1234.50"' }],
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

export const TRANSFER_MACHINE: TransitionTable = {
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
  // Refund statuses never occur on a transfer.
  REFUND_APPROVED: {},
  REFUNDED: {},
};
