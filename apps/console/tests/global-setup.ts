import { ensureChromium, startStack } from './stack';

export default async function globalSetup(): Promise<void> {
  ensureChromium();
  const state = await startStack();
  process.env.CONSOLE_BASE_URL = state.baseUrl;
  console.log(`[browser tests] API, worker and console at ${state.baseUrl}/console/`);
}
