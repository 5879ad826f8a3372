import { seededRandom } from './ids.ts';
import { asObject, call, setupFakeProcoreServer } from './test-support.ts';

const procore = setupFakeProcoreServer();

function addPath(fake: ReturnType<typeof procore.use>, index = 0) {
  const f = fake.facts;
  const project = fake.missingProjects(f.companyId, f.serviceAccountId!)[index]!;
  return {
    path: `/rest/v1.0/projects/${project.id}/users/${f.serviceAccountId}/actions/add`,
    project,
    auth: { token: fake.issueUserToken().access_token, companyId: f.companyId },
  };
}

describe('failNext', () => {
  it('fails the next matching requests with the given status and body, count times', async () => {
    const fake = procore.use();
    const { path, auth } = addPath(fake);
    fake.failNext({
      method: 'POST',
      pathPattern: '/rest/v1.0/projects/:project_id/users/:id/actions/add',
      status: 502,
      body: { errors: 'Bad Gateway' },
      count: 2,
    });
    expect((await call('POST', path, auth)).status).toBe(502);
    const second = await call('POST', path, auth);
    expect(asObject(second.body)).toEqual({ errors: 'Bad Gateway' });
    expect(fake.writeLog).toEqual([]);
    expect((await call('POST', path, auth)).status).toBe(201);
    expect(fake.requestLog.map((r) => r.fault ?? null)).toEqual(['fail-next', 'fail-next', null]);
  });

  it('drops the connection (fetch rejects) without applying the write', async () => {
    const fake = procore.use();
    const { path, auth, project } = addPath(fake);
    fake.failNext({ pathPattern: /actions\/add$/, status: 'network-error' });
    await expect(call('POST', path, auth)).rejects.toThrow();
    expect(
      fake.membership(fake.facts.companyId, project.id, fake.facts.serviceAccountId!),
    ).toBeUndefined();
  });

  it('applies the write, then loses the response, when afterApply is set', async () => {
    const fake = procore.use();
    const { path, auth, project } = addPath(fake);
    fake.failNext({
      method: 'POST',
      pathPattern: '/rest/v1.0/projects/*',
      status: 'network-error',
      afterApply: true,
    });
    await expect(call('POST', path, auth)).rejects.toThrow();
    expect(
      fake.membership(fake.facts.companyId, project.id, fake.facts.serviceAccountId!),
    ).toBeDefined();
    expect(fake.writeLog).toHaveLength(1);
    expect(fake.requestLog.at(-1)).toMatchObject({
      status: 'network-error',
      fault: 'fail-next-after-apply',
    });
  });
});

describe('random faults', () => {
  it('answers 500 before handling, so nothing is written', async () => {
    const fake = procore.use({ random: () => 0, knobs: { faults: { serverErrorRate: 0.5 } } });
    const { path, auth } = addPath(fake);
    const res = await call('POST', path, auth);
    expect(res.status).toBe(500);
    expect(fake.writeLog).toEqual([]);
    // Reads are out of scope by default.
    expect((await call('GET', '/rest/v1.0/me', auth)).status).toBe(200);
  });

  it('answers 503 with Retry-After', async () => {
    const fake = procore.use({
      random: () => 0,
      knobs: { faults: { unavailableRate: 1, retryAfterSeconds: 7, scope: 'all' } },
    });
    const res = await call('GET', '/rest/v1.0/me', { token: fake.issueUserToken().access_token });
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('7');
  });

  it('loses write responses after applying them', async () => {
    const fake = procore.use({ random: () => 0, knobs: { faults: { lostWriteRate: 1 } } });
    const { path, auth } = addPath(fake);
    await expect(call('POST', path, auth)).rejects.toThrow();
    expect(fake.writeLog).toHaveLength(1);
  });

  it('sends 429s at the given rate with the rate-limit headers', async () => {
    const fake = procore.use({ random: () => 0, knobs: { faults: { rateLimitedRate: 1 } } });
    const res = await call('GET', '/rest/v1.0/me', { token: fake.issueUserToken().access_token });
    expect(res.status).toBe(429);
    expect(res.headers.get('X-Rate-Limit-Remaining')).toBe('0');
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('makes the flaky scenario fail some writes, reproducibly with a seeded random', async () => {
    const run = async () => {
      const fake = procore.use({ scenario: 'flaky', random: seededRandom(7) });
      const auth = { token: fake.issueUserToken().access_token, companyId: fake.facts.companyId };
      const outcomes: (number | 'network-error')[] = [];
      for (const project of fake.missingProjects(
        fake.facts.companyId,
        fake.facts.serviceAccountId!,
      )) {
        const path = `/rest/v1.0/projects/${project.id}/users/${fake.facts.serviceAccountId}/actions/add`;
        outcomes.push(
          await call('POST', path, auth).then(
            (r) => r.status,
            () => 'network-error' as const,
          ),
        );
      }
      return { outcomes, writes: fake.writeLog.length };
    };
    const first = await run();
    expect(first).toEqual(await run());
    const failures = first.outcomes.filter((o) => o !== 201).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(25);
  });
});

describe('latency', () => {
  it('delays responses by the configured time', async () => {
    const fake = procore.use({ knobs: { latencyMs: 60 } });
    const started = performance.now();
    await call('GET', '/rest/v1.0/me', { token: fake.issueUserToken().access_token });
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('logs and reset', () => {
  it('records each request with token kind, user and company', async () => {
    const fake = procore.use();
    const cid = fake.facts.companyId;
    await call('GET', '/rest/v1.0/me', {
      token: fake.issueClientToken().access_token,
      companyId: cid,
    });
    expect(fake.requestLog).toEqual([
      expect.objectContaining({
        host: 'api',
        method: 'GET',
        path: '/rest/v1.0/me',
        status: 200,
        tokenKind: 'client',
        userId: fake.facts.serviceAccountId,
        companyId: cid,
      }),
    ]);
  });

  it('starts over on reset, with another scenario', async () => {
    const fake = procore.use();
    const { token } = { token: fake.issueUserToken().access_token };
    fake.createProject(fake.facts.companyId, 'Temp');
    fake.reset('complete');
    expect(fake.writeLog).toEqual([]);
    expect(fake.facts.companyName).toBe('Cornerstone Contractors');
    expect((await call('GET', '/rest/v1.0/me', { token })).status).toBe(401);
  });
});
