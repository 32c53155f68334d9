export * from './alert.view';
export * from './alert-webhook';
export * from './alerts.module';
export * from './alerts.service';
export * from './sla-sweeper';
export * from './operations-status';
