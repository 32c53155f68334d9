import { Module } from '@nestjs/common';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { ClockRepository } from './clock.repository';
import { SlaService } from './sla.service';

/** Working-day calendar and SLA clocks: shared by the API (cases, calendar routes) and the worker. */
@Module({
  providers: [CalendarRepository, CalendarService, ClockRepository, SlaService],
  exports: [CalendarService, ClockRepository, SlaService],
})
export class SlaModule {}
