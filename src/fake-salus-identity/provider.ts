/**
 * A tiny OpenID Connect provider standing in for SALUS's own identity provider, in demo mode and
 * in tests: discovery, an authorize page with one "Sign in as …" button per person, a strict token
 * endpoint (client secret, exact redirect URI, PKCE S256, single-use codes that expire), and the
 * JWKS of the ES256 key that signs its ID tokens. Plain `node:http` on loopback; nothing of it is
 * production code (only the demo launcher and tests start it).
 *
 * https://openid.net/specs/openid-connect-core-1_0.html (§3.1, the authorization code flow),
 * https://www.rfc-editor.org/rfc/rfc7636 (PKCE), https://www.rfc-editor.org/rfc/rfc9207 (`iss`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** Someone the provider can sign in. */
export interface SalusPerson {
  email: string;
  name: string;
  /** The stable subject id (`sub`). */
  sub: string;
  /** Default true. */
  emailVerified?: boolean;
  groups?: string[];
}

export const DEMO_SUPPORT_PERSON: SalusPerson = {
  email: 'support@salus.example',
  name: 'SALUS Support (demo)',
  sub: 'salus-demo-support',
  groups: ['salus-support'],
};

export const DEMO_SUPPORT_CLIENT_ID = 'salus-setup-support-demo';
export const DEMO_SUPPORT_CLIENT_SECRET = 'salus-setup-support-demo-secret';

export interface FakeSalusIdentityOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  people?: SalusPerson[];
}

/** A pending authorization request, between the authorize page and the button. */
interface AuthorizeRequest {
  redirectUri: string;
  state: string | null;
  nonce: string | null;
  codeChallenge: string;
  scope: string;
}

interface IssuedCode extends AuthorizeRequest {
  person: SalusPerson;
  expiresAt: number;
  used: boolean;
}

const CODE_TTL_MS = 60_000;
const random = () => randomBytes(24).toString('base64url');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1d1d1d}
button{display:block;margin:.75rem 0;padding:.6rem 1rem;font-size:1rem;cursor:pointer;background:#0b4a8b;color:#fff;border:0;border-radius:4px}
.note{color:#444;font-size:.9rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startFakeSalusIdentity(options: FakeSalusIdentityOptions = {}) {
  const clientId = options.clientId ?? DEMO_SUPPORT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEMO_SUPPORT_CLIENT_SECRET;
  const redirectUris = new Set(options.redirectUris ?? []);
  let people = options.people ?? [DEMO_SUPPORT_PERSON];
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = random().slice(0, 16);
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const pending = new Map<string, AuthorizeRequest>();
  const codes = new Map<string, IssuedCode>();
  /** What the token endpoint answered, for tests: 'ok' or the OAuth error code. */
  const tokenAnswers: string[] = [];
  let issuer = '';

  const json = (res: ServerResponse, status: number, body: unknown) =>
    res
      .writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      .end(JSON.stringify(body));
  const html = (res: ServerResponse, status: number, body: string) =>
    res
      .writeHead(status, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      })
      .end(body);

  function discovery() {
    return {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      scopes_supported: ['openid', 'email', 'profile', 'groups'],
      claims_supported: ['sub', 'email', 'email_verified', 'name', 'groups', 'nonce'],
      authorization_response_iss_parameter_supported: true,
    };
  }

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    // A wrong client or redirect URI is shown here, never sent to an unregistered address.
    if (q.get('client_id') !== clientId || !redirectUris.has(q.get('redirect_uri') ?? '')) {
      return html(
        res,
        400,
        page('Sign-in refused', '<p>Unknown application or return address.</p>'),
      );
    }
    const challenge = q.get('code_challenge');
    if (
      q.get('response_type') !== 'code' ||
      !(q.get('scope') ?? '').split(' ').includes('openid') ||
      q.get('code_challenge_method') !== 'S256' ||
      !challenge
    ) {
      return html(res, 400, page('Sign-in refused', '<p>The sign-in request is incomplete.</p>'));
    }
    const id = random();
    pending.set(id, {
      redirectUri: q.get('redirect_uri')!,
      state: q.get('state'),
      nonce: q.get('nonce'),
      codeChallenge: challenge,
      scope: q.get('scope')!,
    });
    const buttons = people
      .map(
        (p) =>
          `<button type="submit" name="person" value="${escapeHtml(p.email)}">Sign in as ${escapeHtml(p.email)}</button>`,
      )
      .join('');
    html(
      res,
      200,
      page(
        'SALUS sign-in',
        `<p class="note">Demo — a simulated SALUS identity provider. No password: choose who you are.</p>
<form method="post" action="/authorize/decide"><input type="hidden" name="request" value="${id}">${buttons}</form>`,
      ),
    );
  }

  async function decide(req: IncomingMessage, res: ServerResponse) {
    const form = await readForm(req);
    const request = pending.get(form.get('request') ?? '');
    const person = people.find((p) => p.email === form.get('person'));
    if (!request || !person) {
      return html(res, 400, page('Sign-in refused', '<p>This sign-in has expired.</p>'));
    }
    pending.delete(form.get('request')!);
    const code = random();
    codes.set(code, { ...request, person, expiresAt: Date.now() + CODE_TTL_MS, used: false });
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    if (request.state !== null) target.searchParams.set('state', request.state);
    target.searchParams.set('iss', issuer);
    res.writeHead(303, { Location: target.href, 'Cache-Control': 'no-store' }).end();
  }

  function clientOf(req: IncomingMessage, form: URLSearchParams) {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const [id = '', secret = ''] = Buffer.from(basic[1]!, 'base64')
        .toString('utf8')
        .split(':')
        .map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
      return { id, secret };
    }
    return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    const form = await readForm(req);
    const refuse = (status: number, error: string) => {
      tokenAnswers.push(error);
      json(res, status, { error });
    };
    const client = clientOf(req, form);
    if (client.id !== clientId || !sameSecret(client.secret, clientSecret))
      return refuse(401, 'invalid_client');
    if (form.get('grant_type') !== 'authorization_code')
      return refuse(400, 'unsupported_grant_type');
    const issued = codes.get(form.get('code') ?? '');
    if (!issued || issued.used || issued.expiresAt < Date.now())
      return refuse(400, 'invalid_grant');
    // A code is spent by its first use, right or wrong (RFC 6749 §4.1.2).
    issued.used = true;
    const verifier = form.get('code_verifier') ?? '';
    if (form.get('redirect_uri') !== issued.redirectUri || s256(verifier) !== issued.codeChallenge)
      return refuse(400, 'invalid_grant');
    const { person } = issued;
    // As real providers do: `groups` only for a client that asked for the scope.
    const groups = issued.scope.split(' ').includes('groups') ? person.groups : undefined;
    const idToken = await new SignJWT({
      email: person.email,
      email_verified: person.emailVerified ?? true,
      name: person.name,
      ...(groups ? { groups } : {}),
      ...(issued.nonce !== null ? { nonce: issued.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(person.sub)
      .setAudience(clientId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey as CryptoKey);
    tokenAnswers.push('ok');
    json(res, 200, {
      access_token: random(),
      token_type: 'Bearer',
      expires_in: 300,
      scope: issued.scope,
      id_token: idToken,
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer || 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    const handled = (async () => {
      switch (route) {
        case 'GET /.well-known/openid-configuration':
          return json(res, 200, discovery());
        case 'GET /jwks':
          return json(res, 200, { keys: [jwk] });
        case 'GET /authorize':
          return authorize(url, res);
        case 'POST /authorize/decide':
          return decide(req, res);
        case 'POST /token':
          return token(req, res);
        default:
          return json(res, 404, { error: 'not_found' });
      }
    })();
    handled.catch(() => {
      if (!res.headersSent) json(res, 500, { error: 'server_error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  issuer = `http://${address}:${port}`;

  return {
    /** The issuer, e.g. `http://127.0.0.1:53211` (discovery lives under it). */
    issuer,
    clientId,
    clientSecret,
    tokenAnswers,
    addRedirectUri(uri: string) {
      redirectUris.add(uri);
    },
    /** Who the authorize page offers (tests: someone outside the allow-list, unverified…). */
    setPeople(list: SalusPerson[]) {
      people = list;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type FakeSalusIdentity = Awaited<ReturnType<typeof startFakeSalusIdentity>>;
