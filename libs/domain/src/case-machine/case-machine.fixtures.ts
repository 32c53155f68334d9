// Test fixtures shared by the case-machine specs (not exported from the library).
import type { Actor } from '../access/actor';
import type { CaseAction, Role } from '../codes';
import { assertUnreachable } from '../errors';
import type { CaseSnapshot, TransitionInput } from './case-machine.types';

export const ORIGIN = '440500';
export const DESTINATION = '360100';
export const REFUND_REGION = '360100';

export function transferCase(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    kind: 'TRANSFER',
    status: 'SUBMITTED',
    insuranceType: 'EMPLOYEE',
    fromRegion: ORIGIN,
    toRegion: DESTINATION,
    region: null,
    balanceAmount: null,
    amount: null,
    approvedAmount: null,
    pausedFromStatus: null,
    ...overrides,
  };
}

export function refundCase(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    kind: 'REFUND',
    status: 'SUBMITTED',
    insuranceType: 'EMPLOYEE',
    fromRegion: null,
    toRegion: null,
    region: REFUND_REGION,
    balanceAmount: null,
    amount: '1234.50',
    approvedAmount: null,
    pausedFromStatus: null,
    ...overrides,
  };
}

/** One consistent snapshot per reachable state, plus the statuses a kind never reaches. */
export const SCENARIOS: Record<string, CaseSnapshot> = {
  'TRANSFER SUBMITTED': transferCase(),
  'TRANSFER OUTGOING_APPROVED': transferCase({ status: 'OUTGOING_APPROVED', balanceAmount: '1200.00' }),
  'TRANSFER OUTGOING_APPROVED no balance': transferCase({
    status: 'OUTGOING_APPROVED',
    insuranceType: 'RESIDENT',
    balanceAmount: '0.00',
  }),
  'TRANSFER INCOMING_ENROLLED': transferCase({ status: 'INCOMING_ENROLLED', balanceAmount: '1200.00' }),
  'TRANSFER SUPPLEMENT_REQUIRED from SUBMITTED': transferCase({
    status: 'SUPPLEMENT_REQUIRED',
    pausedFromStatus: 'SUBMITTED',
  }),
  'TRANSFER SUPPLEMENT_REQUIRED from OUTGOING_APPROVED': transferCase({
    status: 'SUPPLEMENT_REQUIRED',
    pausedFromStatus: 'OUTGOING_APPROVED',
    balanceAmount: '1200.00',
  }),
  'TRANSFER BALANCE_TRANSFERRED': transferCase({ status: 'BALANCE_TRANSFERRED', balanceAmount: '1200.00' }),
  'TRANSFER REJECTED': transferCase({ status: 'REJECTED' }),
  'TRANSFER WITHDRAWN': transferCase({ status: 'WITHDRAWN' }),
  'TRANSFER REFUND_APPROVED (never reached)': transferCase({ status: 'REFUND_APPROVED' }),
  'TRANSFER REFUNDED (never reached)': transferCase({ status: 'REFUNDED' }),
  'REFUND SUBMITTED': refundCase(),
  'REFUND REFUND_APPROVED': refundCase({ status: 'REFUND_APPROVED', approvedAmount: '1000.00' }),
  'REFUND SUPPLEMENT_REQUIRED': refundCase({ status: 'SUPPLEMENT_REQUIRED', pausedFromStatus: 'SUBMITTED' }),
  'REFUND REFUNDED': refundCase({ status: 'REFUNDED', approvedAmount: '1000.00' }),
  'REFUND REJECTED': refundCase({ status: 'REJECTED' }),
  'REFUND WITHDRAWN': refundCase({ status: 'WITHDRAWN' }),
  'REFUND OUTGOING_APPROVED (never reached)': refundCase({ status: 'OUTGOING_APPROVED' }),
  'REFUND INCOMING_ENROLLED (never reached)': refundCase({ status: 'INCOMING_ENROLLED' }),
  'REFUND BALANCE_TRANSFERRED (never reached)': refundCase({ status: 'BALANCE_TRANSFERRED' }),
};

function makeActor(role: Role, agency: string): Actor {
  return { id: `${role}-${agency}`, username: `${role.toLowerCase()}-${agency}`, role, agency };
}

export const ACTORS: Record<string, Actor> = {
  'clerk 440500': makeActor('CLERK', '440500'),
  'clerk 360100': makeActor('CLERK', '360100'),
  'clerk 440300': makeActor('CLERK', '440300'),
  'supervisor 44': makeActor('SUPERVISOR', '440000'),
  'supervisor 36': makeActor('SUPERVISOR', '360000'),
  'supervisor 11': makeActor('SUPERVISOR', '110000'),
  admin: makeActor('ADMIN', '110000'),
};

export const ADMIN = ACTORS.admin;

/** An input for `action` that every guard accepts on `c`. */
export function validInput(c: CaseSnapshot, action: CaseAction): TransitionInput {
  switch (action) {
    case 'approve-outgoing':
      return c.insuranceType === 'EMPLOYEE'
        ? { action, contributionMonths: 36, balanceAmount: '1200.00' }
        : { action, contributionMonths: 36 };
    case 'enrol-incoming':
    case 'resume':
    case 'withdraw':
      return { action };
    case 'confirm-balance':
      return { action, receivedAmount: c.balanceAmount ?? '0.00' };
    case 'approve-refund':
      return { action, approvedAmount: c.amount ?? '0.00' };
    case 'confirm-refund':
      return { action, paidAmount: c.approvedAmount ?? '0.00' };
    case 'reject':
      return { action, reasonCode: c.kind === 'TRANSFER' ? 'ARREARS' : 'BENEFITS_USED', comment: '欠费未清' };
    case 'request-materials':
      return { action, materials: ['ID_CARD', 'INFO_SHEET'] };
    default:
      return assertUnreachable(action);
  }
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, but the call returned');
}
