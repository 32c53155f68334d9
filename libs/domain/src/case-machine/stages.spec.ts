import type { CaseStatus } from '../codes';
import type { CaseKind } from '../kinds/registry';
import { stageForStatus, stagesFor, type StageName } from './stages';

describe('stagesFor', () => {
  it.each<[CaseKind, StageName[]]>([
    ['TRANSFER', ['OUTGOING', 'INCOMING', 'BALANCE']],
    ['REFUND', ['REVIEW', 'PAYMENT']],
  ])('%s -> %p', (kind, stages) => {
    expect(stagesFor(kind)).toEqual(stages);
  });

  // The applicants' labels of the stages are the kinds' (public-status.spec.ts checks them).
});

describe('stageForStatus', () => {
  it.each<[CaseKind, CaseStatus, CaseStatus | null, StageName | null]>([
    ['TRANSFER', 'SUBMITTED', null, 'OUTGOING'],
    ['TRANSFER', 'OUTGOING_APPROVED', null, 'INCOMING'],
    ['TRANSFER', 'INCOMING_ENROLLED', null, 'BALANCE'],
    ['TRANSFER', 'SUPPLEMENT_REQUIRED', 'SUBMITTED', 'OUTGOING'],
    ['TRANSFER', 'SUPPLEMENT_REQUIRED', 'OUTGOING_APPROVED', 'INCOMING'],
    ['TRANSFER', 'SUPPLEMENT_REQUIRED', null, null],
    ['TRANSFER', 'BALANCE_TRANSFERRED', null, null],
    ['TRANSFER', 'REJECTED', null, null],
    ['TRANSFER', 'WITHDRAWN', null, null],
    ['REFUND', 'SUBMITTED', null, 'REVIEW'],
    ['REFUND', 'REFUND_APPROVED', null, 'PAYMENT'],
    ['REFUND', 'SUPPLEMENT_REQUIRED', 'SUBMITTED', 'REVIEW'],
    ['REFUND', 'REFUNDED', null, null],
  ])('%s %s (paused from %s) -> %s', (kind, status, pausedFrom, stage) => {
    expect(stageForStatus(kind, status, pausedFrom)).toBe(stage);
  });
});
