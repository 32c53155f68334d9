import { Module } from '@nestjs/common';
import { SlaModule } from '@case-desk/sla';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { OperationsStatusService } from './operations-status';
import { SweepStatusRepository } from './sweep-status.repository';

/**
 * SLA alerts: reading and acknowledging them, and the operations status. The sweep that raises them
 * and their webhook delivery are jobs (libs/jobs).
 */
@Module({
  imports: [SlaModule],
  providers: [AlertsRepository, SweepStatusRepository, AlertsService, OperationsStatusService],
  exports: [AlertsRepository, AlertsService, OperationsStatusService],
})
export class AlertsModule {}
