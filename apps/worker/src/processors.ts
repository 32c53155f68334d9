import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig, Clock } from '@case-desk/core';
import { AlertWebhook, SlaSweeper } from '@case-desk/alerts';
import { DueDateRecomputer, JOB_NAMES, JobCatalog, JobName, JobQueues, QueueName, SWEEP_SCHEDULER_ID, bullConnection } from '@case-desk/sla';

type Handlers = { [Q in QueueName]: { [N in JobName<Q>]: (data: JobCatalog[Q][N]) => Promise<unknown> } };

/** How many jobs of each queue one worker process runs at once. */
const CONCURRENCY: Record<QueueName, number> = { sla: 1, alerts: 4 };

/**
 * The worker's BullMQ consumers. Every job name of the catalogue has a handler (checked at start);
 * handlers rethrow so BullMQ retries; every job logs its start and end with id and duration; shutdown
 * lets running jobs finish before the connections close.
 */
@Injectable()
export class Processors implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly workers: Worker[] = [];
  private readonly handlers: Handlers;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly queues: JobQueues,
    recomputer: DueDateRecomputer,
    sweeper: SlaSweeper,
    webhook: AlertWebhook,
  ) {
    this.handlers = {
      sla: {
        'recompute-due-dates': (data) => recomputer.recompute(data.date),
        sweep: () => sweeper.run(this.clock.now()),
      },
      alerts: {
        'deliver-alert': (data) => webhook.deliver(data.alertId),
      },
    };
  }

  /** Refuses to start when a job name has no handler; then consumes and schedules the sweep. */
  async start(): Promise<void> {
    assertEveryJobHasAHandler(this.handlers);
    for (const queue of Object.keys(JOB_NAMES) as QueueName[]) {
      const worker = new Worker(queue, (job) => this.process(queue, job), {
        ...bullConnection(this.config),
        concurrency: CONCURRENCY[queue],
      });
      worker.on('error', (error) => this.logger.error({ queue, err: error.message }, 'queue connection error'));
      this.workers.push(worker);
    }
    // One scheduler key: upserting it from every worker start never adds a second repeat.
    await this.queues.queue('sla').upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.config.sweepEverySeconds * 1000 },
      { name: 'sweep', data: { trigger: 'schedule' }, opts: { attempts: 1 } },
    );
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
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

export function assertEveryJobHasAHandler(handlers: Record<string, Record<string, unknown>>): void {
  const missing = (Object.keys(JOB_NAMES) as QueueName[]).flatMap((queue) =>
    JOB_NAMES[queue].filter((name) => typeof handlers[queue]?.[name] !== 'function').map((name) => `${queue}/${name}`),
  );
  if (missing.length > 0) throw new Error(`no processor for job(s): ${missing.join(', ')}`);
}
