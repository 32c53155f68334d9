import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '@case-desk/domain';
import { SlaReportService, reportCsv, reportFileName, reportXlsx } from '@case-desk/reports';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiProblems } from '../http/openapi-decorators';
import { SlaReportDto, SlaReportQuery } from './reports.schema';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: SlaReportService) {}

  @Get('sla')
  @ApiOperation({
    summary: "On-time figures of the SLA clocks of the caller's agencies, by agency, clock, month or kind",
    description:
      'Counts clocks that stopped (MET or MISSED) on a date of the period [from, to] (Asia/Shanghai, at most 366 days) and ' +
      'the clocks running now that are overdue or due soon. A clerk sees their agency, a supervisor the agencies of their ' +
      "province, an admin all. A transfer's OVERALL clock counts for both of its agencies; clocks stopped by a withdrawal " +
      'are neither met nor missed. `total` counts every clock once; `definitions` explains every figure. ' +
      '`Accept: text/csv` (or format=csv) returns CSV (UTF-8 with BOM), format=xlsx an XLSX workbook with a definitions sheet; ' +
      'both start with the period and the time produced, which are also in the Content-Disposition filename.',
  })
  @ApiHeader({ name: 'Accept', required: false, description: 'application/json (default) or text/csv' })
  @ApiProduces('application/json', CSV, XLSX)
  @ApiOkResponse({
    description: 'the report (JSON); as CSV or XLSX when asked, with Content-Disposition: attachment; filename="sla-report_<from>_<to>_<produced>.<ext>"',
    type: SlaReportDto,
  })
  @ApiProblems(400, 401, 503)
  async sla(
    @CurrentActor() actor: Actor,
    @Query() query: SlaReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const report = await this.reports.report(actor, query);
    const format = query.format ?? (wantsCsv(accept) ? 'csv' : 'json');
    if (format === 'json') return report;
    const body = format === 'csv' ? reportCsv(report) : await reportXlsx(report);
    void reply
      .header('content-type', format === 'csv' ? `${CSV}; charset=utf-8` : XLSX)
      .header('content-disposition', `attachment; filename="${reportFileName(report, format)}"`);
    return body;
  }
}

/** text/csv named in Accept (with a non-zero q) and preferred to JSON. */
function wantsCsv(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const q = (type: string): number => {
    for (const part of accept.split(',')) {
      const [media, ...params] = part.trim().split(';');
      if (media.trim().toLowerCase() !== type) continue;
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return qParam === undefined ? 1 : Number(qParam.slice(2)) || 0;
    }
    return -1;
  };
  const csv = q(CSV);
  return csv > 0 && csv >= q('application/json');
}
