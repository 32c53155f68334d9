// What a kind of case is, in one place: its statuses and transition table, the stages an applicant
// sees, its SLA clocks and the agency each belongs to, how a case of it is created and which of its
// fields a case view shows. The engine, the SLA code, the public status, the views, the API's schemas
// and the reports read these definitions from the registry and never name a kind.
import type { z } from 'zod';
import type { CaseStatus, InsuranceType } from '../codes';
import type { FieldError } from '../errors';
import type { TransferScope } from '../identity/region-code';
import type { TransitionTable } from '../case-machine/case-machine.types';
import type { ClockName, ClockPolicy } from '../sla/sla-policy';

/** A stage of a case: the applicant's progress-bar step and the SLA clock of the same name. */
export type StageName = Exclude<ClockName, 'OVERALL'>;

export interface StageDefinition {
  name: StageName;
  /** The applicants' label (public status page). */
  label: string;
  /** The non-final statuses in which a case waits in this stage. */
  statuses: readonly CaseStatus[];
}

/** The regions a case names, as its definition's agency rules read them. */
export interface CaseParties {
  status: CaseStatus;
  fromRegion: string | null;
  toRegion: string | null;
  region: string | null;
}

export interface ClockDefinition extends ClockPolicy {
  /** The agency expected to act while the clock runs: whom an alert about it is for. */
  alertAgency(c: CaseParties): string | null;
  /**
   * The agencies a stopped clock counts for in reports: the side that acts on it and, for a clock
   * shared by two agencies, the `other` one (its row records `sharedWith` = agency).
   */
  reportAgencies(c: Omit<CaseParties, 'status'>): { agency: string | null; other: string | null };
}

/** Columns that differ by kind, written when a case is created. */
export interface KindColumns {
  fromRegion: string;
  toRegion: string;
  scope: TransferScope;
  toInsuranceType: InsuranceType;
  region: string;
  amount: string;
  periodFrom: string;
  periodTo: string;
}

/** Fields a case view shows only for the kinds that list them (API.md "Cases"). */
export const KIND_VIEW_FIELDS = [
  'fromRegion',
  'toRegion',
  'scope',
  'toInsuranceType',
  'contributionMonths',
  'region',
  'amount',
  'periodFrom',
  'periodTo',
] as const;
export type KindViewField = (typeof KIND_VIEW_FIELDS)[number];

/** A rule a well-formed creation request breaks (BUSINESS_RULE). */
export interface CreationViolation {
  message: string;
  errors: FieldError[];
}

/**
 * Open cases of the same kind and person whose month range overlaps the new one's are refused. The
 * repository runs the query; the definition names the range and the refusal.
 */
export interface OverlapCheck<I> {
  /** Advisory-lock key prefix: two clerks registering the same person at once must not both pass. */
  lockPrefix: string;
  /** The new case's inclusive range ('YYYY-MM' compares as text), stored in periodFrom..periodTo. */
  range(input: I): { from: string; to: string };
  conflict(input: I, openCaseNo: string): CreationViolation;
}

export interface KindCreation<I> {
  /** The request body of this kind (a strict zod object with `kind` as its literal discriminator). */
  schema: z.ZodType<I>;
  /** caseNo prefix, e.g. 'TR' in TR-20261123-0000001. */
  caseNoPrefix: string;
  /** Field errors that need today's date (VALIDATION_FAILED), beyond the schema and the ID number. */
  validate(input: I, today: string): FieldError[];
  /** A rule a valid request breaks (BUSINESS_RULE), or null. */
  violation(input: I): CreationViolation | null;
  overlap: OverlapCheck<I> | null;
  /** The kind's own columns of the new case. */
  columns(input: I): Partial<KindColumns>;
  /** A request body for the OpenAPI document. */
  example: { key: string; summary: string; value: Record<string, unknown> };
}

/**
 * One kind of case. Method syntax in the parts that take the creation input on purpose: its
 * bivariant parameters let every kind be held as a CaseKindDefinition in the registry.
 */
export interface CaseKindDefinition<K extends string = string, I extends { kind: K } = { kind: K }> {
  code: K;
  /** Every status a case of this kind can have; the table has a row for each (final ones empty). */
  statuses: readonly CaseStatus[];
  transitions: TransitionTable;
  /** Shown before the stages as a step done at registration, or null for none. */
  submissionLabel: string | null;
  /** The stages, in the order an applicant goes through them. */
  stages: readonly StageDefinition[];
  /** The SLA clocks: what starts and stops each, its budget and its agency. */
  clocks: readonly ClockDefinition[];
  creation: KindCreation<I>;
  /** The kind's own fields in a case view, in this order. */
  viewFields: readonly KindViewField[];
  /** Which agencies the list's `side=outgoing|incoming` filter reads, or null when the kind has no sides. */
  sides: { outgoing: 'fromRegion'; incoming: 'toRegion' } | null;
}
