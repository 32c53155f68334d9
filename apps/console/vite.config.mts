import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Writes a .gz beside every asset; the API sends it to browsers that accept gzip (@fastify/static preCompressed). */
function precompress(outDir: string): Plugin {
  return {
    name: 'case-desk-precompress',
    apply: 'build',
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const file of readdirSync(assets)) {
        if (/\.(js|css)$/.test(file)) writeFileSync(join(assets, `${file}.gz`), gzipSync(readFileSync(join(assets, file)), { level: 9 }));
      }
    },
  };
}

// The console is served by the API under /console/ (apps/api/src/console-static.ts); `npm run build` writes it to
// dist/console. The API's own development server is not needed: `npm run console:dev` proxies /v1 to it.
export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [react(), precompress(here('../../dist/console'))],
  resolve: { alias: { '@domain': here('../../libs/domain/src') } },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
