import { Actor } from '@case-desk/domain';
import { agencyScopeOf, caseAgencies, sees } from './case-scope';

const actor = (role: Actor['role'], agency: string): Actor => ({ id: '00000000-0000-4000-8000-000000000001', username: 'u', role, agency });

describe('sees: visibleTo for a case in hand', () => {
  const transfer = caseAgencies({ fromRegion: '440500', toRegion: '360100', region: null });
  const refund = caseAgencies({ fromRegion: null, toRegion: null, region: '350200' });

  it.each([
    ['an admin', true, true, actor('ADMIN', '000000')],
    ['the origin clerk', true, false, actor('CLERK', '440500')],
    ['the destination clerk', true, false, actor('CLERK', '360100')],
    ['a clerk of the same province, another agency', false, false, actor('CLERK', '440300')],
    ["the origin's province supervisor", true, false, actor('SUPERVISOR', '440000')],
    ["the destination's province supervisor", true, false, actor('SUPERVISOR', '360000')],
    ["the refund's province supervisor", false, true, actor('SUPERVISOR', '350000')],
    ['the refund clerk', false, true, actor('CLERK', '350200')],
  ])('%s sees the transfer: %s, the refund: %s', (_who, seesTransfer, seesRefund, who) => {
    expect(sees(agencyScopeOf(who), transfer)).toBe(seesTransfer);
    expect(sees(agencyScopeOf(who), refund)).toBe(seesRefund);
  });
});
