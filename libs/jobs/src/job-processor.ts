import { JobCatalog, JobName, QueueName } from './job-catalogue';

/** One handler per job name of a queue, typed by the catalogue's payloads. */
export type JobHandlers<Q extends QueueName> = { [N in JobName<Q>]: (data: JobCatalog[Q][N]) => Promise<unknown> };

/** A queue's processor: the handlers of all its jobs and how many run at once in one worker process. */
export interface JobProcessor<Q extends QueueName> {
  readonly queue: Q;
  readonly concurrency: number;
  readonly handlers: JobHandlers<Q>;
}
