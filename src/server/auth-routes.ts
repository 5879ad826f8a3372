import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { PreparedSignIn, RedeemedSession, SessionInfo, SignInPoll } from '../api/contract.ts';
import { callbackParams } from '../procore/index.ts';
import type { Config } from './config.ts';
import { safeEqual } from './crypto.ts';
import { HttpError } from './errors.ts';
import type { ProcoreAccess } from './procore-access.ts';
import type { RepairService } from './watch/repair.ts';
import { setSecurityHeaders } from './security.ts';
import { popupLocale, popupText, type PopupLocale } from './popup-text.ts';
import { clearSessionCookie, resolveSession, setSessionCookie } from './sessions.ts';
import { hashSecret, newSecret, type Store } from './store/index.ts';

/**
 * Sign-in with Procore in a popup (procore-platform.md §10, §11.3):
 * 1. the iframe prepares a single-use `state` bound to a nonce only it holds (`/auth/prepare`);
 * 2. the popup opens `/auth/start?state=…`, which redirects to Procore's consent page;
 * 3. `/auth/callback` checks `state` before any token request, exchanges the code with the client
 *    secret, keeps the tokens server-side and posts a one-time handoff code (never a token) to
 *    the opener, on our exact origin;
 * 4. the iframe redeems the handoff with the nonce for a session.
 *
 * The result reaches only the window the person is looking at. A poll says only whether the popup
 * finished, never the handoff: whoever prepared a state holds its nonce, and could otherwise send
 * someone the `/auth/start` link and collect their sign-in. When a Cross-Origin-Opener-Policy cut
 * the opener link, the popup shows a short one-time code instead, which the person types into the
 * iframe (as in OAuth's device flow); a few wrong codes give the sign-in up.
 */

const base64url = z.string().regex(/^[A-Za-z0-9_-]{43,128}$/);
const companyIdSchema = z.string().regex(/^\d{1,20}$/);

const prepareBody = z.object({ nonce: base64url, companyId: companyIdSchema.nullish() });
const pollBody = z.object({ state: base64url, nonce: base64url });
const redeemBody = z.union([
  pollBody.extend({ handoff: base64url }),
  pollBody.extend({ code: z.string().max(40) }),
]);

/** Wrong codes a sign-in survives; 8 characters of 32 make a guess in 5 tries about 1 in 2^38. */
export const SIGN_IN_CODE_ATTEMPTS = 5;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I
const CODE_LENGTH = 8;

function newSignInCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What a person typed, as we compare it: case, spaces and dashes do not matter. */
function normalizeSignInCode(typed: string): string {
  return typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const require = createRequire(import.meta.url);
const helpersScript = readFileSync(
  require.resolve('@procore/procore-iframe-helpers/dist/index.min.js'),
  'utf8',
);

/**
 * The popup's last page: data in attributes, behaviour in /auth/popup.js (CSP: no inline script).
 * On success it carries both the handoff (posted to an opener on our origin) and the short code
 * (shown only when there is no opener to post to).
 */
function popupPage(
  reply: FastifyReply,
  status: number,
  result: {
    type: 'success' | 'failure';
    state: string | null;
    handoff?: string;
    code?: string;
    /** Where SALUS Setup runs inside Procore (its hosts), for the code's warning. */
    where?: string;
    message: string;
    /** A repair grant's consent: nothing for the page in Procore to redeem, nothing cut off. */
    grant?: boolean;
  },
  locale: PopupLocale,
) {
  const where = result.where ?? '';
  const text = popupText(locale);
  const success = result.type === 'success';
  const heading = result.grant
    ? success
      ? 'repairAllowed'
      : 'repairNotAllowed'
    : success
      ? 'signedIn'
      : 'notCompleted';
  setSecurityHeaders(reply, 'none');
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const attrs = [
    `data-type="${result.type}"`,
    `data-state="${esc(result.state ?? '')}"`,
    result.handoff ? `data-handoff="${esc(result.handoff)}"` : '',
    `data-error="${esc(result.type === 'failure' ? result.message : '')}"`,
  ].join(' ');
  const code = result.code
    ? `<section id="code" hidden aria-labelledby="code-title"><h2 id="code-title">${esc(text('codeTitle'))}</h2>` +
      `<p>${esc(text('codeIntro'))}</p>` +
      `<p id="code-value" style="font: 600 2rem ui-monospace, monospace; letter-spacing: 0.15em">${esc(`${result.code.slice(0, 4)}-${result.code.slice(4)}`)}</p>` +
      `<p><strong>${esc(text('codeWarning', { where }))}</strong></p></section>`
    : result.type === 'success' && !result.grant
      ? `<p id="cut" hidden>${esc(text('cut'))}</p>`
      : '';
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${esc(text('title'))}</title>` +
        `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
        `<body style="font-family: system-ui, sans-serif; margin: 2rem">` +
        `<main id="result" ${attrs}><h1>${esc(text(heading))}</h1>` +
        `<p>${esc(result.message)}</p>${code}<p id="close-hint">${esc(text('closeWindow'))}</p></main>` +
        `<script src="/auth/procore-iframe-helpers.js"></script><script src="/auth/popup.js"></script></body></html>`,
    );
}

const POPUP_SCRIPT = `(function () {
  var el = document.getElementById('result');
  if (!el) return;
  if (!window.opener) {
    // Cut off from the window that opened us (COOP, or opened from a link): the person types
    // the code into the SALUS Setup window themselves; nothing is sent anywhere.
    var code = document.getElementById('code') || document.getElementById('cut');
    if (code) {
      code.hidden = false;
      document.getElementById('close-hint').hidden = true;
    }
    return;
  }
  var payload = { state: el.dataset.state };
  if (el.dataset.handoff) payload.handoff = el.dataset.handoff;
  if (el.dataset.error) payload.error = el.dataset.error;
  var auth = window.ProcoreIframeHelpers.initialize().authentication;
  // Posted to our own origin only (the helper's default target origin is location.origin).
  if (el.dataset.type === 'success') auth.notifySuccess(payload, window.location.origin);
  else auth.notifyFailure(payload, window.location.origin);
})();
`;

const FRAGMENT_SCRIPT = `(function () {
  var hash = window.location.hash.slice(1);
  if (!hash) {
    document.querySelector('main').textContent = 'This sign-in response is empty. Close this window and try again.';
    return;
  }
  window.location.replace('/auth/callback?' + hash);
})();
`;

export function registerAuthRoutes(
  app: FastifyInstance,
  deps: {
    config: Config;
    store: Store;
    access: ProcoreAccess;
    /** Keep SALUS set up automatically: a consent whose state is for a repair grant. */
    repairs?: Pick<RepairService, 'complete'>;
  },
) {
  const { config, store, access } = deps;

  app.get('/auth/popup.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send(POPUP_SCRIPT),
  );
  app.get('/auth/procore-iframe-helpers.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('Cache-Control', 'max-age=3600')
      .send(helpersScript),
  );

  app.get('/api/session', async (request): Promise<SessionInfo> => {
    const resolved = await resolveSession(request, store);
    return {
      user: resolved
        ? {
            id: resolved.session.procoreUserId,
            name: resolved.session.name ?? '',
            login: resolved.session.login ?? '',
          }
        : null,
      companies: resolved?.session.companies ?? [],
      demo: config.mode === 'demo',
    };
  });

  app.post('/auth/prepare', async (request): Promise<PreparedSignIn> => {
    const body = prepareBody.safeParse(request.body);
    if (!body.success) throw new HttpError(400, 'bad-request', 'A sign-in needs a nonce.');
    const state = newSecret();
    await store.oauthStates.create({
      state,
      nonce: body.data.nonce,
      companyId: body.data.companyId ?? null,
    });
    return { state, startUrl: `/auth/start?state=${state}` };
  });

  app.get('/auth/start', async (request, reply) => {
    const state = (request.query as Record<string, string | undefined>).state ?? '';
    const pending = base64url.safeParse(state).success ? await store.oauthStates.peek(state) : null;
    if (!pending) {
      const locale = popupLocale(request.headers['accept-language']);
      return popupPage(
        reply,
        400,
        { type: 'failure', state: null, message: popupText(locale)('linkExpired') },
        locale,
      );
    }
    setSecurityHeaders(reply, 'none');
    return reply.redirect(access.oauth.authorizeUrl(state), 302);
  });

  app.get('/auth/fragment.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send(FRAGMENT_SCRIPT),
  );

  app.get('/auth/callback', async (request, reply) => {
    const locale = popupLocale(request.headers['accept-language']);
    const text = popupText(locale);
    const url = new URL(request.url, config.appBaseUrl);
    if (url.search === '') {
      // Browsers never send a fragment: if Procore answered in one (UNCONFIRMED, §10), a script
      // moves it into the query and comes back here once.
      setSecurityHeaders(reply, 'none');
      return reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .send(
          `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${text('title')}</title></head>` +
            `<body><main><p>${text('finishing')}</p></main><script src="/auth/fragment.js"></script></body></html>`,
        );
    }
    const params = callbackParams(url);
    const stateParam = params.get('state') ?? '';
    // The state is checked, and used up, before anything is sent to Procore's token endpoint.
    const state = base64url.safeParse(stateParam).success
      ? await store.oauthStates.consume(stateParam)
      : null;
    if (!state) {
      return popupPage(
        reply,
        400,
        { type: 'failure', state: null, message: text('notOurs') },
        locale,
      );
    }
    const denied = params.get('error');
    if (denied) {
      const message =
        denied === 'access_denied'
          ? text('denied')
          : // Only OAuth's error code: anyone can send a victim to the callback with a text of
            // their own in error_description, to be shown on our origin.
            text('procoreRefused', { reason: /^[a-z_]{1,64}$/.test(denied) ? denied : 'error' });
      await store.signInResults.put(state.state, { error: message });
      return popupPage(reply, 400, { type: 'failure', state: state.state, message }, locale);
    }
    if (state.purpose === 'repair-grant') {
      // A repair grant (issue 20): the same consent, but its tokens stay on the server for the
      // grant. Nothing is handed to the browser: the page in Procore sees the grant on its status.
      try {
        const result = deps.repairs
          ? await deps.repairs.complete(params, state)
          : { kept: false as const };
        if (!result.kept) {
          await store.signInResults.put(state.state, { error: text('repairRefused') });
          return popupPage(
            reply,
            403,
            { type: 'failure', state: state.state, message: text('repairRefused'), grant: true },
            locale,
          );
        }
        return popupPage(
          reply,
          200,
          {
            type: 'success',
            state: state.state,
            grant: true,
            message: text('repairOn', { name: result.me.name ?? result.me.login }),
          },
          locale,
        );
      } catch (error) {
        request.log.warn({ err: error }, 'repair grant failed');
        await store.signInResults.put(state.state, { error: text('failed') });
        return popupPage(
          reply,
          502,
          { type: 'failure', state: state.state, message: text('failed'), grant: true },
          locale,
        );
      }
    }
    try {
      const { sessionId, me } = await access.signIn(params, state.state, state.companyId);
      const handoff = newSecret();
      const code = config.signInCode ? newSignInCode() : undefined;
      await store.handoffs.create({ code: handoff, sessionId, state: state.state });
      if (code) await store.signInResults.put(state.state, { codeHash: hashSecret(code) });
      return popupPage(
        reply,
        200,
        {
          type: 'success',
          state: state.state,
          handoff,
          code,
          where: config.frameAncestors
            .map((origin) => origin.replace(/^https?:\/\//, ''))
            .join(', '),
          message: text('signedInAs', { name: me.name ?? me.login }),
        },
        locale,
      );
    } catch (error) {
      request.log.warn({ err: error }, 'sign-in failed');
      const message = text('failed');
      await store.signInResults.put(state.state, { error: message });
      return popupPage(reply, 502, { type: 'failure', state: state.state, message }, locale);
    }
  });

  /**
   * Whether the popup finished, for an iframe that received no message (COOP cut the opener):
   * `ready` means "ask the person for the code the popup shows". Never the handoff itself.
   */
  app.post('/auth/poll', async (request): Promise<SignInPoll> => {
    const body = pollBody.safeParse(request.body);
    if (!body.success) throw new HttpError(400, 'bad-request', 'Malformed sign-in poll.');
    const pending = await store.oauthStates.get(body.data.state);
    if (!pending || pending.nonceHash !== hashSecret(body.data.nonce)) {
      throw new HttpError(404, 'not-found', 'Unknown sign-in.');
    }
    const result = await store.signInResults.get(body.data.state);
    if (result?.error) return { status: 'failed', error: result.error };
    if (result) return { status: 'ready' };
    // The store decides expiry (its clock, its TTL), as it does for the callback.
    const expired = !pending.usedAt && !(await store.oauthStates.peek(body.data.state));
    return expired
      ? { status: 'failed', error: 'The sign-in expired. Try again.' }
      : { status: 'pending' };
  });

  /** The handoff the popup posted, or the short code the person typed, with the nonce. */
  app.post('/auth/redeem', async (request, reply): Promise<RedeemedSession> => {
    const body = redeemBody.safeParse(request.body);
    if (!body.success) throw new HttpError(400, 'bad-request', 'Malformed sign-in.');
    const { state, nonce } = body.data;
    const pending = await store.oauthStates.get(state);
    if (!pending || pending.nonceHash !== hashSecret(nonce)) {
      throw new HttpError(401, 'unauthenticated', 'This sign-in does not belong to this window.');
    }
    let redeemed: { sessionId: string } | null;
    if ('handoff' in body.data) {
      redeemed = await store.handoffs.redeem(body.data.handoff, { state });
      if (redeemed) await store.signInResults.endCode(state);
    } else {
      if (!config.signInCode) {
        throw new HttpError(400, 'bad-request', 'Sign-in codes are not offered here.');
      }
      const tried = await store.signInResults.attempt(state, SIGN_IN_CODE_ATTEMPTS);
      if (!tried) {
        throw new HttpError(401, 'unauthenticated', 'This sign-in was already used or expired.');
      }
      if (!safeEqual(hashSecret(normalizeSignInCode(body.data.code)), tried.codeHash)) {
        if (tried.attempts >= SIGN_IN_CODE_ATTEMPTS) {
          // Given up: neither the code nor the handoff opens this sign-in any more.
          await store.signInResults.endCode(state, 'Too many wrong codes. Sign in again.');
          await store.handoffs.burnForState(state);
          throw new HttpError(401, 'too-many-attempts', 'Too many wrong codes. Sign in again.');
        }
        throw new HttpError(400, 'wrong-code', 'That is not the code the sign-in window shows.');
      }
      await store.signInResults.endCode(state);
      redeemed = await store.handoffs.redeemForState(state);
    }
    const session = redeemed ? await store.sessions.get(redeemed.sessionId) : null;
    if (!redeemed || !session)
      throw new HttpError(401, 'unauthenticated', 'This sign-in was already used or expired.');
    setSessionCookie(reply, redeemed.sessionId);
    return {
      sessionId: redeemed.sessionId,
      user: { id: session.procoreUserId, name: session.name ?? '', login: session.login ?? '' },
    };
  });

  app.post('/auth/logout', async (request, reply) => {
    const resolved = await resolveSession(request, store);
    if (resolved) await access.signOut(resolved.sessionId);
    clearSessionCookie(reply);
    return reply.code(204).send();
  });
}
