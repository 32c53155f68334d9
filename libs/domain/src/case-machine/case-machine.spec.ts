import { CASE_ACTIONS, type CaseAction, type CaseStatus } from '../codes';
import { DomainError } from '../errors';
import { actingSideFor, allowedActions, planTransition } from './case-machine';
import type { TransitionInput } from './case-machine.types';
import { ACTORS, ADMIN, SCENARIOS, refundCase, thrownBy, transferCase, validInput } from './case-machine.fixtures';

// Written from API.md (Transitions), independently of the tables under test.
const EXPECTED: Record<string, Partial<Record<CaseAction, CaseStatus>>> = {
  'TRANSFER SUBMITTED': {
    'approve-outgoing': 'OUTGOING_APPROVED',
    reject: 'REJECTED',
    'request-materials': 'SUPPLEMENT_REQUIRED',
    withdraw: 'WITHDRAWN',
  },
  'TRANSFER OUTGOING_APPROVED': {
    'enrol-incoming': 'INCOMING_ENROLLED',
    reject: 'REJECTED',
    'request-materials': 'SUPPLEMENT_REQUIRED',
  },
  'TRANSFER OUTGOING_APPROVED no balance': {
    'enrol-incoming': 'BALANCE_TRANSFERRED',
    reject: 'REJECTED',
    'request-materials': 'SUPPLEMENT_REQUIRED',
  },
  'TRANSFER INCOMING_ENROLLED': { 'confirm-balance': 'BALANCE_TRANSFERRED' },
  'TRANSFER SUPPLEMENT_REQUIRED from SUBMITTED': { resume: 'SUBMITTED', withdraw: 'WITHDRAWN' },
  'TRANSFER SUPPLEMENT_REQUIRED from OUTGOING_APPROVED': { resume: 'OUTGOING_APPROVED', withdraw: 'WITHDRAWN' },
  'TRANSFER BALANCE_TRANSFERRED': {},
  'TRANSFER REJECTED': {},
  'TRANSFER WITHDRAWN': {},
  'TRANSFER REFUND_APPROVED (never reached)': {},
  'TRANSFER REFUNDED (never reached)': {},
  'REFUND SUBMITTED': {
    'approve-refund': 'REFUND_APPROVED',
    reject: 'REJECTED',
    'request-materials': 'SUPPLEMENT_REQUIRED',
    withdraw: 'WITHDRAWN',
  },
  'REFUND REFUND_APPROVED': { 'confirm-refund': 'REFUNDED' },
  'REFUND SUPPLEMENT_REQUIRED': { resume: 'SUBMITTED', withdraw: 'WITHDRAWN' },
  'REFUND REFUNDED': {},
  'REFUND REJECTED': {},
  'REFUND WITHDRAWN': {},
  'REFUND OUTGOING_APPROVED (never reached)': {},
  'REFUND INCOMING_ENROLLED (never reached)': {},
  'REFUND BALANCE_TRANSFERRED (never reached)': {},
};

const FINAL: readonly CaseStatus[] = ['BALANCE_TRANSFERRED', 'REFUNDED', 'REJECTED', 'WITHDRAWN'];

const TRIPLES = Object.keys(SCENARIOS).flatMap((scenario) =>
  CASE_ACTIONS.map((action) => [scenario, action, EXPECTED[scenario][action] ?? null] as const),
);

describe('every (kind, status, action) triple', () => {
  it('has an expectation for every scenario', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(SCENARIOS).sort());
    expect(TRIPLES).toHaveLength(20 * 9);
  });

  it.each(TRIPLES)('%s: %s -> %s', (scenario, action, to) => {
    const c = SCENARIOS[scenario];
    if (to !== null) {
      const plan = planTransition(c, validInput(c, action), ADMIN);
      expect([plan.from, plan.to, plan.action, plan.final]).toEqual([c.status, to, action, FINAL.includes(to)]);
      return;
    }
    const error = thrownBy(() => planTransition(c, validInput(c, action), ADMIN));
    expect(error).toBeInstanceOf(DomainError);
    const { code, message, details } = error as DomainError;
    expect(code).toBe('INVALID_TRANSITION');
    expect(message).toBe(`'${action}' is not allowed while the case is ${c.status}`);
    const listed = Object.keys(EXPECTED[scenario]);
    expect(details).toEqual({ allowedActions: listed });
    expect(allowedActions(c, ADMIN)).toEqual(listed);
  });

  it('refuses an action name that is not in the table at all, even an Object.prototype member', () => {
    const c = transferCase();
    const input = { action: 'toString' } as unknown as TransitionInput;
    expect((thrownBy(() => planTransition(c, input, ADMIN)) as DomainError).code).toBe('INVALID_TRANSITION');
  });
});

// allowedActions and planTransition must agree for every state and every actor.
describe('allowedActions is exactly what planTransition accepts', () => {
  const rows = Object.keys(SCENARIOS).flatMap((scenario) =>
    Object.keys(ACTORS).map((actorName) => [scenario, actorName] as const),
  );

  it.each(rows)('%s as %s', (scenario, actorName) => {
    const c = SCENARIOS[scenario];
    const actor = ACTORS[actorName];
    const allowed = allowedActions(c, actor);
    const accepted = CASE_ACTIONS.filter((action) => {
      try {
        return planTransition(c, validInput(c, action), actor).action === action;
      } catch (error) {
        const code = (error as DomainError).code;
        // Refused for the status, or for the actor: never for the (valid) input.
        expect(code).toBe(actingSideFor(c, action) === null ? 'INVALID_TRANSITION' : 'FORBIDDEN');
        return false;
      }
    });
    expect(accepted).toEqual(allowed);
    expect(allowedActions(c, ADMIN)).toEqual(expect.arrayContaining(allowed));
  });
});

it('treats a refund and a transfer as different tables', () => {
  expect(allowedActions(refundCase({ status: 'SUBMITTED' }), ADMIN)).toEqual([
    'approve-refund',
    'reject',
    'request-materials',
    'withdraw',
  ]);
});
