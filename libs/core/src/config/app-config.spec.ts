import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SLA_POLICY } from '@case-desk/domain';
import { ConfigError, loadConfig } from './app-config';

const base = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://app@db:5432/case_desk',
  JWT_SECRET: 'a'.repeat(32),
  PII_KEY: 'b'.repeat(32),
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      env: 'production',
      redis: { url: 'redis://127.0.0.1:6379/0', prefix: 'casedesk' },
      http: { host: '0.0.0.0', port: 3000, trustProxy: false, requestTimeoutMs: 30_000, corsOrigins: [] },
      auth: { jwtTtlSeconds: 3600, bootstrapAdmin: null, loginLimits: { perUsername: 5, perAddress: 20, windowSeconds: 900 } },
      testClock: false,
      alertWebhook: null,
    });
  });

  it('defaults NODE_ENV to production, so secrets are required unless development is chosen', () => {
    expect(problems({ DATABASE_URL: base.DATABASE_URL })).toEqual([
      'JWT_SECRET: must be set to a secret outside development',
      'PII_KEY: must be set to a secret outside development',
    ]);
    expect(problems({ NODE_ENV: 'development', DATABASE_URL: base.DATABASE_URL })).toEqual([]);
  });

  it.each([
    ['JWT_SECRET empty', { JWT_SECRET: '' }, 'JWT_SECRET: must be set to a secret outside development'],
    ['JWT_SECRET the development default', { JWT_SECRET: 'development-only-jwt-secret-change-me' }, 'JWT_SECRET: must be set to a secret outside development'],
    ['JWT_SECRET short', { JWT_SECRET: 'short-secret' }, 'JWT_SECRET: must be at least 32 characters'],
    ['PII_KEY short', { PII_KEY: 'x' }, 'PII_KEY: must be at least 32 characters'],
    ['DATABASE_URL missing', { DATABASE_URL: undefined }, 'DATABASE_URL'],
    ['DATABASE_URL not postgres', { DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL: must be a postgresql:// URL'],
    ['REDIS_URL not redis', { REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    ['PORT not a number', { PORT: 'http' }, 'PORT'],
    ['PORT out of range', { PORT: '70000' }, 'PORT'],
    ['NODE_ENV unknown', { NODE_ENV: 'staging' }, 'NODE_ENV'],
    ['TEST_CLOCK in production', { TEST_CLOCK: 'enabled' }, 'TEST_CLOCK: must not be enabled in production'],
    ['TEST_CLOCK misspelt', { NODE_ENV: 'test', TEST_CLOCK: 'on' }, 'TEST_CLOCK'],
    ['bootstrap username without password', { BOOTSTRAP_ADMIN_USERNAME: 'admin' }, 'BOOTSTRAP_ADMIN_PASSWORD: BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD go together'],
    ['webhook without secret', { ALERT_WEBHOOK_URL: 'https://hooks.example/x' }, 'ALERT_WEBHOOK_SECRET: is required with ALERT_WEBHOOK_URL'],
    ['ALERT_WEBHOOK_ATTEMPTS (removed)', { ALERT_WEBHOOK_ATTEMPTS: '15' }, 'ALERT_WEBHOOK_ATTEMPTS: is no longer supported'],
    ['webhook cap below the first delay', { ALERT_WEBHOOK_BACKOFF_MS: '5000', ALERT_WEBHOOK_MAX_BACKOFF_MS: '1000' }, 'ALERT_WEBHOOK_MAX_BACKOFF_MS: must be at least ALERT_WEBHOOK_BACKOFF_MS'],
    ['webhook cap zero', { ALERT_WEBHOOK_MAX_BACKOFF_MS: '0' }, 'ALERT_WEBHOOK_MAX_BACKOFF_MS'],
    ['LOGIN limit zero', { LOGIN_MAX_FAILURES_PER_USERNAME: '0' }, 'LOGIN_MAX_FAILURES_PER_USERNAME'],
    ['REDIS_PREFIX with spaces', { REDIS_PREFIX: 'a b' }, 'REDIS_PREFIX'],
  ])('rejects %s, naming the variable', (_label, override, expected) => {
    const found = problems({ ...base, ...override });
    expect(found.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('caps the webhook retry delay at one hour by default', () => {
    const config = loadConfig({ ...base, ALERT_WEBHOOK_URL: 'https://hooks.example/x', ALERT_WEBHOOK_SECRET: 's' });
    expect(config.alertWebhook).toEqual({ url: 'https://hooks.example/x', secret: 's', backoffMs: 2000, maxBackoffMs: 3_600_000, timeoutMs: 10_000 });
  });

  it("reads the applicants' status limits, 120 a minute per address and 10 wrong codes per 15 minutes by default", () => {
    expect(loadConfig(base).publicStatus).toEqual({
      perAddressPerMinute: 120,
      rateSyncMs: 100,
      wrongCodeLimit: 10,
      wrongCodeWindowSeconds: 900,
      cacheEntries: 100_000,
    });
    const config = loadConfig({
      ...base,
      PUBLIC_RATE_LIMIT_PER_MINUTE: '600',
      PUBLIC_RATE_SYNC_MS: '250',
      PUBLIC_WRONG_CODE_LIMIT: '5',
      PUBLIC_WRONG_CODE_WINDOW_SECONDS: '60',
      PUBLIC_STATUS_CACHE_ENTRIES: '0',
    });
    expect(config.publicStatus).toEqual({
      perAddressPerMinute: 600,
      rateSyncMs: 250,
      wrongCodeLimit: 5,
      wrongCodeWindowSeconds: 60,
      cacheEntries: 0,
    });
  });

  it('keeps 128 case-list pages per process by default, CASE_LIST_CACHE_ENTRIES=0 none', () => {
    expect(loadConfig(base).caseList).toEqual({ cacheEntries: 128 });
    expect(loadConfig({ ...base, CASE_LIST_CACHE_ENTRIES: '0' }).caseList).toEqual({ cacheEntries: 0 });
    for (const bad of ['-1', '1.5', 'many']) {
      expect(problems({ ...base, CASE_LIST_CACHE_ENTRIES: bad }).some((p) => p.startsWith('CASE_LIST_CACHE_ENTRIES'))).toBe(true);
    }
  });

  it('rejects PUBLIC_STATUS_CACHE_ENTRIES that is not a whole number of zero or more, naming it', () => {
    for (const bad of ['-1', '1.5', 'many']) {
      expect(problems({ ...base, PUBLIC_STATUS_CACHE_ENTRIES: bad }).some((p) => p.startsWith('PUBLIC_STATUS_CACHE_ENTRIES'))).toBe(true);
    }
  });

  it.each(['PUBLIC_RATE_LIMIT_PER_MINUTE', 'PUBLIC_RATE_SYNC_MS', 'PUBLIC_WRONG_CODE_LIMIT', 'PUBLIC_WRONG_CODE_WINDOW_SECONDS'])(
    'rejects %s that is not a positive whole number, naming it',
    (name) => {
      for (const bad of ['0', '-1', '1.5', 'many']) {
        expect(problems({ ...base, [name]: bad }).some((p) => p.startsWith(name))).toBe(true);
      }
    },
  );

  it('reads the stalled-request timeout and the CORS origins', () => {
    const config = loadConfig({ ...base, HTTP_REQUEST_TIMEOUT_MS: '5000', CORS_ORIGINS: 'https://console.example.org, http://localhost:5173' });
    expect(config.http).toMatchObject({ requestTimeoutMs: 5000, corsOrigins: ['https://console.example.org', 'http://localhost:5173'] });
  });

  it.each([
    ['HTTP_REQUEST_TIMEOUT_MS', '0'],
    ['HTTP_REQUEST_TIMEOUT_MS', 'soon'],
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'https://console.example.org/path'],
  ])('rejects %s=%s, naming it', (name, value) => {
    expect(problems({ ...base, [name]: value }).join('\n')).toContain(name);
  });

  it('reads the bootstrap admin and the test clock', () => {
    const config = loadConfig({ ...base, NODE_ENV: 'test', TEST_CLOCK: 'enabled', BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'pw-123456789012' });
    expect(config.auth.bootstrapAdmin).toEqual({ username: 'root', password: 'pw-123456789012', agency: '110000' });
    expect(config.testClock).toBe(true);
  });

  describe('SLA_POLICY_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'casedesk-policy-'));
    const file = (name: string, content: string) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };

    it('uses the default policy of API.md without it', () => {
      expect(loadConfig(base).slaPolicy).toBe(DEFAULT_SLA_POLICY);
    });

    it('changes budgets from a JSON file, without code changes', () => {
      const policy = loadConfig({ ...base, SLA_POLICY_FILE: file('ok.json', '{"REFUND":{"REVIEW":7,"OVERALL":12}}') }).slaPolicy;
      expect(policy.REFUND.find((c) => c.clock === 'REVIEW')?.budgetDays).toBe(7);
      expect(policy.REFUND.find((c) => c.clock === 'OVERALL')?.budgetDays).toBe(12);
      expect(policy.TRANSFER).toEqual(DEFAULT_SLA_POLICY.TRANSFER);
    });

    it.each([
      ['a missing file', join(dir, 'missing.json'), /SLA_POLICY_FILE: cannot read/],
      ['a file that is not JSON', file('bad.json', '{REFUND:'), /SLA_POLICY_FILE: cannot read .* as JSON/],
      ['an unknown clock', file('clock.json', '{"REFUND":{"OUTGOING":3}}'), /SLA_POLICY_FILE: .*REFUND\.OUTGOING/],
      ['a budget of zero', file('zero.json', '{"TRANSFER":{"OUTGOING":0}}'), /SLA_POLICY_FILE: .*TRANSFER\.OUTGOING/],
    ])('stops the start with %s, naming the variable', (_label, path, message) => {
      expect(problems({ ...base, SLA_POLICY_FILE: path }).join('\n')).toMatch(message);
    });
  });
});
