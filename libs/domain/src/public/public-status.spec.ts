import { WorkingCalendar } from '../calendar/working-calendar';
import { isFinalStatus, type CaseAction, type CaseStatus } from '../codes';
import type { CaseKind } from '../kinds/registry';
import type { ClockRecord } from '../sla/sla-clock';
import { applyClockChanges, clockChangesFor, clocksOnCreate } from '../sla/sla-plan';
import { DEFAULT_SLA_POLICY } from '../sla/sla-policy';
import { PublicStageState, maskApplicantName, toPublicStatus, type PublicStatusInput } from './public-status';

const cal = WorkingCalendar.builtin();
const CREATED = new Date('2026-11-23T02:00:00.000Z'); // Monday 10:00 Shanghai
const DAY_MS = 24 * 60 * 60 * 1000;

type Step = [CaseAction, CaseStatus];

/**
 * A case created at CREATED, then each step one day later than the previous, with its clocks as the
 * default policy runs them (the same functions the transition service uses).
 */
function caseAfter(kind: CaseKind, steps: Step[], materials: string[] = []): PublicStatusInput & { stepAt: Date[] } {
  let clocks: ClockRecord[] = applyClockChanges(cal, DEFAULT_SLA_POLICY, kind, [], {
    start: clocksOnCreate(DEFAULT_SLA_POLICY, kind),
    stop: [],
    pause: false,
    resume: false,
  }, CREATED);
  let status: CaseStatus = 'SUBMITTED';
  let pausedFromStatus: CaseStatus | null = null;
  const stepAt: Date[] = [];
  for (const [i, [action, to]] of steps.entries()) {
    const at = new Date(CREATED.getTime() + (i + 1) * DAY_MS);
    stepAt.push(at);
    const change = clockChangesFor(DEFAULT_SLA_POLICY, kind, action, to, isFinalStatus(to));
    clocks = applyClockChanges(cal, DEFAULT_SLA_POLICY, kind, clocks, change, at);
    pausedFromStatus = to === 'SUPPLEMENT_REQUIRED' ? status : null;
    status = to;
  }
  return {
    caseNo: kind === 'TRANSFER' ? 'TR-20261123-0000001' : 'RF-20261123-0000002',
    kind,
    status,
    pausedFromStatus,
    applicantName: '张三丰',
    materialsRequested: status === 'SUPPLEMENT_REQUIRED' ? materials : [],
    createdAt: CREATED,
    updatedAt: stepAt[stepAt.length - 1] ?? CREATED,
    clocks,
    stepAt,
  };
}

const approveOut: Step = ['approve-outgoing', 'OUTGOING_APPROVED'];
const enrol: Step = ['enrol-incoming', 'INCOMING_ENROLLED'];
const enrolNoBalance: Step = ['enrol-incoming', 'BALANCE_TRANSFERRED'];
const confirmBalance: Step = ['confirm-balance', 'BALANCE_TRANSFERRED'];
const pause: Step = ['request-materials', 'SUPPLEMENT_REQUIRED'];
const rejectStep: Step = ['reject', 'REJECTED'];
const withdraw: Step = ['withdraw', 'WITHDRAWN'];
const approveRefund: Step = ['approve-refund', 'REFUND_APPROVED'];
const confirmRefund: Step = ['confirm-refund', 'REFUNDED'];

describe('toPublicStatus: stage states', () => {
  it.each<[string, CaseKind, Step[], PublicStageState[]]>([
    // Transfer: 申请受理, 转出地办理, 转入地办理, 个人账户到账
    ['transfer submitted', 'TRANSFER', [], ['DONE', 'CURRENT', 'PENDING', 'PENDING']],
    ['transfer approved at the origin', 'TRANSFER', [approveOut], ['DONE', 'DONE', 'CURRENT', 'PENDING']],
    ['transfer enrolled at the destination', 'TRANSFER', [approveOut, enrol], ['DONE', 'DONE', 'DONE', 'CURRENT']],
    ['transfer completed with a balance', 'TRANSFER', [approveOut, enrol, confirmBalance], ['DONE', 'DONE', 'DONE', 'DONE']],
    ['transfer completed with nothing to remit', 'TRANSFER', [approveOut, enrolNoBalance], ['DONE', 'DONE', 'DONE', 'SKIPPED']],
    ['transfer paused at the origin', 'TRANSFER', [pause], ['DONE', 'CURRENT', 'PENDING', 'PENDING']],
    ['transfer paused at the destination', 'TRANSFER', [approveOut, pause], ['DONE', 'DONE', 'CURRENT', 'PENDING']],
    ['transfer resumed at the origin', 'TRANSFER', [pause, ['resume', 'SUBMITTED']], ['DONE', 'CURRENT', 'PENDING', 'PENDING']],
    ['transfer rejected at the origin', 'TRANSFER', [rejectStep], ['DONE', 'DONE', 'SKIPPED', 'SKIPPED']],
    ['transfer rejected at the destination', 'TRANSFER', [approveOut, rejectStep], ['DONE', 'DONE', 'DONE', 'SKIPPED']],
    ['transfer withdrawn at the origin', 'TRANSFER', [withdraw], ['DONE', 'SKIPPED', 'SKIPPED', 'SKIPPED']],
    ['transfer withdrawn while paused at the origin', 'TRANSFER', [pause, withdraw], ['DONE', 'SKIPPED', 'SKIPPED', 'SKIPPED']],
    ['transfer withdrawn while paused at the destination', 'TRANSFER', [approveOut, pause, withdraw], ['DONE', 'DONE', 'SKIPPED', 'SKIPPED']],
    // Refund: 受理审核, 退款支付
    ['refund submitted', 'REFUND', [], ['CURRENT', 'PENDING']],
    ['refund approved', 'REFUND', [approveRefund], ['DONE', 'CURRENT']],
    ['refund paid', 'REFUND', [approveRefund, confirmRefund], ['DONE', 'DONE']],
    ['refund paused', 'REFUND', [pause], ['CURRENT', 'PENDING']],
    ['refund rejected', 'REFUND', [rejectStep], ['DONE', 'SKIPPED']],
    ['refund withdrawn', 'REFUND', [withdraw], ['SKIPPED', 'SKIPPED']],
    ['refund withdrawn while paused', 'REFUND', [pause, withdraw], ['SKIPPED', 'SKIPPED']],
  ])('%s', (_label, kind, steps, states) => {
    const view = toPublicStatus(caseAfter(kind, steps));
    expect(view.stages.map((s) => s.state)).toEqual(states);
  });

  it('names and labels the stages of each kind in order', () => {
    expect(toPublicStatus(caseAfter('TRANSFER', [])).stages.map((s) => [s.name, s.label])).toEqual([
      ['SUBMISSION', '申请受理'],
      ['OUTGOING', '转出地办理'],
      ['INCOMING', '转入地办理'],
      ['BALANCE', '个人账户到账'],
    ]);
    expect(toPublicStatus(caseAfter('REFUND', [])).stages.map((s) => [s.name, s.label])).toEqual([
      ['REVIEW', '受理审核'],
      ['PAYMENT', '退款支付'],
    ]);
  });
});

describe('toPublicStatus: times', () => {
  it('a new transfer: submission done at creation, the origin due in 10 working days, the case in 15', () => {
    const view = toPublicStatus(caseAfter('TRANSFER', []));
    expect(view).toEqual({
      caseNo: 'TR-20261123-0000001',
      kind: 'TRANSFER',
      status: 'SUBMITTED',
      statusLabel: '已受理',
      applicantName: '张**',
      stages: [
        { name: 'SUBMISSION', label: '申请受理', state: 'DONE', completedAt: '2026-11-23T02:00:00.000Z', dueAt: null },
        { name: 'OUTGOING', label: '转出地办理', state: 'CURRENT', completedAt: null, dueAt: '2026-12-07T16:00:00.000Z' },
        { name: 'INCOMING', label: '转入地办理', state: 'PENDING', completedAt: null, dueAt: null },
        { name: 'BALANCE', label: '个人账户到账', state: 'PENDING', completedAt: null, dueAt: null },
      ],
      expectedBy: '2026-12-14',
      materialsRequested: [],
      updatedAt: '2026-11-23T02:00:00.000Z',
    });
  });

  it('a done stage keeps when it finished and when it was due; the next one is due from its own start', () => {
    const input = caseAfter('TRANSFER', [approveOut]);
    const [, outgoing, incoming] = toPublicStatus(input).stages;
    expect(outgoing).toMatchObject({ state: 'DONE', completedAt: input.stepAt[0].toISOString(), dueAt: '2026-12-07T16:00:00.000Z' });
    // Approved Tuesday Nov 24 + 5 working days → end of Tuesday Dec 1.
    expect(incoming).toMatchObject({ state: 'CURRENT', completedAt: null, dueAt: '2026-12-01T16:00:00.000Z' });
  });

  it('the balance stage is due with the whole case', () => {
    const view = toPublicStatus(caseAfter('TRANSFER', [approveOut, enrol]));
    expect(view.stages[3]).toMatchObject({ state: 'CURRENT', dueAt: '2026-12-14T16:00:00.000Z' });
    expect(view.expectedBy).toBe('2026-12-14');
  });

  it('while paused: the current stage has no due date, nor the case, and the materials are named', () => {
    const view = toPublicStatus(caseAfter('TRANSFER', [pause], ['ID_CARD', 'CONTACT_LETTER']));
    expect(view.status).toBe('SUPPLEMENT_REQUIRED');
    expect(view.statusLabel).toBe('待补充材料');
    expect(view.stages[1]).toMatchObject({ state: 'CURRENT', dueAt: null, completedAt: null });
    expect(view.expectedBy).toBeNull();
    expect(view.materialsRequested).toEqual([
      { code: 'ID_CARD', label: '居民身份证' },
      { code: 'CONTACT_LETTER', label: '联系函' },
    ]);
  });

  it('after resuming: due dates again, no materials', () => {
    const view = toPublicStatus(caseAfter('TRANSFER', [pause, ['resume', 'SUBMITTED']], ['ID_CARD']));
    expect(view.stages[1].dueAt).not.toBeNull();
    expect(view.expectedBy).not.toBeNull();
    expect(view.materialsRequested).toEqual([]);
  });

  it('once final nothing is expected; skipped stages carry no times', () => {
    const done = toPublicStatus(caseAfter('TRANSFER', [approveOut, enrolNoBalance]));
    expect(done.expectedBy).toBeNull();
    expect(done.statusLabel).toBe('个人账户余额已划转');
    expect(done.stages[3]).toEqual({ name: 'BALANCE', label: '个人账户到账', state: 'SKIPPED', completedAt: null, dueAt: null });

    const rejected = caseAfter('TRANSFER', [approveOut, rejectStep]);
    const view = toPublicStatus(rejected);
    expect(view.expectedBy).toBeNull();
    expect(view.statusLabel).toBe('已驳回');
    // The destination's decision is where the case ended: done at the rejection.
    expect(view.stages[2]).toMatchObject({ state: 'DONE', completedAt: rejected.stepAt[1].toISOString() });

    const withdrawn = toPublicStatus(caseAfter('REFUND', [withdraw]));
    expect(withdrawn.stages).toEqual([
      { name: 'REVIEW', label: '受理审核', state: 'SKIPPED', completedAt: null, dueAt: null },
      { name: 'PAYMENT', label: '退款支付', state: 'SKIPPED', completedAt: null, dueAt: null },
    ]);
  });

  it('a refund paid: both stages done, in order', () => {
    const input = caseAfter('REFUND', [approveRefund, confirmRefund]);
    const view = toPublicStatus(input);
    expect(view.statusLabel).toBe('已退费');
    expect(view.stages.map((s) => s.completedAt)).toEqual(input.stepAt.map((d) => d.toISOString()));
    expect(view.expectedBy).toBeNull();
  });

  it('has exactly the public keys, whatever the state', () => {
    for (const steps of [[], [approveOut, enrol], [pause], [rejectStep]] as Step[][]) {
      const view = toPublicStatus(caseAfter('TRANSFER', steps, ['ID_CARD']));
      expect(Object.keys(view).sort()).toEqual(
        ['applicantName', 'caseNo', 'expectedBy', 'kind', 'materialsRequested', 'stages', 'status', 'statusLabel', 'updatedAt'],
      );
      for (const stage of view.stages) expect(Object.keys(stage).sort()).toEqual(['completedAt', 'dueAt', 'label', 'name', 'state']);
    }
  });
});

describe('maskApplicantName', () => {
  it.each([
    ['张三', '张*'],
    ['张三丰', '张**'],
    ['欧阳娜娜', '欧***'],
    ['阿依古丽·买买提', '阿*******'],
    [' 李四 ', '李*'],
    ['王', '*'],
    ['', '*'],
    ['𠀋一', '𠀋*'], // a character outside the BMP is one character, not two halves
    ['Zoe Li', 'Z*****'],
  ])('%p → %p', (name, masked) => {
    expect(maskApplicantName(name)).toBe(masked);
  });
});
