// The stages an applicant sees on the progress page, in order. Each stage has its own SLA clock
// (API.md, Working-day SLAs); the overall clock spans them all.
import type { CaseKind, CaseStatus } from '../codes';
import { assertUnreachable } from '../errors';

export const STAGES = {
  TRANSFER: ['OUTGOING', 'INCOMING', 'BALANCE'],
  REFUND: ['REVIEW', 'PAYMENT'],
} as const satisfies Record<CaseKind, readonly string[]>;

export type TransferStage = (typeof STAGES.TRANSFER)[number];
export type RefundStage = (typeof STAGES.REFUND)[number];
export type StageName = TransferStage | RefundStage;

export const STAGE_LABELS: Readonly<Record<StageName, string>> = {
  OUTGOING: '转出地审核',
  INCOMING: '转入地接续',
  BALANCE: '个人账户余额划转',
  REVIEW: '退费审核',
  PAYMENT: '退费支付',
};

export function stagesFor(kind: CaseKind): readonly StageName[] {
  return STAGES[kind];
}

/**
 * The stage a case in `status` is waiting in, or null when it is final. A case paused for
 * materials is in the stage it paused from.
 */
export function stageForStatus(
  kind: CaseKind,
  status: CaseStatus,
  pausedFromStatus: CaseStatus | null = null,
): StageName | null {
  switch (status) {
    case 'SUBMITTED':
      return kind === 'TRANSFER' ? 'OUTGOING' : 'REVIEW';
    case 'OUTGOING_APPROVED':
      return 'INCOMING';
    case 'INCOMING_ENROLLED':
      return 'BALANCE';
    case 'REFUND_APPROVED':
      return 'PAYMENT';
    case 'SUPPLEMENT_REQUIRED':
      return pausedFromStatus === null || pausedFromStatus === 'SUPPLEMENT_REQUIRED'
        ? null
        : stageForStatus(kind, pausedFromStatus);
    case 'BALANCE_TRANSFERRED':
    case 'REFUNDED':
    case 'REJECTED':
    case 'WITHDRAWN':
      return null;
    default:
      return assertUnreachable(status);
  }
}
