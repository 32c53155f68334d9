export * from './calendar.service';
export * from './clock-rows';
export * from './clock.store';
export * from './due-date-recompute';
export * from './queues';
export * from './sla.module';
export * from './sla.service';
