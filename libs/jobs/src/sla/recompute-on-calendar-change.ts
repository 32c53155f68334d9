import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CalendarService } from '@case-desk/sla';
import { recomputeJobId } from '../job-catalogue';
import { JobQueues } from '../job-queues';

/** How long a calendar change waits for Redis to take its job before leaving it to the sweep. */
const ENQUEUE_WAIT_MS = 1_000;

/**
 * After a calendar change commits, its recomputation request goes to the `sla` queue (waiting at most
 * a second for Redis): the change's outbox row stays pending until the job completes, and every sweep
 * re-queues pending requests, so a Redis outage never fails the admin's request.
 */
@Injectable()
export class RecomputeOnCalendarChange implements OnModuleInit {
  private readonly logger = new Logger(RecomputeOnCalendarChange.name);

  constructor(
    private readonly calendars: CalendarService,
    private readonly queues: JobQueues,
  ) {}

  onModuleInit(): void {
    this.calendars.onChange(({ requestId }) => this.enqueue(requestId));
  }

  async enqueue(requestId: string): Promise<void> {
    await this.queues.addWithin(ENQUEUE_WAIT_MS, 'sla', 'recompute-due-dates', { requestId }, { jobId: recomputeJobId(requestId) }).catch((error: Error) => {
      this.logger.warn({ err: error.message, requestId }, 'recompute not queued; the next sweep queues it');
    });
  }
}
