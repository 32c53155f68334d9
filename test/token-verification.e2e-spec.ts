import { createHmac } from 'node:crypto';
import { Harness, startApi } from './support/api-harness';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT signed with HMAC-SHA256 under `secret` (or unsigned with alg none). */
function token(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string | null): string {
  const head = `${b64(header)}.${b64(claims)}`;
  return secret === null ? `${head}.` : `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('bearer token verification (e2e)', () => {
  let h: Harness;
  let sub: string;
  let secret: string;

  beforeAll(async () => {
    h = await startApi();
    secret = h.config.auth.jwtSecret;
    const me = JSON.parse(Buffer.from(h.adminToken.split('.')[1], 'base64url').toString()) as { sub: string };
    sub = me.sub;
  });
  afterAll(() => h.close());

  const now = () => Math.floor(Date.now() / 1000);
  const list = (t: string) => h.request('GET', '/v1/cases?limit=1', { token: t });

  it('accepts a token the API issued and one signed the same way', async () => {
    expect((await list(h.adminToken)).status).toBe(200);
    expect((await list(token({ alg: 'HS256', typ: 'JWT' }, { sub, iat: now(), exp: now() + 60 }, secret))).status).toBe(200);
  });

  it.each([
    ['another secret', token({ alg: 'HS256', typ: 'JWT' }, { sub: 'x', iat: 0, exp: 4102444800 }, 'another-secret-0123456789abcdefghijkl')],
    ['alg none', token({ alg: 'none', typ: 'JWT' }, { sub: 'x', iat: 0, exp: 4102444800 }, null)],
  ])('refuses a token with %s (401 UNAUTHENTICATED)', async (_what, bad) => {
    const res = await list(bad);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token, a HS512 one under the right secret and a tampered payload', async () => {
    const expired = await list(token({ alg: 'HS256', typ: 'JWT' }, { sub, iat: now() - 120, exp: now() - 60 }, secret));
    expect(expired.status).toBe(401);
    const head = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64({ sub, iat: now(), exp: now() + 60 })}`;
    const hs512 = await list(`${head}.${createHmac('sha512', secret).update(head).digest('base64url')}`);
    expect(hs512.status).toBe(401);
    const [header, , signature] = h.adminToken.split('.');
    const tampered = await list(`${header}.${b64({ sub, iat: now(), exp: now() + 999_999 })}.${signature}`);
    expect(tampered.status).toBe(401);
  });
});
