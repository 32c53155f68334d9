import type { Role } from '../codes';
import { canActFor, type Actor } from './actor';

function actor(role: Role, agency: string): Actor {
  return { id: `${role}-${agency}`, username: `${role.toLowerCase()}${agency}`, role, agency };
}

describe('canActFor', () => {
  it.each<[Role, string, string, boolean]>([
    ['CLERK', '440500', '440500', true],
    ['CLERK', '440500', '440300', false],
    ['CLERK', '440500', '440000', false],
    ['CLERK', '440500', '360100', false],
    ['SUPERVISOR', '440000', '440500', true],
    ['SUPERVISOR', '440500', '440300', true],
    ['SUPERVISOR', '440000', '440000', true],
    ['SUPERVISOR', '440000', '360100', false],
    ['SUPERVISOR', '440000', '450100', false],
    ['ADMIN', '110000', '440500', true],
    ['ADMIN', '110000', '650100', true],
  ])('%s of %s for %s -> %s', (role, agency, region, expected) => {
    expect(canActFor(actor(role, agency), region)).toBe(expected);
  });
});
