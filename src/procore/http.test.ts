import { HttpResponse, delay, http as rest } from 'msw';
import { ProcoreApiError } from './errors.ts';
import type { ProcoreHttpEvent, ProcoreRequest } from './http.ts';
import { createRatePacer } from './pacer.ts';
import { API, T0, TOKEN, fakeClock, procoreHeaders, testHttp } from './test-utils.ts';
import { server } from '../../test/support/msw.ts';

const COMPANY = '562949953421312';
const THINGS = `${API}/rest/v1.0/things`;
const get: ProcoreRequest = { path: '/rest/v1.0/things', companyId: COMPANY };
const post: ProcoreRequest = { ...get, method: 'POST', body: { thing: { name: 'x' } } };

async function failure(promise: Promise<unknown>): Promise<ProcoreApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProcoreApiError);
  return err as ProcoreApiError;
}

describe('request headers', () => {
  it('sends the token, JSON headers and the company on every call', async () => {
    const seen: Headers[] = [];
    server.use(
      rest.all(THINGS, ({ request }) => {
        seen.push(request.headers);
        return HttpResponse.json({ ok: true });
      }),
    );
    const { http } = testHttp();
    await http.request(get);
    await http.request(post);

    for (const headers of seen) {
      expect(headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
      expect(headers.get('accept')).toBe('application/json');
      expect(headers.get('procore-company-id')).toBe(COMPANY);
    }
    expect(seen[0]?.get('content-type')).toBeNull();
    expect(seen[1]?.get('content-type')).toBe('application/json');
  });

  it('needs a company id except on /me and /companies', async () => {
    // @ts-expect-error a company-scoped path without companyId must not compile
    const missing: ProcoreRequest = { path: '/rest/v1.0/things' };
    const { http } = testHttp();
    await expect(http.request(missing)).rejects.toThrow(/needs a company id/);

    let header: string | null = 'unset';
    server.use(
      rest.get(`${API}/rest/v1.0/me`, ({ request }) => {
        header = request.headers.get('procore-company-id');
        return HttpResponse.json({ id: 1, login: 'a@b.c' });
      }),
    );
    await http.request({ path: '/rest/v1.0/me' });
    expect(header).toBeNull();
  });

  it('keeps IDs above 2^53 exact from response to request body', async () => {
    let sent = '';
    server.use(
      rest.get(
        THINGS,
        () =>
          new HttpResponse('{"id":9007199254740993,"owner":{"user_id":12345678901234567890}}', {
            headers: { 'Content-Type': 'application/json' },
          }),
      ),
      rest.post(THINGS, async ({ request }) => {
        sent = await request.text();
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    const { http } = testHttp();
    const res = await http.request(get);
    const body = res.body as { id: string; owner: { user_id: string } };
    expect(body).toEqual({ id: '9007199254740993', owner: { user_id: '12345678901234567890' } });

    await http.request({
      ...get,
      method: 'POST',
      body: { thing: { id: body.id, user_id: body.owner.user_id } },
    });
    expect(sent).toBe('{"thing":{"id":9007199254740993,"user_id":12345678901234567890}}');
  });

  it('refuses to send the token to another origin', async () => {
    const { http } = testHttp();
    const err = await failure(
      http.request({ ...get, url: 'https://evil.example/rest/v1.0/things' }),
    );
    expect(err.kind).toBe('invalid-response');
  });
});

describe('pacing', () => {
  /**
   * A Procore-like fixed window of 3 requests per 10 s on the server's clock, which is `skew`
   * behind ours. Any request into a spent window is a violation.
   */
  function windowedServer(clock: { now(): number }, skew: number) {
    const serverNow = () => clock.now() - skew;
    const state = { remaining: 3, resetAt: 0, violations: 0, served: 0 };
    server.use(
      rest.get(THINGS, () => {
        const now = serverNow();
        if (now >= state.resetAt) {
          state.remaining = 3;
          state.resetAt = Math.ceil((now + 10_000) / 1000) * 1000;
        }
        const limits = {
          'X-Rate-Limit-Limit': '3',
          'X-Rate-Limit-Reset': String(state.resetAt / 1000),
        };
        if (state.remaining === 0) {
          state.violations += 1;
          return HttpResponse.json(
            { errors: 'Rate limited' },
            {
              status: 429,
              headers: procoreHeaders(now, { ...limits, 'X-Rate-Limit-Remaining': '0' }),
            },
          );
        }
        state.remaining -= 1;
        state.served += 1;
        return HttpResponse.json(
          { ok: true },
          {
            headers: procoreHeaders(now, {
              ...limits,
              'X-Rate-Limit-Remaining': String(state.remaining),
            }),
          },
        );
      }),
    );
    return state;
  }

  it.each([
    ['10 minutes ahead', 10 * 60_000],
    ['10 minutes behind', -10 * 60_000],
    ['in sync', 0],
  ])('sends nothing into a closed window when our clock is %s', async (_label, skew) => {
    const clock = fakeClock(T0 + skew);
    const state = windowedServer(clock, skew);
    const { http } = testHttp({ clock });

    for (let i = 0; i < 7; i++) await http.request(get);
    await Promise.all(Array.from({ length: 8 }, () => http.request(get)));

    expect(state.violations).toBe(0);
    expect(state.served).toBe(15);
    // Waits are measured on the server's clock, not ours: none is anywhere near 10 minutes.
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(12_000);
  });

  it('shares one window between clients that share a pacer', async () => {
    const clock = fakeClock();
    const state = windowedServer(clock, 0);
    const pacer = createRatePacer();
    const a = testHttp({ clock, pacer }).http;
    const b = testHttp({ clock, pacer }).http;
    for (let i = 0; i < 6; i++) await (i % 2 ? a : b).request(get);
    expect(state.violations).toBe(0);
  });

  it('keeps at most two requests in flight by default', async () => {
    let inFlight = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    server.use(
      rest.get(THINGS, async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise<void>((resolve) => gates.push(resolve));
        inFlight -= 1;
        return HttpResponse.json({});
      }),
    );
    const { http } = testHttp();
    const all = Promise.all(Array.from({ length: 5 }, () => http.request(get)));
    for (let opened = 0; opened < 5; opened++) {
      await vi.waitFor(() => expect(gates.length).toBeGreaterThan(opened));
      expect(inFlight).toBeLessThanOrEqual(2);
      gates[opened]?.();
    }
    await all;
    expect(peak).toBe(2);
  });
});

describe('retries', () => {
  /** Answers with `responses` in turn (the last one repeats), noting when each request came. */
  function sequence(responses: (() => Response)[]) {
    const times: number[] = [];
    return {
      times,
      handler: (clock: { now(): number }) => () => {
        times.push(clock.now());
        return responses[Math.min(times.length, responses.length) - 1]!();
      },
    };
  }

  it('rides out a 429 storm, waiting as Procore asks each time', async () => {
    const clock = fakeClock();
    const tooMany = () =>
      HttpResponse.json({ errors: 'slow down' }, { status: 429, headers: { 'Retry-After': '2' } });
    const s = sequence([tooMany, tooMany, tooMany, tooMany, () => HttpResponse.json({ ok: 1 })]);
    server.use(rest.get(THINGS, s.handler(clock)));
    const { http } = testHttp({ clock });

    const res = await http.request(get);
    expect(res.body).toEqual({ ok: 1 });
    expect(s.times).toHaveLength(5);
    for (let i = 1; i < s.times.length; i++) {
      expect(s.times[i]! - s.times[i - 1]!).toBeGreaterThanOrEqual(2000);
    }
  });

  it('gives up on a 429 storm after maxRetries with a rate-limited error', async () => {
    const clock = fakeClock();
    const s = sequence([
      () => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '1' } }),
    ]);
    server.use(rest.get(THINGS, s.handler(clock)));
    const err = await failure(testHttp({ clock, maxRetries: 2 }).http.request(get));
    expect(err).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 1000 });
    expect(s.times).toHaveLength(3);
  });

  it('stops retrying when the retry budget is spent', async () => {
    const clock = fakeClock();
    const s = sequence([() => HttpResponse.json({}, { status: 429 })]);
    server.use(rest.get(THINGS, s.handler(clock)));
    const pacer = createRatePacer({ retryBudget: 10 });
    await failure(testHttp({ clock, pacer }).http.request(get));
    expect(s.times).toHaveLength(3); // two throttled retries at 5 tokens each
  });

  it('honours a 503 Retry-After date on the server clock, even for a write', async () => {
    const skew = 10 * 60_000;
    const clock = fakeClock(T0 + skew);
    const serverNow = () => clock.now() - skew;
    const s = sequence([
      () =>
        HttpResponse.text('<html>busy</html>', {
          status: 503,
          headers: {
            Date: new Date(serverNow()).toUTCString(),
            'Retry-After': new Date(serverNow() + 7000).toUTCString(),
          },
        }),
      () => HttpResponse.json({ ok: 1 }, { status: 201 }),
    ]);
    server.use(rest.post(THINGS, s.handler(clock)));
    const { http } = testHttp({ clock });

    await http.request(post);
    expect(s.times).toHaveLength(2);
    expect(s.times[1]! - s.times[0]!).toBeGreaterThanOrEqual(7000);
    expect(s.times[1]! - s.times[0]!).toBeLessThan(60_000);
  });

  it('retries a read after a 5xx and after a lost response', async () => {
    const clock = fakeClock();
    const s = sequence([
      () => HttpResponse.text('oops', { status: 500 }),
      () => HttpResponse.error(),
      () => HttpResponse.json({ ok: 1 }),
    ]);
    server.use(rest.get(THINGS, s.handler(clock)));
    const res = await testHttp({ clock }).http.request(get);
    expect(res.body).toEqual({ ok: 1 });
    expect(s.times).toHaveLength(3);
  });

  it('does not repeat a write whose response was lost: the error is ambiguous', async () => {
    const clock = fakeClock();
    const s = sequence([() => HttpResponse.error(), () => HttpResponse.json({})]);
    server.use(rest.post(THINGS, s.handler(clock)));
    const err = await failure(testHttp({ clock }).http.request(post));
    expect(err).toMatchObject({ kind: 'network', status: null, ambiguous: true, method: 'POST' });
    expect(s.times).toHaveLength(1);
  });

  it('does not repeat a write that failed with a 500: the error is ambiguous', async () => {
    const clock = fakeClock();
    const s = sequence([() => HttpResponse.json({ error: 'boom' }, { status: 500 })]);
    server.use(rest.patch(THINGS, s.handler(clock)));
    const err = await failure(testHttp({ clock }).http.request({ ...post, method: 'PATCH' }));
    expect(err).toMatchObject({ kind: 'server', ambiguous: true });
    expect(s.times).toHaveLength(1);
  });

  it.each([400, 403, 404, 422])('never retries a %i', async (status) => {
    const clock = fakeClock();
    const s = sequence([() => HttpResponse.json({ errors: 'no' }, { status })]);
    server.use(rest.get(THINGS, s.handler(clock)));
    const err = await failure(testHttp({ clock }).http.request(get));
    expect(err.status).toBe(status);
    expect(err.ambiguous).toBe(false);
    expect(s.times).toHaveLength(1);
  });
});

describe('401 and token refresh', () => {
  it('asks for a new token once and retries with it', async () => {
    const tokens: (string | null)[] = [];
    server.use(
      rest.get(THINGS, ({ request }) => {
        tokens.push(request.headers.get('authorization'));
        return tokens.length === 1
          ? HttpResponse.json({ errors: 'expired' }, { status: 401 })
          : HttpResponse.json({ ok: 1 });
      }),
    );
    const onUnauthorized = vi.fn(async () => 'fresh-token');
    const res = await testHttp({ onUnauthorized }).http.request(get);
    expect(res.body).toEqual({ ok: 1 });
    expect(onUnauthorized).toHaveBeenCalledExactlyOnceWith(TOKEN);
    expect(tokens).toEqual([`Bearer ${TOKEN}`, 'Bearer fresh-token']);
  });

  it('throws unauthorized when the fresh token is refused too', async () => {
    let calls = 0;
    server.use(
      rest.get(THINGS, () => {
        calls += 1;
        return HttpResponse.json({ errors: 'nope' }, { status: 401 });
      }),
    );
    const onUnauthorized = vi.fn(async () => 'fresh-token');
    const err = await failure(testHttp({ onUnauthorized }).http.request(get));
    expect(err.kind).toBe('unauthorized');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(calls).toBe(2);
  });

  it('throws unauthorized when no new token is available', async () => {
    server.use(rest.get(THINGS, () => HttpResponse.json({}, { status: 401 })));
    const err = await failure(testHttp({ onUnauthorized: async () => null }).http.request(get));
    expect(err.kind).toBe('unauthorized');
  });
});

describe('timeouts, cancellation and bad bodies', () => {
  it('times out a hung request as a network error', async () => {
    server.use(
      rest.all(THINGS, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const { http } = testHttp({ timeoutMs: 30, maxRetries: 0 });
    const read = await failure(http.request(get));
    expect(read).toMatchObject({ kind: 'network', ambiguous: false });
    expect(read.procoreMessage).toMatch(/did not answer/);

    const write = await failure(http.request(post));
    expect(write).toMatchObject({ kind: 'network', ambiguous: true });
  });

  it('cancels with the caller signal, not a Procore error', async () => {
    let started = false;
    server.use(
      rest.get(THINGS, async () => {
        started = true;
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const pending = testHttp().http.request({ ...get, signal: controller.signal });
    await vi.waitFor(() => expect(started).toBe(true));
    controller.abort(new Error('user left'));
    await expect(pending).rejects.toThrow('user left');
  });

  it('rejects an oversized body without reading it all', async () => {
    server.use(rest.get(THINGS, () => HttpResponse.json({ big: 'x'.repeat(5000) })));
    const err = await failure(testHttp({ maxBodyBytes: 1000 }).http.request(get));
    expect(err.kind).toBe('invalid-response');
    expect(err.status).toBe(200);
  });

  it('rejects an oversized streamed body that has no Content-Length', async () => {
    const chunk = new TextEncoder().encode(`[${'1,'.repeat(300)}`);
    server.use(
      rest.get(THINGS, () => {
        let sent = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent++ < 100) controller.enqueue(chunk);
            else controller.close();
          },
        });
        return new HttpResponse(stream, { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const err = await failure(testHttp({ maxBodyBytes: 5000 }).http.request(get));
    expect(err.kind).toBe('invalid-response');
    expect(err.procoreMessage).toMatch(/larger than/);
  });

  it('rejects a 200 that is not JSON', async () => {
    server.use(rest.get(THINGS, () => HttpResponse.text('<html>login</html>')));
    const err = await failure(testHttp().http.request(get));
    expect(err.kind).toBe('invalid-response');
  });
});

describe('logging', () => {
  it('logs method, path, status, request id, duration and attempt, never the token', async () => {
    let call = 0;
    server.use(
      rest.get(THINGS, () =>
        call++ === 0
          ? HttpResponse.json(
              {},
              { status: 503, headers: { 'X-Request-Id': 'r-1', 'Retry-After': '1' } },
            )
          : HttpResponse.json({}, { headers: { 'X-Request-Id': 'r-2' } }),
      ),
    );
    const events: ProcoreHttpEvent[] = [];
    await testHttp({ logger: (e) => events.push(e) }).http.request({
      ...get,
      query: { 'filters[search]': 'person@example.com' },
    });

    expect(events.map((e) => [e.type, e.status, e.requestId, e.attempt])).toEqual([
      ['response', 503, 'r-1', 1],
      ['retry', 503, 'r-1', 1],
      ['response', 200, 'r-2', 2],
    ]);
    expect(events[0]).toMatchObject({ method: 'GET', path: '/rest/v1.0/things' });
    expect(events.every((e) => typeof e.durationMs === 'number')).toBe(true);
    const logged = JSON.stringify(events);
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain('person@example.com');
  });
});
