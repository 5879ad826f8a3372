import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import { safeEqual } from './crypto.ts';
import { HttpError } from './errors.ts';
import { supportCredentialRateLimit } from './rate-limits.ts';
import type { Actor, Store } from './store/index.ts';
import { allowListRefusal } from './support-oidc.ts';

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

type Credential = { bearer: string } | { cookie: string };

/** What a request shows the support view: a bearer token, a support session cookie, or nothing. */
function credentialOf(request: FastifyRequest): Credential | null {
  const header = request.headers.authorization;
  if (header !== undefined) return { bearer: /^Bearer\s+(.+)$/.exec(header)?.[1]?.trim() ?? '' };
  const cookie = request.cookies?.[SUPPORT_SESSION_COOKIE];
  return cookie ? { cookie } : null;
}

/**
 * The support viewer a request's credential names, or null. A bearer header is the break-glass
 * path only: it must be SUPPORT_TOKEN (set), and anything else there (a Procore session id
 * included) is refused rather than looked up anywhere. A session cookie opens the view only while
 * its person is on the allow-list as configured now.
 */
async function viewerOf(
  request: FastifyRequest,
  credential: Credential,
  deps: { config: Config; store: Store },
): Promise<SupportViewer | null> {
  const { config, store } = deps;
  if ('bearer' in credential) {
    if (!config.supportToken || !safeEqual(credential.bearer, config.supportToken)) return null;
    request.log.warn(
      { supportAccess: 'break-glass', route: request.routeOptions.url },
      'support view opened with the break-glass SUPPORT_TOKEN',
    );
    return { key: 'break-glass', email: null, via: 'break-glass', actor: BREAK_GLASS_ACTOR };
  }
  if (credential.cookie.length > 200) return null;
  const session = await store.supportSessions.find(credential.cookie);
  if (!session) return null;
  const refusal = config.supportSignIn
    ? allowListRefusal(session, config.supportSignIn)
    : 'not-allowed';
  if (refusal) {
    request.log.info(
      { refusal, supportEmail: session.email },
      'support session refused: its person is no longer on the allow-list',
    );
    return null;
  }
  await store.supportSessions.touch(session);
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

/**
 * Who may use the support view. A credential that opens nothing (a made-up or ended cookie, a
 * wrong token, a person taken off the list) counts against its address, and past the limit the
 * address gets 429s (rate-limits.ts); a request with no credential at all costs nothing to refuse.
 * Call once, after @fastify/rate-limit is registered: the count is this instance's.
 */
export function createSupportGuard(app: FastifyInstance, deps: { config: Config; store: Store }) {
  const countFailure: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> =
    app.rateLimit(supportCredentialRateLimit);

  /** The support viewer of a request, or null. */
  async function findViewer(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<SupportViewer | null> {
    const credential = credentialOf(request);
    if (!credential) return null;
    const viewer = await viewerOf(request, credential, deps);
    if (viewer) return viewer;
    // A cookie that opens nothing is not sent again.
    if ('cookie' in credential) clearSupportCookie(reply, SUPPORT_SESSION_COOKIE);
    await countFailure(request, reply);
    return null;
  }

  /** The support API's guard: a viewer, or 401 (404 when the support view is not set up). */
  async function requireViewer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!supportEnabled(deps.config))
      throw new HttpError(404, 'not-found', 'The support view is not enabled on this server.');
    const viewer = await findViewer(request, reply);
    if (!viewer) throw new HttpError(401, 'unauthenticated', 'Sign in with SALUS to continue.');
    request.supportViewer = viewer;
  }

  return { findViewer, requireViewer };
}

export type SupportGuard = ReturnType<typeof createSupportGuard>;
