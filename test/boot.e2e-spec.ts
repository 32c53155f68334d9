import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { testEnv } from './support/api-harness';
import { createTestDatabase } from './support/database';

/**
 * The built apps as operators run them (`npm run build` comes first in `npm test`): configuration is
 * checked before anything starts, and the worker boots and logs readiness.
 */
const root = join(__dirname, '..');
const API = join(root, 'dist/apps/api/main.js');
const WORKER = join(root, 'dist/apps/worker/main.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(script: string, env: Record<string, string>, until?: RegExp, timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out; stdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('built apps (e2e)', () => {
  beforeAll(() => {
    for (const file of [API, WORKER]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
    }
  });

  it.each([
    ['no JWT secret in production', { NODE_ENV: 'production', JWT_SECRET: '' }, /JWT_SECRET: must be set to a secret outside development/],
    ['the development JWT secret in production', { NODE_ENV: 'production', JWT_SECRET: 'development-only-jwt-secret-change-me' }, /JWT_SECRET/],
    ['a short JWT secret', { NODE_ENV: 'test', JWT_SECRET: 'short' }, /JWT_SECRET: must be at least 32 characters/],
    ['a bad DATABASE_URL', { DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    ['a bad PORT', { PORT: 'eighty' }, /PORT/],
  ])('the API refuses to start with %s, naming the variable', async (_label, env, message) => {
    const result = await run(API, { ...testEnv('postgresql://127.0.0.1/none'), ...env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('the worker boots, logs readiness and stops on SIGTERM', async () => {
    const db = await createTestDatabase();
    try {
      const result = await run(WORKER, { ...testEnv(db.url), LOG_LEVEL: 'info' }, /worker ready/);
      expect(result.stdout).toMatch(/"app":"worker".*worker ready/);
      // Nest closes the context on SIGTERM, then re-raises the signal so the exit status reports it.
      expect(result.stdout).toMatch(/"signal":"SIGTERM".*worker stopping/);
      expect(result.signal).toBe('SIGTERM');
    } finally {
      await db.drop();
    }
  });
});
