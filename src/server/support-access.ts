import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import { HttpError } from './errors.ts';
import type { Actor, Store } from './store/index.ts';

/**
 * Who is using the support view: a SALUS support person signed in with SALUS's identity provider
 * (their own `__Host-` cookie, never the Procore admins' session), or, as break-glass only,
 * whoever holds SUPPORT_TOKEN. Each kind of credential opens only its own door: a Procore session
 * is never support, a support session is never a Procore session.
 */

/** A top-level page of our own: `SameSite=Lax` (sent when the identity provider sends you back). */
export const SUPPORT_SESSION_COOKIE = '__Host-salus-support';
/** Binds a sign-in in progress to the browser that started it. */
export const SUPPORT_SIGN_IN_COOKIE = '__Host-salus-support-sign-in';

// `__Host-` needs Secure; browsers treat http://localhost and 127.0.0.1 as secure contexts, so
// the demo and the tests use the same cookie as production (as the admins' session does).
const COOKIE_OPTIONS = { path: '/', secure: true, httpOnly: true, sameSite: 'lax' } as const;

export function setSupportCookie(
  reply: FastifyReply,
  name: typeof SUPPORT_SESSION_COOKIE | typeof SUPPORT_SIGN_IN_COOKIE,
  value: string,
  maxAgeSeconds: number,
) {
  reply.setCookie(name, value, { ...COOKIE_OPTIONS, maxAge: maxAgeSeconds });
}

export function clearSupportCookie(
  reply: FastifyReply,
  name: typeof SUPPORT_SESSION_COOKIE | typeof SUPPORT_SIGN_IN_COOKIE,
) {
  reply.clearCookie(name, COOKIE_OPTIONS);
}

/** Someone using the support view, as the audit trail and the rate limit know them. */
export interface SupportViewer {
  /** `sign-in:<sub>` or `break-glass`: what the rate limit counts by. */
  key: string;
  email: string | null;
  via: 'sign-in' | 'break-glass';
  /** The audit trail's actor: the person's subject and email, or the break-glass token. */
  actor: Actor;
}

declare module 'fastify' {
  interface FastifyRequest {
    supportViewer: SupportViewer | null;
  }
}

const BREAK_GLASS_ACTOR: Actor = { id: 'support:break-glass', name: 'SUPPORT_TOKEN (break-glass)' };

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The support viewer of a request, or null. A bearer header is the break-glass path only: it must
 * be SUPPORT_TOKEN (set), and anything else there (a Procore session id included) is refused
 * rather than looked up anywhere.
 */
export async function findSupportViewer(
  request: FastifyRequest,
  deps: { config: Config; store: Store },
): Promise<SupportViewer | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const token = /^Bearer\s+(.+)$/.exec(header)?.[1]?.trim() ?? '';
    if (!deps.config.supportToken || !sameToken(token, deps.config.supportToken)) return null;
    request.log.warn(
      { supportAccess: 'break-glass', route: request.routeOptions.url },
      'support view opened with the break-glass SUPPORT_TOKEN',
    );
    return { key: 'break-glass', email: null, via: 'break-glass', actor: BREAK_GLASS_ACTOR };
  }
  const cookie = request.cookies?.[SUPPORT_SESSION_COOKIE];
  if (!cookie || cookie.length > 200) return null;
  const session = await deps.store.supportSessions.use(cookie);
  if (!session) return null;
  return {
    key: `sign-in:${session.subject}`,
    email: session.email,
    via: 'sign-in',
    actor: { id: `support:${session.subject}`, name: session.email },
  };
}

/** The viewer the support guard found (every support API route has one). */
export function supportViewer(request: FastifyRequest): SupportViewer {
  if (!request.supportViewer) throw new Error(`${request.routeOptions.url} has no support guard`);
  return request.supportViewer;
}

/** Whether the support view can be opened at all on this server. */
export const supportEnabled = (config: Config) =>
  config.supportSignIn !== null || config.supportToken !== null;

/** The support API's guard: a viewer, or 401 (404 when the support view is not set up). */
export async function requireSupportViewer(
  request: FastifyRequest,
  deps: { config: Config; store: Store },
): Promise<void> {
  if (!supportEnabled(deps.config))
    throw new HttpError(404, 'not-found', 'The support view is not enabled on this server.');
  const viewer = await findSupportViewer(request, deps);
  if (!viewer) throw new HttpError(401, 'unauthenticated', 'Sign in with SALUS to continue.');
  request.supportViewer = viewer;
}
