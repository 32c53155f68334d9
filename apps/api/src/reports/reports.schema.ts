import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CASE_KINDS, isLocalDate } from '@case-desk/domain';
import { REPORT_GROUPINGS } from '@case-desk/reports';

const localDate = z
  .string()
  .refine(isLocalDate, 'must be a calendar date YYYY-MM-DD (Asia/Shanghai)')
  .meta({ example: '2026-01-01' });

export const slaReportQuerySchema = z.strictObject({
  from: localDate.meta({ description: 'first day of the period (Asia/Shanghai), included' }),
  to: localDate.meta({ description: 'last day of the period, included; at most 366 days after from', example: '2026-12-31' }),
  kind: z.enum(CASE_KINDS).optional().meta({ description: 'only clocks of this kind of case' }),
  groupBy: z.enum(REPORT_GROUPINGS).default('agency'),
  format: z
    .enum(['json', 'csv', 'xlsx'])
    .optional()
    .meta({ description: 'overrides the Accept header: csv as with Accept: text/csv, xlsx for a workbook' }),
});

export class SlaReportQuery extends createZodDto(slaReportQuerySchema) {}

const count = z.number().int().min(0);
const figures = {
  finished: count.meta({ description: 'clocks that stopped in the period: met + missed (withdrawals not counted)' }),
  met: count,
  missed: count,
  onTimeRate: z.number().min(0).max(1).nullable().meta({ description: 'met / finished; null when nothing finished' }),
  workingDaysUsed: z.strictObject({
    median: count.nullable(),
    p90: count.nullable(),
    max: count.nullable(),
  }).meta({ description: 'over finished clocks, paused working days excluded; nearest-rank percentiles; null when nothing finished' }),
  pausedWorkingDays: count.meta({ description: 'working days the finished clocks spent paused for materials' }),
  openOverdue: count.meta({ description: 'clocks running now past their due instant' }),
  openDueSoon: count.meta({ description: 'clocks running now with at most 2 working days left' }),
};

export const slaReportSchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  kind: z.enum(CASE_KINDS).nullable(),
  groupBy: z.enum(REPORT_GROUPINGS),
  generatedAt: z.iso.datetime().meta({ description: 'when the figures were taken; open counts are as of this instant' }),
  rows: z.array(
    z.strictObject({
      key: z.string().meta({ description: '6-digit agency, clock name, YYYY-MM or case kind', example: '440500' }),
      ...figures,
    }),
  ),
  total: z.strictObject(figures).meta({ description: "every clock once (a transfer's OVERALL once even when both agencies are in scope)" }),
  definitions: z.record(z.string(), z.string()).meta({ description: 'what each figure means' }),
});

export class SlaReportDto extends createZodDto(slaReportSchema) {}
