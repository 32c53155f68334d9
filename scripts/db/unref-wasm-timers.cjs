'use strict';
// Preloaded (`node -r`) into the prisma@6.19 migration CLI.
//
// The WebAssembly schema engine arms JavaScript timers for its internal timeouts and leaves them
// armed when the guarded work finishes first; the CLI does not call process.exit on success, so every
// `migrate deploy` idled ~10 s before exiting (measured here).
// Unref'ing only the timers created from WebAssembly keeps their meaning (they still fire while the
// engine waits on a database query, which holds a referenced socket) but lets the process end once
// the work is done. Should the process ever end early anyway, it cannot pass as success:
// migration-deploy.ts re-checks `_prisma_migrations` after each deploy, and diffToSchema
// (prisma-migrate-cli.ts) rejects a diff that printed no script.
const originalSetTimeout = global.setTimeout;

global.setTimeout = function setTimeoutUnrefFromWasm(...args) {
  const timer = originalSetTimeout.apply(this, args);
  const stack = new Error().stack || '';
  if (stack.includes('wasm://') && timer && typeof timer.unref === 'function') timer.unref();
  return timer;
};
