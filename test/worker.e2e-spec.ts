import { loadConfig } from '@case-desk/core';
import { createWorkerApp } from '../apps/worker/src/bootstrap';
import { testEnv } from './support/api-harness';
import { createTestDatabase } from './support/database';

describe('worker application context (e2e)', () => {
  it('boots against PostgreSQL and Redis and shuts down cleanly', async () => {
    const db = await createTestDatabase();
    try {
      const app = await createWorkerApp(loadConfig(testEnv(db.url)));
      await app.close();
    } finally {
      await db.drop();
    }
  });

  it('refuses to start when Redis is unreachable', async () => {
    const db = await createTestDatabase();
    try {
      await expect(createWorkerApp(loadConfig(testEnv(db.url, { REDIS_URL: 'redis://127.0.0.1:1/0' })))).rejects.toThrow();
    } finally {
      await db.drop();
    }
  });
});
