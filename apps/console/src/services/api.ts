import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api-types';
import { session } from './session';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** A refusal of the API, with its problem+json body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly retryAfterSeconds: number | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }

  get code(): Problem['code'] | undefined {
    return this.problem?.code;
  }

  /** The API's field errors keyed by path (`applicant.idNumber`). */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem?.errors ?? []).map((e) => [e.path, e.message]));
  }
}

let onUnauthenticated: () => void = () => undefined;
/** What to do when the API says the token is no longer good (the app sends the clerk to the login screen). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.get()?.accessToken;
    if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/v1/auth/token')) {
      session.clear();
      onUnauthenticated();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** The body of a successful answer, or an ApiError. */
export async function must<D>(pending: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  const { data, error, response } = await pending;
  if (!response.ok) {
    const retryAfter = response.headers.get('retry-after');
    throw new ApiError(response.status, error as Problem | undefined, retryAfter === null ? null : Number(retryAfter));
  }
  return data as D;
}
