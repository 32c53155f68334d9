import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service';
import { ClockStore } from './clock.store';
import { DueDateRecomputer } from './due-date-recompute';
import { JobQueues } from './queues';
import { SlaService } from './sla.service';

/** Working-day calendar and SLA clocks: shared by the API (cases, calendar routes) and the worker. */
@Module({
  providers: [CalendarService, ClockStore, JobQueues, SlaService, DueDateRecomputer],
  exports: [CalendarService, ClockStore, JobQueues, SlaService, DueDateRecomputer],
})
export class SlaModule {}
