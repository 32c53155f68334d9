import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@case-desk/core';

export const SLA_QUEUE = 'sla';

/** The jobs of the `sla` queue, by name, with their data. The worker has a processor for each. */
export interface SlaJobs {
  /** An admin changed a calendar day: move the due dates of the clocks whose window touches it. */
  'recompute-due-dates': { date: string };
}
export type SlaJobName = keyof SlaJobs;
export const SLA_JOB_NAMES: readonly SlaJobName[] = ['recompute-due-dates'];

/** BullMQ connection options shared by queues and workers: every key under the deployment's prefix. */
export function bullConnection(config: AppConfig) {
  return {
    connection: { url: config.redis.url, maxRetriesPerRequest: null, connectTimeout: 2000 },
    prefix: `${config.redis.prefix}:bull`,
  };
}

/** The producer side of the `sla` queue (the API enqueues; the worker processes). */
@Injectable()
export class SlaQueue implements OnApplicationShutdown {
  readonly queue: Queue;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue(SLA_QUEUE, {
      ...bullConnection(config),
      defaultJobOptions: {
        attempts: 10,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 24 * 3600, count: 1000 },
        removeOnFail: false,
      },
    });
    this.queue.on('error', () => undefined); // reported by the failing add() and by readiness
  }

  async add<N extends SlaJobName>(name: N, data: SlaJobs[N]): Promise<string> {
    const job = await this.queue.add(name, data);
    return job.id ?? '';
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
