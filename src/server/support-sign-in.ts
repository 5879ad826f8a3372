import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SupportRefusal, SupportSessionInfo } from '../api/contract.ts';
import type { Config } from './config.ts';
import { HttpError } from './errors.ts';
import {
  SUPPORT_SESSION_COOKIE,
  SUPPORT_SIGN_IN_COOKIE,
  clearSupportCookie,
  setSupportCookie,
  type SupportGuard,
} from './support-access.ts';
import { createSupportOidc, judgeSupportPerson } from './support-oidc.ts';
import { newSecret, type Store } from './store/index.ts';
import { SUPPORT_SIGN_IN_TTL_MS } from './store/support-sessions.ts';

/**
 * SALUS support's sign-in, a top-level page flow (never framed: `/auth/` answers carry
 * `frame-ancestors 'none'`):
 * 1. `GET /auth/support/start` records a single-use state with the nonce and PKCE verifier, binds
 *    it to this browser with a short-lived cookie, and sends the browser to SALUS's identity
 *    provider (a provider that cannot be reached records nothing: `/support?refused=failed`);
 * 2. `GET /auth/support/callback` takes that sign-in back once (its state, this browser's cookie,
 *    within 10 minutes) before anything is exchanged, lets `openid-client` exchange the code and
 *    check the ID token, checks the allow-list, and opens a support session (its own cookie),
 *    ending the person's earlier ones; it always lands on `/support`, and a refusal opens
 *    nothing and lands on `/support?refused=<code>`, which says why;
 * 3. `POST /auth/support/sign-out` ends the session (the CSRF header, as every POST).
 */

export const SUPPORT_PAGE = '/support';

export function registerSupportSignIn(
  app: FastifyInstance,
  deps: { config: Config; store: Store; guard: SupportGuard },
) {
  const { config, store, guard } = deps;
  const settings = config.supportSignIn;
  const appOrigin = new URL(config.appBaseUrl).origin;
  const redirectUri = `${appOrigin}/auth/support/callback`;
  const oidc = settings ? createSupportOidc(settings, redirectUri) : null;
  const sessionMaxAge = Math.floor(store.supportSessions.policy.absoluteMs / 1000);

  app.get('/api/support/session', async (request, reply): Promise<SupportSessionInfo> => {
    const viewer = await guard.findViewer(request, reply);
    return {
      person: viewer && { email: viewer.email, via: viewer.via },
      signIn: oidc !== null,
      breakGlass: config.supportToken !== null,
      demo: config.mode === 'demo',
    };
  });

  function refuse(reply: FastifyReply, refusal: SupportRefusal) {
    clearSupportCookie(reply, SUPPORT_SIGN_IN_COOKIE);
    return reply.redirect(`${SUPPORT_PAGE}?refused=${refusal}`, 303);
  }

  app.get('/auth/support/start', async (request, reply) => {
    if (!oidc) throw new HttpError(404, 'not-found', 'Support sign-in is not set up.');
    const signIn = oidc.newSignIn();
    let target: URL;
    try {
      // The provider is discovered here: one that is down is said before anything is recorded.
      target = await oidc.authorizationUrl(signIn);
    } catch (error) {
      request.log.warn({ err: error }, 'support sign-in could not reach the identity provider');
      return refuse(reply, 'failed');
    }
    const browserBinding = newSecret();
    await store.supportSessions.startSignIn({ ...signIn, browserBinding });
    setSupportCookie(reply, SUPPORT_SIGN_IN_COOKIE, browserBinding, SUPPORT_SIGN_IN_TTL_MS / 1000);
    return reply.redirect(target.href, 302);
  });

  app.get('/auth/support/callback', async (request, reply) => {
    if (!oidc || !settings) throw new HttpError(404, 'not-found', 'Support sign-in is not set up.');
    // The full URL as the provider sent it, on our configured origin (never the Host header).
    const callbackUrl = new URL(request.url, appOrigin);
    const state = callbackUrl.searchParams.get('state') ?? '';
    const binding = request.cookies?.[SUPPORT_SIGN_IN_COOKIE] ?? '';
    // Checked, and spent, before any token request: another browser's state, a replayed or
    // an expired one gets nothing.
    const pending =
      state && binding ? await store.supportSessions.takeSignIn(state, binding) : null;
    if (!pending) {
      request.log.info('support sign-in refused: unknown, used, expired or foreign state');
      return refuse(reply, 'expired');
    }
    if (callbackUrl.searchParams.has('error')) {
      request.log.info(
        { error: callbackUrl.searchParams.get('error') },
        'support sign-in cancelled at the identity provider',
      );
      return refuse(reply, 'cancelled');
    }
    let claims: Record<string, unknown>;
    try {
      claims = await oidc.claims(callbackUrl, { state, ...pending });
    } catch (error) {
      request.log.warn({ err: error }, 'support sign-in failed at the token exchange');
      return refuse(reply, 'failed');
    }
    const verdict = judgeSupportPerson(claims, settings);
    if (!verdict.allowed) {
      request.log.warn(
        { refusal: verdict.refusal, email: verdict.email },
        'support sign-in refused by the allow-list',
      );
      return refuse(reply, verdict.refusal);
    }
    const sessionId = await store.supportSessions.create(verdict.person);
    request.log.info({ supportEmail: verdict.person.email }, 'support person signed in');
    clearSupportCookie(reply, SUPPORT_SIGN_IN_COOKIE);
    setSupportCookie(reply, SUPPORT_SESSION_COOKIE, sessionId, sessionMaxAge);
    return reply.redirect(SUPPORT_PAGE, 303);
  });

  app.post('/auth/support/sign-out', async (request, reply) => {
    const cookie = request.cookies?.[SUPPORT_SESSION_COOKIE];
    if (cookie && cookie.length <= 200) await store.supportSessions.end(cookie);
    clearSupportCookie(reply, SUPPORT_SESSION_COOKIE);
    return reply.code(204).send();
  });
}
