import type { DomainErrorCode, FieldError } from '../errors';
import { DomainError } from '../errors';
import { planTransition } from './case-machine';
import type { CaseSnapshot, TransitionInput } from './case-machine.types';
import { ADMIN, refundCase, thrownBy, transferCase } from './case-machine.fixtures';

type Expected = [DomainErrorCode, string, FieldError[] | undefined];

const INVALID_INPUT = (action: string) => `the input for '${action}' is invalid`;
const MONEY = 'must be an amount with two decimals, e.g. "1234.50"';
const TRANSFER_CODES =
  'must be a transfer rejection code: ORIGIN_NOT_STOPPED, DEST_NOT_ENROLLED, ARREARS, ACCOUNT_ABNORMAL, ' +
  'PENDING_TRANSFER_EXISTS, RETIREE_OUT_OF_SCOPE, RESIDENT_SAME_YEAR, SAME_POOLING_AREA, IDENTITY_MISMATCH, ' +
  'DUPLICATE_APPLICATION, OTHER';
const REFUND_CODES =
  'must be a refund rejection code: BENEFIT_PERIOD_STARTED, EMPLOYEE_RESIDENT_SAME_PERIOD, ' +
  'MULTI_EMPLOYER_EMPLOYER_SHARE, BENEFITS_USED, GOVERNMENT_FUNDED_SHARE, VOLUNTARY_WITHDRAWAL, DEADLINE_PASSED, ' +
  'NOT_DUPLICATE, PERIOD_NOT_OVERLAPPING, MATERIALS_INSUFFICIENT, OTHER';
const COMMENT_REQUIRED = { path: 'comment', message: 'is required: tell the applicant why the case is rejected' };

const employee = transferCase({ insuranceType: 'EMPLOYEE' });
const resident = transferCase({ insuranceType: 'RESIDENT' });
const enrolled = transferCase({ status: 'INCOMING_ENROLLED', balanceAmount: '1200.00' });
const approvedTransfer = transferCase({ status: 'OUTGOING_APPROVED', balanceAmount: '1200.00' });
const refund = refundCase({ amount: '1234.50' });
const approvedRefund = refundCase({ status: 'REFUND_APPROVED', approvedAmount: '1000.00' });

const GUARDS: [string, CaseSnapshot, TransitionInput, Expected][] = [
  [
    'employee origin without balanceAmount',
    employee,
    { action: 'approve-outgoing', contributionMonths: 36 },
    [
      'VALIDATION_FAILED',
      INVALID_INPUT('approve-outgoing'),
      [
        {
          path: 'balanceAmount',
          message: 'is required for employee insurance: the personal-account balance to remit ("0.00" if none)',
        },
      ],
    ],
  ],
  [
    'employee origin with a malformed balance',
    employee,
    { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '1200' },
    ['VALIDATION_FAILED', INVALID_INPUT('approve-outgoing'), [{ path: 'balanceAmount', message: MONEY }]],
  ],
  [
    'resident origin with a non-zero balance',
    resident,
    { action: 'approve-outgoing', contributionMonths: 36, balanceAmount: '0.01' },
    [
      'VALIDATION_FAILED',
      INVALID_INPUT('approve-outgoing'),
      [{ path: 'balanceAmount', message: 'must be absent or "0.00" for resident insurance, which has no personal account' }],
    ],
  ],
  ...[-1, 1.5, Number.NaN].map(
    (months): [string, CaseSnapshot, TransitionInput, Expected] => [
      `contributionMonths ${months}`,
      employee,
      { action: 'approve-outgoing', contributionMonths: months, balanceAmount: '1.00' },
      [
        'VALIDATION_FAILED',
        INVALID_INPUT('approve-outgoing'),
        [{ path: 'contributionMonths', message: 'must be a whole number of months, 0 or more' }],
      ],
    ],
  ),
  [
    'several field errors are reported together',
    employee,
    { action: 'approve-outgoing', contributionMonths: -3 },
    [
      'VALIDATION_FAILED',
      INVALID_INPUT('approve-outgoing'),
      [
        { path: 'contributionMonths', message: 'must be a whole number of months, 0 or more' },
        {
          path: 'balanceAmount',
          message: 'is required for employee insurance: the personal-account balance to remit ("0.00" if none)',
        },
      ],
    ],
  ],
  [
    'receivedAmount below the balance',
    enrolled,
    { action: 'confirm-balance', receivedAmount: '1199.99' },
    [
      'BUSINESS_RULE',
      'received amount 1199.99 does not equal the balance amount 1200.00 on the information sheet',
      undefined,
    ],
  ],
  [
    'receivedAmount above the balance',
    enrolled,
    { action: 'confirm-balance', receivedAmount: '1200.01' },
    [
      'BUSINESS_RULE',
      'received amount 1200.01 does not equal the balance amount 1200.00 on the information sheet',
      undefined,
    ],
  ],
  [
    'receivedAmount malformed',
    enrolled,
    { action: 'confirm-balance', receivedAmount: '1200.0' },
    ['VALIDATION_FAILED', INVALID_INPUT('confirm-balance'), [{ path: 'receivedAmount', message: MONEY }]],
  ],
  [
    'approvedAmount above the claim',
    refund,
    { action: 'approve-refund', approvedAmount: '1234.51' },
    ['BUSINESS_RULE', 'approved amount 1234.51 exceeds the claimed amount 1234.50', undefined],
  ],
  [
    'approvedAmount compared as money, not as text',
    refundCase({ amount: '900.00' }),
    { action: 'approve-refund', approvedAmount: '1000.00' },
    ['BUSINESS_RULE', 'approved amount 1000.00 exceeds the claimed amount 900.00', undefined],
  ],
  [
    'approvedAmount malformed',
    refund,
    { action: 'approve-refund', approvedAmount: '-1.00' },
    ['VALIDATION_FAILED', INVALID_INPUT('approve-refund'), [{ path: 'approvedAmount', message: MONEY }]],
  ],
  [
    'paidAmount below the approved amount',
    approvedRefund,
    { action: 'confirm-refund', paidAmount: '999.99' },
    ['BUSINESS_RULE', 'paid amount 999.99 does not equal the approved amount 1000.00', undefined],
  ],
  [
    'paidAmount equal to the claim but not to the approval',
    approvedRefund,
    { action: 'confirm-refund', paidAmount: '1234.50' },
    ['BUSINESS_RULE', 'paid amount 1234.50 does not equal the approved amount 1000.00', undefined],
  ],
  [
    'transfer rejected with a refund code',
    employee,
    { action: 'reject', reasonCode: 'BENEFITS_USED', comment: '已享受待遇' },
    ['VALIDATION_FAILED', INVALID_INPUT('reject'), [{ path: 'reasonCode', message: TRANSFER_CODES }]],
  ],
  [
    'refund rejected with a transfer code',
    refund,
    { action: 'reject', reasonCode: 'ARREARS', comment: '欠费' },
    ['VALIDATION_FAILED', INVALID_INPUT('reject'), [{ path: 'reasonCode', message: REFUND_CODES }]],
  ],
  [
    'reject at the destination with a blank comment',
    approvedTransfer,
    { action: 'reject', reasonCode: 'DEST_NOT_ENROLLED', comment: ' \n\t' },
    ['VALIDATION_FAILED', INVALID_INPUT('reject'), [COMMENT_REQUIRED]],
  ],
  [
    'reject with an unknown code and an empty comment',
    refund,
    { action: 'reject', reasonCode: 'nope', comment: '' },
    ['VALIDATION_FAILED', INVALID_INPUT('reject'), [{ path: 'reasonCode', message: REFUND_CODES }, COMMENT_REQUIRED]],
  ],
  [
    'reject without a comment at all',
    refund,
    { action: 'reject', reasonCode: 'OTHER' } as TransitionInput,
    ['VALIDATION_FAILED', INVALID_INPUT('reject'), [COMMENT_REQUIRED]],
  ],
  [
    'request no materials',
    employee,
    { action: 'request-materials', materials: [] },
    [
      'VALIDATION_FAILED',
      INVALID_INPUT('request-materials'),
      [{ path: 'materials', message: 'must list every missing material (at least one)' }],
    ],
  ],
  [
    'request an unknown material',
    approvedTransfer,
    { action: 'request-materials', materials: ['ID_CARD', 'PASSPORT'] } as TransitionInput,
    [
      'VALIDATION_FAILED',
      INVALID_INPUT('request-materials'),
      [{ path: 'materials.1', message: "unknown material code 'PASSPORT'" }],
    ],
  ],
  [
    'request a material twice',
    refund,
    { action: 'request-materials', materials: ['BANK_ACCOUNT', 'ID_CARD', 'BANK_ACCOUNT', 'id_card'] } as TransitionInput,
    [
      'VALIDATION_FAILED',
      INVALID_INPUT('request-materials'),
      [
        { path: 'materials.2', message: "duplicate material code 'BANK_ACCOUNT'" },
        { path: 'materials.3', message: "unknown material code 'id_card'" },
      ],
    ],
  ],
  [
    'resume a case that records no paused status',
    transferCase({ status: 'SUPPLEMENT_REQUIRED', pausedFromStatus: null }),
    { action: 'resume' },
    ['BUSINESS_RULE', 'the case records no status to resume to (pausedFromStatus is null)', undefined],
  ],
  [
    'resume a refund to a status refunds never pause from',
    refundCase({ status: 'SUPPLEMENT_REQUIRED', pausedFromStatus: 'REFUND_APPROVED' }),
    { action: 'resume' },
    ['BUSINESS_RULE', 'the case records no status to resume to (pausedFromStatus is REFUND_APPROVED)', undefined],
  ],
];

describe('guards', () => {
  it.each(GUARDS)('%s', (_label, c, input, [code, message, errors]) => {
    const error = thrownBy(() => planTransition(c, input, ADMIN));
    expect(error).toBeInstanceOf(DomainError);
    const { details } = error as DomainError;
    expect([(error as DomainError).code, (error as DomainError).message]).toEqual([code, message]);
    expect(details).toEqual(errors === undefined ? {} : { errors });
  });
});

describe('inputs at the limits are accepted', () => {
  it.each<[string, CaseSnapshot, TransitionInput]>([
    ['approve exactly the claimed amount', refund, { action: 'approve-refund', approvedAmount: '1234.50' }],
    ['approve less than claimed', refund, { action: 'approve-refund', approvedAmount: '0.01' }],
    ['approve zero (nothing refundable)', refund, { action: 'approve-refund', approvedAmount: '0.00' }],
    ['zero contribution months', employee, { action: 'approve-outgoing', contributionMonths: 0, balanceAmount: '0.00' }],
    ['OTHER among the materials', employee, { action: 'request-materials', materials: ['ID_CARD', 'OTHER'] }],
  ])('%s', (_label, c, input) => {
    expect(planTransition(c, input, ADMIN).action).toBe(input.action);
  });
});
