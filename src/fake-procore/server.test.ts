import { SALUS_CLIENT_ID, SALUS_CLIENT_SECRET } from './scenario-kit.ts';
import { startFakeProcoreServer, type FakeProcoreServer } from './server.ts';

// Real sockets: msw must not intercept these fetches, so no setupServer in this file.
let server: FakeProcoreServer;

beforeAll(async () => {
  server = await startFakeProcoreServer({
    port: 0,
    scenario: 'partly-configured',
    redirectUris: ['http://127.0.0.1:9/auth/callback'],
  });
});

afterAll(async () => {
  await server.close();
});

describe('the fake Procore over loopback HTTP', () => {
  it('listens on 127.0.0.1 with an ephemeral port and serves the index page', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Fake Procore');
    expect(html).toContain('several-candidates');
  });

  it('runs the OAuth code flow and an API call end to end', async () => {
    const redirectUri = 'http://127.0.0.1:9/auth/callback';
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: SALUS_CLIENT_ID,
      redirect_uri: redirectUri,
      state: 'xyz',
    });
    const page = await (await fetch(`${server.url}/oauth/authorize?${query.toString()}`)).text();
    const nonce = /name="authenticity_token" value="([0-9a-f]+)"/.exec(page)![1]!;
    const decision = await fetch(`${server.url}/oauth/authorize/decision`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        authenticity_token: nonce,
        client_id: SALUS_CLIENT_ID,
        redirect_uri: redirectUri,
        state: 'xyz',
        user_id: server.fake.facts.adminUserId,
        decision: 'allow',
      }).toString(),
    });
    expect(decision.status).toBe(302);
    const code = new URL(decision.headers.get('Location')!).searchParams.get('code')!;
    const tokenRes = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: SALUS_CLIENT_ID,
        client_secret: SALUS_CLIENT_SECRET,
      }).toString(),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const cid = server.fake.facts.companyId;
    const users = await fetch(
      `${server.url}/rest/v1.3/companies/${cid}/users?filters[search]=salus-integration`,
      {
        headers: { Authorization: `Bearer ${access_token}`, 'Procore-Company-Id': cid },
      },
    );
    expect(users.status).toBe(200);
    expect(users.headers.get('X-Rate-Limit-Remaining')).not.toBeNull();
    const text = await users.text();
    // Big IDs stay exact on the wire.
    expect(text).toContain(`"id":${server.fake.facts.serviceAccountId}`);
  });

  it('drops the connection for a simulated network error', async () => {
    await fetch(`${server.url}/__fake/fail-next`, {
      method: 'POST',
      body: JSON.stringify({ pathPattern: '/rest/v1.0/me', status: 'network-error' }),
    });
    await expect(fetch(`${server.url}/rest/v1.0/me`)).rejects.toThrow();
    expect((await fetch(`${server.url}/rest/v1.0/me`)).status).toBe(401);
  });

  it('exposes fake-only control routes: state, knobs, reset', async () => {
    const state = (await (await fetch(`${server.url}/__fake/state`)).json()) as {
      scenario: { name: string };
      requestLog: unknown[];
      writeLog: unknown[];
    };
    expect(state.scenario.name).toBe('partly-configured');
    expect(state.requestLog.length).toBeGreaterThan(0);
    const knobs = await fetch(`${server.url}/__fake/knobs`, {
      method: 'POST',
      body: JSON.stringify({ addExistingMember: 'error', rateLimits: { spike: 5 } }),
    });
    expect(await knobs.json()).toMatchObject({
      addExistingMember: 'error',
      rateLimits: { spike: 5, hourly: 100000 },
    });
    const reset = await fetch(`${server.url}/__fake/reset`, {
      method: 'POST',
      body: JSON.stringify({ scenario: 'complete' }),
    });
    expect(await reset.json()).toMatchObject({
      scenario: 'complete',
      facts: { companyName: 'Cornerstone Contractors' },
    });
    expect(server.fake.knobs.addExistingMember).toBe('ok');
    const bad = await fetch(`${server.url}/__fake/reset`, {
      method: 'POST',
      body: JSON.stringify({ scenario: 'nope' }),
    });
    expect(bad.status).toBe(400);
  });

  it("answers Procore's 404 for unknown routes", async () => {
    const res = await fetch(`${server.url}/rest/v1.0/unknown`, {
      headers: { Authorization: `Bearer ${server.fake.issueUserToken().access_token}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: 'Not Found' });
  });
});
