// Rules that transfers and refunds share: reject, request-materials, resume, withdraw.
// Builders take what differs by kind and stage (the acting side, the reason codes).
import { type CaseStatus, MATERIAL_CODES, isOneOf } from '../codes';
import type { FieldError } from '../errors';
import type { ActingSide, CaseSnapshot, TransitionRule } from '../case-machine/case-machine.types';

const NO_ERRORS: FieldError[] = [];

export function fixedSide(side: ActingSide): (c: CaseSnapshot) => ActingSide {
  return () => side;
}

export function rejectRule(side: ActingSide, reasonCodes: readonly string[], kindLabel: string): TransitionRule<'reject'> {
  return {
    side: fixedSide(side),
    // The schema requires a code and a comment; which codes apply depends on the kind.
    validate: (_c, input) =>
      typeof input.reasonCode === 'string' && input.reasonCode !== '' && !isOneOf(reasonCodes, input.reasonCode)
        ? [{ path: 'reasonCode', message: `must be a ${kindLabel} rejection code: ${reasonCodes.join(', ')}` }]
        : NO_ERRORS,
    violation: () => null,
    apply: (_c, input) => ({
      to: 'REJECTED',
      patch: { rejectionCode: input.reasonCode },
      eventData: { reasonCode: input.reasonCode },
    }),
  };
}

export function requestMaterialsRule(side: ActingSide): TransitionRule<'request-materials'> {
  return {
    side: fixedSide(side),
    // The schema checks the list and its codes; a code named twice is a slip worth reporting.
    validate: (_c, input) => {
      if (!Array.isArray(input.materials)) return NO_ERRORS;
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      input.materials.forEach((code, i) => {
        if (!isOneOf(MATERIAL_CODES, code)) return;
        if (seen.has(code)) errors.push({ path: `materials.${i}`, message: `duplicate material code '${code}'` });
        seen.add(code);
      });
      return errors;
    },
    violation: () => null,
    apply: (c, input) => ({
      to: 'SUPPLEMENT_REQUIRED',
      patch: { pausedFromStatus: c.status, materialsRequested: [...input.materials] },
      eventData: { materials: [...input.materials] },
    }),
  };
}

/**
 * Resume returns to the status the case paused from; `sideOf` names who acts for that stage.
 * `resumable` guards against a corrupt snapshot naming a status that can never pause.
 */
export function resumeRule(
  resumable: readonly CaseStatus[],
  sideOf: (pausedFrom: CaseStatus | null) => ActingSide,
): TransitionRule<'resume'> {
  return {
    side: (c) => sideOf(c.pausedFromStatus),
    violation: (c) =>
      c.pausedFromStatus !== null && resumable.includes(c.pausedFromStatus)
        ? null
        : `the case records no status to resume to (pausedFromStatus is ${String(c.pausedFromStatus)})`,
    apply: (c) => ({
      // violation() has ruled out null.
      to: c.pausedFromStatus as CaseStatus,
      patch: { pausedFromStatus: null, materialsRequested: [] },
      eventData: {},
    }),
  };
}

export function withdrawRule(side: ActingSide): TransitionRule<'withdraw'> {
  return {
    side: fixedSide(side),
    violation: () => null,
    // A withdrawn case asks nothing more of the applicant, so a pending request is cleared.
    apply: (c) => ({
      to: 'WITHDRAWN',
      patch: { pausedFromStatus: null, materialsRequested: [] },
      eventData: c.pausedFromStatus === null ? {} : { pausedFromStatus: c.pausedFromStatus },
    }),
  };
}
