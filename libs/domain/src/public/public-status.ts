// What an applicant sees of their case (API.md "Applicants"): the status in Chinese, a masked name,
// one entry per stage of the kind's progress bar, the date the whole case is due and what is asked
// of them. Nothing else leaves: no amounts, no ID number or phone, no clerk, no internal id.
// Status and clocks in, plain JSON-ready data out; "now" plays no part, so the same case always
// gives the same representation (what the API's ETag relies on).
import { MATERIAL_CODES, STATUS_LABELS, isFinalStatus, isOneOf, type CaseStatus, type MaterialCode } from '../codes';
import { assertUnreachable } from '../errors';
import { stageForStatus } from '../case-machine/stages';
import type { CaseKindDefinition, StageName } from '../kinds/kind-definition';
import { kindDefinition, type CaseKind } from '../kinds/registry';
import type { LocalDate } from '../calendar/local-date';
import { dueDateOf, type ClockRecord } from '../sla/sla-clock';

export type PublicStageName = 'SUBMISSION' | StageName;
export type PublicStageState = 'DONE' | 'CURRENT' | 'PENDING' | 'SKIPPED';

interface PublicStageDef {
  name: PublicStageName;
  label: string;
  /** True for a submission step without a clock (transfers): it is done when the case exists. */
  atSubmission: boolean;
}

/**
 * The applicant's progress bar of a kind, in order: its submission step if any, then its stages. A
 * stage other than SUBMISSION is its SLA clock.
 */
export function publicStagesOf(definition: CaseKindDefinition): readonly PublicStageDef[] {
  const submission: PublicStageDef[] =
    definition.submissionLabel === null ? [] : [{ name: 'SUBMISSION', label: definition.submissionLabel, atSubmission: true }];
  return [...submission, ...definition.stages.map((s) => ({ name: s.name, label: s.label, atSubmission: false }))];
}

/** Materials named for the applicant (the codes of a request-materials action). */
export const MATERIAL_LABELS: Readonly<Record<MaterialCode, string>> = {
  ID_CARD: '居民身份证',
  SOCIAL_SECURITY_CARD: '社会保障卡',
  INSURANCE_CERTIFICATE: '参保凭证',
  CONTACT_LETTER: '联系函',
  INFO_SHEET: '信息表',
  APPLICATION_FORM: '申请表',
  HOUSEHOLD_REGISTER: '户口簿',
  EMPLOYMENT_PROOF: '就业证明',
  RESIDENCE_PROOF: '居住证明',
  AGENT_AUTHORIZATION: '代办授权委托书',
  PAYMENT_RECEIPT: '缴费凭证',
  PAYMENT_HISTORY: '缴费记录',
  BANK_ACCOUNT: '银行账户信息',
  DEATH_CERTIFICATE: '死亡证明',
  HEIR_PROOF: '继承人证明',
  OTHER: '其他材料',
};

/** The part of a clock the public view reads (a stored ClockRecord fits). */
export type PublicClock = Pick<ClockRecord, 'clock' | 'startedAt' | 'dueAt' | 'pausedAt' | 'stoppedAt'>;

export interface PublicStatusInput {
  caseNo: string;
  kind: CaseKind;
  status: CaseStatus;
  pausedFromStatus: CaseStatus | null;
  applicantName: string;
  materialsRequested: readonly string[];
  createdAt: Date;
  updatedAt: Date;
  clocks: readonly PublicClock[];
}

export interface PublicStage {
  name: PublicStageName;
  label: string;
  state: PublicStageState;
  /** ISO instant the stage finished; null unless DONE. */
  completedAt: string | null;
  /** ISO instant (24:00 Shanghai) the stage is or was due; null while paused, before it starts and when skipped. */
  dueAt: string | null;
}

export interface PublicCaseStatus {
  caseNo: string;
  kind: CaseKind;
  status: CaseStatus;
  statusLabel: string;
  applicantName: string;
  stages: PublicStage[];
  /** The date (Asia/Shanghai) the whole case is due; null once final and while paused for materials. */
  expectedBy: LocalDate | null;
  materialsRequested: { code: string; label: string }[];
  updatedAt: string;
}

/**
 * The first character, then one `*` per remaining character ("张三丰" → "张**"). Characters are Unicode
 * code points, so a name with a rare character outside the BMP is not cut in half. A one-character
 * name would be shown whole, so it becomes "*".
 */
export function maskApplicantName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * How the case ended, for the stage it ended in: a rejection is a decision taken there (DONE), a
 * withdrawal interrupts it (SKIPPED). Stages after the ending one are SKIPPED: they will not happen.
 */
function endingStageState(status: 'REJECTED' | 'WITHDRAWN'): PublicStageState {
  switch (status) {
    case 'REJECTED':
      return 'DONE';
    case 'WITHDRAWN':
      return 'SKIPPED';
    default:
      return assertUnreachable(status);
  }
}

/** Index in `stages` of the furthest stage whose clock was started; the first clocked stage when none was. */
function furthestStarted(stages: readonly PublicStageDef[], clocks: readonly PublicClock[]): number {
  let furthest = stages.findIndex((s) => !s.atSubmission);
  stages.forEach((s, i) => {
    if (clocks.some((c) => c.clock === s.name)) furthest = Math.max(furthest, i);
  });
  return furthest;
}

/** The state of each stage, by position. */
function stageStates(
  input: PublicStatusInput,
  stages: readonly PublicStageDef[],
  definition: CaseKindDefinition,
): PublicStageState[] {
  const { kind, status, clocks } = input;
  if (status === 'REJECTED' || status === 'WITHDRAWN') {
    const end = furthestStarted(stages, clocks);
    const ending = endingStageState(status);
    return stages.map((s, i) => (s.atSubmission || i < end ? 'DONE' : i === end ? ending : 'SKIPPED'));
  }
  if (isFinalStatus(status)) {
    // Completed. A stage whose clock never started was not needed (no balance to remit).
    return stages.map((s) => (s.atSubmission || clocks.some((c) => c.clock === s.name) ? 'DONE' : 'SKIPPED'));
  }
  // Paused for materials: the stage it paused in is still the current one.
  const current = stageForStatus(kind, status, input.pausedFromStatus, definition);
  const at = stages.findIndex((s) => s.name === current);
  return stages.map((s, i) => (s.atSubmission || i < at ? 'DONE' : i === at ? 'CURRENT' : 'PENDING'));
}

function iso(at: Date | null | undefined): string | null {
  return at ? at.toISOString() : null;
}

export function toPublicStatus(
  input: PublicStatusInput,
  definition: CaseKindDefinition = kindDefinition(input.kind),
): PublicCaseStatus {
  const stages = publicStagesOf(definition);
  const states = stageStates(input, stages, definition);
  const clockOf = (name: PublicStageName) => input.clocks.find((c) => c.clock === name);
  const overall = input.clocks.find((c) => c.clock === 'OVERALL');
  const final = isFinalStatus(input.status);
  return {
    caseNo: input.caseNo,
    kind: input.kind,
    status: input.status,
    statusLabel: STATUS_LABELS[input.status],
    applicantName: maskApplicantName(input.applicantName),
    stages: stages.map((s, i): PublicStage => {
      const state = states[i];
      const clock = clockOf(s.name);
      switch (state) {
        case 'DONE':
          return {
            name: s.name,
            label: s.label,
            state,
            completedAt: s.atSubmission ? iso(input.createdAt) : iso(clock?.stoppedAt),
            dueAt: iso(clock?.dueAt),
          };
        case 'CURRENT':
          return { name: s.name, label: s.label, state, completedAt: null, dueAt: iso(clock?.dueAt) };
        case 'PENDING':
        case 'SKIPPED':
          return { name: s.name, label: s.label, state, completedAt: null, dueAt: null };
        default:
          return assertUnreachable(state);
      }
    }),
    expectedBy:
      !final && overall && overall.stoppedAt === null && overall.dueAt !== null ? dueDateOf(overall.dueAt) : null,
    materialsRequested:
      input.status === 'SUPPLEMENT_REQUIRED'
        ? input.materialsRequested.map((code) => ({ code, label: isOneOf(MATERIAL_CODES, code) ? MATERIAL_LABELS[code] : code }))
        : [],
    updatedAt: input.updatedAt.toISOString(),
  };
}
