import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { Id } from '../../procore/index.ts';
import type { Viewer } from '../company-service.ts';
import { HttpError } from '../errors.ts';
import type { ProcoreAccess } from '../procore-access.ts';
import { resolveSession } from '../sessions.ts';
import type { Run, Session, Store } from '../store/index.ts';

/**
 * Who may call an app API route, decided by the route itself (its `config.access`, declared
 * with it), never by the URL: one `onRequest` hook resolves the Procore sign-in, finds the
 * company (from the URL, or the run's own) among the companies the user could see at sign-in,
 * and, for writes and the report, asks Procore again, as the user, whether they still can.
 */

export interface RouteAccess {
  /** Where the company comes from: the `:cid` in the URL, or the run named by `:runId`. */
  company: 'from-url' | 'from-run';
  /** Re-checked live with Procore (writes, the report): the sign-in's list can be days old. */
  live?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export interface Caller {
  viewer: Viewer;
  session: Session;
  companyId: Id;
  companyName: string;
  /** With `company: 'from-run'`. */
  run: Run | null;
}

export const companyParams = z.object({ cid: z.string().regex(/^\d{1,20}$/) });
export const runParams = z.object({ runId: z.uuid() });

/** The caller the route's access hook found (a route without `config.access` has none). */
export function caller(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error(`${request.routeOptions.url} declares no access`);
  return request.caller;
}

/** The caller, with the run the route is about. */
export function runCaller(request: FastifyRequest): Caller & { run: Run } {
  const found = caller(request);
  if (!found.run) throw new Error(`${request.routeOptions.url} is not a run route`);
  return found as Caller & { run: Run };
}

/** Adds a hook that runs after every `onRequest` hook the route already has. */
export function appendOnRequest(
  route: RouteOptions,
  hook: (request: FastifyRequest, reply: FastifyReply) => Promise<void>,
) {
  route.onRequest = [...[route.onRequest ?? []].flat(), hook];
}

export function registerAccessGuard(
  app: FastifyInstance,
  deps: { store: Store; access: ProcoreAccess },
) {
  const { store, access } = deps;
  app.decorateRequest('caller', null);

  // Deny by default: a route in the app API that declares no access fails at start-up. The
  // guard runs after the app's own per-route hooks (security headers, CSRF: app.ts), so a
  // forged cross-site request is refused before anything asks Procore.
  app.addHook('onRoute', (route) => {
    const rule = route.config?.access;
    if (!rule) throw new Error(`${route.method} ${route.url} declares no access`);
    appendOnRequest(route, (request) => guard(request, rule));
  });

  async function guard(request: FastifyRequest, rule: RouteAccess) {
    const resolved = await resolveSession(request, store);
    if (!resolved) throw new HttpError(401, 'unauthenticated', 'Sign in with Procore to continue.');
    const { session, sessionId } = resolved;
    const viewer: Viewer = {
      sessionId,
      user: { id: session.procoreUserId, name: session.name ?? session.login ?? '' },
    };
    let run: Run | null = null;
    let companyId: Id;
    if (rule.company === 'from-url') {
      // Untrusted until found among the user's companies.
      companyId = companyParams.parse(request.params).cid;
      if (!session.companies.some((c) => c.id === companyId))
        throw new HttpError(403, 'forbidden', 'You do not have access to this company in Procore.');
    } else {
      run = await store.runs.get(runParams.parse(request.params).runId);
      // Another company's run is not told apart from no run at all.
      if (!run || !session.companies.some((c) => c.id === run!.companyId))
        throw new HttpError(404, 'not-found', 'No such run.');
      companyId = run.companyId;
    }
    if (rule.live) {
      const list = await access.userClient(sessionId, viewer.user.id, companyId).companies();
      if (!list.some((c) => c.id === companyId && c.is_active))
        throw new HttpError(
          403,
          'forbidden',
          'You no longer have access to this company in Procore.',
        );
    }
    const companyName = session.companies.find((c) => c.id === companyId)?.name ?? companyId;
    request.caller = { viewer, session, companyId, companyName, run };
    // A run's routes name no company in their URL: their log lines name it all the same.
    if (run) request.log = request.log.child({ companyId });
  }
}
