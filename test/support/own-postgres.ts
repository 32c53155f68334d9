// A PostgreSQL server of the test's own, for fault tests that stop and start it: `initdb` into a
// temporary folder, a free port, its socket in that folder. It never touches the machine's server.
//
//   const pg = await startOwnPostgres();           // initdb + start + the run's database, migrated
//   ... DATABASE_URL = pg.url ...
//   await pg.stop(); await pg.start();             // an outage
//   await pg.cleanup();                            // afterAll: stop (by pid) and delete the folder
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { deployMigrations } from '../../scripts/db/migration-deploy';
import { eventually } from './eventually';
import { freePort } from './free-port';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';
const START_TIMEOUT_MS = 30_000;

export interface OwnPostgres {
  port: number;
  /** The migrated database of this test. */
  url: string;
  /** The server's postmaster pid while it runs, else null. */
  pid(): number | null;
  /** Stops the server (fast shutdown: open connections are cut). */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder, and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it if running (by pid) and deletes its folder. Safe to call twice. */
  cleanup(): Promise<void>;
}

/** Commands run as the `postgres` OS user when the tests run as root (initdb refuses root). */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function pgCtl(args: string[]): Promise<void> {
  const [command, all] = asPostgres(join(BIN, 'pg_ctl'), args);
  await run(command, all, { timeout: START_TIMEOUT_MS });
}

export async function startOwnPostgres(database = 'casedesk_fault'): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'casedesk-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const [initdb, initArgs] = asPostgres(join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  await run(initdb, initArgs, { timeout: 60_000 });
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  let running = false;

  const pid = (): number | null => {
    try {
      return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
    } catch {
      return null;
    }
  };
  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const accepting = async () => {
    const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  const start = async () => {
    await pgCtl(['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
    running = true;
    await eventually(accepting, START_TIMEOUT_MS, `own PostgreSQL on port ${port}`);
  };
  const stop = async () => {
    await pgCtl(['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
    running = false;
  };
  const cleanup = async () => {
    const p = pid();
    if (running && p !== null) {
      try {
        process.kill(p, 'SIGQUIT'); // immediate shutdown of this server only
      } catch {
        // already gone
      }
      await eventually(async () => (pid() === null ? true : null), 10_000, 'own PostgreSQL to exit').catch(() => {
        if (p !== null) process.kill(p, 'SIGKILL');
      });
    }
    running = false;
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await start();
    const url = `postgresql://postgres@127.0.0.1:${port}/${database}`;
    await deployMigrations(url);
    return { port, url, pid, stop, start, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function uidOf(user: string): number {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no OS user ${user}`);
  return Number(line.split(':')[2]);
}

function gidOf(user: string): number {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no OS user ${user}`);
  return Number(line.split(':')[3]);
}
