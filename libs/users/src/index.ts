export * from './users.module';
export * from './users.service';
