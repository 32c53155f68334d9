import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const CONSOLE_PREFIX = '/console/';

/** Where `npm run build` writes the console: beside the built API (dist/apps/api → dist/console), else from the working directory. */
export function consoleDir(): string | null {
  const candidates = [resolve(__dirname, '../../console'), resolve(process.cwd(), 'dist/console')];
  // A built console has its assets/ (apps/console, the sources, has an index.html too but no assets/).
  return candidates.find((dir) => existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'assets'))) ?? null;
}

/**
 * Serves the clerks' console (a static single-page app) at /console/: hashed files under /console/assets/ are
 * cached for a year (immutable), index.html is revalidated every time, and any other path under /console/ is a
 * screen of the app (history fallback to index.html). Nothing under /v1 changes.
 */
export async function serveConsole(app: NestFastifyApplication, dir: string): Promise<void> {
  const index = readFileSync(join(dir, 'index.html'));
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyStatic, {
    root: dir,
    prefix: CONSOLE_PREFIX,
    wildcard: false,
    index: false,
    preCompressed: true,
    decorateReply: false,
    setHeaders: (reply, path) => {
      void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  fastify.get('/console', (_request, reply) => reply.redirect(CONSOLE_PREFIX, 301));
  fastify.get(CONSOLE_PREFIX, sendIndex);
  fastify.get(`${CONSOLE_PREFIX}*`, (request, reply) => {
    // A missing hashed file is a 404, never the app (a stale page would otherwise load HTML as a script).
    if (request.url.startsWith(`${CONSOLE_PREFIX}assets/`)) return reply.callNotFound();
    return sendIndex(request, reply);
  });
}
