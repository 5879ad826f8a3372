import { SALUS_CLIENT_ID, SALUS_CLIENT_SECRET } from '../../src/fake-procore/scenario-kit.ts';
import { startFakeProcoreServer, type FakeProcoreServer } from '../../src/fake-procore/server.ts';
import {
  codeLocationFact,
  localhostLogin,
  pkceFact,
  twoAuthorizationsFact,
} from './oauth-facts.ts';
import type { LoginObservation, PkceAttempt } from './types.ts';

const attempt = (
  verifier: PkceAttempt['verifier'],
  status: number,
  error: string | null = null,
) => ({
  verifier,
  status,
  error,
});
const login = (
  exchanges: PkceAttempt[],
  codeLocation: LoginObservation['codeLocation'] = 'query',
) => ({
  codeLocation,
  exchanges,
});

describe('PKCE', () => {
  it('a wrong code_verifier still gets a token: ignored, as documented', () => {
    expect(pkceFact(login([attempt('wrong', 200)]))).toMatchObject({
      outcome: 'confirmed',
      observed: 'ignored',
    });
  });

  it('a wrong verifier refused and the right one accepted: enforced, which differs', () => {
    const r = pkceFact(login([attempt('wrong', 400, 'invalid_grant'), attempt('right', 200)]));
    expect(r).toMatchObject({ outcome: 'differs', observed: 'enforced' });
    expect(r.evidence).toContain('wrong verifier → 400 invalid_grant; right verifier → 200');
  });

  it('both verifiers refused but none accepted: the parameter is rejected, so unsupported', () => {
    const r = pkceFact(
      login([
        attempt('wrong', 400, 'invalid_request'),
        attempt('right', 400, 'invalid_request'),
        attempt('none', 200),
      ]),
    );
    expect(r).toMatchObject({ outcome: 'confirmed' });
    expect(r.evidence).toMatch(/^PKCE rejected/);
  });

  it('without a localhost sign-in, or when every exchange failed, it cannot tell', () => {
    expect(pkceFact(null).outcome).toBe('could-not-tell');
    const failed = [attempt('wrong', 400, 'invalid_grant'), attempt('right', 400, 'invalid_grant')];
    expect(pkceFact(login([...failed, attempt('none', 400, 'invalid_grant')])).outcome).toBe(
      'could-not-tell',
    );
  });
});

describe('code location', () => {
  it('query → confirmed, fragment → differs, no callback → could not tell', () => {
    expect(codeLocationFact(login([], 'query'))).toMatchObject({ outcome: 'confirmed' });
    expect(codeLocationFact(login([], 'fragment'))).toMatchObject({
      outcome: 'differs',
      observed: 'fragment',
    });
    expect(codeLocationFact(login([], null)).outcome).toBe('could-not-tell');
    expect(codeLocationFact(null).outcome).toBe('could-not-tell');
  });
});

describe('the localhost sign-in against the fake Procore', () => {
  let server: FakeProcoreServer;
  beforeEach(async () => {
    server = await startFakeProcoreServer({ scenario: 'fresh-install' });
  });
  afterEach(() => server.close());

  /** Plays the browser: Procore redirects to the callback with the code where `where` says. */
  async function signIn(where: 'query' | 'fragment') {
    return localhostLogin({
      loginBaseUrl: server.url,
      clientId: SALUS_CLIENT_ID,
      clientSecret: SALUS_CLIENT_SECRET,
      timeoutMs: 5000,
      onAuthorizeUrl: (href) => {
        const authorize = new URL(href);
        expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
        expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
        const redirectUri = authorize.searchParams.get('redirect_uri')!;
        expect(redirectUri).toMatch(/^http:\/\/localhost:\d+\/callback$/);
        server.fake.addRedirectUri(redirectUri);
        const params = new URLSearchParams({
          code: server.fake.authorize(redirectUri),
          state: authorize.searchParams.get('state')!,
        });
        const callback = new URL(redirectUri);
        callback.hostname = '127.0.0.1';
        void (async () => {
          if (where === 'query') {
            await fetch(`${callback.href}?${params}`);
            return;
          }
          // The page a browser gets for a fragment posts location.hash back.
          const page = await (await fetch(callback.href)).text();
          expect(page).toContain('location.hash');
          await fetch(new URL('/callback/fragment', callback), {
            method: 'POST',
            body: `${params}`,
          });
        })();
      },
    });
  }

  it('sees the code in the query, exchanges it, and finds that the fake ignores PKCE', async () => {
    const result = await signIn('query');
    expect(result.problem).toBeNull();
    expect(result.tokens?.access_token).toBeTruthy();
    expect(codeLocationFact(result.observation).outcome).toBe('confirmed');
    expect(result.observation.exchanges).toEqual([{ verifier: 'wrong', status: 200, error: null }]);
    expect(pkceFact(result.observation).outcome).toBe('confirmed');
  });

  it('sees the code in the fragment through the page script', async () => {
    const result = await signIn('fragment');
    expect(result.tokens?.access_token).toBeTruthy();
    expect(codeLocationFact(result.observation)).toMatchObject({ outcome: 'differs' });
  });

  it('gives up after the timeout when no callback arrives', async () => {
    const result = await localhostLogin({
      loginBaseUrl: server.url,
      clientId: SALUS_CLIENT_ID,
      clientSecret: SALUS_CLIENT_SECRET,
      timeoutMs: 50,
      onAuthorizeUrl: () => {},
    });
    expect(result).toMatchObject({ tokens: null, problem: 'no callback arrived in time' });
    expect(pkceFact(result.observation).outcome).toBe('could-not-tell');
  });
});

describe('two authorizations of one user, against the fake Procore', () => {
  let server: FakeProcoreServer;
  afterEach(() => server.close());

  /** A first consent, then a second one through Procore's token endpoint, then the check. */
  async function checkChains(authorizations: 'side-by-side' | 'one-per-user') {
    server = await startFakeProcoreServer({ scenario: 'fresh-install', knobs: { authorizations } });
    const client = { client_id: SALUS_CLIENT_ID, client_secret: SALUS_CLIENT_SECRET };
    const token = async (form: Record<string, string>) =>
      (await (
        await fetch(`${server.url}/oauth/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ ...form, ...client }),
        })
      ).json()) as { access_token?: string; refresh_token?: string };
    const earlier = server.fake.issueUserToken();
    const redirectUri = 'http://localhost:4999/callback';
    server.fake.addRedirectUri(redirectUri);
    const code = server.fake.authorize(redirectUri);
    let newer = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    expect(newer.refresh_token).toBeTruthy();
    return twoAuthorizationsFact({
      loginBaseUrl: server.url,
      clientId: SALUS_CLIENT_ID,
      clientSecret: SALUS_CLIENT_SECRET,
      earlierRefreshToken: earlier.refresh_token!,
      refreshNewer: async () => {
        const next = await token({
          grant_type: 'refresh_token',
          refresh_token: newer.refresh_token!,
        });
        if (!next.refresh_token) return false;
        newer = next;
        return true;
      },
    });
  }

  it('side by side (the fake’s default, Doorkeeper’s): confirmed', async () => {
    expect(await checkChains('side-by-side')).toMatchObject({
      outcome: 'confirmed',
      observed: 'side-by-side',
    });
  });

  it('one authorization per user: the second consent ended the first chain, which differs', async () => {
    const r = await checkChains('one-per-user');
    expect(r).toMatchObject({ outcome: 'differs', observed: 'one-per-user' });
    expect(r.evidence).toContain('invalid_grant');
  });

  it('without a second consent it cannot tell', async () => {
    server = await startFakeProcoreServer({ scenario: 'fresh-install' });
    expect((await twoAuthorizationsFact(null)).outcome).toBe('could-not-tell');
  });
});
