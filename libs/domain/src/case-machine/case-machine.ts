// The engine that runs the transition tables. planTransition and allowedActions read the same
// rows, so the API can never advertise an action that planTransition would refuse for its status
// or its actor.
import { canActFor, type Actor } from '../access/actor';
import { CASE_ACTIONS, isFinalStatus, type CaseAction } from '../codes';
import { DomainError, assertUnreachable } from '../errors';
import type {
  ActingSide,
  CaseSnapshot,
  TransitionInput,
  TransitionPlan,
  AnyTransitionRule,
} from './case-machine.types';
import { actionInputErrors, inFieldOrder } from '../kinds/actions';
import type { CaseKindDefinition } from '../kinds/kind-definition';
import { kindDefinition } from '../kinds/registry';

// Each function takes the kind's definition, by default the registry's for c.kind (a spec passes
// a kind of its own).

function ruleFor(c: CaseSnapshot, action: string, definition: CaseKindDefinition): AnyTransitionRule | undefined {
  // hasOwn: an action arriving as an arbitrary string must not find Object.prototype members.
  const rules = Object.hasOwn(definition.transitions, c.status) ? definition.transitions[c.status] : undefined;
  if (rules === undefined || !Object.hasOwn(rules, action)) return undefined;
  return rules[action as CaseAction];
}

/** The regions whose agencies may act for `side`, most responsible first. */
function regionsFor(c: CaseSnapshot, side: ActingSide): string[] {
  let regions: (string | null)[];
  switch (side) {
    case 'ORIGIN':
      regions = [c.fromRegion];
      break;
    case 'DESTINATION':
      regions = [c.toRegion];
      break;
    case 'REGION':
      regions = [c.region];
      break;
    case 'EITHER':
      regions = [c.fromRegion, c.toRegion];
      break;
    default:
      return assertUnreachable(side);
  }
  return regions.filter((r): r is string => r !== null);
}

function mayActAs(actor: Actor, c: CaseSnapshot, side: ActingSide): boolean {
  return regionsFor(c, side).some((region) => canActFor(actor, region));
}

function forbiddenMessage(c: CaseSnapshot, side: ActingSide, action: CaseAction): string {
  switch (side) {
    case 'ORIGIN':
      return `only the origin agency (${String(c.fromRegion)}) may ${action}`;
    case 'DESTINATION':
      return `only the destination agency (${String(c.toRegion)}) may ${action}`;
    case 'REGION':
      return `only the agency of region ${String(c.region)} may ${action}`;
    case 'EITHER':
      return `only the origin (${String(c.fromRegion)}) or destination (${String(c.toRegion)}) agency may ${action}`;
    default:
      return assertUnreachable(side);
  }
}

/** The side that acts for `action` in the case's current status; null when it is not allowed. */
export function actingSideFor(
  c: CaseSnapshot,
  action: CaseAction,
  definition: CaseKindDefinition = kindDefinition(c.kind),
): ActingSide | null {
  return ruleFor(c, action, definition)?.side(c) ?? null;
}

/**
 * The region whose agency acts for `action` now (null when the action is not allowed in this
 * status). For withdraw, which either side may take, this is fromRegion.
 */
export function actingRegionFor(
  c: CaseSnapshot,
  action: CaseAction,
  definition: CaseKindDefinition = kindDefinition(c.kind),
): string | null {
  const side = actingSideFor(c, action, definition);
  return side === null ? null : (regionsFor(c, side)[0] ?? null);
}

/** The actions `actor` may take on the case now, in CASE_ACTIONS order. */
export function allowedActions(
  c: CaseSnapshot,
  actor: Actor,
  definition: CaseKindDefinition = kindDefinition(c.kind),
): CaseAction[] {
  return CASE_ACTIONS.filter((action) => {
    const rule = ruleFor(c, action, definition);
    return rule !== undefined && mayActAs(actor, c, rule.side(c));
  });
}

/**
 * Decides a transition without performing it. Throws DomainError, checking in this order:
 * INVALID_TRANSITION (not in the table for this status), FORBIDDEN (actor is not the acting side),
 * VALIDATION_FAILED (input fields malformed or wrong for this case), BUSINESS_RULE (e.g. amount mismatch).
 */
export function planTransition(
  c: CaseSnapshot,
  input: TransitionInput,
  actor: Actor,
  definition: CaseKindDefinition = kindDefinition(c.kind),
): TransitionPlan {
  const action = input.action;
  const rule = ruleFor(c, action, definition);
  if (rule === undefined) {
    throw new DomainError('INVALID_TRANSITION', `'${action}' is not allowed while the case is ${c.status}`, {
      allowedActions: allowedActions(c, actor, definition),
    });
  }
  const side = rule.side(c);
  if (!mayActAs(actor, c, side)) {
    throw new DomainError('FORBIDDEN', forbiddenMessage(c, side, action));
  }
  // The action's schema (the API has usually checked it already), then what depends on the case.
  const errors = inFieldOrder(action, [...actionInputErrors(input), ...(rule.validate?.(c, input) ?? [])]);
  if (errors.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `the input for '${action}' is invalid`, { errors });
  }
  const violation = rule.violation(c, input);
  if (violation !== null) {
    throw new DomainError('BUSINESS_RULE', violation);
  }
  const outcome = rule.apply(c, input);
  return {
    from: c.status,
    to: outcome.to,
    action,
    patch: outcome.patch,
    eventData: outcome.eventData,
    final: isFinalStatus(outcome.to),
  };
}
