import type { CaseAction } from '../codes';
import { DomainError } from '../errors';
import { allowedActions, planTransition } from './case-machine';
import type { CaseSnapshot } from './case-machine.types';
import { ACTORS, SCENARIOS, thrownBy, transferCase, validInput } from './case-machine.fixtures';

const ORIGIN_SIDE = ['clerk 440500', 'supervisor 44', 'admin'];
const DESTINATION_SIDE = ['clerk 360100', 'supervisor 36', 'admin'];
const EITHER_SIDE = ['clerk 440500', 'clerk 360100', 'supervisor 44', 'supervisor 36', 'admin'];
const REFUND_SIDE = ['clerk 360100', 'supervisor 36', 'admin'];

const ORIGIN_ONLY = (action: string) => `only the origin agency (440500) may ${action}`;
const DESTINATION_ONLY = (action: string) => `only the destination agency (360100) may ${action}`;
const EITHER = (action: string) => `only the origin (440500) or destination (360100) agency may ${action}`;
const REGION_ONLY = (action: string) => `only the agency of region 360100 may ${action}`;

// [scenario, action, actors that may act, FORBIDDEN message for the others]
const SIDES: [string, CaseAction, string[], string][] = [
  ['TRANSFER SUBMITTED', 'approve-outgoing', ORIGIN_SIDE, ORIGIN_ONLY('approve-outgoing')],
  ['TRANSFER SUBMITTED', 'reject', ORIGIN_SIDE, ORIGIN_ONLY('reject')],
  ['TRANSFER SUBMITTED', 'request-materials', ORIGIN_SIDE, ORIGIN_ONLY('request-materials')],
  ['TRANSFER SUBMITTED', 'withdraw', EITHER_SIDE, EITHER('withdraw')],
  ['TRANSFER OUTGOING_APPROVED', 'enrol-incoming', DESTINATION_SIDE, DESTINATION_ONLY('enrol-incoming')],
  ['TRANSFER OUTGOING_APPROVED', 'reject', DESTINATION_SIDE, DESTINATION_ONLY('reject')],
  ['TRANSFER OUTGOING_APPROVED', 'request-materials', DESTINATION_SIDE, DESTINATION_ONLY('request-materials')],
  ['TRANSFER INCOMING_ENROLLED', 'confirm-balance', DESTINATION_SIDE, DESTINATION_ONLY('confirm-balance')],
  ['TRANSFER SUPPLEMENT_REQUIRED from SUBMITTED', 'resume', ORIGIN_SIDE, ORIGIN_ONLY('resume')],
  ['TRANSFER SUPPLEMENT_REQUIRED from SUBMITTED', 'withdraw', EITHER_SIDE, EITHER('withdraw')],
  ['TRANSFER SUPPLEMENT_REQUIRED from OUTGOING_APPROVED', 'resume', DESTINATION_SIDE, DESTINATION_ONLY('resume')],
  ['TRANSFER SUPPLEMENT_REQUIRED from OUTGOING_APPROVED', 'withdraw', EITHER_SIDE, EITHER('withdraw')],
  ['REFUND SUBMITTED', 'approve-refund', REFUND_SIDE, REGION_ONLY('approve-refund')],
  ['REFUND SUBMITTED', 'reject', REFUND_SIDE, REGION_ONLY('reject')],
  ['REFUND SUBMITTED', 'request-materials', REFUND_SIDE, REGION_ONLY('request-materials')],
  ['REFUND SUBMITTED', 'withdraw', REFUND_SIDE, REGION_ONLY('withdraw')],
  ['REFUND REFUND_APPROVED', 'confirm-refund', REFUND_SIDE, REGION_ONLY('confirm-refund')],
  ['REFUND SUPPLEMENT_REQUIRED', 'resume', REFUND_SIDE, REGION_ONLY('resume')],
  ['REFUND SUPPLEMENT_REQUIRED', 'withdraw', REFUND_SIDE, REGION_ONLY('withdraw')],
];

const ROWS = SIDES.flatMap(([scenario, action, permitted, message]) =>
  Object.keys(ACTORS).map(
    (actorName) => [scenario, action, actorName, permitted.includes(actorName), message] as const,
  ),
);

function expectSide(c: CaseSnapshot, action: CaseAction, actorName: string, permitted: boolean, message: string) {
  const actor = ACTORS[actorName];
  expect(allowedActions(c, actor).includes(action)).toBe(permitted);
  if (permitted) {
    expect(planTransition(c, validInput(c, action), actor).action).toBe(action);
    return;
  }
  const error = thrownBy(() => planTransition(c, validInput(c, action), actor));
  expect(error).toBeInstanceOf(DomainError);
  expect([(error as DomainError).code, (error as DomainError).message]).toEqual(['FORBIDDEN', message]);
}

describe('who may act', () => {
  it.each(ROWS)('%s: %s by %s -> %s', (scenario, action, actorName, permitted, message) => {
    expectSide(SCENARIOS[scenario], action, actorName, permitted, message);
  });
});

// Within one province the destination clerk is a different agency: still not the origin's side.
describe('who may act on an intra-province transfer 440500 -> 440300', () => {
  const submitted = transferCase({ toRegion: '440300' });
  const approved = transferCase({ toRegion: '440300', status: 'OUTGOING_APPROVED', balanceAmount: '10.00' });

  it.each<[CaseSnapshot, CaseAction, string, boolean, string]>([
    [submitted, 'approve-outgoing', 'clerk 440500', true, ''],
    [submitted, 'approve-outgoing', 'clerk 440300', false, 'only the origin agency (440500) may approve-outgoing'],
    [submitted, 'approve-outgoing', 'supervisor 44', true, ''],
    [submitted, 'withdraw', 'clerk 440300', true, ''],
    [approved, 'enrol-incoming', 'clerk 440300', true, ''],
    [approved, 'enrol-incoming', 'clerk 440500', false, 'only the destination agency (440300) may enrol-incoming'],
    [approved, 'enrol-incoming', 'supervisor 44', true, ''],
    [approved, 'enrol-incoming', 'supervisor 36', false, 'only the destination agency (440300) may enrol-incoming'],
  ])('%#: %s by %s -> %s', (c, action, actorName, permitted, message) => {
    expectSide(c, action, actorName, permitted, message);
  });
});

describe('checks run in order: status, then side, then input', () => {
  it('reports INVALID_TRANSITION before FORBIDDEN, listing what this actor may do', () => {
    const c = SCENARIOS['TRANSFER SUBMITTED'];
    const error = thrownBy(() => planTransition(c, { action: 'enrol-incoming' }, ACTORS['clerk 360100'])) as DomainError;
    expect([error.code, error.details.allowedActions]).toEqual(['INVALID_TRANSITION', ['withdraw']]);
  });

  it('reports FORBIDDEN before an invalid input', () => {
    const c = SCENARIOS['TRANSFER SUBMITTED'];
    const input = { action: 'approve-outgoing', contributionMonths: -1 } as const;
    const error = thrownBy(() => planTransition(c, input, ACTORS['clerk 360100'])) as DomainError;
    expect(error.code).toBe('FORBIDDEN');
  });

  it('reports VALIDATION_FAILED before a business rule', () => {
    const c = SCENARIOS['REFUND SUBMITTED'];
    const input = { action: 'approve-refund', approvedAmount: '99999.9' } as const;
    const error = thrownBy(() => planTransition(c, input, ACTORS.admin)) as DomainError;
    expect(error.code).toBe('VALIDATION_FAILED');
  });
});
