import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue, QueueEvents } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@case-desk/core';

/**
 * Every background job, by queue and name, with its data. The worker must have a processor for each
 * name listed here, or it refuses to start.
 */
export interface JobCatalog {
  sla: {
    /**
     * An admin changed a calendar day: move the due dates of the clocks whose window touches it. A
     * pointer to the outbox row (`calendar_recomputes.id`) written with the change; the job id is
     * `recompute-<requestId>`.
     */
    'recompute-due-dates': { requestId: string };
    /** Raise the alerts that running clocks have reached (repeatable, and on demand). */
    sweep: { trigger: 'schedule' | 'admin' };
  };
  alerts: {
    /** POST one alert to ALERT_WEBHOOK_URL; the job id is the alert id. */
    'deliver-alert': { alertId: string };
  };
}
export type QueueName = keyof JobCatalog;
export type JobName<Q extends QueueName> = keyof JobCatalog[Q] & string;

export const JOB_NAMES: { readonly [Q in QueueName]: readonly JobName<Q>[] } = {
  sla: ['recompute-due-dates', 'sweep'],
  alerts: ['deliver-alert'],
};

/** The one repeatable sweep: a fixed scheduler key, so restarts and extra workers never multiply it. */
export const SWEEP_SCHEDULER_ID = 'sla-sweep';

export function reconnectDelayMs(attempt: number): number {
  return Math.min(attempt * 200, 2000);
}

/** BullMQ connection options shared by queues and workers: every key under the deployment's prefix. */
export function bullConnection(config: AppConfig) {
  return {
    // Reconnect within two seconds of Redis coming back (ioredis's default waits up to 20 s by then).
    connection: { url: config.redis.url, maxRetriesPerRequest: null, connectTimeout: 2000, retryStrategy: reconnectDelayMs },
    prefix: `${config.redis.prefix}:bull`,
  };
}

/** Finished jobs kept in Redis: failed ones for inspection, but bounded so they never pile up. */
export const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 } as const;
export const KEEP_FAILED = { age: 7 * 24 * 3600, count: 1000 } as const;

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
};

/** The scheduled sweep: one attempt (the next one comes with the schedule), bounded history. */
export const SWEEP_JOB_OPTIONS: JobsOptions = { attempts: 1, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED };

/**
 * Webhook jobs retry "forever" (API.md: never given up) with a delay that doubles from the configured
 * first delay and stops growing at the cap: a backoff type of our own, computed by the worker.
 */
export const CAPPED_EXPONENTIAL = 'capped-exponential';
export const FOREVER_ATTEMPTS = 2_000_000_000;

export function cappedExponentialDelay(attemptsMade: number, firstMs: number, capMs: number): number {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 52);
  return Math.min(firstMs * 2 ** exponent, capMs);
}

/** The producer side of the queues (the API and the worker enqueue; the worker processes). */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly events = new Map<QueueName, QueueEvents>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { ...bullConnection(this.config), defaultJobOptions: DEFAULT_JOB_OPTIONS });
      queue.on('error', () => undefined); // reported by the failing add() and by readiness
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    data: JobCatalog[Q][N],
    options: JobsOptions = {},
  ): Promise<string> {
    const job = await this.queue(queue).add(name, data, options);
    return job.id ?? '';
  }

  /**
   * Like add(), but gives up waiting after `ms` (BullMQ's connection waits for Redis forever): for
   * producers whose job is also re-queued from PostgreSQL, so that a Redis outage never hangs a request.
   */
  async addWithin<Q extends QueueName, N extends JobName<Q>>(
    ms: number,
    queue: Q,
    name: N,
    data: JobCatalog[Q][N],
    options: JobsOptions = {},
  ): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const adding = this.add(queue, name, data, options);
    adding.catch(() => undefined); // a late failure after the timeout is not unhandled
    try {
      return await Promise.race([
        adding,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not take the job within ${ms} ms`)), ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Adds a job and waits until a worker has finished it; its return value, or the error it failed with. */
  async run<Q extends QueueName, N extends JobName<Q>>(queue: Q, name: N, data: JobCatalog[Q][N], timeoutMs: number): Promise<unknown> {
    let events = this.events.get(queue);
    if (!events) {
      events = new QueueEvents(queue, bullConnection(this.config));
      events.on('error', () => undefined);
      this.events.set(queue, events);
    }
    await events.waitUntilReady();
    const job = await this.queue(queue).add(name, data, { attempts: 1, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED });
    return job.waitUntilFinished(events, timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all([...this.events.values()].map((e) => e.close()));
  }
}
