import 'reflect-metadata';
import { ConfigError, loadConfig } from '@case-desk/core';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen({ host: config.http.host, port: config.http.port });
}

main().catch((error: unknown) => {
  // Before the logger exists (bad configuration) the message goes to stderr as plain text.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
