import { Module } from '@nestjs/common';
import { SlaModule } from '@case-desk/sla';
import { AlertWebhook } from './alert-webhook';
import { AlertsService } from './alerts.service';
import { SlaSweeper } from './sla-sweeper';

/** SLA alerts: the sweep that raises them, their webhook delivery, and reading/acknowledging them. */
@Module({
  imports: [SlaModule],
  providers: [AlertsService, AlertWebhook, SlaSweeper],
  exports: [AlertsService, AlertWebhook, SlaSweeper],
})
export class AlertsModule {}
