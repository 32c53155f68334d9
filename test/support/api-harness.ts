import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, loadConfig } from '@case-desk/core';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { createTestDatabase } from './database';

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Harness {
  app: NestFastifyApplication;
  /** The worker, sharing the API's database and Redis prefix, when started with `worker: true`. */
  worker: INestApplicationContext | null;
  config: AppConfig;
  baseUrl: string;
  databaseUrl: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** A bearer token for a new user with this role and agency. */
  userToken(role: 'CLERK' | 'SUPERVISOR' | 'ADMIN', agency: string): Promise<string>;
  adminToken: string;
  logs: string[];
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Test-wide environment: each test file gets its own database and its own Redis key prefix. */
export function testEnv(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    REDIS_PREFIX: `${process.env.TEST_REDIS_PREFIX ?? 'cdtest'}:${randomUUID().slice(0, 8)}`,
    JWT_SECRET: 'test-jwt-secret-0123456789abcdefghijklmnop',
    PII_KEY: 'test-pii-key-0123456789abcdefghijklmnopqrs',
    BOOTSTRAP_ADMIN_USERNAME: ADMIN.username,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  };
}

/**
 * Starts the real API on a free loopback port against a fresh database. With `captureLogs`, every
 * structured log line (at LOG_LEVEL info unless overridden) is kept in `logs`.
 */
export async function startApi(
  options: { env?: Record<string, string>; captureLogs?: boolean; worker?: boolean; databaseUrl?: string } = {},
): Promise<Harness> {
  // A database of the test's own server (fault tests) is the test's to clean up; else a fresh copy here.
  const db = options.databaseUrl === undefined ? await createTestDatabase() : { url: options.databaseUrl, drop: async () => undefined };
  const logs: string[] = [];
  const env = options.captureLogs ? { LOG_LEVEL: 'info', ...options.env } : options.env;
  const config = loadConfig(testEnv(db.url, env));
  const app = await createApiApp(config, options.captureLogs ? { write: (line: string) => void logs.push(line) } : undefined);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const worker = options.worker ? await createWorkerApp(config) : null;
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // leave as text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  };

  const login = async (username: string, password: string): Promise<string> => {
    const res = await request<{ accessToken: string }>('POST', '/v1/auth/token', { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  };

  const adminToken = await login(ADMIN.username, ADMIN.password);
  let users = 0;
  const userToken = async (role: 'CLERK' | 'SUPERVISOR' | 'ADMIN', agency: string): Promise<string> => {
    const username = `${role.toLowerCase()}-${agency}-${++users}`;
    const password = `password-${randomUUID()}`;
    const res = await request('POST', '/v1/users', { token: adminToken, body: { username, password, role, agency } });
    if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
    return login(username, password);
  };

  return {
    app,
    worker,
    config,
    logs,
    baseUrl,
    databaseUrl: db.url,
    request,
    userToken,
    adminToken,
    close: async () => {
      await worker?.close();
      await app.close();
      await db.drop();
    },
  };
}
