import {
  SALUS_CLIENT_ID,
  SALUS_CLIENT_SECRET,
  asObject,
  call,
  manualClock,
  setupFakeProcoreServer,
} from './test-support.ts';

const procore = setupFakeProcoreServer();
const REDIRECT = 'http://localhost:3000/auth/callback';
const client = { client_id: SALUS_CLIENT_ID, client_secret: SALUS_CLIENT_SECRET };

function authorizeUrl(params: Record<string, string>) {
  return `/oauth/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: SALUS_CLIENT_ID,
    redirect_uri: REDIRECT,
    state: 'st4te',
    ...params,
  }).toString()}`;
}

/** Renders the consent page and submits it with `decision`. */
async function consent(decision: 'allow' | 'deny', userId?: string) {
  const page = await call('GET', authorizeUrl({}));
  const fields = Object.fromEntries(
    [...page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!.replace(/&amp;/g, '&'),
    ]),
  );
  const selected = /<option value="(\d+)" selected>/.exec(page.text)?.[1];
  return call('POST', '/oauth/authorize/decision', {
    form: { ...fields, user_id: userId ?? selected!, decision },
  });
}

async function exchange(code: string, redirectUri = REDIRECT) {
  return call('POST', '/oauth/token', {
    form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...client },
  });
}

describe('GET /oauth/authorize', () => {
  it('renders a consent page naming the app, with the admin signed in by default', async () => {
    const fake = procore.use({ scenario: 'fresh-install' });
    const page = await call('GET', authorizeUrl({}));
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(page.headers.get('Content-Security-Policy')).toBe("frame-ancestors 'none'");
    expect(page.text).toContain('SALUS Integration would like to access your Procore account');
    expect(page.text).toMatch(/<button[^>]*>Allow<\/button>/);
    expect(page.text).toMatch(/<button[^>]*>Deny<\/button>/);
    expect(page.text).toContain(`<option value="${fake.facts.adminUserId}" selected>`);
    // Service accounts cannot sign in.
    expect(page.text).not.toContain('salus-integration-k3x9q2m7');
  });

  it('defaults to the non-admin in the non-admin scenario', async () => {
    const fake = procore.use({ scenario: 'non-admin' });
    const page = await call('GET', authorizeUrl({}));
    expect(page.text).toContain(`<option value="${fake.facts.nonAdminUserId}" selected>`);
  });

  it('offers at most 50 people on a big directory', async () => {
    procore.use({ scenario: 'enterprise' });
    const page = await call('GET', authorizeUrl({}));
    expect(page.text.match(/<option /g)).toHaveLength(50);
  });

  it('escapes user names that carry markup', async () => {
    procore.use({ scenario: 'partly-configured' });
    const page = await call('GET', authorizeUrl({}));
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)</script>');
  });

  it('accepts a redirect URI registered at runtime, after a reset too', async () => {
    const fake = procore.use();
    const uri = 'http://127.0.0.1:4321/auth/callback';
    expect((await call('GET', authorizeUrl({ redirect_uri: uri }))).status).toBe(400);
    fake.addRedirectUri(uri);
    fake.reset('complete');
    expect((await call('GET', authorizeUrl({ redirect_uri: uri }))).status).toBe(200);
  });

  it.each([
    ['an unknown client', { client_id: 'nope' }],
    ['a redirect URI that is not registered', { redirect_uri: 'https://evil.example/cb' }],
    ['a redirect URI differing by a trailing slash', { redirect_uri: `${REDIRECT}/` }],
    ['a missing redirect URI', { redirect_uri: '' }],
  ])('shows an error page and never redirects for %s', async (_label, params) => {
    procore.use();
    const res = await call('GET', authorizeUrl(params));
    expect(res.status).toBe(400);
    expect(res.headers.get('Location')).toBeNull();
    expect(res.text).toContain('role="alert"');
  });

  it('redirects with unsupported_response_type for the implicit flow', async () => {
    procore.use();
    const res = await call('GET', authorizeUrl({ response_type: 'token' }));
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('Location')!);
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('state')).toBe('st4te');
  });
});

describe('consent decision', () => {
  it('Allow redirects to the registered URI with a code and the state', async () => {
    procore.use();
    const res = await consent('allow');
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('Location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{40}$/);
    expect(location.searchParams.get('state')).toBe('st4te');
  });

  it('Deny redirects with access_denied and the state', async () => {
    procore.use();
    const res = await consent('deny');
    const location = new URL(res.headers.get('Location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st4te');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('signs in the user chosen in the select', async () => {
    const fake = procore.use();
    const res = await consent('allow', fake.facts.nonAdminUserId);
    const code = new URL(res.headers.get('Location')!).searchParams.get('code')!;
    const tokens = asObject((await exchange(code)).body);
    const me = await call('GET', '/rest/v1.0/me', { token: tokens.access_token as string });
    expect(asObject(me.body).id).toBe(fake.facts.nonAdminUserId);
  });

  it('rejects a replayed or forged consent form', async () => {
    procore.use();
    const res = await call('POST', '/oauth/authorize/decision', {
      form: {
        authenticity_token: 'forged',
        client_id: SALUS_CLIENT_ID,
        redirect_uri: REDIRECT,
        decision: 'allow',
        user_id: '1',
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('Location')).toBeNull();
  });
});

describe('POST /oauth/token', () => {
  it('exchanges a code once (form body), returning a bearer pair that lasts expires_in', async () => {
    const clock = manualClock();
    const fake = procore.use({ clock });
    const code = fake.authorize(REDIRECT);
    const res = await exchange(code);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const body = asObject(res.body);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 5400 });
    expect(body.created_at).toBe(Math.floor(clock.now() / 1000));
    expect(typeof body.refresh_token).toBe('string');

    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(asObject(again.body).error).toBe('invalid_grant');
    // Replaying the code revokes what it issued (RFC 6749 §4.1.2).
    const me = await call('GET', '/rest/v1.0/me', { token: body.access_token as string });
    expect(me.status).toBe(401);
  });

  it('accepts a JSON body too', async () => {
    const fake = procore.use();
    const res = await call('POST', '/oauth/token', {
      json: {
        grant_type: 'authorization_code',
        code: fake.authorize(REDIRECT),
        redirect_uri: REDIRECT,
        ...client,
      },
    });
    expect(res.status).toBe(200);
  });

  it('expires codes after 10 minutes on the injected clock', async () => {
    const clock = manualClock();
    const fake = procore.use({ clock });
    const fresh = fake.authorize(REDIRECT);
    const stale = fake.authorize(REDIRECT);
    clock.advance(10 * 60 * 1000);
    expect((await exchange(fresh)).status).toBe(200);
    clock.advance(1);
    const res = await exchange(stale);
    expect(res.status).toBe(400);
    expect(asObject(res.body).error).toBe('invalid_grant');
  });

  it('checks the redirect URI and the client secret', async () => {
    const fake = procore.use();
    expect(
      asObject((await exchange(fake.authorize(REDIRECT), 'http://localhost')).body).error,
    ).toBe('invalid_grant');
    const wrongSecret = await call('POST', '/oauth/token', {
      form: {
        grant_type: 'authorization_code',
        code: fake.authorize(REDIRECT),
        redirect_uri: REDIRECT,
        client_id: SALUS_CLIENT_ID,
        client_secret: 'wrong',
      },
    });
    expect(wrongSecret.status).toBe(401);
    expect(asObject(wrongSecret.body)).toMatchObject({ error: 'invalid_client' });
    expect(asObject(wrongSecret.body).error_description).toEqual(expect.any(String));
  });

  it('rejects unknown and missing grant types', async () => {
    procore.use();
    const unknown = await call('POST', '/oauth/token', {
      form: { grant_type: 'password', ...client },
    });
    expect(asObject(unknown.body).error).toBe('unsupported_grant_type');
    const missing = await call('POST', '/oauth/token', { form: { ...client } });
    expect(asObject(missing.body).error).toBe('invalid_request');
  });

  it('rotates refresh tokens: a new pair each time, the old refresh token dead at once', async () => {
    const fake = procore.use();
    const first = asObject((await exchange(fake.authorize(REDIRECT))).body);
    const refresh = (token: unknown) =>
      call('POST', '/oauth/token', {
        form: { grant_type: 'refresh_token', refresh_token: token as string, ...client },
      });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const pair = asObject(second.body);
    expect(pair.refresh_token).not.toBe(first.refresh_token);
    expect(pair.access_token).not.toBe(first.access_token);
    expect(asObject((await refresh(first.refresh_token)).body).error).toBe('invalid_grant');
    expect(
      (await call('GET', '/rest/v1.0/me', { token: first.access_token as string })).status,
    ).toBe(401);
    expect(
      (await call('GET', '/rest/v1.0/me', { token: pair.access_token as string })).status,
    ).toBe(200);
    expect((await refresh(pair.refresh_token)).status).toBe(200);
  });

  it('loses the old refresh token even when the refresh response is lost', async () => {
    const fake = procore.use();
    const first = asObject((await exchange(fake.authorize(REDIRECT))).body);
    fake.failNext({
      method: 'POST',
      pathPattern: '/oauth/token',
      status: 'network-error',
      afterApply: true,
    });
    const form = {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token as string,
      ...client,
    };
    await expect(call('POST', '/oauth/token', { form })).rejects.toThrow();
    expect(asObject((await call('POST', '/oauth/token', { form })).body).error).toBe(
      'invalid_grant',
    );
  });

  it('issues client-credentials tokens without a refresh token', async () => {
    procore.use();
    const res = await call('POST', '/oauth/token', {
      form: { grant_type: 'client_credentials', ...client },
    });
    const body = asObject(res.body);
    expect(body.token_type).toBe('bearer');
    expect(body).not.toHaveProperty('refresh_token');
  });
});

describe('access token lifetime, revoke and info', () => {
  it('answers 401 with the expiry message once expires_in has passed', async () => {
    const clock = manualClock();
    const fake = procore.use({ clock, knobs: { expiresIn: 60 } });
    const { access_token: token, expires_in } = fake.issueUserToken();
    expect(expires_in).toBe(60);
    clock.advance(59_000);
    expect((await call('GET', '/rest/v1.0/me', { token })).status).toBe(200);
    clock.advance(1_000);
    const res = await call('GET', '/rest/v1.0/me', { token });
    expect(res.status).toBe(401);
    expect(asObject(res.body).errors).toBe(
      'Your access token has expired, please use your refresh token to obtain a fresh token.',
    );
  });

  it('revokes the access and refresh token of a pair, and answers 200 for unknown tokens', async () => {
    const fake = procore.use();
    const pair = fake.issueUserToken();
    const revoke = (token: string) => call('POST', '/oauth/revoke', { form: { token, ...client } });
    expect((await revoke(pair.access_token)).status).toBe(200);
    expect((await call('GET', '/rest/v1.0/me', { token: pair.access_token })).status).toBe(401);
    const refresh = await call('POST', '/oauth/token', {
      form: { grant_type: 'refresh_token', refresh_token: pair.refresh_token!, ...client },
    });
    expect(refresh.status).toBe(400);
    expect((await revoke('never-issued')).status).toBe(200);
  });

  it('describes a live token at /oauth/token/info', async () => {
    const clock = manualClock();
    const fake = procore.use({ clock });
    const { access_token } = fake.issueUserToken();
    clock.advance(400_000);
    const res = await call('GET', '/oauth/token/info', { token: access_token });
    expect(asObject(res.body)).toMatchObject({
      resource_owner_id: fake.facts.adminUserId,
      scopes: ['public'],
      expires_in_seconds: 5000,
      application: { uid: SALUS_CLIENT_ID },
    });
    expect((await call('GET', '/oauth/token/info', { token: 'nope' })).status).toBe(401);
  });
});
