import * as oauth from 'oauth4webapi';
import {
  ProcoreApiError,
  extractProcoreMessage,
  kindForStatus,
  parseRetryAfter,
} from './errors.ts';
import type { TokenSet } from './types.ts';

/**
 * Procore OAuth 2.0, the protocol parts only: the authorize URL, code exchange, rotating refresh,
 * client credentials (the app's DMSA service account) and revocation. Thin wrappers over
 * oauth4webapi; token storage and single-flight refresh belong to the server.
 *
 * Procore publishes no discovery document, so the authorization server is described by hand.
 * Clients authenticate with `client_secret_post` (client_id and client_secret in the form body),
 * as Procore documents. No PKCE: Procore documents none (procore-platform.md §17).
 * https://developers.procore.com/documentation/oauth-endpoints (procore-platform.md §10)
 */

export interface ProcoreOAuthConfig {
  /** The login host, e.g. `https://login.procore.com` (see environments.ts). */
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The registered redirect URI, exactly; needed for the authorization-code flow only. */
  redirectUri?: string;
  /** Allow an `http:` login host. Loopback hosts only: a fake Procore in tests and demo mode. */
  allowInsecureHttp?: boolean;
  fetch?: typeof fetch;
  /** Per request (default 30 s). */
  timeoutMs?: number;
}

export interface ProcoreOAuth {
  readonly authorizationServer: oauth.AuthorizationServer;
  /** `GET /oauth/authorize?response_type=code&client_id&redirect_uri&state`, for a browser. */
  authorizeUrl(state: string): string;
  /**
   * Checks the callback (`state`, `error`) and exchanges the single-use code. A network failure
   * is `ambiguous`: the code may be spent, so start a new sign-in rather than retrying.
   */
  exchangeCode(callback: URLSearchParams, expectedState: string): Promise<TokenSet>;
  /**
   * Rotating refresh: the old refresh token dies as soon as Procore sees it. Persist the new pair
   * before using it; a network failure is `ambiguous` and usually means signing in again.
   */
  refresh(refreshToken: string): Promise<TokenSet>;
  /** The app's client-credentials (DMSA) token. No refresh token; ask again when it expires. */
  clientCredentials(): Promise<TokenSet>;
  /** `POST /oauth/revoke`: revokes the access and refresh token. Procore answers 200 even for unknown tokens. */
  revoke(token: string): Promise<void>;
}

/** Procore's documented lifetime when a token response omits `expires_in` (90 min). */
const DEFAULT_EXPIRES_IN = 5400;
/** Grant errors that mean "sign in again" rather than "fix the request". */
const REAUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

const isLoopback = (host: string) =>
  host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * The authorization response parameters from the callback URL. Procore documents the query
 * (`?code=…&state=…`); one doc page says the fragment (UNCONFIRMED), so that is read too when the
 * query carries neither `code` nor `error`.
 */
export function callbackParams(callbackUrl: string | URL): URLSearchParams {
  const url = new URL(callbackUrl);
  const query = url.searchParams;
  if (query.has('code') || query.has('error') || url.hash.length <= 1) return query;
  return new URLSearchParams(url.hash.slice(1));
}

function toProcoreError(err: unknown, path: string, ambiguous: boolean): ProcoreApiError {
  if (err instanceof ProcoreApiError) return err;
  const base = { method: path === '/oauth/authorize' ? 'GET' : 'POST', path, cause: err };
  if (err instanceof oauth.ResponseBodyError) {
    const reauth = REAUTH_ERRORS.has(err.error) && err.status < 500;
    return new ProcoreApiError({
      ...base,
      kind: reauth ? 'unauthorized' : kindForStatus(err.status),
      status: err.status,
      procoreMessage: err.error_description ?? err.error,
      requestId: err.response.headers.get('x-request-id'),
    });
  }
  if (err instanceof oauth.AuthorizationResponseError) {
    return new ProcoreApiError({
      ...base,
      kind: 'unauthorized',
      status: null,
      procoreMessage: err.error_description ?? err.error,
    });
  }
  if (err instanceof oauth.WWWAuthenticateChallengeError) {
    return new ProcoreApiError({
      ...base,
      kind: kindForStatus(err.status),
      status: err.status,
      procoreMessage: extractProcoreMessage(null, err.status),
    });
  }
  if (err instanceof oauth.OperationProcessingError) {
    // A non-OAuth error status (e.g. a 503 page) arrives as "not a conform response".
    const res = err.cause instanceof Response ? err.cause : null;
    return new ProcoreApiError({
      ...base,
      kind: res && !res.ok ? kindForStatus(res.status) : 'invalid-response',
      status: res?.status ?? null,
      procoreMessage: res && !res.ok ? extractProcoreMessage(null, res.status) : err.message,
      requestId: res?.headers.get('x-request-id') ?? null,
      retryAfterMs: res
        ? parseRetryAfter(res.headers.get('retry-after'), res.headers.get('date'), Date.now())
        : null,
    });
  }
  return new ProcoreApiError({
    ...base,
    kind: 'network',
    status: null,
    procoreMessage: 'Procore sign-in could not be reached.',
    ambiguous,
  });
}

function tokenSet(res: oauth.TokenEndpointResponse): TokenSet {
  return {
    access_token: res.access_token,
    token_type: res.token_type,
    expires_in: res.expires_in ?? DEFAULT_EXPIRES_IN,
    refresh_token: res.refresh_token,
    created_at: typeof res.created_at === 'number' ? res.created_at : undefined,
  };
}

export function createProcoreOAuth(config: ProcoreOAuthConfig): ProcoreOAuth {
  const login = new URL(config.loginBaseUrl);
  if (login.protocol !== 'https:' && !(config.allowInsecureHttp && isLoopback(login.hostname))) {
    throw new TypeError(
      `Procore login URL must be https (http only on loopback with allowInsecureHttp): ${login.origin}`,
    );
  }
  const loginBase = login.href.replace(/\/+$/, '');
  const as: oauth.AuthorizationServer = {
    issuer: loginBase,
    authorization_endpoint: `${loginBase}/oauth/authorize`,
    token_endpoint: `${loginBase}/oauth/token`,
    revocation_endpoint: `${loginBase}/oauth/revoke`,
  };
  const client: oauth.Client = { client_id: config.clientId };
  const auth = oauth.ClientSecretPost(config.clientSecret);
  const timeoutMs = config.timeoutMs ?? 30_000;
  const fetchFn = config.fetch;
  const options = () => ({
    signal: AbortSignal.timeout(timeoutMs),
    [oauth.allowInsecureRequests]: login.protocol === 'http:',
    ...(fetchFn ? { [oauth.customFetch]: fetchFn } : {}),
  });
  const redirectUri = () => {
    if (!config.redirectUri) throw new TypeError('ProcoreOAuthConfig.redirectUri is required.');
    return config.redirectUri;
  };

  async function call<T>(path: string, ambiguous: boolean, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw toProcoreError(err, path, ambiguous);
    }
  }

  return {
    authorizationServer: as,

    authorizeUrl(state) {
      const url = new URL(`${loginBase}/oauth/authorize`);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', redirectUri());
      url.searchParams.set('state', state);
      return url.href;
    },

    async exchangeCode(callback, expectedState) {
      const params = await call('/oauth/authorize', false, async () =>
        oauth.validateAuthResponse(as, client, callback, expectedState),
      );
      return call('/oauth/token', true, async () => {
        const res = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          auth,
          params,
          redirectUri(),
          oauth.nopkce,
          options(),
        );
        return tokenSet(await oauth.processAuthorizationCodeResponse(as, client, res));
      });
    },

    refresh: (refreshToken) =>
      call('/oauth/token', true, async () => {
        const res = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, options());
        return tokenSet(await oauth.processRefreshTokenResponse(as, client, res));
      }),

    clientCredentials: () =>
      call('/oauth/token', false, async () => {
        const res = await oauth.clientCredentialsGrantRequest(as, client, auth, {}, options());
        return tokenSet(await oauth.processClientCredentialsResponse(as, client, res));
      }),

    revoke: (token) =>
      call('/oauth/revoke', false, async () => {
        const res = await oauth.revocationRequest(as, client, auth, token, options());
        await oauth.processRevocationResponse(res);
      }),
  };
}
