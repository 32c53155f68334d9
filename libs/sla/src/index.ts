export * from './calendar.service';
export * from './clock-rows';
export * from './clock.repository';
export * from './sla.module';
export * from './sla.service';
