// The fields of every action, declared once: the API validates requests with these schemas, the
// OpenAPI document is generated from them, and TransitionInput is inferred from them. The rules in
// the kinds' tables add only what depends on the case (an amount against the case's, a reason code
// of the case's kind).
import { z } from 'zod';
import { MATERIAL_CODES, type CaseAction } from '../codes';
import { comment, money } from './fields';

const withComment = { comment: comment.optional() };

export const ACTION_SCHEMAS = {
  'approve-outgoing': z.strictObject({
    action: z.literal('approve-outgoing'),
    contributionMonths: z.number().int().min(0).max(1200),
    balanceAmount: money.optional().meta({ description: 'required for an EMPLOYEE origin; absent or "0.00" for RESIDENT' }),
    ...withComment,
  }),
  'enrol-incoming': z.strictObject({ action: z.literal('enrol-incoming'), ...withComment }),
  'confirm-balance': z.strictObject({ action: z.literal('confirm-balance'), receivedAmount: money, ...withComment }),
  'approve-refund': z.strictObject({ action: z.literal('approve-refund'), approvedAmount: money, ...withComment }),
  'confirm-refund': z.strictObject({ action: z.literal('confirm-refund'), paidAmount: money, ...withComment }),
  reject: z.strictObject({
    action: z.literal('reject'),
    reasonCode: z.string().min(1).max(40),
    comment: comment.regex(/\S/, 'a rejection needs a comment'),
  }),
  'request-materials': z.strictObject({
    action: z.literal('request-materials'),
    materials: z.array(z.enum(MATERIAL_CODES)).min(1, 'name every missing material at once; at least one'),
    ...withComment,
  }),
  resume: z.strictObject({ action: z.literal('resume'), ...withComment }),
  withdraw: z.strictObject({ action: z.literal('withdraw'), ...withComment }),
} as const satisfies { readonly [A in CaseAction]: z.ZodType<{ action: A }> };

/** Any action's request body, by its `action` (the order of CASE_ACTIONS). */
export const TRANSITION_SCHEMA = z.discriminatedUnion('action', [
  ACTION_SCHEMAS['approve-outgoing'],
  ACTION_SCHEMAS['enrol-incoming'],
  ACTION_SCHEMAS['confirm-balance'],
  ACTION_SCHEMAS['approve-refund'],
  ACTION_SCHEMAS['confirm-refund'],
  ACTION_SCHEMAS.reject,
  ACTION_SCHEMAS['request-materials'],
  ACTION_SCHEMAS.resume,
  ACTION_SCHEMAS.withdraw,
]);

/** A transition request as the API has shape-checked it; guards check what depends on the case. */
export type TransitionInput = z.infer<typeof TRANSITION_SCHEMA>;

export type InputFor<A extends CaseAction> = Extract<TransitionInput, { action: A }>;
