import { WorkingCalendar } from '../calendar/working-calendar';
import type { CaseAction, CaseStatus } from '../codes';
import type { CaseKind } from '../kinds/registry';
import { planTransition } from '../case-machine/case-machine';
import type { CaseSnapshot } from '../case-machine/case-machine.types';
import { ADMIN, refundCase, transferCase, validInput } from '../case-machine/case-machine.fixtures';
import { clockStatus, startClock, type ClockRecord } from './sla-clock';
import {
  applyClockChanges,
  clockChangesFor,
  clocksOnCreate,
  currentStageClock,
  overallClock,
  recomputeClocks,
  type ClockChange,
} from './sla-plan';
import { DEFAULT_SLA_POLICY, slaPolicyWithBudgets, type ClockName, type SlaPolicy } from './sla-policy';

const cal = WorkingCalendar.builtin();
const t = (iso: string): Date => new Date(iso);
const NO_CHANGE: ClockChange = { start: [], stop: [], pause: false, resume: false };

describe('clocksOnCreate', () => {
  it.each<[CaseKind, ClockName[]]>([
    ['TRANSFER', ['OUTGOING', 'OVERALL']],
    ['REFUND', ['REVIEW', 'OVERALL']],
  ])('%s starts %p', (kind, clocks) => {
    expect(clocksOnCreate(DEFAULT_SLA_POLICY, kind)).toEqual(clocks);
  });
});

describe('clockChangesFor', () => {
  const ALL_TRANSFER: ClockName[] = ['OUTGOING', 'INCOMING', 'BALANCE', 'OVERALL'];
  const ALL_REFUND: ClockName[] = ['REVIEW', 'PAYMENT', 'OVERALL'];

  it.each<[CaseKind, CaseAction, CaseStatus, boolean, ClockChange]>([
    ['TRANSFER', 'approve-outgoing', 'OUTGOING_APPROVED', false, { ...NO_CHANGE, start: ['INCOMING'], stop: ['OUTGOING'] }],
    ['TRANSFER', 'enrol-incoming', 'INCOMING_ENROLLED', false, { ...NO_CHANGE, start: ['BALANCE'], stop: ['INCOMING'] }],
    // No balance to move: enrolment completes the case, BALANCE never starts.
    ['TRANSFER', 'enrol-incoming', 'BALANCE_TRANSFERRED', true, { ...NO_CHANGE, stop: ALL_TRANSFER }],
    ['TRANSFER', 'confirm-balance', 'BALANCE_TRANSFERRED', true, { ...NO_CHANGE, stop: ALL_TRANSFER }],
    ['TRANSFER', 'reject', 'REJECTED', true, { ...NO_CHANGE, stop: ALL_TRANSFER }],
    ['TRANSFER', 'withdraw', 'WITHDRAWN', true, { ...NO_CHANGE, stop: ALL_TRANSFER }],
    ['TRANSFER', 'request-materials', 'SUPPLEMENT_REQUIRED', false, { ...NO_CHANGE, pause: true }],
    ['TRANSFER', 'resume', 'SUBMITTED', false, { ...NO_CHANGE, resume: true }],
    ['TRANSFER', 'resume', 'OUTGOING_APPROVED', false, { ...NO_CHANGE, resume: true }],
    ['REFUND', 'approve-refund', 'REFUND_APPROVED', false, { ...NO_CHANGE, start: ['PAYMENT'], stop: ['REVIEW'] }],
    ['REFUND', 'confirm-refund', 'REFUNDED', true, { ...NO_CHANGE, stop: ALL_REFUND }],
    ['REFUND', 'reject', 'REJECTED', true, { ...NO_CHANGE, stop: ALL_REFUND }],
    ['REFUND', 'withdraw', 'WITHDRAWN', true, { ...NO_CHANGE, stop: ALL_REFUND }],
    ['REFUND', 'request-materials', 'SUPPLEMENT_REQUIRED', false, { ...NO_CHANGE, pause: true }],
    ['REFUND', 'resume', 'SUBMITTED', false, { ...NO_CHANGE, resume: true }],
  ])('%s %s -> %s (final %s)', (kind, action, to, final, change) => {
    expect(clockChangesFor(DEFAULT_SLA_POLICY, kind, action, to, final)).toEqual(change);
  });
});

interface Step {
  input: CaseAction;
  at: string;
}

/** Runs transitions through the real case machine, applying each one's clock changes. */
function run(c: CaseSnapshot, createdAt: string, steps: Step[], policy: SlaPolicy = DEFAULT_SLA_POLICY) {
  const change: ClockChange = { ...NO_CHANGE, start: clocksOnCreate(policy, c.kind) };
  let clocks = applyClockChanges(cal, policy, c.kind, [], change, t(createdAt));
  const history: ClockRecord[][] = [clocks];
  let snapshot = c;
  for (const step of steps) {
    const plan = planTransition(snapshot, validInput(snapshot, step.input), ADMIN);
    const stepChange = clockChangesFor(policy, snapshot.kind, plan.action, plan.to, plan.final);
    clocks = applyClockChanges(cal, policy, snapshot.kind, clocks, stepChange, t(step.at));
    history.push(clocks);
    snapshot = { ...snapshot, ...plan.patch, status: plan.to } as CaseSnapshot;
  }
  return { clocks, history, snapshot };
}

/** Clock name -> [dueAt, state at `now`] for a compact comparison. */
function summary(clocks: ClockRecord[], now: string): Record<string, [string | null, string]> {
  return Object.fromEntries(
    clocks.map((c) => [c.clock, [c.dueAt?.toISOString() ?? null, clockStatus(cal, c, t(now)).state]]),
  );
}

describe('applyClockChanges through whole cases', () => {
  it('a transfer with a balance: OUTGOING, INCOMING, BALANCE (due with OVERALL), OVERALL', () => {
    const { history } = run(transferCase(), '2026-11-23T02:00:00.000Z', [
      { input: 'approve-outgoing', at: '2026-11-30T02:00:00.000Z' },
      { input: 'enrol-incoming', at: '2026-12-02T02:00:00.000Z' },
      { input: 'confirm-balance', at: '2026-12-15T02:00:00.000Z' },
    ]);
    expect(summary(history[0], '2026-11-23T02:00:00.000Z')).toEqual({
      OUTGOING: ['2026-12-07T16:00:00.000Z', 'ON_TRACK'],
      OVERALL: ['2026-12-14T16:00:00.000Z', 'ON_TRACK'],
    });
    expect(summary(history[1], '2026-11-30T02:00:00.000Z')).toEqual({
      OUTGOING: ['2026-12-07T16:00:00.000Z', 'MET'],
      OVERALL: ['2026-12-14T16:00:00.000Z', 'ON_TRACK'],
      INCOMING: ['2026-12-07T16:00:00.000Z', 'ON_TRACK'],
    });
    expect(summary(history[2], '2026-12-02T02:00:00.000Z')).toEqual({
      OUTGOING: ['2026-12-07T16:00:00.000Z', 'MET'],
      OVERALL: ['2026-12-14T16:00:00.000Z', 'ON_TRACK'],
      INCOMING: ['2026-12-07T16:00:00.000Z', 'MET'],
      BALANCE: ['2026-12-14T16:00:00.000Z', 'ON_TRACK'],
    });
    expect(summary(history[3], '2026-12-15T02:00:00.000Z')).toEqual({
      OUTGOING: ['2026-12-07T16:00:00.000Z', 'MET'],
      OVERALL: ['2026-12-14T16:00:00.000Z', 'MISSED'],
      INCOMING: ['2026-12-07T16:00:00.000Z', 'MET'],
      BALANCE: ['2026-12-14T16:00:00.000Z', 'MISSED'],
    });
    expect(history.map((clocks) => currentStageClock(clocks)?.clock ?? null)).toEqual([
      'OUTGOING',
      'INCOMING',
      'BALANCE',
      null,
    ]);
    expect(overallClock(history[3])?.stoppedAt).toEqual(t('2026-12-15T02:00:00.000Z'));
  });

  it('a transfer with no balance completes at enrolment: OVERALL stops, BALANCE never starts', () => {
    const { clocks, snapshot } = run(transferCase({ insuranceType: 'RESIDENT' }), '2026-11-23T02:00:00.000Z', [
      { input: 'approve-outgoing', at: '2026-11-30T02:00:00.000Z' },
      { input: 'enrol-incoming', at: '2026-12-02T02:00:00.000Z' },
    ]);
    expect(snapshot.status).toBe('BALANCE_TRANSFERRED');
    expect(summary(clocks, '2026-12-02T02:00:00.000Z')).toEqual({
      OUTGOING: ['2026-12-07T16:00:00.000Z', 'MET'],
      OVERALL: ['2026-12-14T16:00:00.000Z', 'MET'],
      INCOMING: ['2026-12-07T16:00:00.000Z', 'MET'],
    });
    expect(clocks.map((c) => [c.clock, c.stoppedAt?.toISOString()])).toEqual([
      ['OUTGOING', '2026-11-30T02:00:00.000Z'],
      ['OVERALL', '2026-12-02T02:00:00.000Z'],
      ['INCOMING', '2026-12-02T02:00:00.000Z'],
    ]);
    expect(currentStageClock(clocks)).toBeNull();
  });

  it('missing materials pause the stage and overall clocks; resume spends the days left; withdrawal while paused', () => {
    const { history } = run(transferCase(), '2026-09-14T01:00:00.000Z', [
      { input: 'request-materials', at: '2026-09-21T07:00:00.000Z' },
      { input: 'resume', at: '2026-09-30T02:00:00.000Z' },
      { input: 'approve-outgoing', at: '2026-10-09T02:00:00.000Z' },
      { input: 'request-materials', at: '2026-10-12T02:00:00.000Z' },
      { input: 'withdraw', at: '2026-10-20T02:00:00.000Z' },
    ]);
    expect(summary(history[0], '2026-09-14T01:00:00.000Z')).toEqual({
      OUTGOING: ['2026-09-28T16:00:00.000Z', 'ON_TRACK'],
      OVERALL: ['2026-10-10T16:00:00.000Z', 'ON_TRACK'],
    });
    const pausedState = (c: ClockRecord) => clockStatus(cal, c, t('2026-09-25T00:00:00.000Z')).state;
    expect(history[1].map((c) => [c.clock, c.pauses[0]?.workingDaysLeft, pausedState(c)])).toEqual([
      ['OUTGOING', 4, 'PAUSED'],
      ['OVERALL', 9, 'PAUSED'],
    ]);
    // OUTGOING: Oct 8, 9, 10 (makeup Saturday), 12. OVERALL: 9 days from Oct 8 -> Oct 19.
    expect(summary(history[2], '2026-09-30T02:00:00.000Z')).toEqual({
      OUTGOING: ['2026-10-12T16:00:00.000Z', 'ON_TRACK'],
      OVERALL: ['2026-10-19T16:00:00.000Z', 'ON_TRACK'],
    });
    expect(summary(history[3], '2026-10-09T02:00:00.000Z')).toEqual({
      OUTGOING: ['2026-10-12T16:00:00.000Z', 'MET'],
      OVERALL: ['2026-10-19T16:00:00.000Z', 'ON_TRACK'],
      INCOMING: ['2026-10-15T16:00:00.000Z', 'ON_TRACK'],
    });
    const pauseOf = (c: ClockRecord) => [c.clock, c.pauses.at(-1)?.workingDaysLeft ?? null, c.pausedAt?.toISOString() ?? null];
    expect(history[4].map(pauseOf)).toEqual([
      ['OUTGOING', 4, null],
      ['OVERALL', 5, '2026-10-12T02:00:00.000Z'],
      ['INCOMING', 3, '2026-10-12T02:00:00.000Z'],
    ]);
    expect(currentStageClock(history[4])?.clock).toBe('INCOMING');
    // Withdrawn while waiting for the applicant: the agency was not late.
    expect(summary(history[5], '2026-10-20T02:00:00.000Z')).toEqual({
      OUTGOING: ['2026-10-12T16:00:00.000Z', 'MET'],
      OVERALL: [null, 'MET'],
      INCOMING: [null, 'MET'],
    });
  });

  it('a refund: REVIEW, PAYMENT, OVERALL', () => {
    const { history } = run(refundCase(), '2026-11-23T02:00:00.000Z', [
      { input: 'approve-refund', at: '2026-12-08T02:00:00.000Z' },
      { input: 'confirm-refund', at: '2026-12-10T02:00:00.000Z' },
    ]);
    expect(summary(history[1], '2026-12-08T02:00:00.000Z')).toEqual({
      REVIEW: ['2026-12-07T16:00:00.000Z', 'MISSED'],
      OVERALL: ['2026-12-14T16:00:00.000Z', 'ON_TRACK'],
      PAYMENT: ['2026-12-15T16:00:00.000Z', 'ON_TRACK'],
    });
    expect(summary(history[2], '2026-12-10T02:00:00.000Z')).toEqual({
      REVIEW: ['2026-12-07T16:00:00.000Z', 'MISSED'],
      OVERALL: ['2026-12-14T16:00:00.000Z', 'MET'],
      PAYMENT: ['2026-12-15T16:00:00.000Z', 'MET'],
    });
  });

  it('starts clocks with the configured budgets', () => {
    const policy = slaPolicyWithBudgets({ TRANSFER: { OUTGOING: 12 } });
    const { clocks } = run(transferCase(), '2026-11-23T02:00:00.000Z', [], policy);
    expect(clocks.map((c) => [c.clock, c.budgetDays, c.dueAt?.toISOString()])).toEqual([
      ['OUTGOING', 12, '2026-12-09T16:00:00.000Z'],
      ['OVERALL', 15, '2026-12-14T16:00:00.000Z'],
    ]);
  });
});

describe('applyClockChanges rules', () => {
  const overall = startClock(cal, 'OVERALL', 15, t('2026-11-23T02:00:00.000Z'));
  const balance = startClock(cal, 'BALANCE', null, t('2026-12-02T02:00:00.000Z'), overall.dueAt);

  it('resumes OVERALL first, so a clock due with it takes its new due', () => {
    const apply = (clocks: ClockRecord[], change: Partial<ClockChange>, at: string) =>
      applyClockChanges(cal, DEFAULT_SLA_POLICY, 'TRANSFER', clocks, { ...NO_CHANGE, ...change }, t(at));
    const paused = apply([balance, overall], { pause: true }, '2026-12-03T02:00:00.000Z');
    expect(paused.map((c) => [c.clock, c.dueAt, c.pauses[0].workingDaysLeft])).toEqual([
      ['BALANCE', null, 7],
      ['OVERALL', null, 7],
    ]);
    const resumed = apply(paused, { resume: true }, '2026-12-08T02:00:00.000Z');
    expect(resumed.map((c) => [c.clock, c.dueAt?.toISOString()])).toEqual([
      ['BALANCE', '2026-12-17T16:00:00.000Z'],
      ['OVERALL', '2026-12-17T16:00:00.000Z'],
    ]);
  });

  it('starts a clock due with OVERALL after the clocks with a budget, whatever the order asked', () => {
    const change = { ...NO_CHANGE, start: ['BALANCE', 'OVERALL'] as ClockName[] };
    const started = applyClockChanges(cal, DEFAULT_SLA_POLICY, 'TRANSFER', [], change, t('2026-11-23T02:00:00.000Z'));
    expect(started.map((c) => [c.clock, c.dueAt?.toISOString()])).toEqual([
      ['OVERALL', '2026-12-14T16:00:00.000Z'],
      ['BALANCE', '2026-12-14T16:00:00.000Z'],
    ]);
  });

  it('never starts a clock twice, nor stops a stopped one again, and leaves its input alone', () => {
    const apply = (clocks: ClockRecord[], change: Partial<ClockChange>, at: string) =>
      applyClockChanges(cal, DEFAULT_SLA_POLICY, 'TRANSFER', clocks, { ...NO_CHANGE, ...change }, t(at));
    const input = [overall];
    const next = apply(input, { start: ['OVERALL'] }, '2026-11-30T02:00:00.000Z');
    expect(next).toEqual([overall]);
    const stopped = apply(next, { stop: ['OVERALL'] }, '2026-11-30T02:00:00.000Z');
    const again = apply(stopped, { stop: ['OVERALL'] }, '2026-12-30T02:00:00.000Z');
    expect(again[0].stoppedAt).toEqual(t('2026-11-30T02:00:00.000Z'));
    expect(input).toEqual([overall]);
  });

  it('refuses a clock the policy of the kind does not have', () => {
    expect(() =>
      applyClockChanges(cal, DEFAULT_SLA_POLICY, 'REFUND', [], { ...NO_CHANGE, start: ['OUTGOING'] }, t('2026-11-23T02:00:00.000Z')),
    ).toThrow('the REFUND policy has no clock OUTGOING');
  });
});

describe('recomputeClocks', () => {
  it('moves OVERALL and the clock due with it; keeps stopped clocks and the order', () => {
    const { clocks } = run(transferCase(), '2026-11-23T02:00:00.000Z', [
      { input: 'approve-outgoing', at: '2026-11-30T02:00:00.000Z' },
      { input: 'enrol-incoming', at: '2026-12-02T02:00:00.000Z' },
    ]);
    const changed = cal.withOverrides([{ date: '2026-12-10', type: 'HOLIDAY', name: '变更' }]);
    expect(recomputeClocks(changed, clocks).map((c) => [c.clock, c.dueAt?.toISOString()])).toEqual([
      ['OUTGOING', '2026-12-07T16:00:00.000Z'],
      ['OVERALL', '2026-12-15T16:00:00.000Z'],
      ['INCOMING', '2026-12-07T16:00:00.000Z'],
      ['BALANCE', '2026-12-15T16:00:00.000Z'],
    ]);
    expect(recomputeClocks(cal, clocks)).toEqual(clocks);
  });
});

describe('currentStageClock and overallClock', () => {
  it('are null without clocks', () => {
    expect(currentStageClock([])).toBeNull();
    expect(overallClock([])).toBeNull();
  });
});
