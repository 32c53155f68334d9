// Seeds a running API with cases in the mix of states a status page sees: every case is created and
// moved through the real HTTP API, so its clocks, events and timestamps are what production writes.

export interface SeededCase {
  caseNo: string;
  accessCode: string;
  status: string;
}

type Step = Record<string, unknown>;

const TRANSFER_PLANS: { weight: number; steps: Step[]; insuranceType: 'EMPLOYEE' | 'RESIDENT' }[] = [
  { weight: 30, insuranceType: 'EMPLOYEE', steps: [] },
  { weight: 20, insuranceType: 'EMPLOYEE', steps: [{ action: 'approve-outgoing', contributionMonths: 48, balanceAmount: '2310.55' }] },
  {
    weight: 15,
    insuranceType: 'EMPLOYEE',
    steps: [{ action: 'approve-outgoing', contributionMonths: 60, balanceAmount: '801.20' }, { action: 'enrol-incoming' }],
  },
  { weight: 10, insuranceType: 'EMPLOYEE', steps: [{ action: 'request-materials', materials: ['ID_CARD', 'INSURANCE_CERTIFICATE'], comment: '证件不清晰' }] },
  {
    weight: 10,
    insuranceType: 'EMPLOYEE',
    steps: [
      { action: 'approve-outgoing', contributionMonths: 24, balanceAmount: '1200.00' },
      { action: 'enrol-incoming' },
      { action: 'confirm-balance', receivedAmount: '1200.00' },
    ],
  },
  { weight: 5, insuranceType: 'RESIDENT', steps: [{ action: 'approve-outgoing', contributionMonths: 12 }, { action: 'enrol-incoming' }] },
  { weight: 5, insuranceType: 'EMPLOYEE', steps: [{ action: 'reject', reasonCode: 'ARREARS', comment: '存在欠费' }] },
  { weight: 5, insuranceType: 'EMPLOYEE', steps: [{ action: 'withdraw', comment: '申请人撤回' }] },
];

const REFUND_PLANS: { weight: number; steps: Step[] }[] = [
  { weight: 40, steps: [] },
  { weight: 25, steps: [{ action: 'approve-refund', approvedAmount: '900.00' }] },
  { weight: 20, steps: [{ action: 'approve-refund', approvedAmount: '900.00' }, { action: 'confirm-refund', paidAmount: '900.00' }] },
  { weight: 10, steps: [{ action: 'request-materials', materials: ['PAYMENT_RECEIPT'], comment: '缺缴费凭证' }] },
  { weight: 5, steps: [{ action: 'reject', reasonCode: 'NOT_DUPLICATE', comment: '非重复缴费' }] },
];

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟'];
const REGIONS = ['440500', '360100', '110105', '310115', '510107', '330106', '420102', '610113'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A valid GB 11643 ID number, distinct for each n below 365 × 1000. */
export function idNumber(n: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + (n % 365) * 86_400_000 * 37);
  const date = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const body = `110105${date}${String(Math.floor(n / 365) % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i], 0);
  return body + ID_CHECK[sum % 11];
}

function pick<T extends { weight: number }>(plans: T[], n: number): T {
  const total = plans.reduce((s, p) => s + p.weight, 0);
  let at = (n * 7919) % total; // spread evenly, deterministic
  for (const p of plans) {
    if (at < p.weight) return p;
    at -= p.weight;
  }
  return plans[plans.length - 1];
}

interface Api {
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
}

async function seedOne(api: Api, n: number, transferShare: number): Promise<SeededCase> {
  const applicant = {
    name: SURNAMES[n % SURNAMES.length] + GIVEN[(n * 5) % GIVEN.length] + (n % 3 === 0 ? GIVEN[(n * 3) % GIVEN.length] : ''),
    idNumber: idNumber(n),
    phone: `139${String(10_000_000 + n).slice(-8)}`,
  };
  const transfer = n % 100 < transferShare * 100;
  let steps: Step[];
  let body: Record<string, unknown>;
  if (transfer) {
    const plan = pick(TRANSFER_PLANS, n);
    steps = plan.steps;
    const from = REGIONS[n % REGIONS.length];
    const to = REGIONS[(n + 3) % REGIONS.length];
    body = { kind: 'TRANSFER', applicant, insuranceType: plan.insuranceType, fromRegion: from, toRegion: to, reason: 'JOB_CHANGE' };
  } else {
    steps = pick(REFUND_PLANS, n).steps;
    body = {
      kind: 'REFUND',
      applicant,
      insuranceType: 'RESIDENT',
      region: REGIONS[n % REGIONS.length],
      reason: 'RESIDENT_DUP_BEFORE_BENEFIT',
      amount: '1234.50',
      periodFrom: '2025-01',
      periodTo: '2025-06',
    };
  }
  const created = await api.post('/v1/cases', body);
  if (created.status !== 201) throw new Error(`seeding case ${n}: ${created.status} ${JSON.stringify(created.body)}`);
  let status = created.body.status as string;
  for (const step of steps) {
    const moved = await api.post(`/v1/cases/${created.body.id}/transitions`, step);
    if (moved.status !== 200) throw new Error(`seeding case ${n} (${String(step.action)}): ${moved.status} ${JSON.stringify(moved.body)}`);
    status = moved.body.status;
  }
  return { caseNo: created.body.caseNo, accessCode: created.body.accessCode, status };
}

/** `count` cases, 60 % transfers, `concurrency` at a time. */
export async function seedCases(api: Api, count: number, concurrency = 16): Promise<SeededCase[]> {
  const out: SeededCase[] = new Array(count);
  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const n = next++;
      out[n] = await seedOne(api, n, 0.6);
    }
  });
  await Promise.all(workers);
  return out;
}
