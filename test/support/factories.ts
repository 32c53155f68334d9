/** Request bodies for tests; each call can override any field. */

export const ID_NUMBERS = {
  valid: '11010519491231002X',
  validLowerX: '11010519491231002x',
  other: '440524198001010013',
} as const;

export function transferBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'TRANSFER',
    applicant: { name: '张三', idNumber: ID_NUMBERS.valid, phone: '13800138000' },
    insuranceType: 'EMPLOYEE',
    fromRegion: '440500',
    toRegion: '360100',
    reason: 'JOB_CHANGE',
    channel: 'WINDOW',
    ...overrides,
  };
}

export function refundBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'REFUND',
    applicant: { name: '李四', idNumber: ID_NUMBERS.other, phone: '13900139000' },
    insuranceType: 'RESIDENT',
    region: '360100',
    reason: 'RESIDENT_DUP_BEFORE_BENEFIT',
    amount: '1234.50',
    periodFrom: '2025-01',
    periodTo: '2025-06',
    ...overrides,
  };
}

/** A valid ID number (GB 11643 check digit) of a different person for each `n`. */
export function personIdNumber(n: number): string {
  const body = `44052419800101${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}
