// A redis-server of the test's own, for fault tests that kill it: a free port, no persistence (so a
// restart comes back empty, as after a crash of a cache without persistence). Killed by its pid only;
// it never touches the machine's Redis.
//
//   const redis = await startOwnRedis();   // REDIS_URL = redis.url
//   await redis.kill();                    // SIGKILL: an outage, data lost
//   await redis.start();                   // the same port, empty
//   await redis.cleanup();                 // afterAll
import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { eventually } from './eventually';
import { freePort } from './free-port';

export interface OwnRedis {
  port: number;
  url: string;
  pid(): number | null;
  kill(): Promise<void>;
  start(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}/0`;
  let child: ChildProcess | null = null;

  const ping = async () => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG' ? true : null;
    } finally {
      client.disconnect();
    }
  };

  const start = async () => {
    const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    child = started;
    await eventually(ping, 10_000, `own Redis on port ${port}`);
  };
  const kill = async () => {
    const running = child;
    if (running === null || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
    child = null;
  };

  await start();
  return {
    port,
    url,
    pid: () => child?.pid ?? null,
    kill,
    start,
    cleanup: kill,
  };
}
