import { Harness, startApi } from './support/api-harness';
import { withDb } from './support/db-inspect';
import { personIdNumber, refundBody, transferBody } from './support/factories';

/**
 * The cases of one agency on any side (a clerk's list, or `agency=`) are read one side at a time and
 * merged: every page, cursor and order must be those of the single query on the OR. Compared with
 * that query in SQL, page by page, for cases of the agency on each side, others around them, and
 * cases created within the same millisecond (ties broken by seq).
 */
describe('one agency on any side (e2e)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startApi();
    const bodies = [
      transferBody({ fromRegion: '440500', toRegion: '360100' }),
      refundBody({ region: '440500' }),
      transferBody({ fromRegion: '360100', toRegion: '440500' }),
      transferBody({ fromRegion: '110100', toRegion: '320500' }),
      refundBody({ region: '360100' }),
      transferBody({ fromRegion: '440500', toRegion: '440300' }),
      refundBody({ region: '440500' }),
      transferBody({ fromRegion: '440300', toRegion: '440500' }),
      transferBody({ fromRegion: '440500', toRegion: '110100' }),
    ];
    let n = 0;
    // Three at a time, so that some share a createdAt.
    for (let i = 0; i < bodies.length; i += 3) {
      await Promise.all(
        bodies.slice(i, i + 3).map(async (body) => {
          const applicant = { name: '赵六', idNumber: personIdNumber(++n), phone: '13800138000' };
          const res = await h.request('POST', '/v1/cases', { token: h.adminToken, body: { ...body, applicant } });
          if (res.status !== 201) throw new Error(JSON.stringify(res.body));
        }),
      );
    }
  });
  afterAll(() => h.close());

  const inSql = (where: string, agency: string) =>
    withDb(h.databaseUrl, async (db) => {
      const { rows } = await db.query(`SELECT id FROM cases WHERE ${where} ORDER BY "createdAt" DESC, seq DESC`, [agency]);
      return rows.map((r: { id: string }) => r.id);
    });
  const anySide = `("fromRegion" = $1 OR "toRegion" = $1 OR region = $1)`;
  /** Every page of `path`, `limit` at a time, following nextCursor. */
  const pages = async (token: string, path: string, limit: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let cursor: string | null = null, n = 0; ; n++) {
      if (n > 30) throw new Error('too many pages');
      const res = await h.request('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, { token });
      expect(res.status).toBe(200);
      ids.push(...(res.body.items as { id: string }[]).map((c) => c.id));
      cursor = res.body.nextCursor as string | null;
      if (cursor === null) return ids;
    }
  };

  it("a clerk's list is the cases of their agency on any side, in the list's order, whatever the page size", async () => {
    const clerk = await h.userToken('CLERK', '440500');
    const expected = await inSql(anySide, '440500');
    expect(expected).toHaveLength(7);
    for (const limit of [1, 2, 4, 100]) expect(await pages(clerk, '/v1/cases', limit)).toEqual(expected);
    expect(await pages(clerk, '/v1/cases?kind=REFUND', 1)).toEqual(await inSql(`${anySide} AND kind = 'REFUND'`, '440500'));
  });

  it('so is an admin\'s or a supervisor\'s list with agency=', async () => {
    const supervisor = await h.userToken('SUPERVISOR', '440000');
    for (const agency of ['440500', '360100', '440300']) {
      const expected = await inSql(anySide, agency);
      expect(await pages(h.adminToken, `/v1/cases?agency=${agency}`, 1)).toEqual(expected);
      expect(await pages(h.adminToken, `/v1/cases?agency=${agency}`, 100)).toEqual(expected);
    }
    expect(await pages(supervisor, '/v1/cases?agency=440300', 2)).toEqual(await inSql(anySide, '440300'));
    // A supervisor's whole province (no single agency): the plain query.
    expect(await pages(supervisor, '/v1/cases', 3)).toEqual(
      await inSql(`("fromRegion" LIKE $1 OR "toRegion" LIKE $1 OR region LIKE $1)`, '44%'),
    );
  });
});
