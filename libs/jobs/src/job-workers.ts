import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig, Clock } from '@case-desk/core';
import { AlertsProcessor } from './alerts/alerts.processor';
import { CAPPED_EXPONENTIAL, JOB_NAMES, QueueName, SWEEP_JOB_OPTIONS, SWEEP_SCHEDULER_ID, cappedExponentialDelay } from './job-catalogue';
import { JobHandlers, JobProcessor } from './job-processor';
import { JobQueues, bullConnection } from './job-queues';
import { SlaProcessor } from './sla/sla.processor';

type Processors = { [Q in QueueName]: JobProcessor<Q> };

/**
 * How often each worker checks that the sweep's schedule still exists in Redis (it is lost with
 * Redis's data: a restart without persistence, a flush, a failover): half the sweep interval, between
 * 1 and 30 seconds, so a lost schedule is back within one interval.
 */
export function scheduleCheckEveryMs(sweepEverySeconds: number): number {
  return Math.min(Math.max((sweepEverySeconds * 1000) / 2, 1000), 30_000);
}

/**
 * The worker's BullMQ consumers, one per queue of the catalogue, each running that queue's processor.
 * Every job name of the catalogue has a handler (checked at start); handlers rethrow so BullMQ retries;
 * every job logs its start and end with id and duration; shutdown lets running jobs finish before the
 * connections close.
 */
@Injectable()
export class JobWorkers implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly workers: Worker[] = [];
  private readonly processors: Processors;
  private readonly handlers: { [Q in QueueName]: JobHandlers<Q> };
  private scheduleTimer: NodeJS.Timeout | null = null;
  private checkingSchedule = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly queues: JobQueues,
    sla: SlaProcessor,
    alerts: AlertsProcessor,
  ) {
    this.processors = { sla, alerts };
    this.handlers = { sla: sla.handlers, alerts: alerts.handlers };
  }

  /** Refuses to start when a job name has no handler; then consumes and schedules the sweep. */
  async start(): Promise<void> {
    assertEveryJobHasAHandler(this.handlers);
    for (const queue of Object.keys(JOB_NAMES) as QueueName[]) {
      const worker = new Worker(queue, (job) => this.process(queue, job), {
        ...bullConnection(this.config),
        concurrency: this.processors[queue].concurrency,
        settings: { backoffStrategy: (attemptsMade, type) => this.backoff(attemptsMade, type) },
      });
      worker.on('error', (error) => this.logger.error({ queue, err: error.message }, 'queue connection error'));
      this.workers.push(worker);
    }
    await this.upsertSchedule();
    this.scheduleTimer = setInterval(() => void this.ensureSchedule(), scheduleCheckEveryMs(this.config.sweepEverySeconds));
  }

  /** One scheduler key: upserting it from every worker (start and watchdog) never adds a second repeat. */
  private async upsertSchedule(): Promise<void> {
    await this.queues.queue('sla').upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.config.sweepEverySeconds * 1000 },
      { name: 'sweep', data: { trigger: 'schedule' }, opts: SWEEP_JOB_OPTIONS },
    );
  }

  /** Re-creates the sweep's schedule when Redis lost it. One check at a time (Redis may hang while down). */
  async ensureSchedule(): Promise<boolean> {
    if (this.checkingSchedule) return false;
    this.checkingSchedule = true;
    try {
      if ((await this.queues.queue('sla').getJobScheduler(SWEEP_SCHEDULER_ID)) !== undefined) return false;
      await this.upsertSchedule();
      this.logger.warn({ scheduler: SWEEP_SCHEDULER_ID }, 'sweep schedule was missing from Redis; re-created');
      return true;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'sweep schedule not checked; trying again');
      return false;
    } finally {
      this.checkingSchedule = false;
    }
  }

  /** Delay before the next attempt of a job whose backoff type is ours (webhooks: capped, never given up). */
  private backoff(attemptsMade: number, type: string | undefined): number {
    if (type !== CAPPED_EXPONENTIAL) throw new Error(`unknown backoff type ${type}`);
    const webhook = this.config.alertWebhook;
    return webhook ? cappedExponentialDelay(attemptsMade, webhook.backoffMs, webhook.maxBackoffMs) : 60_000;
  }

  private async process(queue: QueueName, job: Job): Promise<unknown> {
    const handler = (this.handlers[queue] as Record<string, ((data: unknown) => Promise<unknown>) | undefined>)[job.name];
    const context = { queue, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 };
    if (!handler) throw new Error(`no handler for job ${job.name} of queue ${queue}`);
    const started = performance.now();
    this.logger.log(context, 'job started');
    try {
      await this.clock.refresh(); // the shared test clock, when enabled
      const result = await handler(job.data);
      this.logger.log({ ...context, ms: Math.round(performance.now() - started), result }, 'job done');
      return result;
    } catch (error) {
      this.logger.error({ ...context, ms: Math.round(performance.now() - started), err: (error as Error).message }, 'job failed');
      throw error;
    }
  }

  /** Before anything closes its connections (Prisma, Redis): running jobs finish, then consumers stop. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

export function assertEveryJobHasAHandler(handlers: Record<string, Record<string, unknown>>): void {
  const missing = (Object.keys(JOB_NAMES) as QueueName[]).flatMap((queue) =>
    JOB_NAMES[queue].filter((name) => typeof handlers[queue]?.[name] !== 'function').map((name) => `${queue}/${name}`),
  );
  if (missing.length > 0) throw new Error(`no processor for job(s): ${missing.join(', ')}`);
}
