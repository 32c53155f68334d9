// Looking up a clock in a kind's definition.
import type { ClockName } from '../sla/sla-policy';
import type { CaseKindDefinition, ClockDefinition } from './kind-definition';

export function clockDefinition(definition: CaseKindDefinition, clock: ClockName): ClockDefinition {
  const found = definition.clocks.find((c) => c.clock === clock);
  if (found === undefined) throw new Error(`${definition.code} cases have no clock ${clock}`);
  return found;
}
