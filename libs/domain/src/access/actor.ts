// Who may act for which region. A case names the regions involved; the rules in API.md
// (Authentication and roles) decide whether a staff member acts for one of them.
import type { Role } from '../codes';
import { assertUnreachable } from '../errors';
import { provinceOf } from '../identity/region-code';

export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** 6-digit region code of the agency the user works for. */
  agency: string;
}

export function canActFor(actor: Actor, region: string): boolean {
  switch (actor.role) {
    case 'ADMIN':
      return true;
    case 'SUPERVISOR':
      return provinceOf(region) === provinceOf(actor.agency);
    case 'CLERK':
      return region === actor.agency;
    default:
      return assertUnreachable(actor.role);
  }
}
