import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@case-desk/core';
import { JobWorkers } from '@case-desk/jobs';
import { WorkerModule, WorkerReadiness } from './worker.module';

/**
 * The worker serves no HTTP: an application context with BullMQ processors and schedulers.
 * (createApplicationContext already ran the init hooks; readiness is checked after, so that a failed
 * check can still close what was opened.)
 */
export async function createWorkerApp(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  try {
    await app.get(WorkerReadiness).check();
    await app.get(JobWorkers).start();
  } catch (error) {
    // A store is unreachable: release what did connect (pool, Redis reconnect timers) before failing.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
