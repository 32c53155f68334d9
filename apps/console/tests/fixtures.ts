import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { LoginScreen } from '../src/pages/login/login.po';
import { ADMIN, ROOT } from './stack';

export { expect };
export const SCREENSHOTS = resolve(ROOT, 'docs/console');

export function baseUrl(): string {
  const url = process.env.CONSOLE_BASE_URL;
  if (!url) throw new Error('CONSOLE_BASE_URL unset: the global setup did not run');
  return url;
}

/** A call to the API from the test itself (setting the scene: users, test clock, sweeps). */
export async function apiCall<T = unknown>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function tokenOf(username: string, password: string): Promise<string> {
  const res = await apiCall<{ accessToken: string }>('POST', '/v1/auth/token', undefined, { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.body.accessToken;
}

export const adminToken = () => tokenOf(ADMIN.username, ADMIN.password);

export async function createUser(username: string, role: 'CLERK' | 'SUPERVISOR' | 'ADMIN', agency: string): Promise<{ username: string; password: string }> {
  const password = `pw-${username}-0123456789`;
  const res = await apiCall('POST', '/v1/users', await adminToken(), { username, password, role, agency });
  if (res.status !== 201 && res.status !== 422) throw new Error(`create user ${username}: ${res.status}`);
  return { username, password };
}

export async function setTestClock(now: string): Promise<void> {
  const res = await apiCall('PUT', '/v1/admin/test-clock', await adminToken(), { now });
  if (res.status !== 200) throw new Error(`test clock: ${res.status}`);
}

/** No serious or critical accessibility violation on the screen as it is now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')})`);
  expect(summary, `axe on ${screen}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
}

/** Console errors of a page; refusals a scenario provokes on purpose are listed in `expected` (e.g. 401). */
export function watchConsole(page: Page, expectedStatuses: number[] = []): string[] {
  const errors: string[] = [];
  const expected = expectedStatuses.map((s) => `status of ${s}`);
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (expected.some((e) => msg.text().includes(e))) return;
    errors.push(msg.text());
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

export async function signedIn(browser: Browser, user: { username: string; password: string }, expectedStatuses: number[] = []) {
  const context = await browser.newContext({ baseURL: baseUrl() });
  const page = await context.newPage();
  const errors = watchConsole(page, expectedStatuses);
  const login = new LoginScreen(page);
  await login.goto();
  await login.login(user.username, user.password);
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  return { context, page, errors };
}

export const test = base.extend<{ errors: string[] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from its first parameter
  baseURL: async ({}, use) => use(baseUrl()),
  errors: async ({ page }, use) => {
    const errors = watchConsole(page);
    await use(errors);
    expect(errors, 'browser console errors').toEqual([]);
  },
});
