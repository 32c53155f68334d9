// The registry against what it must agree with: the enums of prisma/schema.prisma (a new kind needs
// a migration for its values), the vocabularies of codes.ts, and each definition with itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_ACTIONS, CASE_STATUSES, FINAL_STATUSES, isFinalStatus } from '../codes';
import { CLOCK_NAMES } from '../sla/sla-policy';
import { CASE_KINDS, CASE_KIND_DEFINITIONS, isCaseKind, kindDefinition } from './registry';

const SCHEMA = readFileSync(join(__dirname, '..', '..', '..', '..', 'prisma', 'schema.prisma'), 'utf8');

function prismaEnum(name: string): string[] {
  const body = new RegExp(`^enum ${name} \\{([^}]*)\\}`, 'm').exec(SCHEMA)?.[1];
  if (body === undefined) throw new Error(`prisma/schema.prisma has no enum ${name}`);
  return body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'));
}

describe('the registry of kinds', () => {
  it('lists exactly the values of the Prisma enum CaseKind, in its order', () => {
    expect([...CASE_KINDS]).toEqual(prismaEnum('CaseKind'));
  });

  it('uses only statuses of codes.ts, which are the Prisma enum CaseStatus', () => {
    expect([...CASE_STATUSES]).toEqual(prismaEnum('CaseStatus'));
    const used = new Set(CASE_KIND_DEFINITIONS.flatMap((d) => d.statuses));
    expect(CASE_STATUSES.filter((s) => !used.has(s))).toEqual([]);
  });

  it('uses only clocks of CLOCK_NAMES, which are the Prisma enum ClockName', () => {
    expect([...CLOCK_NAMES]).toEqual(prismaEnum('ClockName'));
    const used = new Set(CASE_KIND_DEFINITIONS.flatMap((d) => d.clocks.map((c) => c.clock)));
    expect(CLOCK_NAMES.filter((c) => !used.has(c))).toEqual([]);
  });

  it('finds each kind by its code and no other', () => {
    for (const kind of CASE_KINDS) expect(kindDefinition(kind).code).toBe(kind);
    expect(isCaseKind('FILING')).toBe(false);
    expect(isCaseKind('toString')).toBe(false);
    expect(() => kindDefinition('FILING' as never)).toThrow("'FILING' is not a registered case kind");
  });

  it('gives every kind its own caseNo prefix', () => {
    const prefixes = CASE_KIND_DEFINITIONS.map((d) => d.creation.caseNoPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});

describe.each(CASE_KIND_DEFINITIONS.map((d) => [d.code, d] as const))('the %s definition', (_code, d) => {
  it('has a table row for each of its statuses and none for another', () => {
    expect(Object.keys(d.transitions).sort()).toEqual([...d.statuses].sort());
  });

  it('gives its final statuses no actions and each other status at least one', () => {
    for (const status of d.statuses) {
      const actions = Object.keys(d.transitions[status] ?? {});
      if (isFinalStatus(status)) expect([status, actions]).toEqual([status, []]);
      else expect([status, actions.length > 0]).toEqual([status, true]);
    }
    expect(d.statuses.some((s) => (FINAL_STATUSES as readonly string[]).includes(s))).toBe(true);
  });

  it('uses only known actions', () => {
    const actions = d.statuses.flatMap((s) => Object.keys(d.transitions[s] ?? {}));
    expect(actions.filter((a) => !(CASE_ACTIONS as readonly string[]).includes(a))).toEqual([]);
  });

  it('puts each of its waiting statuses in one stage, and each stage has a clock', () => {
    const waiting = d.stages.flatMap((s) => s.statuses);
    expect(new Set(waiting).size).toBe(waiting.length);
    expect(waiting.filter((s) => !d.statuses.includes(s) || isFinalStatus(s))).toEqual([]);
    const clocks = d.clocks.map((c) => c.clock);
    expect(d.stages.filter((s) => !clocks.includes(s.name))).toEqual([]);
  });

  it('has one OVERALL clock, started at submission, and clocks started and stopped by its own actions', () => {
    expect(d.clocks.filter((c) => c.clock === 'OVERALL').map((c) => c.startsOn)).toEqual(['SUBMIT']);
    const actions = new Set(d.statuses.flatMap((s) => Object.keys(d.transitions[s] ?? {})));
    for (const c of d.clocks) {
      expect([c.clock, [c.startsOn, ...c.stopsOn].filter((a) => a !== 'SUBMIT' && !actions.has(a))]).toEqual([c.clock, []]);
    }
  });

  it('shows only its own fields and its creation schema names its kind', () => {
    expect(new Set(d.viewFields).size).toBe(d.viewFields.length);
    expect(d.creation.schema.safeParse({ kind: d.code }).success).toBe(false);
    expect(d.creation.example.value.kind).toBe(d.code);
    expect(d.creation.schema.safeParse(d.creation.example.value).success).toBe(true);
  });
});
