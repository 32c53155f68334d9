import { JobsOptions } from 'bullmq';

/**
 * Every background job, by queue and name, with its data: the one list producers and processors share.
 * The worker must have a processor for each name listed here, or it refuses to start.
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
export type JobData<Q extends QueueName, N extends JobName<Q>> = JobCatalog[Q][N];

export const JOB_NAMES: { readonly [Q in QueueName]: readonly JobName<Q>[] } = {
  sla: ['recompute-due-dates', 'sweep'],
  alerts: ['deliver-alert'],
};

/** The one repeatable sweep: a fixed scheduler key, so restarts and extra workers never multiply it. */
export const SWEEP_SCHEDULER_ID = 'sla-sweep';

/** The recomputation job of one outbox request: the same id however often it is queued. */
export function recomputeJobId(requestId: string): string {
  return `recompute-${requestId}`;
}

/** Finished jobs kept in Redis: failed ones for inspection, but bounded so they never pile up. */
export const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 } as const;
export const KEEP_FAILED = { age: 7 * 24 * 3600, count: 1000 } as const;

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
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

/** A delivery job: its id is the alert id, retried until the receiver accepts it. */
export const DELIVERY_JOB_OPTIONS: JobsOptions = {
  attempts: FOREVER_ATTEMPTS,
  backoff: { type: CAPPED_EXPONENTIAL },
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
};
