import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_SLA_POLICY, DomainError, SlaPolicy, slaPolicyWithBudgets } from '@case-desk/domain';

/**
 * The whole configuration, validated once before Nest starts. Nothing else reads process.env.
 * A bad value stops the process with a message naming the variable.
 */
const DEV_JWT_SECRET = 'development-only-jwt-secret-change-me';
const DEV_PII_KEY = 'development-only-pii-key-change-me-please';
const MIN_SECRET_LENGTH = 32;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgresql:// URL' }),
    REDIS_URL: z
      .url({ protocol: /^rediss?$/, error: 'must be a redis://host:port/db URL' })
      .default('redis://127.0.0.1:6379/0'),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, ":", "_" or "-", at most 64')
      .default('casedesk'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((v) => (v.trim() === '' ? [] : v.split(',').map((origin) => origin.trim())))
      .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'origins like https://console.example.org, comma-separated'))),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    JWT_SECRET: optionalString,
    JWT_TTL_SECONDS: positiveInt(3600),
    PII_KEY: optionalString,
    BOOTSTRAP_ADMIN_USERNAME: optionalString,
    BOOTSTRAP_ADMIN_PASSWORD: optionalString,
    BOOTSTRAP_ADMIN_AGENCY: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code').default('110000'),
    TEST_CLOCK: z.enum(['enabled', 'disabled']).default('disabled'),
    LOGIN_MAX_FAILURES_PER_USERNAME: positiveInt(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: positiveInt(20),
    LOGIN_FAILURE_WINDOW_SECONDS: positiveInt(900),
    PUBLIC_RATE_LIMIT_PER_MINUTE: positiveInt(120),
    PUBLIC_WRONG_CODE_LIMIT: positiveInt(10),
    PUBLIC_WRONG_CODE_WINDOW_SECONDS: positiveInt(900),
    PUBLIC_RATE_SYNC_MS: positiveInt(100),
    PUBLIC_STATUS_CACHE_ENTRIES: z.coerce.number().int().min(0).default(100_000),
    CASE_LIST_CACHE_ENTRIES: z.coerce.number().int().min(0).default(128),
    ALERT_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
    ALERT_WEBHOOK_SECRET: optionalString,
    SLA_POLICY_FILE: optionalString,
    SLA_SWEEP_EVERY_SECONDS: positiveInt(60),
    // Removed: refused with a message rather than silently ignored (delivery now never gives up).
    ALERT_WEBHOOK_ATTEMPTS: optionalString,
    ALERT_WEBHOOK_BACKOFF_MS: positiveInt(2000),
    ALERT_WEBHOOK_MAX_BACKOFF_MS: positiveInt(3_600_000),
    ALERT_WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  })
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV !== 'development';
    for (const [name, value, devDefault] of [
      ['JWT_SECRET', env.JWT_SECRET, DEV_JWT_SECRET],
      ['PII_KEY', env.PII_KEY, DEV_PII_KEY],
    ] as const) {
      if (!production) continue;
      if (value === undefined || value === devDefault) {
        ctx.addIssue({ code: 'custom', path: [name], message: `must be set to a secret outside development` });
      } else if (value.length < MIN_SECRET_LENGTH) {
        ctx.addIssue({ code: 'custom', path: [name], message: `must be at least ${MIN_SECRET_LENGTH} characters` });
      }
    }
    if ((env.BOOTSTRAP_ADMIN_USERNAME === undefined) !== (env.BOOTSTRAP_ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOOTSTRAP_ADMIN_PASSWORD'],
        message: 'BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD go together',
      });
    }
    if (env.TEST_CLOCK === 'enabled' && env.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['TEST_CLOCK'], message: 'must not be enabled in production' });
    }
    if (env.ALERT_WEBHOOK_MAX_BACKOFF_MS < env.ALERT_WEBHOOK_BACKOFF_MS) {
      ctx.addIssue({ code: 'custom', path: ['ALERT_WEBHOOK_MAX_BACKOFF_MS'], message: 'must be at least ALERT_WEBHOOK_BACKOFF_MS' });
    }
    if (env.ALERT_WEBHOOK_ATTEMPTS !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ALERT_WEBHOOK_ATTEMPTS'],
        message: 'is no longer supported: delivery never gives up; cap the retry delay with ALERT_WEBHOOK_MAX_BACKOFF_MS',
      });
    }
    if (env.ALERT_WEBHOOK_URL !== undefined && env.ALERT_WEBHOOK_SECRET === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ALERT_WEBHOOK_SECRET'], message: 'is required with ALERT_WEBHOOK_URL' });
    }
  });

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  databaseUrl: string;
  redis: { url: string; prefix: string };
  /**
   * requestTimeoutMs: a request (headers and body) not received in full by then is cut off.
   * corsOrigins: browser origins allowed to call the API; empty (the default) allows none.
   */
  http: { host: string; port: number; trustProxy: boolean; requestTimeoutMs: number; corsOrigins: string[] };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  auth: {
    jwtSecret: string;
    jwtTtlSeconds: number;
    bootstrapAdmin: { username: string; password: string; agency: string } | null;
    loginLimits: { perUsername: number; perAddress: number; windowSeconds: number };
  };
  /**
   * Applicants' status lookups: requests per client address per minute (each process adds its counts
   * to Redis every rateSyncMs); wrong access codes per caseNo before it is locked for the window; how
   * many answers each API process keeps in memory (0: none).
   */
  publicStatus: {
    perAddressPerMinute: number;
    rateSyncMs: number;
    wrongCodeLimit: number;
    wrongCodeWindowSeconds: number;
    cacheEntries: number;
  };
  /** Case-list pages each API process keeps in memory (0: none); see CaseListCache. */
  caseList: {
    cacheEntries: number;
  };
  piiKey: string;
  testClock: boolean;
  /** Webhook delivery: retried forever, the delay doubling from backoffMs up to maxBackoffMs. */
  alertWebhook: { url: string; secret: string; backoffMs: number; maxBackoffMs: number; timeoutMs: number } | null;
  slaPolicy: SlaPolicy;
  sweepEverySeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// The one reader of the process environment.
// eslint-disable-next-line no-restricted-syntax
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const slaPolicy = e.SLA_POLICY_FILE === undefined ? DEFAULT_SLA_POLICY : readSlaPolicy(e.SLA_POLICY_FILE);
  return {
    env: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    http: {
      host: e.HOST,
      port: e.PORT,
      trustProxy: e.TRUST_PROXY,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      corsOrigins: e.CORS_ORIGINS,
    },
    logLevel: e.LOG_LEVEL,
    auth: {
      jwtSecret: e.JWT_SECRET ?? DEV_JWT_SECRET,
      jwtTtlSeconds: e.JWT_TTL_SECONDS,
      bootstrapAdmin:
        e.BOOTSTRAP_ADMIN_USERNAME && e.BOOTSTRAP_ADMIN_PASSWORD
          ? { username: e.BOOTSTRAP_ADMIN_USERNAME, password: e.BOOTSTRAP_ADMIN_PASSWORD, agency: e.BOOTSTRAP_ADMIN_AGENCY }
          : null,
      loginLimits: {
        perUsername: e.LOGIN_MAX_FAILURES_PER_USERNAME,
        perAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
        windowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
      },
    },
    publicStatus: {
      perAddressPerMinute: e.PUBLIC_RATE_LIMIT_PER_MINUTE,
      rateSyncMs: e.PUBLIC_RATE_SYNC_MS,
      wrongCodeLimit: e.PUBLIC_WRONG_CODE_LIMIT,
      wrongCodeWindowSeconds: e.PUBLIC_WRONG_CODE_WINDOW_SECONDS,
      cacheEntries: e.PUBLIC_STATUS_CACHE_ENTRIES,
    },
    caseList: { cacheEntries: e.CASE_LIST_CACHE_ENTRIES },
    piiKey: e.PII_KEY ?? DEV_PII_KEY,
    testClock: e.TEST_CLOCK === 'enabled',
    alertWebhook:
      e.ALERT_WEBHOOK_URL && e.ALERT_WEBHOOK_SECRET
        ? {
            url: e.ALERT_WEBHOOK_URL,
            secret: e.ALERT_WEBHOOK_SECRET,
            backoffMs: e.ALERT_WEBHOOK_BACKOFF_MS,
            maxBackoffMs: e.ALERT_WEBHOOK_MAX_BACKOFF_MS,
            timeoutMs: e.ALERT_WEBHOOK_TIMEOUT_MS,
          }
        : null,
    slaPolicy,
    sweepEverySeconds: e.SLA_SWEEP_EVERY_SECONDS,
  };
}

/** SLA_POLICY_FILE: a JSON file of working-day budgets, e.g. {"REFUND":{"REVIEW":7,"OVERALL":12}}. */
function readSlaPolicy(path: string): SlaPolicy {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`SLA_POLICY_FILE: cannot read ${path} as JSON (${(error as Error).message})`]);
  }
  try {
    return slaPolicyWithBudgets(json);
  } catch (error) {
    if (error instanceof DomainError) throw new ConfigError([`SLA_POLICY_FILE: ${error.message}`]);
    throw error;
  }
}
