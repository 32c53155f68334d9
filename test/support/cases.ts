import { Harness } from './api-harness';
import { personIdNumber } from './factories';

let people = 0;

/**
 * Creates a case through the API as `token`, for an applicant of its own (a new ID number each call,
 * so no two cases of a test overlap), and returns its id; throws with the problem when refused.
 */
export async function createCaseAs(h: Pick<Harness, 'request'>, token: string, body: Record<string, unknown>): Promise<string> {
  people += 1;
  const res = await h.request('POST', '/v1/cases', {
    token,
    body: { ...body, applicant: { name: '赵六', idNumber: personIdNumber(people), phone: '13800138000' } },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}
