import { z } from 'zod';
import { MONEY_PATTERN, isYearMonth, validatePhone, validateRegionCode } from '@case-desk/domain';

/** Building blocks shared by the request schemas; the rules themselves live in @case-desk/domain. */
export const regionCode = z
  .string()
  .superRefine((value, ctx) => {
    const result = validateRegionCode(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
  })
  .meta({ description: '6-digit GB/T 2260 code of a mainland region', example: '440500' });

export const money = z
  .string()
  .regex(MONEY_PATTERN, 'must be a decimal string with exactly two decimals, from "0.00" to "99999999.99"')
  .meta({ example: '1234.50' });

export const yearMonth = z
  .string()
  .refine(isYearMonth, 'must be YYYY-MM')
  .meta({ example: '2025-01' });

export const phone = z.string().superRefine((value, ctx) => {
  const result = validatePhone(value);
  if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
});

export const comment = z.string().max(2000);

export const limit = z.coerce.number().int().min(1).max(100).default(20);

export const cursor = z.string().min(1).max(200);
