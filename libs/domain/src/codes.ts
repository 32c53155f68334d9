// Closed vocabularies of the service. Each is an `as const` array (for runtime checks and enum
// schemas) plus the union type derived from it, so the two can never drift apart.

// The kind codes (CASE_KINDS, CaseKind) come from the registry of kinds: kinds/registry.ts.

export const CASE_STATUSES = [
  'SUBMITTED',
  'OUTGOING_APPROVED',
  'INCOMING_ENROLLED',
  'BALANCE_TRANSFERRED',
  'REFUND_APPROVED',
  'REFUNDED',
  'SUPPLEMENT_REQUIRED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const FINAL_STATUSES = ['BALANCE_TRANSFERRED', 'REFUNDED', 'REJECTED', 'WITHDRAWN'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];

export function isFinalStatus(status: CaseStatus): status is FinalStatus {
  return (FINAL_STATUSES as readonly CaseStatus[]).includes(status);
}

export const INSURANCE_TYPES = ['EMPLOYEE', 'RESIDENT'] as const;
export type InsuranceType = (typeof INSURANCE_TYPES)[number];

export const CHANNELS = ['WINDOW', 'ONLINE'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TRANSFER_REASONS = ['JOB_CHANGE', 'HOUSEHOLD_MOVE', 'RESIDENCE_CHANGE', 'OTHER'] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

export const ROLES = ['CLERK', 'SUPERVISOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const REFUND_REASONS = [
  'RESIDENT_DUP_BEFORE_BENEFIT',
  'EMPLOYEE_DUP_BEFORE_BENEFIT',
  'INDIVIDUAL_THEN_EMPLOYER',
  'DEATH_BEFORE_BENEFIT',
  'STOP_FAILED',
  'LATE_RETIREMENT_OR_DEATH_FILING',
  'DATA_ENTRY_ERROR',
  'SUBSIDY_GRANTED',
  'STUDENT_RESIDENT_DUP',
  'TIER_CHANGE_BEFORE_BENEFIT',
  'PAID_AFTER_DEADLINE',
  'PAYMENT_ERROR',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export const TRANSFER_REJECTION_CODES = [
  'ORIGIN_NOT_STOPPED',
  'DEST_NOT_ENROLLED',
  'ARREARS',
  'ACCOUNT_ABNORMAL',
  'PENDING_TRANSFER_EXISTS',
  'RETIREE_OUT_OF_SCOPE',
  'RESIDENT_SAME_YEAR',
  'SAME_POOLING_AREA',
  'IDENTITY_MISMATCH',
  'DUPLICATE_APPLICATION',
  'OTHER',
] as const;
export type TransferRejectionCode = (typeof TRANSFER_REJECTION_CODES)[number];

export const REFUND_REJECTION_CODES = [
  'BENEFIT_PERIOD_STARTED',
  'EMPLOYEE_RESIDENT_SAME_PERIOD',
  'MULTI_EMPLOYER_EMPLOYER_SHARE',
  'BENEFITS_USED',
  'GOVERNMENT_FUNDED_SHARE',
  'VOLUNTARY_WITHDRAWAL',
  'DEADLINE_PASSED',
  'NOT_DUPLICATE',
  'PERIOD_NOT_OVERLAPPING',
  'MATERIALS_INSUFFICIENT',
  'OTHER',
] as const;
export type RefundRejectionCode = (typeof REFUND_REJECTION_CODES)[number];

export const MATERIAL_CODES = [
  'ID_CARD',
  'SOCIAL_SECURITY_CARD',
  'INSURANCE_CERTIFICATE',
  'CONTACT_LETTER',
  'INFO_SHEET',
  'APPLICATION_FORM',
  'HOUSEHOLD_REGISTER',
  'EMPLOYMENT_PROOF',
  'RESIDENCE_PROOF',
  'AGENT_AUTHORIZATION',
  'PAYMENT_RECEIPT',
  'PAYMENT_HISTORY',
  'BANK_ACCOUNT',
  'DEATH_CERTIFICATE',
  'HEIR_PROOF',
  'OTHER',
] as const;
export type MaterialCode = (typeof MATERIAL_CODES)[number];

// Order matters: allowedActions lists actions in this order.
export const CASE_ACTIONS = [
  'approve-outgoing',
  'enrol-incoming',
  'confirm-balance',
  'approve-refund',
  'confirm-refund',
  'reject',
  'request-materials',
  'resume',
  'withdraw',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

// Shown to applicants (API statusLabel). REJECTED reads 已驳回 because a transfer can also be
// refused after acceptance (at the destination), where 不予受理 would be wrong.
export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  SUBMITTED: '已受理',
  OUTGOING_APPROVED: '转出地已审核',
  INCOMING_ENROLLED: '转入地已接续',
  BALANCE_TRANSFERRED: '个人账户余额已划转',
  REFUND_APPROVED: '退费已审核',
  REFUNDED: '已退费',
  SUPPLEMENT_REQUIRED: '待补充材料',
  REJECTED: '已驳回',
  WITHDRAWN: '已撤回',
};

/** Narrowing membership test for the vocabularies above (e.g. `isOneOf(MATERIAL_CODES, s)`). */
export function isOneOf<T extends string>(values: readonly T[], candidate: unknown): candidate is T {
  return typeof candidate === 'string' && (values as readonly string[]).includes(candidate);
}
