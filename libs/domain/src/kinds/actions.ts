// The fields of every action, declared once: the API validates requests with these schemas, the
// OpenAPI document is generated from them, TransitionInput is inferred from them and planTransition
// checks its input with them. The rules in the kinds' tables add only what depends on the case (a
// balance by insurance type, an amount against the case's, a reason code of the case's kind).
import { z } from 'zod';
import { MATERIAL_CODES, type CaseAction } from '../codes';
import type { FieldError } from '../errors';
import { MONEY_PATTERN } from '../money';
import { comment } from './fields';

const withComment = { comment: comment.optional() };

const MONEY_MESSAGE = 'must be an amount with two decimals, e.g. "1234.50"';
const MONTHS_MESSAGE = 'must be a whole number of months, 0 or more';
const REJECTION_COMMENT_MESSAGE = 'is required: tell the applicant why the case is rejected';

const money = z.string({ error: MONEY_MESSAGE }).regex(MONEY_PATTERN, MONEY_MESSAGE).meta({ example: '1234.50' });

export const ACTION_SCHEMAS = {
  'approve-outgoing': z.strictObject({
    action: z.literal('approve-outgoing'),
    contributionMonths: z.number({ error: MONTHS_MESSAGE }).int(MONTHS_MESSAGE).min(0, MONTHS_MESSAGE).max(1200),
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
    comment: z.string({ error: REJECTION_COMMENT_MESSAGE }).max(2000).regex(/\S/, REJECTION_COMMENT_MESSAGE),
  }),
  'request-materials': z.strictObject({
    action: z.literal('request-materials'),
    // The agency must name everything that is missing at once (DOMAIN.md).
    materials: z
      .array(z.enum(MATERIAL_CODES, { error: (issue) => `unknown material code '${String(issue.input)}'` }), {
        error: 'must list every missing material (at least one)',
      })
      .min(1, 'must list every missing material (at least one)'),
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

/**
 * The field errors of `input` against its action's schema, as the API reports them (paths joined with
 * dots; an unknown field is named). Empty when the input is well-formed.
 */
export function actionInputErrors(input: { action: CaseAction }): FieldError[] {
  const result = ACTION_SCHEMAS[input.action].safeParse(input);
  if (result.success) return [];
  return result.error.issues.flatMap((issue): FieldError[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: 'unknown field' }));
    }
    return [{ path: path || '(body)', message: issue.message }];
  });
}

/** Field errors in the order of the action's fields, list items by index (the order the API reports). */
export function inFieldOrder(action: CaseAction, errors: FieldError[]): FieldError[] {
  const fields = Object.keys(ACTION_SCHEMAS[action].shape);
  const rank = (path: string): (number | string)[] => {
    const [field, ...rest] = path.split('.');
    const at = fields.indexOf(field);
    return [at === -1 ? fields.length : at, ...rest.map((p) => (/^\d+$/.test(p) ? Number(p) : p))];
  };
  const compare = (a: (number | string)[], b: (number | string)[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const [x, y] = [a[i], b[i]];
      if (x === y) continue;
      return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    }
    return a.length - b.length;
  };
  return [...errors].sort((x, y) => compare(rank(x.path), rank(y.path)));
}
