// Chinese names of the API's codes, shared by every screen.
import type { Schemas } from '../services/api';
import type { Tone } from './ToneTag';

type CaseStatus = Schemas['CaseDetail']['status'];
type SlaState = NonNullable<NonNullable<Schemas['CaseDetail']['sla']>['overall']>['state'];

export const KIND: Record<Schemas['CaseDetail']['kind'], string> = { TRANSFER: '关系转移接续', REFUND: '重复缴费退费' };

export const STATUS: Record<CaseStatus, string> = {
  SUBMITTED: '已受理',
  OUTGOING_APPROVED: '转出地已审核',
  INCOMING_ENROLLED: '转入地已接续',
  BALANCE_TRANSFERRED: '个人账户已到账',
  REFUND_APPROVED: '退费已审核',
  REFUNDED: '已退费',
  SUPPLEMENT_REQUIRED: '待补充材料',
  REJECTED: '不予办理',
  WITHDRAWN: '已撤回',
};

export const SLA_STATE: Record<SlaState, { label: string; color: Tone }> = {
  OVERDUE: { label: '已超期', color: 'red' },
  DUE_SOON: { label: '即将到期', color: 'orange' },
  ON_TRACK: { label: '正常', color: 'green' },
  PAUSED: { label: '暂停计时', color: 'default' },
  MET: { label: '按期办结', color: 'blue' },
  MISSED: { label: '超期办结', color: 'magenta' },
};

export const CLOCK: Record<string, string> = {
  OUTGOING: '转出地办理',
  INCOMING: '转入地办理',
  BALANCE: '个人账户到账',
  REVIEW: '受理审核',
  PAYMENT: '退款支付',
  OVERALL: '全流程',
};

export const ACTION: Record<string, string> = {
  'approve-outgoing': '转出审核通过',
  'enrol-incoming': '转入接续',
  'confirm-balance': '确认账户到账',
  'approve-refund': '退费审核通过',
  'confirm-refund': '确认已退费',
  reject: '不予办理',
  'request-materials': '要求补充材料',
  resume: '材料已补齐，恢复办理',
  withdraw: '撤回申请',
  submit: '受理登记',
};

export const INSURANCE: Record<string, string> = { EMPLOYEE: '职工医保', RESIDENT: '城乡居民医保' };
export const CHANNEL: Record<string, string> = { WINDOW: '窗口', ONLINE: '网上' };
export const SIDE: Record<'outgoing' | 'incoming', string> = { outgoing: '转出', incoming: '转入' };
export const ROLE: Record<string, string> = { CLERK: '经办员', SUPERVISOR: '科室负责人', ADMIN: '系统管理员' };
export const ALERT_LEVEL: Record<string, { label: string; color: Tone }> = {
  DUE_SOON: { label: '即将到期', color: 'orange' },
  OVERDUE: { label: '已超期', color: 'red' },
  ESCALATED: { label: '超期升级', color: 'magenta' },
};

export const TRANSFER_REASON: Record<string, string> = {
  JOB_CHANGE: '工作调动',
  HOUSEHOLD_MOVE: '户籍迁移',
  RESIDENCE_CHANGE: '居住地变更',
  OTHER: '其他',
};

export const REFUND_REASON: Record<string, string> = {
  RESIDENT_DUP_BEFORE_BENEFIT: '居民医保重复参保（待遇享受前）',
  EMPLOYEE_DUP_BEFORE_BENEFIT: '职工医保重复参保（待遇享受前）',
  INDIVIDUAL_THEN_EMPLOYER: '个人缴费后单位又缴费',
  DEATH_BEFORE_BENEFIT: '参保人待遇期前死亡',
  STOP_FAILED: '停保未成功',
  LATE_RETIREMENT_OR_DEATH_FILING: '退休或死亡申报滞后',
  DATA_ENTRY_ERROR: '信息录入错误',
  SUBSIDY_GRANTED: '已享受缴费资助',
  STUDENT_RESIDENT_DUP: '学生重复参保',
  TIER_CHANGE_BEFORE_BENEFIT: '档次变更（待遇享受前）',
  PAID_AFTER_DEADLINE: '截止后缴费',
  PAYMENT_ERROR: '缴费差错',
};

export const TRANSFER_REJECTION: Record<string, string> = {
  ORIGIN_NOT_STOPPED: '转出地未停保',
  DEST_NOT_ENROLLED: '转入地未参保',
  ARREARS: '存在欠费',
  ACCOUNT_ABNORMAL: '个人账户异常',
  PENDING_TRANSFER_EXISTS: '已有在办转移',
  RETIREE_OUT_OF_SCOPE: '退休人员不适用',
  RESIDENT_SAME_YEAR: '居民医保当年已缴费',
  SAME_POOLING_AREA: '同一统筹区',
  IDENTITY_MISMATCH: '身份信息不符',
  DUPLICATE_APPLICATION: '重复申请',
  OTHER: '其他',
};

export const REFUND_REJECTION: Record<string, string> = {
  BENEFIT_PERIOD_STARTED: '已进入待遇享受期',
  EMPLOYEE_RESIDENT_SAME_PERIOD: '职工居民同期参保不予退',
  MULTI_EMPLOYER_EMPLOYER_SHARE: '多单位缴费的单位部分',
  BENEFITS_USED: '已享受待遇',
  GOVERNMENT_FUNDED_SHARE: '财政补助部分',
  VOLUNTARY_WITHDRAWAL: '主动放弃',
  DEADLINE_PASSED: '超过申请期限',
  NOT_DUPLICATE: '不属于重复缴费',
  PERIOD_NOT_OVERLAPPING: '缴费期间不重叠',
  MATERIALS_INSUFFICIENT: '材料不全',
  OTHER: '其他',
};

export const MATERIAL: Record<string, string> = {
  ID_CARD: '居民身份证',
  SOCIAL_SECURITY_CARD: '社会保障卡',
  INSURANCE_CERTIFICATE: '参保凭证',
  CONTACT_LETTER: '联系函',
  INFO_SHEET: '参保信息表',
  APPLICATION_FORM: '申请表',
  HOUSEHOLD_REGISTER: '户口簿',
  EMPLOYMENT_PROOF: '就业证明',
  RESIDENCE_PROOF: '居住证明',
  AGENT_AUTHORIZATION: '委托书',
  PAYMENT_RECEIPT: '缴费凭证',
  PAYMENT_HISTORY: '缴费记录',
  BANK_ACCOUNT: '银行账户信息',
  DEATH_CERTIFICATE: '死亡证明',
  HEIR_PROOF: '继承人证明',
  OTHER: '其他',
};
