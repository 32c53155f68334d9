import { DomainError } from '../errors';
import { DEFAULT_SLA_POLICY, slaPolicyWithBudgets, type SlaPolicy } from './sla-policy';

describe('DEFAULT_SLA_POLICY: API.md "Default policy"', () => {
  it('is exactly the table', () => {
    expect(DEFAULT_SLA_POLICY).toEqual<SlaPolicy>({
      TRANSFER: [
        { clock: 'OUTGOING', startsOn: 'SUBMIT', stopsOn: ['approve-outgoing', 'reject'], budgetDays: 10 },
        { clock: 'INCOMING', startsOn: 'approve-outgoing', stopsOn: ['enrol-incoming', 'reject'], budgetDays: 5 },
        { clock: 'BALANCE', startsOn: 'enrol-incoming', stopsOn: ['confirm-balance'], budgetDays: null },
        { clock: 'OVERALL', startsOn: 'SUBMIT', stopsOn: ['confirm-balance', 'reject', 'withdraw'], budgetDays: 15 },
      ],
      REFUND: [
        { clock: 'REVIEW', startsOn: 'SUBMIT', stopsOn: ['approve-refund', 'reject'], budgetDays: 10 },
        { clock: 'PAYMENT', startsOn: 'approve-refund', stopsOn: ['confirm-refund'], budgetDays: 5 },
        { clock: 'OVERALL', startsOn: 'SUBMIT', stopsOn: ['confirm-refund', 'reject', 'withdraw'], budgetDays: 15 },
      ],
    });
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_SLA_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SLA_POLICY.TRANSFER)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SLA_POLICY.TRANSFER[0])).toBe(true);
    expect(Object.isFrozen(DEFAULT_SLA_POLICY.TRANSFER[0].stopsOn)).toBe(true);
  });
});

const budgetsOf = (policy: SlaPolicy): Record<string, (number | null)[]> => ({
  TRANSFER: policy.TRANSFER.map((p) => p.budgetDays),
  REFUND: policy.REFUND.map((p) => p.budgetDays),
});

describe('slaPolicyWithBudgets', () => {
  it.each<[unknown, Record<string, (number | null)[]>]>([
    [undefined, { TRANSFER: [10, 5, null, 15], REFUND: [10, 5, 15] }],
    [null, { TRANSFER: [10, 5, null, 15], REFUND: [10, 5, 15] }],
    [{}, { TRANSFER: [10, 5, null, 15], REFUND: [10, 5, 15] }],
    [{ TRANSFER: { OUTGOING: 12 }, REFUND: { OVERALL: 20 } }, { TRANSFER: [12, 5, null, 15], REFUND: [10, 5, 20] }],
    [{ TRANSFER: { INCOMING: 1, OVERALL: 365 } }, { TRANSFER: [10, 1, null, 365], REFUND: [10, 5, 15] }],
    [{ REFUND: {} }, { TRANSFER: [10, 5, null, 15], REFUND: [10, 5, 15] }],
  ])('%j -> %j', (overrides, budgets) => {
    expect(budgetsOf(slaPolicyWithBudgets(overrides))).toEqual(budgets);
  });

  it('changes only budgets, and leaves the default alone', () => {
    const policy = slaPolicyWithBudgets({ TRANSFER: { OUTGOING: 12 } });
    expect(policy.TRANSFER.map(({ budgetDays: _b, ...rest }) => rest)).toEqual(
      DEFAULT_SLA_POLICY.TRANSFER.map(({ budgetDays: _b, ...rest }) => rest),
    );
    expect(DEFAULT_SLA_POLICY.TRANSFER[0].budgetDays).toBe(10);
    expect(Object.isFrozen(policy.TRANSFER[0])).toBe(true);
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', [], ['']],
    ['a string', '{"TRANSFER":{}}', ['']],
    ['unknown kind', { PENSION: { OVERALL: 10 } }, ['PENSION']],
    ['kind not an object', { TRANSFER: 12 }, ['TRANSFER']],
    ['clock of the other kind', { TRANSFER: { REVIEW: 10 } }, ['TRANSFER.REVIEW']],
    ['unknown clock', { REFUND: { OUTGOING: 10 } }, ['REFUND.OUTGOING']],
    ['budget for BALANCE', { TRANSFER: { BALANCE: 5 } }, ['TRANSFER.BALANCE']],
    ['zero', { TRANSFER: { OUTGOING: 0 } }, ['TRANSFER.OUTGOING']],
    ['negative', { REFUND: { PAYMENT: -1 } }, ['REFUND.PAYMENT']],
    ['fraction', { REFUND: { PAYMENT: 2.5 } }, ['REFUND.PAYMENT']],
    ['above 365', { REFUND: { OVERALL: 366 } }, ['REFUND.OVERALL']],
    ['a string number', { REFUND: { OVERALL: '15' } }, ['REFUND.OVERALL']],
    ['null', { REFUND: { OVERALL: null } }, ['REFUND.OVERALL']],
    ['prototype key', JSON.parse('{"__proto__":{"OVERALL":3}}'), ['__proto__']],
    [
      'every bad key at once',
      { TRANSFER: { OUTGOING: 0, BALANCE: 3, OVERALL: 15 }, REFUND: { REVIEW: 400 } },
      ['TRANSFER.OUTGOING', 'TRANSFER.BALANCE', 'REFUND.REVIEW'],
    ],
  ])('rejects %s', (_what, overrides, paths) => {
    let error: unknown;
    try {
      slaPolicyWithBudgets(overrides);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const domainError = error as DomainError;
    expect(domainError.code).toBe('VALIDATION_FAILED');
    expect(domainError.details.errors?.map((e) => e.path)).toEqual(paths);
    for (const path of paths.filter((p) => p !== '')) expect(domainError.message).toContain(path);
  });

  it('names the rule that was broken', () => {
    expect(() => slaPolicyWithBudgets({ TRANSFER: { BALANCE: 5 } })).toThrow(
      'invalid SLA budgets: TRANSFER.BALANCE has no budget of its own: it is due with OVERALL',
    );
    expect(() => slaPolicyWithBudgets({ REFUND: { OVERALL: 366 } })).toThrow(
      'REFUND.OVERALL must be a whole number of working days from 1 to 365, got 366',
    );
    expect(() => slaPolicyWithBudgets({ TRANSFER: { REVIEW: 10 } })).toThrow(
      'TRANSFER.REVIEW is not a clock of TRANSFER cases (OUTGOING, INCOMING, BALANCE, OVERALL)',
    );
  });
});
