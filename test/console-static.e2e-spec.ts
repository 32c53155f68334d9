import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Harness, startApi } from './support/api-harness';

// The API serves the built console (npm run build → dist/console; npm test builds before Jest runs).
describe('the console served at /console/ (e2e)', () => {
  const dir = resolve(__dirname, '../dist/console');
  let h: Harness;
  beforeAll(async () => {
    if (!existsSync(resolve(dir, 'index.html'))) throw new Error('dist/console is missing: run npm run build first');
    h = await startApi();
  });
  afterAll(() => h?.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${h.baseUrl}${path}`, { headers, redirect: 'manual' });

  it('answers index.html, never cached without revalidation, for the root and every screen (history fallback)', async () => {
    for (const path of ['/console/', '/console/login', '/console/cases/TR-20261123-0000001/receipt', '/console/index.html']) {
      const res = await get(path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-cache']);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<div id="root">');
    }
    const bare = await get('/console');
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/console/']);
  });

  it('serves hashed assets for a year (immutable), gzipped when accepted; a missing asset is a 404, not the app', async () => {
    const asset = readdirSync(resolve(dir, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await get(`/console/assets/${asset}`, { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const missing = await get('/console/assets/no-such-chunk.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('lets the console load its own scripts, styles and images (its own CSP), and never be framed', async () => {
    const csp = (await get('/console/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("default-src 'none'");
  });

  it('leaves the API as it was: /v1 still answers problem+json for unknown routes', async () => {
    const res = await get('/v1/no-such-route');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
