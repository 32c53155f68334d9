export * from './cases.module';
export * from './case-creation.service';
export * from './case-transition.service';
export * from './case-query.service';
export * from './case.view';
export * from './shanghai-time';
export * from './case-scope';
export * from './public-status.service';
