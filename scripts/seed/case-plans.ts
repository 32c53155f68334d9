// What generated cases go through: the transitions of each plan, weighted, in the mix a province's
// queue shows (open) and a year of history holds (finished); names and reasons to fill them in.
import type { TransitionInput } from '@case-desk/domain';

export type Plan = { weight: number; insuranceType?: 'EMPLOYEE' | 'RESIDENT'; steps: TransitionInput[] };

const BALANCE = '1832.40';
export const OPEN_TRANSFER_PLANS: Plan[] = [
  { weight: 35, steps: [] },
  { weight: 20, insuranceType: 'EMPLOYEE', steps: [{ action: 'approve-outgoing', contributionMonths: 48, balanceAmount: BALANCE }] },
  { weight: 5, insuranceType: 'RESIDENT', steps: [{ action: 'approve-outgoing', contributionMonths: 24 }] },
  {
    weight: 15,
    insuranceType: 'EMPLOYEE',
    steps: [{ action: 'approve-outgoing', contributionMonths: 60, balanceAmount: BALANCE }, { action: 'enrol-incoming' }],
  },
  { weight: 10, steps: [{ action: 'request-materials', materials: ['ID_CARD', 'INSURANCE_CERTIFICATE'], comment: '证件不清晰' }] },
  {
    weight: 5,
    insuranceType: 'EMPLOYEE',
    steps: [
      { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: BALANCE },
      { action: 'request-materials', materials: ['INFO_SHEET'], comment: '信息表缺页' },
    ],
  },
  { weight: 10, steps: [{ action: 'request-materials', materials: ['EMPLOYMENT_PROOF'] }, { action: 'resume' }] },
];
export const OPEN_REFUND_PLANS: Plan[] = [
  { weight: 50, steps: [] },
  { weight: 30, steps: [{ action: 'approve-refund', approvedAmount: '900.00' }] },
  { weight: 20, steps: [{ action: 'request-materials', materials: ['PAYMENT_RECEIPT'], comment: '缺缴费凭证' }] },
];
export const FINISHED_TRANSFER_PLANS: Plan[] = [
  {
    weight: 50,
    insuranceType: 'EMPLOYEE',
    steps: [
      { action: 'approve-outgoing', contributionMonths: 48, balanceAmount: BALANCE },
      { action: 'enrol-incoming' },
      { action: 'confirm-balance', receivedAmount: BALANCE },
    ],
  },
  { weight: 20, insuranceType: 'RESIDENT', steps: [{ action: 'approve-outgoing', contributionMonths: 12 }, { action: 'enrol-incoming' }] },
  {
    weight: 10,
    insuranceType: 'EMPLOYEE',
    steps: [
      { action: 'request-materials', materials: ['ID_CARD'] },
      { action: 'resume' },
      { action: 'approve-outgoing', contributionMonths: 30, balanceAmount: BALANCE },
      { action: 'enrol-incoming' },
      { action: 'confirm-balance', receivedAmount: BALANCE },
    ],
  },
  { weight: 10, steps: [{ action: 'reject', reasonCode: 'ARREARS', comment: '存在欠费' }] },
  { weight: 10, steps: [{ action: 'withdraw', comment: '申请人撤回' }] },
];
export const FINISHED_REFUND_PLANS: Plan[] = [
  { weight: 75, steps: [{ action: 'approve-refund', approvedAmount: '900.00' }, { action: 'confirm-refund', paidAmount: '900.00' }] },
  { weight: 15, steps: [{ action: 'reject', reasonCode: 'NOT_DUPLICATE', comment: '非重复缴费' }] },
  { weight: 10, steps: [{ action: 'withdraw', comment: '申请人撤回' }] },
];

export const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '欧阳'];
export const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超'];
export const TRANSFER_REASONS = ['JOB_CHANGE', 'HOUSEHOLD_MOVE', 'RESIDENCE_CHANGE', 'OTHER'];
export const REFUND_REASONS = ['RESIDENT_DUP_BEFORE_BENEFIT', 'EMPLOYEE_DUP_BEFORE_BENEFIT', 'INDIVIDUAL_THEN_EMPLOYER', 'STOP_FAILED'];


export function pickPlan(plans: Plan[], u: number): Plan {
  const total = plans.reduce((s, p) => s + p.weight, 0);
  let at = u * total;
  for (const p of plans) {
    if (at < p.weight) return p;
    at -= p.weight;
  }
  return plans[plans.length - 1];
}
