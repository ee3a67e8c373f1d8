import createClient, { type Middleware } from 'openapi-fetch';
import { currentLang } from '../i18n/lang-store.js';
import type { paths } from './schema.js';
import type { Problem } from './types.js';

export type { BodyOf, Ok, Problem, QueryOf, Schemas } from './types.js';

/** A problem+json answer, thrown so TanStack Query sees a failure. Its title is already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.title);
  }
}

export type UnauthorizedHandler = (problemType: string) => void;
let onUnauthorized: UnauthorizedHandler = () => undefined;

/** The session layer registers what to do when any call answers 401 (back to the sign-in page). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

// A 401 from the sign-in call itself is a wrong password, not an ended session.
const NOT_A_SESSION_END = ['/api/v1/auth/login'];

const middleware: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept-language', currentLang());
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status === 401 && !NOT_A_SESSION_END.some((p) => new URL(request.url).pathname === p)) {
      const body = (await response.clone().json().catch(() => null)) as Problem | null;
      onUnauthorized(body?.type ?? 'urn:daihou:problem:unauthenticated');
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'include' });
api.use(middleware);

function problemOf(status: number, error: unknown): Problem {
  if (error && typeof error === 'object' && 'title' in error && 'type' in error) return error as Problem;
  return { type: 'urn:daihou:problem:http', title: `HTTP ${status}`, status };
}

/** Data of a successful call, or an ApiError carrying the problem+json. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, problemOf(response.status, error));
  return data as T;
}

/** A link the browser follows itself (downloads): same origin, so the session cookie goes along. */
export function apiUrl(path: keyof paths, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  params.set('lang', currentLang());
  return `${path}?${params.toString()}`;
}
