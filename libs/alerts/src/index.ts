export * from './alert.view';
export * from './alerts.module';
export * from './alerts.repository';
export * from './alerts.service';
export * from './operations-status';
export * from './sweep-status.repository';
