import { Module } from '@nestjs/common';
import { SlaModule } from '@case-desk/sla';
import { SlaReportRepository } from './sla-report.repository';
import { SlaReportService } from './sla-report.service';

/** Supervisors' compliance reports over the stored clock results (API.md, Reports). */
@Module({
  imports: [SlaModule],
  providers: [SlaReportRepository, SlaReportService],
  exports: [SlaReportService],
})
export class ReportsModule {}
