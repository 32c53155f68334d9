export * from './calendar.service';
export * from './clock-rows';
export * from './clock.store';
export * from './due-date-recompute';
export * from './sla-queue';
export * from './sla.module';
export * from './sla.service';
