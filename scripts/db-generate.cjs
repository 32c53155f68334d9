'use strict';
// npm run db:generate — Prisma 7 client into libs/db/src/generated/prisma, offline.
// `prisma generate` needs no schema engine, but the CLI downloads one unless
// PRISMA_SCHEMA_ENGINE_BINARY names an existing file; any file will do.
// --if-installed (postinstall): skip quietly when the Prisma CLI is absent (`npm ci --omit=dev`),
// so production installs do not fail; such images must carry a client generated at build time.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

let cliPackage;
try {
  cliPackage = require.resolve('prisma/package.json');
} catch {
  if (process.argv.includes('--if-installed')) {
    console.log('db:generate: prisma CLI not installed (production install?); skipped');
    process.exit(0);
  }
  console.error('db:generate failed: the prisma CLI is not installed; run `npm ci` first');
  process.exit(1);
}

const result = spawnSync(process.execPath, [path.join(path.dirname(cliPackage), 'build', 'index.js'), 'generate'], {
  cwd: path.resolve(__dirname, '..'),
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || cliPackage,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
if (result.status !== 0) {
  console.error(`db:generate failed (prisma generate exited ${result.status ?? result.signal})`);
  process.exit(1);
}
