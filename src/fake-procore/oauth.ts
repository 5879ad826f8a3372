/**
 * The login host: `/oauth/authorize` (consent page), `/oauth/token`, `/oauth/revoke`,
 * `/oauth/token/info` (procore-platform.md §10). Errors follow RFC 6749 with Doorkeeper's texts.
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import { readRequestBody, isRecord } from './body.ts';
import { renderConsentPage, renderErrorPage } from './consent-page.ts';
import type { FakeProcore, RequestLogEntry } from './fake.ts';
import { toHttpResponse, type ApiResult } from './http-kit.ts';
import type { FakeOAuthClient, FakeUser } from './model.ts';
import { applyLatency } from './pipeline.ts';

const DESCRIPTIONS = {
  invalid_request:
    'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.',
  invalid_client:
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_grant:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  unsupported_grant_type:
    'The authorization grant type is not supported by the authorization server.',
  invalid_token: 'The access token is invalid',
} as const;

function oauthError(status: number, error: keyof typeof DESCRIPTIONS): ApiResult {
  return { status, body: { error, error_description: DESCRIPTIONS[error] } };
}

function html(status: number, text: string, extra: Record<string, string> = {}): ApiResult {
  return {
    status,
    text,
    contentType: 'text/html; charset=utf-8',
    // The authorization server must not be framed (RFC 9700 §4.16).
    headers: {
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': "frame-ancestors 'none'",
      ...extra,
    },
  };
}

function redirect(location: string): ApiResult {
  return { status: 302, text: '', headers: { Location: location, 'Cache-Control': 'no-store' } };
}

function withParams(uri: string, params: Record<string, string | null>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}

/** Latency, logging and one-shot failures for the login host (no rate limits there). */
async function runLogin(
  fake: FakeProcore,
  request: Request,
  handle: () => Promise<ApiResult> | ApiResult,
): Promise<Response> {
  fake.flushAsync();
  await applyLatency(fake);
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const log: RequestLogEntry = {
    seq: fake.requestLog.length + 1,
    time: fake.clock.now(),
    host: 'login',
    method,
    path: url.pathname,
    query: url.search,
    status: 0,
    tokenKind: null,
    userId: null,
    companyId: null,
  };
  fake.requestLog.push(log);
  const headers = { Date: new Date(fake.clock.now()).toUTCString() };
  const rule = fake.takeFailRule(method, url.pathname);
  const fail = (): Response => {
    log.fault = rule!.afterApply ? 'fail-next-after-apply' : 'fail-next';
    log.status = rule!.status;
    if (rule!.status === 'network-error') return HttpResponse.error();
    return toHttpResponse(
      { status: rule!.status, body: rule!.body ?? {}, headers: rule!.headers },
      headers,
    );
  };
  if (rule && !rule.afterApply) return fail();
  const result = await handle();
  if (rule) return fail();
  log.status = result.status;
  return toHttpResponse(result, headers);
}

async function formFields(request: Request): Promise<Record<string, string>> {
  const body = await readRequestBody(request).catch(() => undefined);
  const out: Record<string, string> = {};
  if (isRecord(body))
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Client authentication from the body (as Procore documents) or HTTP Basic. */
function authenticateClient(
  fake: FakeProcore,
  request: Request,
  fields: Record<string, string>,
): FakeOAuthClient | null {
  let id = fields.client_id;
  let secret = fields.client_secret;
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('Authorization') ?? '');
  if (basic) {
    const [user, pass] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    id = decodeURIComponent(user ?? '');
    secret = decodeURIComponent(pass ?? '');
  }
  const client = id ? fake.state.clients.get(id) : undefined;
  return client && secret === client.clientSecret ? client : null;
}

function canSignIn(fake: FakeProcore, user: FakeUser | undefined): user is FakeUser {
  const { state } = fake;
  return (
    user !== undefined &&
    user.canSignIn &&
    state.companiesOf(user.id).some((c) => state.companyUser(c.id, user.id)?.isActive)
  );
}

/** Who the consent page offers: the scenario's admin and non-admin first, at most 50 people. */
function signInChoices(fake: FakeProcore) {
  const { facts, state } = fake;
  const first = [facts.signInUserId, facts.adminUserId, facts.nonAdminUserId];
  const ordered = [...new Set([...first, ...state.users.keys()])];
  const users: FakeUser[] = [];
  for (const id of ordered) {
    const user = state.users.get(id);
    if (canSignIn(fake, user)) users.push(user);
    if (users.length === 50) break;
  }
  return users.map((u) => ({
    id: u.id,
    label: `${[u.firstName, u.lastName].filter(Boolean).join(' ')} (${u.email})`,
  }));
}

/** Checks client and exact redirect URI; a bad one gets an error page, never a redirect. */
function checkClient(fake: FakeProcore, clientId: string | null, redirectUri: string | null) {
  const client = clientId ? fake.state.clients.get(clientId) : undefined;
  if (!client)
    return html(400, renderErrorPage('Client authentication failed', DESCRIPTIONS.invalid_client));
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    return html(
      400,
      renderErrorPage('Invalid redirect URI', 'The redirect uri included is not valid.'),
    );
  }
  return client;
}

export function createOAuthHandlers(fake: FakeProcore, loginBaseUrl: string): RequestHandler[] {
  const base = loginBaseUrl.replace(/\/$/, '');
  return [
    http.get(`${base}/oauth/authorize`, ({ request }) =>
      runLogin(fake, request, () => {
        const q = new URL(request.url).searchParams;
        const redirectUri = q.get('redirect_uri');
        const client = checkClient(fake, q.get('client_id'), redirectUri);
        if (!('clientId' in client)) return client;
        const state = q.get('state');
        if (q.get('response_type') !== 'code') {
          return redirect(withParams(redirectUri!, { error: 'unsupported_response_type', state }));
        }
        const page = renderConsentPage({
          appName: client.name,
          users: signInChoices(fake),
          selectedUserId: fake.facts.signInUserId,
          action: `${base}/oauth/authorize/decision`,
          hidden: {
            authenticity_token: fake.oauth.newConsentNonce(),
            client_id: client.clientId,
            redirect_uri: redirectUri!,
            ...(state !== null ? { state } : {}),
          },
        });
        const coop = fake.knobs.loginPageCoop;
        return html(200, page, coop ? { 'Cross-Origin-Opener-Policy': coop } : {});
      }),
    ),
    http.post(`${base}/oauth/authorize/decision`, ({ request }) =>
      runLogin(fake, request, async () => {
        const f = await formFields(request);
        if (!fake.oauth.takeConsentNonce(f.authenticity_token ?? '')) {
          return html(
            400,
            renderErrorPage('Session expired', 'Start the sign-in again from the app.'),
          );
        }
        const client = checkClient(fake, f.client_id ?? null, f.redirect_uri ?? null);
        if (!('clientId' in client)) return client;
        const state = f.state ?? null;
        if (f.decision !== 'allow') {
          return redirect(
            withParams(f.redirect_uri!, {
              error: 'access_denied',
              error_description: 'The resource owner or authorization server denied the request.',
              state,
            }),
          );
        }
        const user = fake.state.users.get(f.user_id ?? '');
        if (!canSignIn(fake, user)) {
          return html(400, renderErrorPage('Sign-in failed', 'Unknown user.'));
        }
        const code = fake.oauth.issueCode(client.clientId, f.redirect_uri!, user.id);
        return redirect(withParams(f.redirect_uri!, { code: code.code, state }));
      }),
    ),
    http.post(`${base}/oauth/token`, ({ request }) =>
      runLogin(fake, request, async () => {
        const f = await formFields(request);
        const grant = f.grant_type;
        if (!grant) return oauthError(400, 'invalid_request');
        const known = ['authorization_code', 'refresh_token', 'client_credentials'];
        if (!known.includes(grant)) return oauthError(400, 'unsupported_grant_type');
        const client = authenticateClient(fake, request, f);
        if (!client) return oauthError(401, 'invalid_client');
        const expiresIn = fake.knobs.expiresIn;
        let token;
        if (grant === 'authorization_code') {
          if (!f.code) return oauthError(400, 'invalid_request');
          const code = fake.oauth.redeemCode(f.code, client.clientId, f.redirect_uri);
          if (!code) return oauthError(400, 'invalid_grant');
          // One authorization per user and app: the new consent ends the earlier chains.
          if (fake.knobs.authorizations === 'one-per-user')
            fake.oauth.revokeUser(code.userId, client.clientId);
          token = fake.oauth.issueToken('user', client.clientId, code.userId, expiresIn, code.code);
        } else if (grant === 'refresh_token') {
          if (!f.refresh_token) return oauthError(400, 'invalid_request');
          const revokeOld = fake.knobs.refreshRevokesOldAccessToken;
          token = fake.oauth.rotate(f.refresh_token, client.clientId, expiresIn, revokeOld);
          if (!token) return oauthError(400, 'invalid_grant');
        } else {
          token = fake.oauth.issueToken('client', client.clientId, null, expiresIn);
        }
        return {
          status: 200,
          body: fake.tokenSet(token),
          headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
        };
      }),
    ),
    http.post(`${base}/oauth/revoke`, ({ request }) =>
      runLogin(fake, request, async () => {
        const f = await formFields(request);
        if (f.client_id && !authenticateClient(fake, request, f))
          return oauthError(401, 'invalid_client');
        if (f.token) {
          const owner = fake.knobs.authorizations === 'one-per-user' && fake.oauth.ownerOf(f.token);
          if (owner) fake.oauth.revokeUser(owner.userId, owner.clientId);
          else fake.oauth.revoke(f.token);
        }
        return { status: 200, body: {} };
      }),
    ),
    http.get(`${base}/oauth/token/info`, ({ request }) =>
      runLogin(fake, request, () => {
        const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('Authorization') ?? '');
        const check = bearer ? fake.oauth.check(bearer[1]!) : null;
        if (!check || check.status !== 'ok') return oauthError(401, 'invalid_token');
        const t = check.token;
        return {
          status: 200,
          body: {
            ...(t.userId ? { resource_owner_id: t.userId } : {}),
            scopes: ['public'],
            expires_in_seconds: fake.oauth.secondsLeft(t),
            application: { uid: t.clientId },
            created_at: Math.floor(t.createdAt / 1000),
          },
        };
      }),
    ),
  ];
}
