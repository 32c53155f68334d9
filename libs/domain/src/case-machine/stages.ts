// The stages a case goes through, in order, as its kind's definition lists them. Each stage has its
// own SLA clock (API.md, Working-day SLAs); the overall clock spans them all.
import type { CaseStatus } from '../codes';
import type { CaseKindDefinition, StageName } from '../kinds/kind-definition';
import { kindDefinition, type CaseKind } from '../kinds/registry';

export type { StageName } from '../kinds/kind-definition';

export function stagesFor(kind: CaseKind, definition: CaseKindDefinition = kindDefinition(kind)): readonly StageName[] {
  return definition.stages.map((s) => s.name);
}

/**
 * The stage a case in `status` is waiting in, or null when it is final. A case paused for
 * materials is in the stage it paused from.
 */
export function stageForStatus(
  kind: CaseKind,
  status: CaseStatus,
  pausedFromStatus: CaseStatus | null = null,
  definition: CaseKindDefinition = kindDefinition(kind),
): StageName | null {
  if (status === 'SUPPLEMENT_REQUIRED') {
    return pausedFromStatus === null || pausedFromStatus === 'SUPPLEMENT_REQUIRED'
      ? null
      : stageForStatus(kind, pausedFromStatus, null, definition);
  }
  return definition.stages.find((s) => s.statuses.includes(status))?.name ?? null;
}
