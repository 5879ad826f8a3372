import { randomUUID } from 'node:crypto';
import {
  createProcoreClient,
  createProcoreHttp,
  createProcoreOAuth,
  createRatePacer,
  FAN_OUT_CONCURRENCY,
  isProcoreApiError,
  realClock,
  type Clock,
  type Id,
  type ProcoreClient,
  type ProcoreHttpEvent,
  type ProcoreOAuth,
  type RatePacer,
  type BudgetView,
  type SharedWindows,
  type TokenSet,
} from '../procore/index.ts';
import { isLoopback, type Config } from './config.ts';
import type { TokenCipher } from './crypto.ts';
import type { Store } from './store/index.ts';

/**
 * Procore access for the server: the OAuth client, each session's tokens (refreshed before they
 * expire, single-flight, the rotated refresh token stored before the new access token is used),
 * the app's own client-credentials token, and one rate pacer per identity and company.
 * https://developers.procore.com/documentation/oauth-auth-grant-flow (procore-platform.md §10)
 */

export class SessionExpiredError extends Error {
  constructor(message = 'Your Procore sign-in expired. Sign in again; nothing was lost.') {
    super(message);
    this.name = 'SessionExpiredError';
  }
}

/** Refresh once 80 % of the token's life has passed (UNCONFIRMED margin, §16). */
const REFRESH_AT = 0.8;
/** A refresh claim older than this is presumed dead (its instance crashed): another may take it. */
const REFRESH_CLAIM_STALE_MS = 30_000;
/** How often a request waiting for another instance's refresh looks for the new tokens. */
const REFRESH_WAIT_POLL_MS = 50;

export interface ProcoreAccessOptions {
  config: Config;
  store: Store;
  cipher: TokenCipher;
  clock?: Clock;
  fetch?: typeof fetch;
  logger?: (event: ProcoreHttpEvent & { who: string; companyId: Id | null }) => void;
}

export function createProcoreAccess(options: ProcoreAccessOptions) {
  const { config, store, cipher } = options;
  const clock = options.clock ?? realClock;
  const oauth: ProcoreOAuth = createProcoreOAuth({
    loginBaseUrl: config.loginUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: `${config.appBaseUrl}/auth/callback`,
    allowInsecureHttp: isLoopback(new URL(config.loginUrl)),
    fetch: options.fetch,
  });
  const pacers = new Map<string, RatePacer>();
  const refreshing = new Map<string, Promise<string>>();
  let appToken: { token: string; expiresAt: number } | null = null;
  let appTokenPending: Promise<string> | null = null;

  const pacerFor = (identity: string, companyId: Id) => {
    const key = `${identity}:${companyId}`;
    let pacer = pacers.get(key);
    if (!pacer) {
      pacer = createRatePacer({ concurrency: FAN_OUT_CONCURRENCY, shared: sharedWindows(key) });
      pacers.set(key, pacer);
    }
    return pacer;
  };

  /**
   * With PostgreSQL, several instances may act with one token: they share what Procore reported
   * of its windows through the store. The embedded store serves one process: nothing to share.
   */
  function sharedWindows(key: string): SharedWindows | undefined {
    if (!config.databaseUrl) return undefined;
    const known = store.procoreKnowledge;
    const nowUnix = () => Math.floor(clock.now() / 1000);
    return {
      read: () => known.windows(key, nowUnix()).catch(() => []),
      write: (w) => {
        const kind = w.reset - nowUnix() > 60 ? 'hourly' : 'spike';
        void known.recordWindow(key, kind, w).catch(() => undefined);
      },
    };
  }

  const expiresAt = (tokens: TokenSet) =>
    new Date(clock.now() + tokens.expires_in * 1000 * REFRESH_AT);

  /** Seals a fresh token set for storage. */
  function seal(tokens: TokenSet) {
    if (!tokens.refresh_token) throw new Error('Procore returned no refresh token');
    return {
      accessTokenEnc: cipher.encrypt(tokens.access_token),
      refreshTokenEnc: cipher.encrypt(tokens.refresh_token),
      accessExpiresAt: expiresAt(tokens),
    };
  }

  /**
   * Refreshes the session's tokens once across every instance sharing the store: a row update
   * claims the refresh (`claimRefresh`), the winner calls Procore outside any transaction and
   * stores the rotated tokens; everyone else waits for those and uses them. On PGlite (one
   * process) `refreshOnce` already makes it one per process; the claim costs two statements.
   */
  async function refresh(sessionId: string): Promise<string> {
    const claim = randomUUID();
    for (;;) {
      const session = await store.sessions.tokensOf(sessionId);
      if (!session?.refreshTokenEnc) throw new SessionExpiredError();
      const seen = session.refreshTokenEnc;
      if (await store.sessions.claimRefresh(sessionId, seen, claim, REFRESH_CLAIM_STALE_MS)) {
        return refreshClaimed(sessionId, seen, claim);
      }
      const theirs = await refreshedByOthers(sessionId, seen);
      if (theirs) return theirs;
      // Their claim ended without new tokens, or went stale: try ourselves.
    }
  }

  async function refreshClaimed(sessionId: string, seen: string, claim: string) {
    let tokens: TokenSet;
    try {
      tokens = await oauth.refresh(cipher.decrypt(seen));
    } catch (error) {
      await store.sessions.releaseRefresh(sessionId, claim).catch(() => undefined);
      // The old refresh token is spent even when the answer was lost (§10): sign in again.
      if (isProcoreApiError(error)) throw new SessionExpiredError();
      throw error;
    }
    if (!(await store.sessions.storeRefreshed(sessionId, claim, seal(tokens)))) {
      // Our claim went stale and another request refreshed: its tokens are the live ones.
      const again = await store.sessions.tokensOf(sessionId);
      if (!again?.accessTokenEnc) throw new SessionExpiredError();
      return cipher.decrypt(again.accessTokenEnc);
    }
    return tokens.access_token;
  }

  /**
   * Waits while another request (here or on another instance) holds the refresh claim: the new
   * access token once it stored one; null when its claim ended without one or went stale.
   */
  async function refreshedByOthers(sessionId: string, seen: string): Promise<string | null> {
    const started = Date.now();
    while (Date.now() - started < REFRESH_CLAIM_STALE_MS) {
      const session = await store.sessions.tokensOf(sessionId);
      if (!session?.refreshTokenEnc || !session.accessTokenEnc) throw new SessionExpiredError();
      if (session.refreshTokenEnc !== seen) return cipher.decrypt(session.accessTokenEnc);
      if (!session.refreshClaim) return null;
      await new Promise((resolve) => setTimeout(resolve, REFRESH_WAIT_POLL_MS));
    }
    return null;
  }

  /** One refresh per session at a time, however many requests hit a 401 together. */
  function refreshOnce(sessionId: string): Promise<string> {
    let pending = refreshing.get(sessionId);
    if (!pending) {
      pending = refresh(sessionId).finally(() => refreshing.delete(sessionId));
      refreshing.set(sessionId, pending);
    }
    return pending;
  }

  async function userAccessToken(sessionId: string): Promise<string> {
    const pending = refreshing.get(sessionId);
    if (pending) return pending;
    const session = await store.sessions.tokensOf(sessionId);
    if (!session?.accessTokenEnc) throw new SessionExpiredError();
    if (session.accessExpiresAt && session.accessExpiresAt.getTime() <= clock.now()) {
      return refreshOnce(sessionId);
    }
    return cipher.decrypt(session.accessTokenEnc);
  }

  async function appAccessToken(): Promise<string> {
    if (appToken && appToken.expiresAt > clock.now()) return appToken.token;
    appTokenPending ??= oauth
      .clientCredentials()
      .then((tokens) => {
        appToken = { token: tokens.access_token, expiresAt: expiresAt(tokens).getTime() };
        return tokens.access_token;
      })
      .finally(() => {
        appTokenPending = null;
      });
    return appTokenPending;
  }

  function client(
    who: string,
    companyId: Id | null,
    getAccessToken: () => Promise<string>,
    onUnauthorized: () => Promise<string | null>,
    signal?: AbortSignal,
  ): ProcoreClient {
    return createProcoreClient(
      createProcoreHttp({
        signal,
        apiBaseUrl: config.apiUrl,
        getAccessToken,
        onUnauthorized,
        clock,
        fetch: options.fetch,
        pacer: pacerFor(who, companyId ?? '-'),
        logger: options.logger
          ? (event) => options.logger!({ ...event, who, companyId })
          : undefined,
      }),
    );
  }

  /** The client of a code just exchanged: who signed in, and which companies they see. */
  const bootstrapClient = (accessToken: string) =>
    client(
      'sign-in',
      null,
      async () => accessToken,
      async () => null,
    );

  return {
    oauth,

    /** Each token's pacer as last seen, by kind of token (for metrics: no ids leave here). */
    budgets() {
      const now = clock.now();
      return [...pacers].map(([key, pacer]) => {
        const { remaining, waitMs } = pacer.state(now);
        return {
          kind: key.startsWith('app:') ? ('app' as const) : ('user' as const),
          remaining,
          waitMs,
        };
      });
    },

    /** Exchanges the callback's code and opens a server-side session for that Procore user. */
    async signIn(callback: URLSearchParams, state: string, companyId: Id | null = null) {
      const tokens = await oauth.exchangeCode(callback, state);
      const bootstrap = bootstrapClient(tokens.access_token);
      const companies = await bootstrap.companies();
      // Procore returns the user's name only for a company context (§2).
      const context = companies.find((c) => c.id === companyId) ?? companies[0];
      const me = await bootstrap.me(context?.id);
      const created = await store.sessions.create({
        procoreUserId: me.id,
        login: me.login,
        name: me.name ?? me.login,
        ...seal(tokens),
        companies: companies.filter((c) => c.is_active).map((c) => ({ id: c.id, name: c.name })),
      });
      return { sessionId: created.id, me };
    },

    /**
     * Exchanges a repair grant's code (issue 20): a token chain of its own, from a consent of its
     * own, kept in a `sessions` row of kind 'grant' that no request can use as a sign-in. Not the
     * browser session's chain: Procore's refresh tokens are single-use, so a copy would fork it
     * and whichever side refreshed second would lose (§10). Returns the grant's raw id and who
     * consented.
     */
    async openGrant(callback: URLSearchParams, state: string, companyId: Id) {
      const tokens = await oauth.exchangeCode(callback, state);
      const bootstrap = bootstrapClient(tokens.access_token);
      const companies = await bootstrap.companies();
      const company = companies.find((c) => c.id === companyId && c.is_active);
      const me = await bootstrap.me(company?.id);
      const created = await store.sessions.create(
        {
          procoreUserId: me.id,
          login: me.login,
          name: me.name ?? me.login,
          ...seal(tokens),
          companies: company ? [{ id: company.id, name: company.name }] : [],
        },
        'grant',
      );
      return { grantId: created.id, me };
    },

    /** Ends a repair grant: its row goes, its tokens are revoked at Procore (best effort). */
    async closeGrant(grantId: string) {
      const sealed = await store.sessions.deleteGrant(grantId);
      if (sealed) await oauth.revoke(cipher.decrypt(sealed)).catch(() => undefined);
    },

    /** A client acting as the signed-in user of `sessionId` in one company. */
    userClient(sessionId: string, procoreUserId: Id, companyId: Id): ProcoreClient {
      return client(
        `user:${procoreUserId}`,
        companyId,
        () => userAccessToken(sessionId),
        async () => refreshOnce(sessionId).catch(() => null),
      );
    },

    /**
     * A client acting as the app itself: its client-credentials token is the SALUS account.
     * `signal` ends all its requests (a background job's, on shutdown).
     */
    appClient(companyId: Id, signal?: AbortSignal): ProcoreClient {
      return client(
        'app',
        companyId,
        appAccessToken,
        async () => {
          appToken = null;
          return appAccessToken().catch(() => null);
        },
        signal,
      );
    },

    /** Revokes the session's tokens at Procore (best effort) and ends it here. */
    async signOut(sessionId: string) {
      const session = await store.sessions.get(sessionId);
      await store.sessions.revoke(sessionId);
      if (session?.refreshTokenEnc) {
        await oauth.revoke(cipher.decrypt(session.refreshTokenEnc)).catch(() => undefined);
      }
    },

    /** Revokes a stored (sealed) refresh token at Procore; best effort. */
    async revokeSealed(sealed: string) {
      await oauth.revoke(cipher.decrypt(sealed)).catch(() => undefined);
    },

    /** Pacer state for the ETA: how fast this identity may go in this company. */
    pacerState(procoreUserId: Id, companyId: Id) {
      return pacerFor(`user:${procoreUserId}`, companyId).state(clock.now());
    },

    /**
     * Both of Procore's windows for a token, as far as its responses have shown them; the hourly
     * limit is `hourlyLimit` (the last one stored) until a response shows it.
     */
    budget(token: { user: Id } | 'app', companyId: Id, hourlyLimit: number): BudgetView {
      const identity = token === 'app' ? 'app' : `user:${token.user}`;
      return pacerFor(identity, companyId).budget(clock.now(), hourlyLimit);
    },

    now: () => clock.now(),
  };
}

export type ProcoreAccess = ReturnType<typeof createProcoreAccess>;
