export * from './calendar.service';
export { calendarVersionHeld } from './calendar.repository';
export * from './clock-rows';
export * from './clock.repository';
export * from './sla.module';
export * from './sla.service';
