import { Prisma } from '@case-desk/db';
import { Actor, assertUnreachable, provinceOf } from '@case-desk/domain';

/** The agencies an actor acts for: all of them (admin), a province's (supervisor) or one (clerk). */
export type AgencyScope = { kind: 'all' } | { kind: 'province'; province: string } | { kind: 'agency'; agency: string };

export function agencyScopeOf(actor: Actor): AgencyScope {
  switch (actor.role) {
    case 'ADMIN':
      return { kind: 'all' };
    case 'SUPERVISOR':
      return { kind: 'province', province: provinceOf(actor.agency) };
    case 'CLERK':
      return { kind: 'agency', agency: actor.agency };
    default:
      return assertUnreachable(actor.role);
  }
}

type RegionColumn = 'fromRegion' | 'toRegion' | 'region';

/** The columns that hold a case's agencies: its sides. */
const REGION_COLUMNS: readonly RegionColumn[] = ['fromRegion', 'toRegion', 'region'];

/**
 * Which cases an actor may see, as a Prisma filter: those with an agency of the actor's scope on any
 * side (a clerk's agency, a supervisor's province, an admin all). The rules' table is the visibility
 * table in test/cases-read.e2e-spec.ts.
 */
export function visibleTo(actor: Actor): Prisma.CaseWhereInput {
  const scope = agencyScopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return {};
    case 'province':
      return { OR: REGION_COLUMNS.map((column) => ({ [column]: { startsWith: scope.province } })) };
    case 'agency':
      return involvingAgency(scope.agency);
    default:
      return assertUnreachable(scope);
  }
}

/**
 * Whether a case with these agencies (caseAgencies) is visible in this scope: `visibleTo`'s rule for
 * a case already in hand (a list page to drop, a case read by key).
 */
export function sees(scope: AgencyScope, agencies: readonly string[]): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'province':
      return agencies.some((agency) => provinceOf(agency) === scope.province);
    case 'agency':
      return agencies.includes(scope.agency);
    default:
      return assertUnreachable(scope);
  }
}

/** Cases with the given agency (exact code) on any side. */
export function involvingAgency(agency: string): Prisma.CaseWhereInput {
  return { OR: onEachSide(agency) };
}

/** One filter per side a case may have an agency on (their union is `involvingAgency`). */
export function onEachSide(agency: string): Prisma.CaseWhereInput[] {
  return REGION_COLUMNS.map((column) => ({ [column]: agency }));
}

/** The agencies a case has on any side (what visibility looks at). */
export function caseAgencies(row: Partial<Record<RegionColumn, string | null>>): string[] {
  return REGION_COLUMNS.flatMap((column) => {
    const agency = row[column];
    return agency === null || agency === undefined ? [] : [agency];
  });
}
