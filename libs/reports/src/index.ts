export * from './reports.module';
export * from './sla-report.service';
export * from './sla-report.repository';
export * from './sla-report.export';
