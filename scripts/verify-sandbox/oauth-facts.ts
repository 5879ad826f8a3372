import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenSet } from '../../src/procore/index.ts';
import { result, type FactResult, type LoginObservation, type PkceAttempt } from './types.ts';

/**
 * The OAuth facts: does Procore accept PKCE, and does the code come back in the query or the
 * fragment (procore-platform.md §10, §17). Both can only be seen during a real sign-in, so they
 * come from the one-off localhost login; a run with a refresh token cannot tell.
 */

const b64url = (buf: Buffer) => buf.toString('base64url');

export function pkcePair() {
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  return { verifier, challenge };
}

export interface LoginOptions {
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Default `http://localhost:<port>/callback` (Procore pre-registers http://localhost). */
  redirectUri?: string;
  /** 0 picks a free port; ignored when `redirectUri` names one. */
  port?: number;
  /** Shown to the person running the script (the authorize URL carries no secret). */
  onAuthorizeUrl: (url: string) => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface LoginResult {
  tokens: TokenSet | null;
  observation: LoginObservation;
  /** Why there are no tokens. */
  problem: string | null;
}

interface Callback {
  params: URLSearchParams;
  location: 'query' | 'fragment';
}

/**
 * A fragment never reaches a server; this page posts it back. Inline script is fine here: the page
 * lives on loopback for one sign-in and is never part of the app.
 */
const FRAGMENT_PAGE = `<!doctype html><meta charset="utf-8"><title>SALUS verify</title>
<p id="m">Reading the sign-in result…</p>
<script>
const h = location.hash.slice(1);
fetch('/callback/fragment', { method: 'POST', body: h }).then(() => {
  document.getElementById('m').textContent = h ? 'Signed in. You can close this window.' : 'No code arrived.';
});
</script>`;

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').slice(0, 8192);
}

/** Starts the loopback callback server; `callback` settles with the first code or error seen. */
export async function startCallbackServer(port = 0) {
  let settle: (cb: Callback) => void = () => {};
  const callback = new Promise<Callback>((resolve) => (settle = resolve));
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/callback') {
      const q = url.searchParams;
      if (q.has('code') || q.has('error')) {
        settle({ params: q, location: 'query' });
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Signed in. You can close this window.');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(FRAGMENT_PAGE);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/callback/fragment') {
      readText(req)
        .then((text) => {
          const params = new URLSearchParams(text);
          if (params.has('code') || params.has('error')) settle({ params, location: 'fragment' });
          res.writeHead(204).end();
        })
        .catch(() => res.writeHead(400).end());
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    callback,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function tokenRequest(
  o: LoginOptions,
  form: Record<string, string>,
): Promise<{ attempt: Omit<PkceAttempt, 'verifier'>; tokens: TokenSet | null }> {
  const fetchFn = o.fetch ?? globalThis.fetch;
  try {
    const res = await fetchFn(`${o.loginBaseUrl.replace(/\/+$/, '')}/oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (res.ok && typeof body?.access_token === 'string') {
      return {
        attempt: { status: res.status, error: null },
        tokens: {
          access_token: body.access_token,
          token_type: String(body.token_type ?? 'bearer'),
          expires_in: typeof body.expires_in === 'number' ? body.expires_in : 5400,
          refresh_token: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
        },
      };
    }
    const error = typeof body?.error === 'string' ? body.error : 'no token in the answer';
    return { attempt: { status: res.status, error }, tokens: null };
  } catch {
    return { attempt: { status: null, error: 'network' }, tokens: null };
  }
}

/**
 * Exchanges the code while probing PKCE: first with a wrong `code_verifier` (a server that
 * ignores PKCE issues a token; one that enforces it refuses, and Doorkeeper keeps the code), then
 * with the right one, then with none. Stops at the first token.
 */
export async function exchangeWithPkceProbe(
  o: LoginOptions,
  code: string,
  redirectUri: string,
  verifier: string,
): Promise<{ tokens: TokenSet | null; exchanges: PkceAttempt[] }> {
  const base = {
    grant_type: 'authorization_code',
    client_id: o.clientId,
    client_secret: o.clientSecret,
    code,
    redirect_uri: redirectUri,
  };
  const tries: [PkceAttempt['verifier'], Record<string, string>][] = [
    ['wrong', { ...base, code_verifier: pkcePair().verifier }],
    ['right', { ...base, code_verifier: verifier }],
    ['none', base],
  ];
  const exchanges: PkceAttempt[] = [];
  for (const [kind, form] of tries) {
    const { attempt, tokens } = await tokenRequest(o, form);
    exchanges.push({ verifier: kind, ...attempt });
    if (tokens) return { tokens, exchanges };
  }
  return { tokens: null, exchanges };
}

/** The authorization-code sign-in on localhost, once, with a PKCE challenge on the URL. */
export async function localhostLogin(o: LoginOptions): Promise<LoginResult> {
  const fixedPort = o.redirectUri ? Number(new URL(o.redirectUri).port || 80) : (o.port ?? 0);
  const server = await startCallbackServer(fixedPort);
  const redirectUri = o.redirectUri ?? `http://localhost:${server.port}/callback`;
  const state = b64url(randomBytes(32));
  const { verifier, challenge } = pkcePair();
  const url = new URL(`${o.loginBaseUrl.replace(/\/+$/, '')}/oauth/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: o.clientId,
    redirect_uri: redirectUri,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  o.onAuthorizeUrl(url.href);
  const empty: LoginObservation = { codeLocation: null, exchanges: [] };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), o.timeoutMs ?? 10 * 60_000);
  });
  try {
    const cb = await Promise.race([server.callback, timeout]);
    if (!cb) return { tokens: null, observation: empty, problem: 'no callback arrived in time' };
    const observation: LoginObservation = { codeLocation: cb.location, exchanges: [] };
    if (cb.params.get('state') !== state) {
      return { tokens: null, observation, problem: 'the callback carried another state' };
    }
    const code = cb.params.get('code');
    if (!code) {
      const error = cb.params.get('error') ?? 'no code';
      return { tokens: null, observation, problem: `Procore answered ${error}` };
    }
    const { tokens, exchanges } = await exchangeWithPkceProbe(o, code, redirectUri, verifier);
    observation.exchanges = exchanges;
    return { tokens, observation, problem: tokens ? null : 'the code exchange failed' };
  } finally {
    clearTimeout(timer);
    await server.close();
  }
}

/**
 * "confirmed" when a wrong `code_verifier` still gets a token (PKCE ignored), "differs" when it
 * is refused and the right one works (PKCE enforced, so it could be sent).
 */
export function pkceFact(login: LoginObservation | null): FactResult {
  const ex = login?.exchanges ?? [];
  const line = ex.map(
    (e) => `${e.verifier} verifier → ${e.status ?? 'no answer'}${e.error ? ` ${e.error}` : ''}`,
  );
  const evidence = line.join('; ');
  const [first, second] = ex;
  if (!login || !first) {
    return result('pkce', 'could-not-tell', 'no localhost sign-in in this run');
  }
  if (first.error === null) {
    return result('pkce', 'confirmed', `PKCE ignored: ${evidence}`, 'ignored');
  }
  if (second?.error === null) {
    return result('pkce', 'differs', `PKCE enforced: ${evidence}`, 'enforced');
  }
  if (ex.at(-1)?.verifier === 'none' && ex.at(-1)?.error === null) {
    // Both verifiers refused, none accepted: the parameter itself is unwelcome.
    return result('pkce', 'confirmed', `PKCE rejected: ${evidence}`, 'ignored');
  }
  return result('pkce', 'could-not-tell', evidence || 'no exchange');
}

export function codeLocationFact(login: LoginObservation | null): FactResult {
  const where = login?.codeLocation ?? null;
  if (where === null) {
    const why = login ? 'no callback arrived' : 'no localhost sign-in in this run';
    return result('code-location', 'could-not-tell', why);
  }
  const evidence = `the callback carried the code in the ${where}`;
  return result('code-location', where === 'query' ? 'confirmed' : 'differs', evidence, where);
}

/**
 * Two consents of one user to the app, side by side (the repair grant, issue 20): the run holds
 * an earlier chain (its refresh token) and a newer one (the second consent, the run's own
 * sign-in). Refreshing the earlier chain shows whether the newer consent ended it; revoking it
 * then, and refreshing the newer one, shows whether a revoke ends only its own chain.
 */
export interface ChainProbe {
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The earlier chain's refresh token (spent by this check). */
  earlierRefreshToken: string;
  /** Refreshes the newer chain (and keeps its new tokens); false when Procore refused it. */
  refreshNewer: () => Promise<boolean>;
  fetch?: typeof fetch;
}

export async function twoAuthorizationsFact(probe: ChainProbe | null): Promise<FactResult> {
  if (!probe)
    return result(
      'two-authorizations',
      'could-not-tell',
      'no second consent in this run (VERIFY_SECOND_CONSENT=1 asks for one)',
    );
  const o: LoginOptions = { ...probe, onAuthorizeUrl: () => undefined };
  const refreshed = await tokenRequest(o, {
    grant_type: 'refresh_token',
    client_id: probe.clientId,
    client_secret: probe.clientSecret,
    refresh_token: probe.earlierRefreshToken,
  });
  if (!refreshed.tokens) {
    const why =
      `${refreshed.attempt.status ?? 'no answer'} ${refreshed.attempt.error ?? ''}`.trim();
    if (refreshed.attempt.error !== 'invalid_grant')
      return result('two-authorizations', 'could-not-tell', `the earlier chain's refresh: ${why}`);
    return result(
      'two-authorizations',
      'differs',
      `after the second consent the earlier chain's refresh was refused (${why})`,
      'one-per-user',
    );
  }
  const fetchFn = probe.fetch ?? globalThis.fetch;
  const revoked = await fetchFn(`${probe.loginBaseUrl.replace(/\/+$/, '')}/oauth/revoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token: refreshed.tokens.access_token,
      client_id: probe.clientId,
      client_secret: probe.clientSecret,
    }).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  if (!revoked.ok)
    return result('two-authorizations', 'could-not-tell', `revoke answered ${revoked.status}`);
  if (!(await probe.refreshNewer()))
    return result(
      'two-authorizations',
      'differs',
      'both chains lived side by side, but revoking the earlier one ended the newer one too',
      'one-per-user',
    );
  return result(
    'two-authorizations',
    'confirmed',
    'the earlier chain refreshed after the second consent, and the newer one refreshed after the earlier one was revoked',
    'side-by-side',
  );
}
