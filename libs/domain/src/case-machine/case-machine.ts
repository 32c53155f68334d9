// The engine that runs the transition tables. planTransition and allowedActions read the same
// rows, so the API can never advertise an action that planTransition would refuse for its status
// or its actor.
import { canActFor, type Actor } from '../access/actor';
import { CASE_ACTIONS, isFinalStatus, type CaseAction, type CaseKind } from '../codes';
import { DomainError, assertUnreachable } from '../errors';
import type {
  ActingSide,
  CaseSnapshot,
  TransitionInput,
  TransitionPlan,
  AnyTransitionRule,
  TransitionTable,
} from './case-machine.types';
import { REFUND_MACHINE } from './refund.machine';
import { TRANSFER_MACHINE } from './transfer.machine';

export const CASE_MACHINES: Readonly<Record<CaseKind, TransitionTable>> = {
  TRANSFER: TRANSFER_MACHINE,
  REFUND: REFUND_MACHINE,
};

function ruleFor(c: CaseSnapshot, action: string): AnyTransitionRule | undefined {
  const rules = CASE_MACHINES[c.kind][c.status];
  // hasOwn: an action arriving as an arbitrary string must not find Object.prototype members.
  if (!Object.hasOwn(rules, action)) return undefined;
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
export function actingSideFor(c: CaseSnapshot, action: CaseAction): ActingSide | null {
  return ruleFor(c, action)?.side(c) ?? null;
}

/**
 * The region whose agency acts for `action` now (null when the action is not allowed in this
 * status). For withdraw, which either side may take, this is fromRegion.
 */
export function actingRegionFor(c: CaseSnapshot, action: CaseAction): string | null {
  const side = actingSideFor(c, action);
  return side === null ? null : (regionsFor(c, side)[0] ?? null);
}

/** The actions `actor` may take on the case now, in CASE_ACTIONS order. */
export function allowedActions(c: CaseSnapshot, actor: Actor): CaseAction[] {
  return CASE_ACTIONS.filter((action) => {
    const rule = ruleFor(c, action);
    return rule !== undefined && mayActAs(actor, c, rule.side(c));
  });
}

/**
 * Decides a transition without performing it. Throws DomainError, checking in this order:
 * INVALID_TRANSITION (not in the table for this status), FORBIDDEN (actor is not the acting side),
 * VALIDATION_FAILED (input fields wrong for this case), BUSINESS_RULE (e.g. amount mismatch).
 */
export function planTransition(c: CaseSnapshot, input: TransitionInput, actor: Actor): TransitionPlan {
  const action = input.action;
  const rule = ruleFor(c, action);
  if (rule === undefined) {
    throw new DomainError('INVALID_TRANSITION', `'${action}' is not allowed while the case is ${c.status}`, {
      allowedActions: allowedActions(c, actor),
    });
  }
  const side = rule.side(c);
  if (!mayActAs(actor, c, side)) {
    throw new DomainError('FORBIDDEN', forbiddenMessage(c, side, action));
  }
  const errors = rule.validate(c, input);
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
