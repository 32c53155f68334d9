// Which SLA clocks a case runs, what starts and stops each, and its budget in working days
// (API.md, Working-day SLAs: "Default policy"), as each kind's definition declares them. Budgets
// can be changed by configuration, the shape cannot.
import { isOneOf, type CaseAction } from '../codes';
import { DomainError, type FieldError } from '../errors';
import type { CaseKindDefinition } from '../kinds/kind-definition';
import { CASE_KINDS, CASE_KIND_DEFINITIONS, type CaseKind } from '../kinds/registry';

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

function freezePolicy<P extends Record<string, ClockPolicy[]>>(policy: P): Readonly<P> {
  for (const clocks of Object.values(policy)) {
    for (const c of clocks) Object.freeze(Object.freeze(c).stopsOn);
    Object.freeze(clocks);
  }
  return Object.freeze(policy);
}

/** The clocks of the given kinds' definitions, without their agency rules, frozen. */
export function slaPolicyOf(definitions: readonly CaseKindDefinition[]): Readonly<Record<string, readonly ClockPolicy[]>> {
  return freezePolicy(
    Object.fromEntries(
      definitions.map((d) => [
        d.code,
        d.clocks.map((p): ClockPolicy => ({ clock: p.clock, startsOn: p.startsOn, stopsOn: [...p.stopsOn], budgetDays: p.budgetDays })),
      ]),
    ),
  );
}

export const DEFAULT_SLA_POLICY: SlaPolicy = slaPolicyOf(CASE_KIND_DEFINITIONS) as SlaPolicy;

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
    const [kind] = CASE_KIND_DEFINITIONS;
    errors.push({ path: '', message: `must be an object like {"${kind.code}":{"${kind.clocks[0].clock}":12}}` });
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
  return freezePolicy(Object.fromEntries(CASE_KINDS.map((kind) => [kind, withBudget(kind)])) as Record<CaseKind, ClockPolicy[]>);
}
