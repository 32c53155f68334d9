import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig, Clock } from '@case-desk/core';
import { DueDateRecomputer, SLA_JOB_NAMES, SLA_QUEUE, SlaJobName, SlaJobs, bullConnection } from '@case-desk/sla';

type Handlers = { [N in SlaJobName]: (data: SlaJobs[N]) => Promise<unknown> };

/**
 * Processes the `sla` queue. Every job name has a handler (the type says so, and start() checks the
 * list the producers use); a handler's error is rethrown so BullMQ retries with backoff.
 */
@Injectable()
export class SlaProcessor implements OnApplicationShutdown {
  private readonly logger = new Logger(SlaProcessor.name);
  private worker: Worker | null = null;
  private readonly handlers: Handlers;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    recomputer: DueDateRecomputer,
  ) {
    this.handlers = {
      'recompute-due-dates': (data) => recomputer.recompute(data.date),
    };
  }

  start(): void {
    const missing = SLA_JOB_NAMES.filter((name) => !(name in this.handlers));
    if (missing.length > 0) throw new Error(`no processor for job(s) ${missing.join(', ')} of queue ${SLA_QUEUE}`);
    this.worker = new Worker(SLA_QUEUE, (job) => this.process(job), { ...bullConnection(this.config), concurrency: 1 });
    this.worker.on('error', (error) => this.logger.error({ err: error.message }, 'sla queue connection error'));
  }

  private async process(job: Job): Promise<unknown> {
    const name = job.name as SlaJobName;
    const handler = this.handlers[name] as ((data: unknown) => Promise<unknown>) | undefined;
    if (!handler) throw new Error(`no processor for job ${job.name}`);
    const started = Date.now();
    this.logger.log({ jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 }, 'job started');
    try {
      await this.clock.refresh();
      const result = await handler(job.data);
      this.logger.log({ jobId: job.id, job: job.name, ms: Date.now() - started, result }, 'job done');
      return result;
    } catch (error) {
      this.logger.error({ jobId: job.id, job: job.name, ms: Date.now() - started, err: (error as Error).message }, 'job failed');
      throw error;
    }
  }

  /** Lets the running job finish, then closes the queue connection. */
  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
