import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const root = resolve(__dirname, '../../..');
const committed = (path: string) => readFileSync(resolve(root, path), 'utf8');
const PUBLIC = ['post /v1/auth/token', 'get /v1/public/cases/{caseNo}', 'get /health/live', 'get /health/ready', 'get /metrics'];

describe('the OpenAPI document', () => {
  // The committed document; the first test proves it is what the code generates.
  const document = JSON.parse(committed('apps/api/openapi.json')) as OpenAPIObject;

  const operations = (): Array<[string, OperationObject]> =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', 'put', 'post', 'delete'] as const).flatMap((m) => (item[m] ? [[`${m} ${path}`, item[m]] as [string, OperationObject]] : [])),
    );

  it('is what the code generates, and so are the console types (else: run `npm run openapi` and commit)', () => {
    try {
      execFileSync('npm', ['run', '--silent', 'openapi', '--', '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      throw new Error(`stale: ${(error as { stderr?: string }).stderr ?? String(error)}`);
    }
  }, 60_000);

  it("passes Redocly's recommended rules with no error", () => {
    let output: string;
    try {
      output = execFileSync(process.execPath, [resolve(root, 'scripts/openapi-lint.mjs')], { encoding: 'utf8' });
    } catch (error) {
      throw new Error(`redocly lint failed:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    }
    expect(output).toMatch(/redocly recommended: 0 errors/);
  });

  it('describes every route of API.md', () => {
    expect(operations().map(([name]) => name).sort()).toEqual(
      [
        ...PUBLIC,
        'post /v1/users',
        'get /v1/users',
        'post /v1/cases',
        'get /v1/cases',
        'get /v1/cases/{idOrCaseNo}',
        'get /v1/cases/{idOrCaseNo}/sla',
        'post /v1/cases/{idOrCaseNo}/transitions',
        'get /v1/alerts',
        'post /v1/alerts/{id}/acknowledge',
        'get /v1/calendar/{year}',
        'put /v1/calendar/days/{date}',
        'delete /v1/calendar/days/{date}',
        'get /v1/calendar/add-working-days',
        'post /v1/admin/sla/sweep',
        'get /v1/admin/status',
        'get /v1/reports/sla',
        'put /v1/admin/test-clock',
        'delete /v1/admin/test-clock',
      ].sort(),
    );
    expect(document.servers?.length).toBeGreaterThan(0);
    expect(document.info.license?.name).toBeTruthy();
  });

  it('gives each request body its own named schema (never a shared AugmentedZodDto)', () => {
    const bodies = operations()
      .filter(([, op]) => op.requestBody)
      .map(([name, op]) => [name, (op.requestBody as { content: Record<string, { schema: { $ref?: string } }> }).content['application/json'].schema.$ref]);
    const refs = bodies.map(([, ref]) => ref);
    expect(refs.every((ref) => typeof ref === 'string' && ref.startsWith('#/components/schemas/'))).toBe(true);
    expect(new Set(refs).size).toBe(refs.length);
    expect(JSON.stringify(document)).not.toContain('AugmentedZodDto');
    const create = document.paths['/v1/cases'].post!.requestBody as { content: Record<string, { examples?: object }> };
    expect(Object.keys(create.content['application/json'].examples ?? {})).toEqual(['transfer', 'refund']);
  });

  it('declares a 2xx body and problem+json errors on every operation, bearer security except on the public ones', () => {
    for (const [name, op] of operations()) {
      const responses = op.responses as Record<string, ResponseObject>;
      const success = Object.entries(responses).filter(([status]) => status.startsWith('2'));
      expect([name, success.length]).toEqual([name, 1]);
      const [status, ok] = success[0];
      if (status !== '204') expect([name, Object.keys(ok.content ?? {}).length > 0]).toEqual([name, true]);
      const isPublic = PUBLIC.includes(name);
      expect([name, op.security]).toEqual([name, isPublic ? [] : [{ bearer: [] }]]);
      const errors = Object.entries(responses).filter(([s]) => /^[45]/.test(s));
      if (name !== 'get /health/live' && name !== 'get /metrics') expect([name, errors.length > 0]).toEqual([name, true]);
      for (const [s, response] of errors) {
        expect([name, s, response.content?.['application/problem+json']?.schema]).toEqual([name, s, { $ref: '#/components/schemas/Problem' }]);
      }
      if (!isPublic) expect([name, Object.keys(responses)]).toEqual([name, expect.arrayContaining(['401'])]);
    }
  });
});
