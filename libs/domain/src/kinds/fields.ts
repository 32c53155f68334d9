// Field schemas shared by the kinds' creation schemas and the actions' schemas (and by the API's
// other request schemas). The rules themselves are the domain's (region codes, money, phones).
import { z } from 'zod';
import { isYearMonth } from '../fee-period';
import { validatePhone } from '../identity/id-number';
import { validateRegionCode } from '../identity/region-code';
import { MONEY_PATTERN } from '../money';

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

/** The applicant on every creation request, whatever the kind. */
export const applicant = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(50)
    .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
    .regex(/^\S(?:.*\S)?$/u, 'must not start or end with a blank (it is kept exactly as sent)'),
  // Shape only here: the GB 11643 check (with today's date) runs in the creation service.
  idNumber: z.string().min(1).max(32).meta({ example: '11010519491231002X' }),
  phone: phone.optional().meta({ example: '13800138000' }),
});
