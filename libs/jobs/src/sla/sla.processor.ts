import { Injectable } from '@nestjs/common';
import { Clock } from '@case-desk/core';
import { JobHandlers, JobProcessor } from '../job-processor';
import { DueDateRecomputer } from './due-date-recompute';
import { SlaSweeper } from './sla-sweeper';

/** The `sla` queue: due-date recomputation after a calendar change, and the sweep. */
@Injectable()
export class SlaProcessor implements JobProcessor<'sla'> {
  readonly queue = 'sla';
  /** Jobs of this queue one worker process runs at once. */
  readonly concurrency = 1;
  readonly handlers: JobHandlers<'sla'>;

  constructor(clock: Clock, recomputer: DueDateRecomputer, sweeper: SlaSweeper) {
    this.handlers = {
      'recompute-due-dates': (data) => recomputer.run(data.requestId),
      sweep: () => sweeper.run(clock.now()),
    };
  }
}
