// Which SLA clocks a case runs, what starts and stops each, and its budget in working days
// (API.md, Working-day SLAs: "Default policy"). Transfer budgets are law (DOMAIN.md); refund
// budgets are the agency's policy. Budgets can be changed by configuration, the shape cannot.
import { CASE_KINDS, isOneOf, type CaseAction, type CaseKind } from '../codes';
import { DomainError, type FieldError } from '../errors';

export const CLOCK_NAMES = ['OUTGOING', 'INCOMING', 'BALANCE', 'REVIEW', 'PAYMENT', 'OVERALL'] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

export interface ClockPolicy {
  clock: ClockName;
  /** 'SUBMIT' = when the case is created. */
  startsOn: 'SUBMIT' | CaseAction;
  /** Any transition to a final status also stops the clock, whether listed here or not. */
  stopsOn: readonly CaseAction[];
  /** Working days; null = no budget of its own, due with OVERALL. */
  budgetDays: number | null;
}

export type SlaPolicy = Readonly<Record<CaseKind, readonly ClockPolicy[]>>;

export const MIN_BUDGET_WORKING_DAYS = 1;
export const MAX_BUDGET_WORKING_DAYS = 365;

function freezePolicy(policy: Record<CaseKind, ClockPolicy[]>): SlaPolicy {
  for (const clocks of Object.values(policy)) {
    for (const c of clocks) Object.freeze(Object.freeze(c).stopsOn);
    Object.freeze(clocks);
  }
  return Object.freeze(policy);
}

export const DEFAULT_SLA_POLICY: SlaPolicy = freezePolicy({
  TRANSFER: [
    { clock: 'OUTGOING', startsOn: 'SUBMIT', stopsOn: ['approve-outgoing', 'reject'], budgetDays: 10 },
    { clock: 'INCOMING', startsOn: 'approve-outgoing', stopsOn: ['enrol-incoming', 'reject'], budgetDays: 5 },
    // No national limit for the remittance: the overall 15 days (10 + 5) cover it.
    { clock: 'BALANCE', startsOn: 'enrol-incoming', stopsOn: ['confirm-balance'], budgetDays: null },
    { clock: 'OVERALL', startsOn: 'SUBMIT', stopsOn: ['confirm-balance', 'reject', 'withdraw'], budgetDays: 15 },
  ],
  REFUND: [
    { clock: 'REVIEW', startsOn: 'SUBMIT', stopsOn: ['approve-refund', 'reject'], budgetDays: 10 },
    { clock: 'PAYMENT', startsOn: 'approve-refund', stopsOn: ['confirm-refund'], budgetDays: 5 },
    { clock: 'OVERALL', startsOn: 'SUBMIT', stopsOn: ['confirm-refund', 'reject', 'withdraw'], budgetDays: 15 },
  ],
});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The default policy with some budgets replaced, from configuration JSON such as
 * `{"TRANSFER":{"OUTGOING":12},"REFUND":{"OVERALL":20}}`. null/undefined mean no change. Every bad
 * key is reported (VALIDATION_FAILED, `errors[].path` like 'TRANSFER.OUTGOING'): an unknown kind or
 * clock, a budget that is not a whole number from 1 to 365, or a budget for a clock due with OVERALL.
 */
export function slaPolicyWithBudgets(overrides: unknown): SlaPolicy {
  if (overrides === undefined || overrides === null) return DEFAULT_SLA_POLICY;
  const errors: FieldError[] = [];
  if (!isPlainObject(overrides)) {
    errors.push({ path: '', message: 'must be an object like {"TRANSFER":{"OUTGOING":12}}' });
  } else {
    for (const [kind, budgets] of Object.entries(overrides)) {
      if (!isOneOf(CASE_KINDS, kind)) {
        errors.push({ path: kind, message: `is not a case kind (${CASE_KINDS.join(', ')})` });
      } else if (!isPlainObject(budgets)) {
        errors.push({ path: kind, message: 'must be an object of clock budgets like {"OVERALL":15}' });
      } else {
        for (const [clock, budget] of Object.entries(budgets)) {
          const path = `${kind}.${clock}`;
          const policy = DEFAULT_SLA_POLICY[kind].find((p) => p.clock === clock);
          if (policy === undefined) {
            const clocks = DEFAULT_SLA_POLICY[kind].map((p) => p.clock).join(', ');
            errors.push({ path, message: `is not a clock of ${kind} cases (${clocks})` });
          } else if (policy.budgetDays === null) {
            errors.push({ path, message: 'has no budget of its own: it is due with OVERALL' });
          } else if (
            typeof budget !== 'number' ||
            !Number.isInteger(budget) ||
            budget < MIN_BUDGET_WORKING_DAYS ||
            budget > MAX_BUDGET_WORKING_DAYS
          ) {
            const range = `from ${MIN_BUDGET_WORKING_DAYS} to ${MAX_BUDGET_WORKING_DAYS}`;
            errors.push({ path, message: `must be a whole number of working days ${range}, got ${JSON.stringify(budget)}` });
          }
        }
      }
    }
  }
  if (errors.length > 0) {
    const detail = errors.map((e) => (e.path === '' ? e.message : `${e.path} ${e.message}`)).join('; ');
    throw new DomainError('VALIDATION_FAILED', `invalid SLA budgets: ${detail}`, { errors });
  }
  const budgets = overrides as Partial<Record<CaseKind, Partial<Record<ClockName, number>>>>;
  const withBudget = (kind: CaseKind): ClockPolicy[] =>
    DEFAULT_SLA_POLICY[kind].map((p) => ({
      ...p,
      stopsOn: [...p.stopsOn],
      budgetDays: budgets[kind]?.[p.clock] ?? p.budgetDays,
    }));
  return freezePolicy({ TRANSFER: withBudget('TRANSFER'), REFUND: withBudget('REFUND') });
}
