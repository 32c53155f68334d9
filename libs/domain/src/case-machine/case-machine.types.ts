// Types shared by the transition tables and the engine that runs them.
import type { CaseAction, CaseStatus, InsuranceType } from '../codes';
import type { FieldError } from '../errors';
import type { InputFor, TransitionInput } from '../kinds/actions';
import type { CaseKind } from '../kinds/registry';

/** What the state machine needs to know about a case. Money fields are canonical money strings. */
export interface CaseSnapshot {
  kind: CaseKind;
  status: CaseStatus;
  insuranceType: InsuranceType;
  fromRegion: string | null;
  toRegion: string | null;
  region: string | null;
  balanceAmount: string | null;
  amount: string | null;
  approvedAmount: string | null;
  pausedFromStatus: CaseStatus | null;
}

export type { TransitionInput, InputFor } from '../kinds/actions';

export interface CasePatch {
  contributionMonths: number;
  balanceAmount: string;
  approvedAmount: string;
  paidAmount: string;
  rejectionCode: string | null;
  materialsRequested: string[];
  pausedFromStatus: CaseStatus | null;
}

export interface TransitionPlan {
  from: CaseStatus;
  to: CaseStatus;
  action: CaseAction;
  /** Columns to write together with the status change. */
  patch: Partial<CasePatch>;
  /** What the timeline event records besides from/to/actor/comment. */
  eventData: Record<string, unknown>;
  final: boolean;
}

/**
 * Which agency acts: ORIGIN = fromRegion, DESTINATION = toRegion, REGION = region (refunds),
 * EITHER = fromRegion or toRegion (withdrawal can be filed at either window).
 */
export type ActingSide = 'ORIGIN' | 'DESTINATION' | 'REGION' | 'EITHER';

export interface RuleOutcome {
  to: CaseStatus;
  patch: Partial<CasePatch>;
  eventData: Record<string, unknown>;
}

/**
 * One row of a transition table. Method syntax on purpose: its bivariant parameters let a rule
 * for one action be held as an AnyTransitionRule (the engine pairs each rule with its own input).
 */
export interface TransitionRule<A extends CaseAction> {
  /** The side that acts, as a function of the case (resume depends on the stage it paused). */
  side(c: CaseSnapshot): ActingSide;
  /**
   * Input fields that are wrong for this case -> VALIDATION_FAILED, beyond the action's schema (which
   * the engine checks first, kinds/actions.ts). Also called when the schema failed, so it looks only
   * at fields that have the right type. None when the schema says it all.
   */
  validate?(c: CaseSnapshot, input: InputFor<A>): FieldError[];
  /** A rule a well-formed input breaks -> BUSINESS_RULE; null when there is none. */
  violation(c: CaseSnapshot, input: InputFor<A>): string | null;
  /** Target status, patch and event data; only called once validate and violation passed. */
  apply(c: CaseSnapshot, input: InputFor<A>): RuleOutcome;
}

/**
 * A rule of any action, as the engine holds it. Non-generic so the compiler compares it
 * structurally (method parameters are bivariant) rather than by the variance of A.
 */
export interface AnyTransitionRule {
  side(c: CaseSnapshot): ActingSide;
  validate?(c: CaseSnapshot, input: TransitionInput): FieldError[];
  violation(c: CaseSnapshot, input: TransitionInput): string | null;
  apply(c: CaseSnapshot, input: TransitionInput): RuleOutcome;
}

export type StatusRules = { readonly [A in CaseAction]?: TransitionRule<A> };

/**
 * A kind's rows by status. Only the kind's own statuses appear (final ones with no actions); the
 * registry spec checks that every status a definition lists has its row.
 */
export type TransitionTable = { readonly [S in CaseStatus]?: StatusRules };
