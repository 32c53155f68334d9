import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Actor, Role } from '@case-desk/domain';

export const IS_PUBLIC = 'caseDesk:isPublic';
export const REQUIRED_ROLES = 'caseDesk:roles';

/** The route needs no bearer token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export interface AuthenticatedRequest {
  actor?: Actor;
}

/** The authenticated caller, set by the JwtAuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
