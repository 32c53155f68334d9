import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock } from '@case-desk/core';
import { AlertsRepository, toAlertView } from '@case-desk/alerts';
import { DELIVERY_JOB_OPTIONS } from '../job-catalogue';
import { JobQueues } from '../job-queues';

const ENQUEUE_BATCH = 500;

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Webhook delivery (API.md, Alerts): one job per alert whose id is the alert id, so however often an
 * alert is queued there is one job; retried until the receiver answers 2xx, never given up, the delay
 * doubling from ALERT_WEBHOOK_BACKOFF_MS up to ALERT_WEBHOOK_MAX_BACKOFF_MS. `deliveredAt` is the
 * outbox: every sweep (re)queues the alerts without it and retries failed delivery jobs, so an alert
 * whose job was lost (worker killed between insert and enqueue, Redis flushed) or failed (stalled
 * too often) is still delivered.
 */
@Injectable()
export class AlertWebhook {
  private readonly logger = new Logger(AlertWebhook.name);

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly queues: JobQueues,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.alertWebhook !== null;
  }

  async enqueueUndelivered(): Promise<number> {
    if (this.config.alertWebhook === null) return 0;
    // A job that failed for good (e.g. its worker died too often) would make the re-add below a no-op.
    await this.queues.queue('alerts').retryJobs({ state: 'failed', count: ENQUEUE_BATCH });
    let queued = 0;
    for (let after: string | null = null; ; ) {
      const ids = await this.alerts.undeliveredIds(after, ENQUEUE_BATCH);
      if (ids.length === 0) return queued;
      await this.queues.queue('alerts').addBulk(
        ids.map((id) => ({ name: 'deliver-alert', data: { alertId: id }, opts: { ...DELIVERY_JOB_OPTIONS, jobId: id } })),
      );
      queued += ids.length;
      after = ids[ids.length - 1];
    }
  }

  /** POSTs the alert; throws (so BullMQ retries) unless the receiver answers 2xx. */
  async deliver(alertId: string): Promise<{ status: number } | { skipped: string }> {
    const webhook = this.config.alertWebhook;
    if (webhook === null) return { skipped: 'no ALERT_WEBHOOK_URL' };
    const row = await this.alerts.findById(alertId);
    if (row === null) return { skipped: 'alert no longer exists' };
    if (row.deliveredAt !== null) return { skipped: 'already delivered' };
    const body = JSON.stringify(toAlertView(row));
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-alert-id': row.id, 'x-signature': signature(body, webhook.secret) },
      body,
      signal: AbortSignal.timeout(webhook.timeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    await this.alerts.markDelivered(row.id, this.clock.now());
    this.logger.log({ alertId: row.id, status: response.status }, 'alert delivered');
    return { status: response.status };
  }
}
