export * from './config/app-config';
export * from './config/config.module';
export * from './clock/clock';
export * from './redis/redis.module';
export * from './crypto/pii-crypto';
export * from './logging/logger-options';
export * from './core.module';
export * from './metrics/metrics';
