// Jest globalTeardown (e2e project): drop the run's template and every database cloned from it
// (they share the run's name prefix), then delete the run's Redis keys.
import { ENV, databasesWithPrefix, deleteRedisKeys, dropDatabase, runDatabasePrefix, withAdminClient } from './test-run';

export default async function globalTeardown(): Promise<void> {
  const runId = process.env[ENV.runId];
  if (!runId) return; // setup failed before creating anything it did not clean up itself

  const failures: string[] = [];
  await withAdminClient(async (admin) => {
    for (const name of await databasesWithPrefix(admin, runDatabasePrefix(runId))) {
      await dropDatabase(admin, name).catch((err: Error) => failures.push(`drop ${name}: ${err.message}`));
    }
  });
  await deleteRedisKeys(runId).catch((err: Error) => {
    console.warn(`[test redis] could not delete keys of run ${runId}: ${err.message}`);
  });
  if (failures.length > 0) throw new Error(`test teardown incomplete:\n${failures.join('\n')}`);
}
