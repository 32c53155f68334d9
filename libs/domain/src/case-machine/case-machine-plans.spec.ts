import type { CaseAction, CaseStatus } from '../codes';
import { actingRegionFor, actingSideFor, planTransition } from './case-machine';
import type { ActingSide, TransitionInput, TransitionPlan } from './case-machine.types';
import { ADMIN, SCENARIOS, transferCase } from './case-machine.fixtures';

describe('plans: status, patch and timeline data', () => {
  it.each<[string, TransitionInput, Omit<TransitionPlan, 'action'>]>([
    [
      'TRANSFER SUBMITTED',
      { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1200.00', comment: 'ok' },
      {
        from: 'SUBMITTED',
        to: 'OUTGOING_APPROVED',
        patch: { contributionMonths: 36, balanceAmount: '1200.00' },
        eventData: { contributionMonths: 36, balanceAmount: '1200.00' },
        final: false,
      },
    ],
    [
      'TRANSFER OUTGOING_APPROVED',
      { action: 'enrol-incoming' },
      { from: 'OUTGOING_APPROVED', to: 'INCOMING_ENROLLED', patch: {}, eventData: {}, final: false },
    ],
    [
      'TRANSFER OUTGOING_APPROVED no balance',
      { action: 'enrol-incoming' },
      {
        from: 'OUTGOING_APPROVED',
        to: 'BALANCE_TRANSFERRED',
        patch: {},
        eventData: { balanceStage: 'SKIPPED' },
        final: true,
      },
    ],
    [
      'TRANSFER INCOMING_ENROLLED',
      { action: 'confirm-balance', receivedAmount: '1200.00' },
      {
        from: 'INCOMING_ENROLLED',
        to: 'BALANCE_TRANSFERRED',
        patch: {},
        eventData: { receivedAmount: '1200.00' },
        final: true,
      },
    ],
    [
      'TRANSFER OUTGOING_APPROVED',
      { action: 'reject', reasonCode: 'DEST_NOT_ENROLLED', comment: '转入地未参保' },
      {
        from: 'OUTGOING_APPROVED',
        to: 'REJECTED',
        patch: { rejectionCode: 'DEST_NOT_ENROLLED' },
        eventData: { reasonCode: 'DEST_NOT_ENROLLED' },
        final: true,
      },
    ],
    [
      'TRANSFER OUTGOING_APPROVED',
      { action: 'request-materials', materials: ['INFO_SHEET', 'OTHER'], comment: '信息表缺章' },
      {
        from: 'OUTGOING_APPROVED',
        to: 'SUPPLEMENT_REQUIRED',
        patch: { pausedFromStatus: 'OUTGOING_APPROVED', materialsRequested: ['INFO_SHEET', 'OTHER'] },
        eventData: { materials: ['INFO_SHEET', 'OTHER'] },
        final: false,
      },
    ],
    [
      'TRANSFER SUPPLEMENT_REQUIRED from OUTGOING_APPROVED',
      { action: 'resume' },
      {
        from: 'SUPPLEMENT_REQUIRED',
        to: 'OUTGOING_APPROVED',
        patch: { pausedFromStatus: null, materialsRequested: [] },
        eventData: {},
        final: false,
      },
    ],
    [
      'TRANSFER SUPPLEMENT_REQUIRED from SUBMITTED',
      { action: 'withdraw', comment: '申请人撤回' },
      {
        from: 'SUPPLEMENT_REQUIRED',
        to: 'WITHDRAWN',
        patch: { pausedFromStatus: null, materialsRequested: [] },
        eventData: { pausedFromStatus: 'SUBMITTED' },
        final: true,
      },
    ],
    [
      'TRANSFER SUBMITTED',
      { action: 'withdraw' },
      {
        from: 'SUBMITTED',
        to: 'WITHDRAWN',
        patch: { pausedFromStatus: null, materialsRequested: [] },
        eventData: {},
        final: true,
      },
    ],
    [
      'REFUND SUBMITTED',
      { action: 'approve-refund', approvedAmount: '1000.00' },
      {
        from: 'SUBMITTED',
        to: 'REFUND_APPROVED',
        patch: { approvedAmount: '1000.00' },
        eventData: { approvedAmount: '1000.00', claimedAmount: '1234.50' },
        final: false,
      },
    ],
    [
      'REFUND REFUND_APPROVED',
      { action: 'confirm-refund', paidAmount: '1000.00' },
      {
        from: 'REFUND_APPROVED',
        to: 'REFUNDED',
        patch: { paidAmount: '1000.00' },
        eventData: { paidAmount: '1000.00' },
        final: true,
      },
    ],
    [
      'REFUND SUBMITTED',
      { action: 'reject', reasonCode: 'NOT_DUPLICATE', comment: '未发现重复缴费' },
      {
        from: 'SUBMITTED',
        to: 'REJECTED',
        patch: { rejectionCode: 'NOT_DUPLICATE' },
        eventData: { reasonCode: 'NOT_DUPLICATE' },
        final: true,
      },
    ],
    [
      'REFUND SUBMITTED',
      { action: 'request-materials', materials: ['BANK_ACCOUNT'] },
      {
        from: 'SUBMITTED',
        to: 'SUPPLEMENT_REQUIRED',
        patch: { pausedFromStatus: 'SUBMITTED', materialsRequested: ['BANK_ACCOUNT'] },
        eventData: { materials: ['BANK_ACCOUNT'] },
        final: false,
      },
    ],
    [
      'REFUND SUPPLEMENT_REQUIRED',
      { action: 'resume' },
      {
        from: 'SUPPLEMENT_REQUIRED',
        to: 'SUBMITTED',
        patch: { pausedFromStatus: null, materialsRequested: [] },
        eventData: {},
        final: false,
      },
    ],
  ])('%s: %p', (scenario, input, expected) => {
    expect(planTransition(SCENARIOS[scenario], input, ADMIN)).toEqual({ ...expected, action: input.action });
  });

  it.each<[string, Partial<Parameters<typeof transferCase>[0]>, TransitionInput, Record<string, unknown>]>([
    [
      'a resident origin records balance 0.00 when the field is absent',
      { insuranceType: 'RESIDENT' },
      { action: 'approve-outgoing', contributionMonths: 12 },
      { contributionMonths: 12, balanceAmount: '0.00' },
    ],
    [
      'a resident origin accepts an explicit 0.00',
      { insuranceType: 'RESIDENT' },
      { action: 'approve-outgoing', contributionMonths: 0, balanceAmount: '0.00' },
      { contributionMonths: 0, balanceAmount: '0.00' },
    ],
    [
      'an employee origin may remit 0.00',
      { insuranceType: 'EMPLOYEE' },
      { action: 'approve-outgoing', contributionMonths: 5, balanceAmount: '0.00' },
      { contributionMonths: 5, balanceAmount: '0.00' },
    ],
  ])('%s', (_label, overrides, input, patch) => {
    expect(planTransition(transferCase(overrides), input, ADMIN).patch).toEqual(patch);
  });

  it.each<[string, string | null, CaseStatus]>([
    ['employee balance 0.00 skips BALANCE', '0.00', 'BALANCE_TRANSFERRED'],
    ['no recorded balance skips BALANCE', null, 'BALANCE_TRANSFERRED'],
    ['balance 0.01 waits for the remittance', '0.01', 'INCOMING_ENROLLED'],
  ])('enrol-incoming: %s', (_label, balanceAmount, to) => {
    const c = transferCase({ status: 'OUTGOING_APPROVED', balanceAmount });
    expect(planTransition(c, { action: 'enrol-incoming' }, ADMIN).to).toBe(to);
  });
});

describe('actingSideFor / actingRegionFor', () => {
  it.each<[string, CaseAction, ActingSide | null, string | null]>([
    ['TRANSFER SUBMITTED', 'approve-outgoing', 'ORIGIN', '440500'],
    ['TRANSFER SUBMITTED', 'reject', 'ORIGIN', '440500'],
    ['TRANSFER SUBMITTED', 'withdraw', 'EITHER', '440500'],
    ['TRANSFER SUBMITTED', 'enrol-incoming', null, null],
    ['TRANSFER OUTGOING_APPROVED', 'reject', 'DESTINATION', '360100'],
    ['TRANSFER OUTGOING_APPROVED', 'request-materials', 'DESTINATION', '360100'],
    ['TRANSFER INCOMING_ENROLLED', 'confirm-balance', 'DESTINATION', '360100'],
    ['TRANSFER SUPPLEMENT_REQUIRED from SUBMITTED', 'resume', 'ORIGIN', '440500'],
    ['TRANSFER SUPPLEMENT_REQUIRED from OUTGOING_APPROVED', 'resume', 'DESTINATION', '360100'],
    ['TRANSFER BALANCE_TRANSFERRED', 'confirm-balance', null, null],
    ['REFUND SUBMITTED', 'approve-refund', 'REGION', '360100'],
    ['REFUND SUPPLEMENT_REQUIRED', 'resume', 'REGION', '360100'],
    ['REFUND REFUND_APPROVED', 'request-materials', null, null],
  ])('%s, %s -> %s %s', (scenario, action, side, region) => {
    expect(actingSideFor(SCENARIOS[scenario], action)).toBe(side);
    expect(actingRegionFor(SCENARIOS[scenario], action)).toBe(region);
  });
});
