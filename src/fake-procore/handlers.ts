/**
 * The one msw handler set of the fake Procore: used in-process by Vitest (`setupServer`) and
 * behind a real HTTP server (`server.ts`). Login (`/oauth/*`) and API (`/rest/*`) paths are
 * served from the same base URL unless `loginBaseUrl` is given.
 *
 * @example
 *   const fake = createFakeProcore({ scenario: 'fresh-install' });
 *   const server = setupServer(...createProcoreHandlers(fake, { baseUrl: 'http://procore.test' }));
 */
import { http, type PathParams, type RequestHandler } from 'msw';
import type { FakeProcore } from './fake.ts';
import { notFound } from './http-kit.ts';
import { DECIMAL_ID } from './ids.ts';
import { createOAuthHandlers } from './oauth.ts';
import { runApi, type ApiRoute } from './pipeline.ts';
import { directoryRoutes } from './routes-directory.ts';
import { identityRoutes } from './routes-identity.ts';
import { membershipRoutes } from './routes-membership.ts';
import { projectRoutes } from './routes-projects.ts';
import { templateRoutes } from './routes-templates.ts';
import { webhookRoutes } from './routes-webhooks.ts';

export interface ProcoreHandlerOptions {
  /** API origin, e.g. `http://procore.test` in tests or the loopback server's URL. */
  baseUrl: string;
  /** Login origin; defaults to `baseUrl`. */
  loginBaseUrl?: string;
}

export const API_ROUTES: readonly ApiRoute[] = [
  ...identityRoutes,
  ...directoryRoutes,
  ...templateRoutes,
  ...projectRoutes,
  ...membershipRoutes,
  ...webhookRoutes,
];

/** Anything else: Procore's 404 for unknown routes, after authentication and rate limiting. */
const UNKNOWN_ROUTE: ApiRoute = {
  method: 'GET',
  path: '/*',
  company: 'none',
  handle: () => {
    throw notFound();
  },
};

const ID_PARAMS = ['id', 'company_id', 'project_id', 'user_id', 'hook_id'];

function stringParams(params: PathParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') out[k] = v;
  return out;
}

const METHODS = { GET: http.get, POST: http.post, PATCH: http.patch, DELETE: http.delete } as const;

export function createProcoreHandlers(
  fake: FakeProcore,
  { baseUrl, loginBaseUrl = baseUrl }: ProcoreHandlerOptions,
): RequestHandler[] {
  const base = baseUrl.replace(/\/$/, '');
  const api = API_ROUTES.map((route) =>
    METHODS[route.method](`${base}${route.path}`, ({ request, params }) => {
      const p = stringParams(params);
      // A version or an ID segment this route does not serve falls through to the next handler.
      if (route.versions && !route.versions.includes(p.version ?? '')) return undefined;
      if (ID_PARAMS.some((name) => name in p && !DECIMAL_ID.test(p[name]!))) return undefined;
      return runApi(fake, route, request, p);
    }),
  );
  const unknown = http.all(`${base}/*`, ({ request }) => runApi(fake, UNKNOWN_ROUTE, request, {}));
  return [...createOAuthHandlers(fake, loginBaseUrl), ...api, unknown];
}
