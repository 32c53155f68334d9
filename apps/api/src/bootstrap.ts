import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig, Clock, Metrics } from '@case-desk/core';
import { UsersService } from '@case-desk/users';
import { ApiModule } from './app.module';
import { consoleDir, serveConsole } from './console-static';
import { buildOpenApi } from './openapi';
import { PublicStatusFastPath } from './public/public-status-fast-path';

const BODY_LIMIT_BYTES = 64 * 1024;

/** Builds the API application (not yet listening): used by main.ts and by the end-to-end tests. */
export async function createApiApp(config: AppConfig, logDestination?: DestinationStream): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ trustProxy: config.http.trustProxy, bodyLimit: BODY_LIMIT_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, logDestination), adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Applicants' polls answered from memory skip the rest of the pipeline (middleware, guards, access log):
  // this hook runs before Nest's middleware. Everything else, and every poll it cannot answer, goes on as usual.
  adapter.setOnRequestHook(app.get(PublicStatusFastPath).onRequest);
  const metrics = app.get(Metrics);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      // The route pattern, never the raw URL: ids and caseNos would make every request its own series.
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
      done();
    });
  if (config.testClock) {
    // Another replica (or the worker's caller) may have moved the shared test clock.
    const clock = app.get(Clock);
    app.getHttpAdapter().getInstance().addHook('onRequest', async () => clock.refresh());
  }
  app.enableShutdownHooks();
  try {
    SwaggerModule.setup('docs', app, buildOpenApi(app), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
    const consoleRoot = consoleDir();
    if (consoleRoot) await serveConsole(app, consoleRoot);
    await app.init();
    await app.get(UsersService).bootstrapAdmin();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
