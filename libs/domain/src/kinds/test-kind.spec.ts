// A third kind, defined here and nowhere else, run through the engine, the SLA clocks, the alert and
// report agencies and the public stages: adding a kind is its definition (README "Adding a case
// kind"). Its code is not in the registry or the Prisma enum, hence the one cast of its code.
import { z } from 'zod';
import type { Actor } from '../access/actor';
import { WorkingCalendar } from '../calendar/working-calendar';
import { allowedActions, planTransition } from '../case-machine/case-machine';
import type { CaseSnapshot, TransitionTable } from '../case-machine/case-machine.types';
import { stageForStatus, stagesFor } from '../case-machine/stages';
import { DomainError } from '../errors';
import { toPublicStatus } from '../public/public-status';
import { clockAgency } from '../sla/sla-alerts';
import { applyClockChanges, clockChangesFor, clocksOnCreate } from '../sla/sla-plan';
import { slaPolicyOf, type SlaPolicy } from '../sla/sla-policy';
import { clockAgencies, stoppedClockResults } from '../sla/sla-result';
import { applicant, regionCode } from './fields';
import type { CaseKindDefinition } from './kind-definition';
import type { CaseKind } from './registry';
import { fixedSide, rejectRule } from './shared.rules';

// 异地就医备案: a filing the region's agency records or refuses, within 3 working days.
const FILING = 'FILING' as CaseKind;
const REGION = '360100';

const filingSchema = z.strictObject({ kind: z.literal('FILING'), applicant, region: regionCode });
type FilingInput = z.infer<typeof filingSchema>;

const FILING_TRANSITIONS: TransitionTable = {
  SUBMITTED: { reject: rejectRule('REGION', ['NOT_ELIGIBLE', 'OTHER'], 'filing') },
  REJECTED: {},
};

const FILING_KIND: CaseKindDefinition<'FILING', FilingInput> = {
  code: 'FILING',
  statuses: ['SUBMITTED', 'REJECTED'],
  transitions: FILING_TRANSITIONS,
  submissionLabel: null,
  stages: [{ name: 'REVIEW', label: '备案审核', statuses: ['SUBMITTED'] }],
  clocks: [
    {
      clock: 'REVIEW',
      startsOn: 'SUBMIT',
      stopsOn: ['reject'],
      budgetDays: 3,
      alertAgency: (c) => c.region,
      reportAgencies: (c) => ({ agency: c.region, other: null }),
    },
    {
      clock: 'OVERALL',
      startsOn: 'SUBMIT',
      stopsOn: ['reject'],
      budgetDays: 3,
      alertAgency: (c) => c.region,
      reportAgencies: (c) => ({ agency: c.region, other: null }),
    },
  ],
  creation: {
    schema: filingSchema,
    caseNoPrefix: 'FL',
    validate: () => [],
    violation: () => null,
    overlap: null,
    columns: (input) => ({ region: input.region }),
    example: { key: 'filing', summary: 'A filing', value: { kind: 'FILING', applicant: { name: '王五', idNumber: '11010519491231002X' }, region: REGION } },
  },
  viewFields: ['region'],
  sides: null,
};

const cal = WorkingCalendar.builtin();
const policy = slaPolicyOf([FILING_KIND]) as SlaPolicy;
const submittedAt = new Date('2026-12-07T02:00:00.000Z'); // a Monday
const clerk = (agency: string): Actor => ({ id: `clerk-${agency}`, username: `clerk-${agency}`, role: 'CLERK', agency });

function filing(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    kind: FILING,
    status: 'SUBMITTED',
    insuranceType: 'RESIDENT',
    fromRegion: null,
    toRegion: null,
    region: REGION,
    balanceAmount: null,
    amount: null,
    approvedAmount: null,
    pausedFromStatus: null,
    ...overrides,
  };
}

describe('a kind defined outside the registry', () => {
  it('accepts its own creation request', () => {
    expect(FILING_KIND.creation.schema.safeParse(FILING_KIND.creation.example.value).success).toBe(true);
  });

  it('runs through the engine: allowed actions and a planned transition', () => {
    expect(allowedActions(filing(), clerk(REGION), FILING_KIND)).toEqual(['reject']);
    expect(allowedActions(filing(), clerk('440500'), FILING_KIND)).toEqual([]);
    expect(allowedActions(filing({ status: 'REJECTED' }), clerk(REGION), FILING_KIND)).toEqual([]);
    const plan = planTransition(filing(), { action: 'reject', reasonCode: 'NOT_ELIGIBLE', comment: '不符合条件' }, clerk(REGION), FILING_KIND);
    expect(plan).toEqual({
      from: 'SUBMITTED',
      to: 'REJECTED',
      action: 'reject',
      patch: { rejectionCode: 'NOT_ELIGIBLE' },
      eventData: { reasonCode: 'NOT_ELIGIBLE' },
      final: true,
    });
  });

  it('refuses what its table does not have, and its guards apply', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return [(e as DomainError).code, (e as DomainError).message];
      }
      return null;
    };
    expect(refused(() => planTransition(filing(), { action: 'withdraw' }, clerk(REGION), FILING_KIND))).toEqual([
      'INVALID_TRANSITION',
      "'withdraw' is not allowed while the case is SUBMITTED",
    ]);
    expect(
      refused(() => planTransition(filing(), { action: 'reject', reasonCode: 'ARREARS', comment: 'x' }, clerk(REGION), FILING_KIND)),
    ).toEqual(['VALIDATION_FAILED', "the input for 'reject' is invalid"]);
    expect(fixedSide('REGION')(filing())).toBe('REGION');
  });

  it('runs its SLA clocks: started on submission, stopped by the final transition', () => {
    expect(clocksOnCreate(policy, FILING)).toEqual(['REVIEW', 'OVERALL']);
    const started = applyClockChanges(cal, policy, FILING, [], { start: ['REVIEW', 'OVERALL'], stop: [], pause: false, resume: false }, submittedAt);
    // 3 working days after Monday 2026-12-07: due at the end of Thursday (24:00 Shanghai).
    expect(started.map((c) => [c.clock, c.dueAt?.toISOString()])).toEqual([
      ['REVIEW', '2026-12-10T16:00:00.000Z'],
      ['OVERALL', '2026-12-10T16:00:00.000Z'],
    ]);
    const change = clockChangesFor(policy, FILING, 'reject', 'REJECTED', true);
    expect(change).toEqual({ start: [], stop: ['REVIEW', 'OVERALL'], pause: false, resume: false });
    const rejectedAt = new Date('2026-12-09T03:00:00.000Z');
    const stopped = applyClockChanges(cal, policy, FILING, started, change, rejectedAt);
    expect(stopped.every((c) => c.stoppedAt?.getTime() === rejectedAt.getTime())).toBe(true);
    const results = stoppedClockResults(cal, { kind: FILING, fromRegion: null, toRegion: null, region: REGION }, started, stopped, 'reject', FILING_KIND);
    expect(results.map((r) => [r.clock, r.agency, r.outcome, r.workingDaysUsed])).toEqual([
      ['REVIEW', REGION, 'MET', 2],
      ['OVERALL', REGION, 'MET', 2],
    ]);
  });

  it("alerts and reports its clocks to its region's agency (its OVERALL clock included)", () => {
    const parties = { kind: FILING, status: 'SUBMITTED' as const, fromRegion: null, toRegion: null, region: REGION };
    expect(clockAgency(parties, 'OVERALL', FILING_KIND)).toBe(REGION);
    expect(clockAgency(parties, 'REVIEW', FILING_KIND)).toBe(REGION);
    expect(clockAgencies(parties, 'OVERALL', FILING_KIND)).toEqual({ agency: REGION, other: null });
    expect(() => clockAgency(parties, 'INCOMING', FILING_KIND)).toThrow('FILING cases have no clock INCOMING');
  });

  it('shows its own stages to the applicant', () => {
    expect(stagesFor(FILING, FILING_KIND)).toEqual(['REVIEW']);
    expect(stageForStatus(FILING, 'SUBMITTED', null, FILING_KIND)).toBe('REVIEW');
    expect(stageForStatus(FILING, 'REJECTED', null, FILING_KIND)).toBeNull();
    const clocks = applyClockChanges(cal, policy, FILING, [], { start: ['REVIEW', 'OVERALL'], stop: [], pause: false, resume: false }, submittedAt);
    const input = {
      caseNo: 'FL-20261207-0000001',
      kind: FILING,
      pausedFromStatus: null,
      applicantName: '王五',
      materialsRequested: [],
      createdAt: submittedAt,
      updatedAt: submittedAt,
    };
    const open = toPublicStatus({ ...input, status: 'SUBMITTED', clocks }, FILING_KIND);
    expect(open.stages).toEqual([
      { name: 'REVIEW', label: '备案审核', state: 'CURRENT', completedAt: null, dueAt: '2026-12-10T16:00:00.000Z' },
    ]);
    expect(open.expectedBy).toBe('2026-12-10');
    const rejectedAt = new Date('2026-12-09T03:00:00.000Z');
    const stopped = applyClockChanges(cal, policy, FILING, clocks, clockChangesFor(policy, FILING, 'reject', 'REJECTED', true), rejectedAt);
    const rejected = toPublicStatus({ ...input, status: 'REJECTED', clocks: stopped, updatedAt: rejectedAt }, FILING_KIND);
    expect(rejected.stages.map((s) => [s.name, s.state, s.completedAt])).toEqual([['REVIEW', 'DONE', rejectedAt.toISOString()]]);
    expect(rejected.statusLabel).toBe('已驳回');
  });
});
