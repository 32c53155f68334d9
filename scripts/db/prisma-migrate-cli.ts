// Runs the pinned prisma@6.19 CLI (scripts/prisma-migrate-cli) with its WebAssembly schema engine,
// configured by prisma/prisma.migrate.config.ts. Why not Prisma 7's CLI: see that config file.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { cliPath } from 'case-desk-prisma-migrate-cli';
import { MIGRATE_CONFIG_PATH, MIGRATIONS_DIR, REPO_ROOT, prepareMigrateSchema } from './migrate-schema';

const UNREF_WASM_TIMERS = path.join(__dirname, 'unref-wasm-timers.cjs');
const DEFAULT_TIMEOUT_MS = 120_000;

// The adapter warning tells people to remove `url` from the schema: that url lives only in the
// generated copy (scripts/db/migrate-schema.ts), so the advice would only mislead.
const NOISE = [
  /^WARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter/,
  /^- url$/,
  /^The values from your schema will NOT be used!$/,
  /^We recommend you to remove those properties from your schema/,
  /^Prisma config detected, skipping environment variable loading\.$/,
];

/** Echoes whole lines, without the noise above and without runs of blank lines. */
function lineEcho(to: NodeJS.WriteStream | null) {
  let partial = '';
  let lastBlank = true;
  const emit = (line: string) => {
    if (!to || NOISE.some((re) => re.test(line.trim()))) return;
    const blank = line.trim() === '';
    if (blank && lastBlank) return;
    lastBlank = blank;
    to.write(`${line}\n`);
  };
  return {
    write(chunk: string) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(emit);
    },
    end() {
      if (partial) emit(partial);
      partial = '';
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class MigrateCliError extends Error {
  constructor(
    message: string,
    readonly result?: CliResult,
  ) {
    super(message);
    this.name = 'MigrateCliError';
  }
}

export interface RunOptions {
  /** Where the adapter connects (and, for shadow databases, the server it creates them on). */
  databaseUrl: string;
  /** Default prisma/migrations. */
  migrationsDir?: string;
  /** Echo the CLI's output (without the noise above) while it runs. */
  echo?: boolean;
  timeoutMs?: number;
}

/** Runs `prisma <args>` with the migration config; resolves with the exit code, never throws on one. */
export function runMigrateCli(args: string[], options: RunOptions): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const child = spawn(
    process.execPath,
    ['-r', UNREF_WASM_TIMERS, cliPath, ...args, '--config', MIGRATE_CONFIG_PATH],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        CASE_DESK_MIGRATIONS_DIR: options.migrationsDir ?? MIGRATIONS_DIR,
        // The CLI checks that these engine files exist and downloads them otherwise; with
        // `engine: "js"` it loads neither, so any existing file keeps it offline.
        PRISMA_SCHEMA_ENGINE_BINARY: cliPath,
        PRISMA_QUERY_ENGINE_LIBRARY: cliPath,
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      },
    },
  );

  let stdout = '';
  let stderr = '';
  const stdoutEcho = lineEcho(options.echo ? process.stdout : null);
  const stderrEcho = lineEcho(options.echo ? process.stderr : null);
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    stdoutEcho.write(c);
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
    stderrEcho.write(c);
  });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new MigrateCliError(`prisma ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new MigrateCliError(`could not start the migration CLI: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      stdoutEcho.end();
      stderrEcho.end();
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** The last meaningful lines of a failed run, for error messages. */
export function cliFailureText(result: CliResult): string {
  const lines = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !NOISE.some((re) => re.test(l.trim())) && !/^Loaded Prisma config/.test(l));
  return lines.slice(-25).join('\n');
}

export interface SchemaDiff {
  /** True when the two sides describe the same database schema. */
  empty: boolean;
  /** SQL that turns `from` into `to` (`-- This is an empty migration.` when empty). */
  script: string;
}

/** What `migrate diff --script` prints when there is nothing to do. */
export const EMPTY_DIFF_SCRIPT = '-- This is an empty migration.';

export type DiffSource = { migrationsDir: string } | { empty: true };

/**
 * `prisma migrate diff --from-… --to-schema-datamodel <schema> --script --exit-code`.
 * With `migrationsDir`, the engine applies the migrations to a fresh shadow database on the server of
 * `databaseUrl` and diffs what it finds there against the schema.
 */
export async function diffToSchema(
  from: DiffSource,
  options: { databaseUrl: string; schemaPath?: string; timeoutMs?: number },
): Promise<SchemaDiff> {
  const schemaCopy = prepareMigrateSchema(options.schemaPath);
  const fromArgs = 'empty' in from ? ['--from-empty'] : ['--from-migrations', from.migrationsDir];
  const result = await runMigrateCli(
    ['migrate', 'diff', ...fromArgs, '--to-schema-datamodel', schemaCopy, '--script', '--exit-code'],
    {
      databaseUrl: options.databaseUrl,
      migrationsDir: 'empty' in from ? undefined : from.migrationsDir,
      timeoutMs: options.timeoutMs,
    },
  );
  // --exit-code: 0 = no difference, 2 = difference, anything else = error.
  if (result.code !== 0 && result.code !== 2) {
    throw new MigrateCliError(`prisma migrate diff failed:\n${cliFailureText(result)}`, result);
  }
  // Never let a run that printed nothing pass as "no difference": an empty diff still prints this line.
  const empty = result.code === 0;
  if (empty ? !result.stdout.includes(EMPTY_DIFF_SCRIPT) : result.stdout.trim() === '') {
    throw new MigrateCliError(`prisma migrate diff gave no script (exit ${result.code}):\n${cliFailureText(result)}`, result);
  }
  return { empty, script: result.stdout };
}
