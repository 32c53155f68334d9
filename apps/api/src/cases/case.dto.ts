import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  CASE_KINDS,
  CASE_STATUSES,
  CHANNELS,
  INSURANCE_TYPES,
  MATERIAL_CODES,
  REFUND_REASONS,
  TRANSFER_REASONS,
} from '@case-desk/domain';
import { named } from '../http/openapi-decorators';
import { comment, cursor, limit, money, phone, regionCode, yearMonth } from '../http/schemas';

const applicant = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(50)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
    .regex(/^\S(?:.*\S)?$/u, 'must not start or end with a blank (it is kept exactly as sent)'),
  // Shape only here: the GB 11643 check (with today's date) runs in the service.
  idNumber: z.string().min(1).max(32).meta({ example: '11010519491231002X' }),
  phone: phone.optional().meta({ example: '13800138000' }),
});

const transfer = z.strictObject({
  kind: z.literal('TRANSFER'),
  applicant,
  insuranceType: z.enum(INSURANCE_TYPES),
  toInsuranceType: z.enum(INSURANCE_TYPES).optional().meta({ description: 'defaults to insuranceType' }),
  fromRegion: regionCode,
  toRegion: regionCode,
  reason: z.enum(TRANSFER_REASONS),
  channel: z.enum(CHANNELS).optional().meta({ description: 'defaults to WINDOW' }),
}).meta({ id: 'TransferCaseRequest' });

const refund = z.strictObject({
  kind: z.literal('REFUND'),
  applicant,
  insuranceType: z.enum(INSURANCE_TYPES),
  region: regionCode,
  reason: z.enum(REFUND_REASONS),
  amount: money,
  periodFrom: yearMonth,
  periodTo: yearMonth,
  channel: z.enum(CHANNELS).optional().meta({ description: 'defaults to WINDOW' }),
}).meta({ id: 'RefundCaseRequest' });

export const createCaseSchema = z.discriminatedUnion('kind', [transfer, refund]);
// Unions cannot be class bases: these DTOs are values, validated with an explicit pipe in the controller.
export const CreateCaseDto = named('CreateCaseRequest', createZodDto(createCaseSchema));
export type CreateCaseBody = z.infer<typeof createCaseSchema>;

export const listCasesSchema = z.strictObject({
  kind: z.enum(CASE_KINDS).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  sla: z.enum(['ON_TRACK', 'DUE_SOON', 'OVERDUE', 'PAUSED']).optional(),
  agency: regionCode.optional(),
  side: z.enum(['outgoing', 'incoming']).optional(),
  q: z.string().min(1).max(32).optional().meta({ description: 'an exact caseNo or full ID number' }),
  limit,
  cursor: cursor.optional(),
});
export class ListCasesQuery extends createZodDto(listCasesSchema) {}

const withComment = { comment: comment.optional() };
export const transitionSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('approve-outgoing'),
    contributionMonths: z.number().int().min(0).max(1200),
    balanceAmount: money.optional().meta({ description: 'required for an EMPLOYEE origin; absent or "0.00" for RESIDENT' }),
    ...withComment,
  }),
  z.strictObject({ action: z.literal('enrol-incoming'), ...withComment }),
  z.strictObject({ action: z.literal('confirm-balance'), receivedAmount: money, ...withComment }),
  z.strictObject({ action: z.literal('approve-refund'), approvedAmount: money, ...withComment }),
  z.strictObject({ action: z.literal('confirm-refund'), paidAmount: money, ...withComment }),
  z.strictObject({
    action: z.literal('reject'),
    reasonCode: z.string().min(1).max(40),
    comment: comment.regex(/\S/, 'a rejection needs a comment'),
  }),
  z.strictObject({
    action: z.literal('request-materials'),
    materials: z.array(z.enum(MATERIAL_CODES)).min(1, 'name every missing material at once; at least one'),
    ...withComment,
  }),
  z.strictObject({ action: z.literal('resume'), ...withComment }),
  z.strictObject({ action: z.literal('withdraw'), ...withComment }),
]);
export const TransitionDto = named('TransitionRequest', createZodDto(transitionSchema));
export type TransitionBody = z.infer<typeof transitionSchema>;
