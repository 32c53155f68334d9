import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue, QueueEvents } from 'bullmq';
import { APP_CONFIG, AppConfig, DISCONNECT_TIMEOUT_MS } from '@case-desk/core';
import { DEFAULT_JOB_OPTIONS, JobCatalog, JobName, KEEP_COMPLETED, KEEP_FAILED, QueueName } from './job-catalogue';

export function reconnectDelayMs(attempt: number): number {
  return Math.min(attempt * 200, 2000);
}

/** BullMQ connection options shared by queues and workers: every key under the deployment's prefix. */
export function bullConnection(config: AppConfig) {
  return {
    // Reconnect within two seconds of Redis coming back (ioredis's default waits up to 20 s by then).
    // A close while Redis is down must not leave ioredis's disconnect timer holding the process (as the
    // shared client: RedisClient).
    connection: {
      url: config.redis.url,
      maxRetriesPerRequest: null,
      connectTimeout: 2000,
      retryStrategy: reconnectDelayMs,
      disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    },
    prefix: `${config.redis.prefix}:bull`,
  };
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
