import { Prisma } from '@case-desk/db';
import { Actor, assertUnreachable, provinceOf } from '@case-desk/domain';

/**
 * Which cases an actor may see, as a Prisma filter: a clerk those with their agency on either side,
 * a supervisor those touching their province, an admin all. Mirrors canSeeCase in the domain.
 */
export function visibleTo(actor: Actor): Prisma.CaseWhereInput {
  switch (actor.role) {
    case 'ADMIN':
      return {};
    case 'SUPERVISOR':
      return touching((column) => ({ [column]: { startsWith: provinceOf(actor.agency) } }));
    case 'CLERK':
      return touching((column) => ({ [column]: actor.agency }));
    default:
      return assertUnreachable(actor.role);
  }
}

/** Cases with the given agency (exact code) on any side. */
export function involvingAgency(agency: string): Prisma.CaseWhereInput {
  return touching((column) => ({ [column]: agency }));
}

type RegionColumn = 'fromRegion' | 'toRegion' | 'region';

function touching(condition: (column: RegionColumn) => Prisma.CaseWhereInput): Prisma.CaseWhereInput {
  return { OR: (['fromRegion', 'toRegion', 'region'] as const).map(condition) };
}
