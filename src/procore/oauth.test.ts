import { HttpResponse, http as rest } from 'msw';
import { PROCORE_ENVIRONMENTS, procoreEnvironment } from './environments.ts';
import { ProcoreApiError } from './errors.ts';
import { callbackParams, createProcoreOAuth, type ProcoreOAuthConfig } from './oauth.ts';
import { server } from '../../test/support/msw.ts';

const LOGIN = 'https://login.procore.test';
const config: ProcoreOAuthConfig = {
  loginBaseUrl: LOGIN,
  clientId: 'client-123',
  clientSecret: 'secret-456',
  redirectUri: 'https://salus.test/auth/callback',
};
const procoreToken = (extra: Record<string, unknown> = {}) => ({
  access_token: 'access-1',
  token_type: 'bearer',
  expires_in: 5400,
  refresh_token: 'refresh-1',
  created_at: 1767614400,
  ...extra,
});

/** Records the form bodies posted to an OAuth endpoint. */
function formEndpoint(path: string, reply: () => Response) {
  const forms: Record<string, string>[] = [];
  server.use(
    rest.post(`${LOGIN}${path}`, async ({ request }) => {
      expect(request.headers.get('content-type')).toMatch(/application\/x-www-form-urlencoded/);
      forms.push(Object.fromEntries(new URLSearchParams(await request.text())));
      return reply();
    }),
  );
  return forms;
}

async function failure(promise: Promise<unknown>): Promise<ProcoreApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProcoreApiError);
  return err as ProcoreApiError;
}

describe('environments', () => {
  it('knows Procore hosts and accepts any pair of URLs', () => {
    expect(procoreEnvironment('production')).toEqual({
      name: 'production',
      loginBaseUrl: 'https://login.procore.com',
      apiBaseUrl: 'https://api.procore.com',
    });
    expect(PROCORE_ENVIRONMENTS.sandbox.apiBaseUrl).toBe('https://sandbox.procore.com');
    expect(PROCORE_ENVIRONMENTS['monthly-sandbox'].loginBaseUrl).toBe(
      'https://login-sandbox-monthly.procore.com',
    );
    expect(
      procoreEnvironment({
        loginBaseUrl: 'http://127.0.0.1:4010/',
        apiBaseUrl: 'http://127.0.0.1:4010',
      }),
    ).toEqual({
      name: 'custom',
      loginBaseUrl: 'http://127.0.0.1:4010',
      apiBaseUrl: 'http://127.0.0.1:4010',
    });
    expect(
      procoreEnvironment({
        loginBaseUrl: 'https://login-sandbox.procore.com',
        apiBaseUrl: 'https://sandbox.procore.com/',
      }).name,
    ).toBe('sandbox');
    expect(() =>
      procoreEnvironment({ loginBaseUrl: 'nope', apiBaseUrl: 'https://x.test' }),
    ).toThrow(TypeError);
  });
});

describe('authorization code flow', () => {
  it('builds the authorize URL Procore documents', () => {
    const url = new URL(createProcoreOAuth(config).authorizeUrl('state-abc'));
    expect(url.origin + url.pathname).toBe(`${LOGIN}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-123',
      redirect_uri: 'https://salus.test/auth/callback',
      state: 'state-abc',
    });
  });

  it('reads the code from the query or, failing that, the fragment', () => {
    expect(callbackParams('https://salus.test/auth/callback?code=c1&state=s1').get('code')).toBe(
      'c1',
    );
    expect(callbackParams('https://salus.test/auth/callback#code=c2&state=s2').get('state')).toBe(
      's2',
    );
    expect(
      callbackParams('https://salus.test/auth/callback?error=access_denied#x').get('error'),
    ).toBe('access_denied');
  });

  it('exchanges the code with client_secret_post and returns the token set', async () => {
    const forms = formEndpoint('/oauth/token', () => HttpResponse.json(procoreToken()));
    const tokens = await createProcoreOAuth(config).exchangeCode(
      callbackParams('https://salus.test/auth/callback?code=the-code&state=s1'),
      's1',
    );
    expect(forms).toEqual([
      {
        grant_type: 'authorization_code',
        code: 'the-code',
        redirect_uri: 'https://salus.test/auth/callback',
        client_id: 'client-123',
        client_secret: 'secret-456',
      },
    ]);
    expect(tokens).toEqual(procoreToken());
  });

  it('rejects a callback whose state does not match, before any token request', async () => {
    const forms = formEndpoint('/oauth/token', () => HttpResponse.json(procoreToken()));
    const err = await failure(
      createProcoreOAuth(config).exchangeCode(new URLSearchParams('code=c&state=forged'), 's1'),
    );
    expect(err.kind).toBe('invalid-response');
    expect(forms).toHaveLength(0);
  });

  it('reports a denied consent as unauthorized', async () => {
    const err = await failure(
      createProcoreOAuth(config).exchangeCode(
        new URLSearchParams('error=access_denied&error_description=The+user+denied&state=s1'),
        's1',
      ),
    );
    expect(err).toMatchObject({ kind: 'unauthorized', procoreMessage: 'The user denied' });
  });

  it('reports a spent code as unauthorized with Procore’s words', async () => {
    formEndpoint('/oauth/token', () =>
      HttpResponse.json(
        {
          error: 'invalid_grant',
          error_description: 'The provided authorization grant is invalid',
        },
        { status: 400 },
      ),
    );
    const err = await failure(
      createProcoreOAuth(config).exchangeCode(new URLSearchParams('code=old&state=s1'), 's1'),
    );
    expect(err).toMatchObject({
      kind: 'unauthorized',
      status: 400,
      procoreMessage: 'The provided authorization grant is invalid',
    });
  });
});

describe('refresh, client credentials, revoke', () => {
  it('refreshes with rotation', async () => {
    const forms = formEndpoint('/oauth/token', () =>
      HttpResponse.json(procoreToken({ access_token: 'access-2', refresh_token: 'refresh-2' })),
    );
    const tokens = await createProcoreOAuth(config).refresh('refresh-1');
    expect(forms[0]).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1',
      client_id: 'client-123',
      client_secret: 'secret-456',
    });
    expect(tokens).toMatchObject({ access_token: 'access-2', refresh_token: 'refresh-2' });
  });

  it('marks a refresh whose response was lost as ambiguous', async () => {
    server.use(rest.post(`${LOGIN}/oauth/token`, () => HttpResponse.error()));
    const err = await failure(createProcoreOAuth(config).refresh('refresh-1'));
    expect(err).toMatchObject({ kind: 'network', ambiguous: true });
  });

  it('maps an HTML 503 from the token endpoint to a server error', async () => {
    server.use(
      rest.post(`${LOGIN}/oauth/token`, () =>
        HttpResponse.text('<html>maintenance</html>', {
          status: 503,
          headers: { 'Retry-After': '30' },
        }),
      ),
    );
    const err = await failure(createProcoreOAuth(config).refresh('refresh-1'));
    expect(err).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 30_000 });
  });

  it('gets the service-account token with client credentials', async () => {
    const forms = formEndpoint('/oauth/token', () =>
      HttpResponse.json(procoreToken({ refresh_token: undefined, token_type: 'Bearer' })),
    );
    const tokens = await createProcoreOAuth({
      ...config,
      redirectUri: undefined,
    }).clientCredentials();
    expect(forms[0]).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-123',
      client_secret: 'secret-456',
    });
    expect(tokens).toMatchObject({
      access_token: 'access-1',
      token_type: 'bearer',
      expires_in: 5400,
    });
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('revokes with token, client_id and client_secret', async () => {
    const forms = formEndpoint('/oauth/revoke', () => HttpResponse.json({}));
    await createProcoreOAuth(config).revoke('access-1');
    expect(forms).toEqual([
      { token: 'access-1', client_id: 'client-123', client_secret: 'secret-456' },
    ]);
  });
});

describe('transport security', () => {
  it('refuses http unless explicitly allowed on a loopback host', async () => {
    expect(() => createProcoreOAuth({ ...config, loginBaseUrl: 'http://127.0.0.1:4010' })).toThrow(
      /https/,
    );
    expect(() =>
      createProcoreOAuth({
        ...config,
        loginBaseUrl: 'http://login.example.com',
        allowInsecureHttp: true,
      }),
    ).toThrow(/https/);

    server.use(
      rest.post('http://127.0.0.1:4010/oauth/token', () => HttpResponse.json(procoreToken())),
    );
    const local = createProcoreOAuth({
      ...config,
      loginBaseUrl: 'http://127.0.0.1:4010',
      allowInsecureHttp: true,
    });
    expect((await local.clientCredentials()).access_token).toBe('access-1');
  });
});
