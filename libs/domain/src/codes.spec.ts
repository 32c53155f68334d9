import { CASE_STATUSES, MATERIAL_CODES, STATUS_LABELS, isFinalStatus, isOneOf, type CaseStatus } from './codes';

describe('isFinalStatus', () => {
  it.each<[CaseStatus, boolean]>([
    ['SUBMITTED', false],
    ['OUTGOING_APPROVED', false],
    ['INCOMING_ENROLLED', false],
    ['BALANCE_TRANSFERRED', true],
    ['REFUND_APPROVED', false],
    ['REFUNDED', true],
    ['SUPPLEMENT_REQUIRED', false],
    ['REJECTED', true],
    ['WITHDRAWN', true],
  ])('%s -> %s', (status, expected) => {
    expect(isFinalStatus(status)).toBe(expected);
  });

  it('covers every status in the table above', () => {
    expect(CASE_STATUSES).toHaveLength(9);
  });
});

describe('STATUS_LABELS', () => {
  it.each<[CaseStatus, string]>([
    ['SUBMITTED', '已受理'],
    ['OUTGOING_APPROVED', '转出地已审核'],
    ['INCOMING_ENROLLED', '转入地已接续'],
    ['BALANCE_TRANSFERRED', '个人账户余额已划转'],
    ['REFUND_APPROVED', '退费已审核'],
    ['REFUNDED', '已退费'],
    ['SUPPLEMENT_REQUIRED', '待补充材料'],
    ['REJECTED', '已驳回'],
    ['WITHDRAWN', '已撤回'],
  ])('%s is labelled %s', (status, label) => {
    expect(STATUS_LABELS[status]).toBe(label);
  });
});

describe('isOneOf', () => {
  it.each<[unknown, boolean]>([
    ['ID_CARD', true],
    ['OTHER', true],
    ['id_card', false],
    ['', false],
    [7, false],
    [null, false],
  ])('%p in MATERIAL_CODES -> %s', (candidate, expected) => {
    expect(isOneOf(MATERIAL_CODES, candidate)).toBe(expected);
  });
});
