import { asObject, call, manualClock, setupFakeProcoreServer } from './test-support.ts';

const procore = setupFakeProcoreServer();

const RATE_LIMITED =
  'You have surpassed the max number of requests for an hour. Please wait until your limit resets.';

describe('rate limits', () => {
  it('puts X-Rate-Limit-* and a Date from the fake clock on every response', async () => {
    const clock = manualClock(Date.UTC(2026, 2, 1, 10, 0, 0));
    const fake = procore.use({ clock, knobs: { rateLimits: { hourly: 600, spike: 25 } } });
    const { access_token: token } = fake.issueUserToken();
    const res = await call('GET', '/rest/v1.0/me', { token });
    expect(res.headers.get('Date')).toBe('Sun, 01 Mar 2026 10:00:00 GMT');
    expect(res.headers.get('X-Rate-Limit-Limit')).toBe('25');
    expect(res.headers.get('X-Rate-Limit-Remaining')).toBe('24');
    expect(res.headers.get('X-Rate-Limit-Reset')).toBe(String(clock.now() / 1000 + 10));
    const bad = await call('GET', '/rest/v1.0/nothing-here', { token });
    expect(bad.status).toBe(404);
    expect(bad.headers.get('X-Rate-Limit-Remaining')).toBe('23');
  });

  it('reports the hourly window when it is closer to exhaustion', async () => {
    const clock = manualClock();
    const fake = procore.use({ clock, knobs: { rateLimits: { hourly: 5, spike: 25 } } });
    const { access_token: token } = fake.issueUserToken();
    const res = await call('GET', '/rest/v1.0/me', { token });
    expect(res.headers.get('X-Rate-Limit-Limit')).toBe('5');
    expect(res.headers.get('X-Rate-Limit-Remaining')).toBe('4');
    expect(res.headers.get('X-Rate-Limit-Reset')).toBe(String(clock.now() / 1000 + 3600));
  });

  it('answers 429 past the spike window, mutates nothing, and lets the client in after the reset', async () => {
    const clock = manualClock();
    const fake = procore.use({ clock, knobs: { rateLimits: { hourly: 600, spike: 3 } } });
    const f = fake.facts;
    const { access_token: token } = fake.issueUserToken();
    const cid = f.companyId;
    for (let i = 0; i < 3; i += 1) {
      expect((await call('GET', '/rest/v1.0/me', { token, companyId: cid })).status).toBe(200);
    }
    const project = fake.missingProjects(cid, f.serviceAccountId!)[0]!;
    const add = () =>
      call('POST', `/rest/v1.0/projects/${project.id}/users/${f.serviceAccountId}/actions/add`, {
        token,
        companyId: cid,
      });
    const limited = await add();
    expect(limited.status).toBe(429);
    expect(limited.text).toBe(RATE_LIMITED);
    expect(limited.headers.get('X-Rate-Limit-Remaining')).toBe('0');
    const reset = Number(limited.headers.get('X-Rate-Limit-Reset'));
    expect(reset).toBe(clock.now() / 1000 + 10);
    expect(limited.headers.get('Retry-After')).toBe('10');
    expect(fake.membership(cid, project.id, f.serviceAccountId!)).toBeUndefined();
    expect(fake.writeLog).toEqual([]);

    clock.advance(10_000);
    expect((await add()).status).toBe(201);
    expect(fake.writeLog).toHaveLength(1);
  });

  it('answers 429 past the hourly window', async () => {
    const clock = manualClock();
    const fake = procore.use({ clock, knobs: { rateLimits: { hourly: 2, spike: 25 } } });
    const { access_token: token } = fake.issueUserToken();
    await call('GET', '/rest/v1.0/me', { token });
    await call('GET', '/rest/v1.0/me', { token });
    clock.advance(30_000);
    const res = await call('GET', '/rest/v1.0/me', { token });
    expect(res.status).toBe(429);
    expect(res.headers.get('X-Rate-Limit-Limit')).toBe('2');
    clock.advance(3_570_000);
    expect((await call('GET', '/rest/v1.0/me', { token })).status).toBe(200);
  });

  it('counts per token and company', async () => {
    const fake = procore.use({ clock: manualClock(), knobs: { rateLimits: { spike: 1 } } });
    const f = fake.facts;
    const a = fake.issueUserToken().access_token;
    const b = fake.issueUserToken().access_token;
    expect((await call('GET', '/rest/v1.0/me', { token: a, companyId: f.companyId })).status).toBe(
      200,
    );
    expect((await call('GET', '/rest/v1.0/me', { token: a, companyId: f.companyId })).status).toBe(
      429,
    );
    expect(
      (await call('GET', '/rest/v1.0/me', { token: a, companyId: f.secondCompanyId })).status,
    ).toBe(200);
    expect((await call('GET', '/rest/v1.0/me', { token: b, companyId: f.companyId })).status).toBe(
      200,
    );
  });

  it('can count per identity instead, so a refresh does not reset the window (knob)', async () => {
    const fake = procore.use({
      clock: manualClock(),
      knobs: { rateLimits: { spike: 1, key: 'identity' } },
    });
    const a = fake.issueUserToken().access_token;
    const b = fake.issueUserToken().access_token;
    expect((await call('GET', '/rest/v1.0/me', { token: a })).status).toBe(200);
    expect((await call('GET', '/rest/v1.0/me', { token: b })).status).toBe(429);
  });

  it('does not rate-limit the login host', async () => {
    const fake = procore.use({ clock: manualClock(), knobs: { rateLimits: { spike: 1 } } });
    const { access_token: token } = fake.issueUserToken();
    await call('GET', '/oauth/token/info', { token });
    const info = await call('GET', '/oauth/token/info', { token });
    expect(info.status).toBe(200);
    expect(asObject(info.body).scopes).toEqual(['public']);
  });

  describe('how a window moves (knob rateLimits.window)', () => {
    const limited = (spike: number, window: 'aligned' | 'anchored' | 'rolling', extra = {}) => {
      const clock = manualClock(Date.UTC(2026, 0, 5, 12, 0, 3, 400));
      const fake = procore.use({
        clock,
        knobs: { rateLimits: { hourly: 600, spike, window, ...extra } },
      });
      const { access_token: token } = fake.issueUserToken();
      const me = () => call('GET', '/rest/v1.0/me', { token });
      const reset = (res: { headers: Headers }) => Number(res.headers.get('X-Rate-Limit-Reset'));
      return { clock, me, reset };
    };

    it('aligned (default): windows on the clock, reset an exact multiple of 10 s', async () => {
      const { clock, me, reset } = limited(2, 'aligned');
      const first = await me();
      expect(reset(first)).toBe(Date.UTC(2026, 0, 5, 12, 0, 10) / 1000);
      await me();
      expect((await me()).status).toBe(429);
      clock.advance(6_599); // 12:00:09.999, still the same window
      expect((await me()).status).toBe(429);
      clock.advance(1);
      const next = await me();
      expect(next.status).toBe(200);
      expect(next.headers.get('X-Rate-Limit-Remaining')).toBe('1');
      expect(reset(next)).toBe(Date.UTC(2026, 0, 5, 12, 0, 20) / 1000);
    });

    it('anchored: opens with the first request, the reset rounded up or down', async () => {
      const up = limited(1, 'anchored');
      expect(up.reset(await up.me())).toBe(Date.UTC(2026, 0, 5, 12, 0, 14) / 1000);
      const down = limited(1, 'anchored', { resetRounding: 'down' });
      const res = await down.me();
      expect(down.reset(res)).toBe(Date.UTC(2026, 0, 5, 12, 0, 13) / 1000);
      // Rounded down, the reported reset comes before the window really ends.
      down.clock.advance(9_700); // 12:00:13.100
      expect((await down.me()).status).toBe(429);
      down.clock.advance(300); // 12:00:13.400
      expect((await down.me()).status).toBe(200);
    });

    it('rolling: each request counts for 10 s, so Remaining rises as the window rolls', async () => {
      const { clock, me, reset } = limited(2, 'rolling');
      const first = await me();
      expect(reset(first)).toBe(Date.UTC(2026, 0, 5, 12, 0, 14) / 1000);
      clock.advance(4_000);
      const second = await me();
      expect(second.headers.get('X-Rate-Limit-Remaining')).toBe('0');
      // The next slot frees when the oldest request ages out, not when the newest does.
      expect(reset(second)).toBe(Date.UTC(2026, 0, 5, 12, 0, 14) / 1000);
      expect((await me()).status).toBe(429);
      clock.advance(6_000); // the first request is 10 s old
      const third = await me();
      expect(third.status).toBe(200);
      expect(third.headers.get('X-Rate-Limit-Remaining')).toBe('0');
      expect(reset(third)).toBe(Date.UTC(2026, 0, 5, 12, 0, 18) / 1000);
    });
  });
});
