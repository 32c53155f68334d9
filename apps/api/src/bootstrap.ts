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
import { useStrictJsonParser } from './http/json-body';
import { fastifyOptions, refuseForeignCharset, refuseMalformedQuery, securityHeaders } from './http/http-edge';

// Headers a browser on an allowed origin (CORS_ORIGINS) may send and read.
const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'If-None-Match', 'X-Access-Code', 'X-Request-Id'];
const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'Idempotent-Replayed'];

/** Builds the API application (not yet listening): used by main.ts and by the end-to-end tests. */
export async function createApiApp(config: AppConfig, logDestination?: DestinationStream): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter(fastifyOptions(config.http));
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, logDestination), adapter, {
    bufferLogs: true,
    // Nest's parsers would also take forms (application/x-www-form-urlencoded); JSON is parsed below.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Applicants' polls answered from memory skip the rest of the pipeline (middleware, guards, access log):
  // this hook runs before Nest's middleware. Everything else, and every poll it cannot answer, goes on as usual.
  // The security headers are set first, so the answers of the fast path carry them like every other.
  const fastPath = app.get(PublicStatusFastPath);
  adapter.setOnRequestHook((request, reply, done) => {
    void reply.headers(securityHeaders(request.url));
    fastPath.onRequest(request, reply, done);
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Bodies are JSON: text/plain and forms are not taken (a 415 like any other media type), nor JSON in
  // another charset, nor JSON with a key twice in one object.
  fastify.removeContentTypeParser('text/plain');
  useStrictJsonParser(fastify);
  fastify.addHook('preParsing', refuseForeignCharset);
  fastify.addHook('onRequest', refuseMalformedQuery);
  // Closed unless CORS_ORIGINS names the browser origins that may call the API.
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.http.corsOrigins,
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    });
  }
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
