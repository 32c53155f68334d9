import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CASE_KINDS, CASE_KIND_DEFINITIONS, CASE_STATUSES, MATERIAL_CODES, publicStagesOf } from '@case-desk/domain';

const instant = z.iso.datetime().meta({ example: '2026-12-07T16:00:00.000Z' });

// The stages of every kind, from their definitions: the names in order of first appearance, and the
// progress bar of each kind for the description.
const PROGRESS_BARS = CASE_KIND_DEFINITIONS.map((d) => ({ kind: d.code, stages: publicStagesOf(d) }));
const STAGE_NAMES = [...new Set(PROGRESS_BARS.flatMap((bar) => bar.stages.map((s) => s.name)))] as [string, ...string[]];
const STAGES_DESCRIPTION = PROGRESS_BARS.map(
  (bar) => `${bar.kind}: ${bar.stages.map((s) => `${s.name} ${s.label}`).join(', ')}.`,
).join(' ');

const stage = z
  .strictObject({
    name: z.enum(STAGE_NAMES),
    label: z.string().meta({ example: '转出地办理' }),
    state: z.enum(['DONE', 'CURRENT', 'PENDING', 'SKIPPED']).meta({
      description:
        'DONE: finished (a rejection is a decision, so the stage that rejected is DONE). CURRENT: being handled, also ' +
        'while the case waits for materials. PENDING: still to come. SKIPPED: will not happen — the personal-account ' +
        'step of a transfer with no balance to move, every stage after a rejection, and the interrupted and later ' +
        'stages of a withdrawn case.',
    }),
    completedAt: instant.nullable().meta({ description: 'when a DONE stage finished; null otherwise' }),
    dueAt: instant.nullable().meta({
      description: 'the end (24:00 Asia/Shanghai) of the working day the stage is or was due; null while paused, PENDING or SKIPPED',
    }),
  });

/** The applicant's view (API.md "Applicants"); strict, so the e2e spec proves nothing else is sent. */
export const publicCaseStatusSchema = z
  .strictObject({
    caseNo: z.string().meta({ example: 'TR-20261123-0000001' }),
    kind: z.enum(CASE_KINDS),
    status: z.enum(CASE_STATUSES),
    statusLabel: z.string().meta({ example: '转出地已审核' }),
    applicantName: z.string().meta({
      description: 'masked: the first character, then one * per remaining character ("张三丰" → "张**"); a one-character name is "*"',
      example: '张*',
    }),
    stages: z.array(stage).meta({
      description: STAGES_DESCRIPTION,
    }),
    expectedBy: z.iso.date().nullable().meta({
      description:
        'the date (Asia/Shanghai) by which the whole case is due; null once final, and while the case waits for materials ' +
        '(the date then depends on when they arrive)',
      example: '2026-12-14',
    }),
    materialsRequested: z
      .array(z.strictObject({ code: z.enum(MATERIAL_CODES), label: z.string().meta({ example: '居民身份证' }) }))
      .meta({ description: 'what the applicant must bring, while the status is SUPPLEMENT_REQUIRED; empty otherwise' }),
    updatedAt: instant,
  });

export class PublicCaseStatus extends createZodDto(publicCaseStatusSchema) {}
