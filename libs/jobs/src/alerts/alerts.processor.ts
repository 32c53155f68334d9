import { Injectable } from '@nestjs/common';
import { JobHandlers, JobProcessor } from '../job-processor';
import { AlertWebhook } from './alert-webhook';

/** The `alerts` queue: webhook delivery, a few at once (each waits on the receiver). */
@Injectable()
export class AlertsProcessor implements JobProcessor<'alerts'> {
  readonly queue = 'alerts';
  readonly concurrency = 4;
  readonly handlers: JobHandlers<'alerts'>;

  constructor(webhook: AlertWebhook) {
    this.handlers = { 'deliver-alert': (data) => webhook.deliver(data.alertId) };
  }
}
