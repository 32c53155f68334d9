import { Module } from '@nestjs/common';
import { AlertsModule } from '@case-desk/alerts';
import { SlaModule } from '@case-desk/sla';
import { AlertWebhook } from './alerts/alert-webhook';
import { AlertsProcessor } from './alerts/alerts.processor';
import { JobQueues } from './job-queues';
import { JobWorkers } from './job-workers';
import { DueDateRecomputer } from './sla/due-date-recompute';
import { DueDateRecomputeRepository } from './sla/due-date-recompute.repository';
import { RecomputeOnCalendarChange } from './sla/recompute-on-calendar-change';
import { SlaSweepRepository } from './sla/sla-sweep.repository';
import { SlaProcessor } from './sla/sla.processor';
import { SlaSweeper } from './sla/sla-sweeper';

/**
 * The producer side, for the API and the worker: the queues of the catalogue, and a calendar change
 * queueing its due-date recomputation.
 */
@Module({
  imports: [SlaModule],
  providers: [JobQueues, RecomputeOnCalendarChange],
  exports: [JobQueues],
})
export class JobsModule {}

/** The consumer side, for the worker: each queue's processor with the work it runs, and the consumers. */
@Module({
  imports: [JobsModule, SlaModule, AlertsModule],
  providers: [
    DueDateRecomputeRepository,
    DueDateRecomputer,
    SlaSweepRepository,
    SlaSweeper,
    AlertWebhook,
    SlaProcessor,
    AlertsProcessor,
    JobWorkers,
  ],
  exports: [JobWorkers, SlaSweeper, DueDateRecomputer, AlertWebhook],
})
export class JobWorkersModule {}
