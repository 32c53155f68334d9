import { Module } from '@nestjs/common';
import { SlaModule } from '@case-desk/sla';
import { AlertWebhook } from './alert-webhook';
import { AlertsService } from './alerts.service';
import { OperationsStatusService } from './operations-status';
import { SlaSweeper } from './sla-sweeper';

/** SLA alerts: the sweep that raises them, their webhook delivery, and reading/acknowledging them. */
@Module({
  imports: [SlaModule],
  providers: [AlertsService, AlertWebhook, SlaSweeper, OperationsStatusService],
  exports: [AlertsService, AlertWebhook, SlaSweeper, OperationsStatusService],
})
export class AlertsModule {}
