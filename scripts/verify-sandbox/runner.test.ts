import { RATE_HEADERS, rateLimitHeadersFact, rateLimitWindowFact } from './rate-limit-facts.ts';
import { formatResult } from './runner.ts';
import { fakeSandbox, rewriting, snapshot, verifyFake } from './test-support.ts';
import type { FactId } from './types.ts';

const ALL_FACTS: FactId[] = [
  'pkce',
  'code-location',
  'add-to-new-projects-on-read',
  'dmsa-me',
  'company-me-flag',
  'dmsa-project-list',
  'app-uid',
  'project-tools-types',
  'project-assignments',
  'bulk-add',
  'add-existing-member',
  'add-to-inactive-project',
  'patch-requires-last-name',
  'webhook-hooks',
  'webhook-delivery',
  'cors-expose-headers',
  'rate-limit-headers',
  'rate-limit-window',
  'two-authorizations',
];

describe('sandbox verification against the fake Procore', () => {
  it('reports every fact once, confirming the fake’s documented defaults', async () => {
    const { report, fact } = await verifyFake();
    expect(report.results.map((r) => r.fact)).toEqual(ALL_FACTS);
    for (const id of [
      'add-to-new-projects-on-read',
      'dmsa-me',
      'company-me-flag',
      'app-uid',
      'project-tools-types',
      'project-assignments',
      'bulk-add',
      'add-existing-member',
      'add-to-inactive-project',
      'patch-requires-last-name',
      'webhook-hooks',
      'rate-limit-headers',
    ] as const) {
      expect(fact(id), id).toMatchObject({ outcome: 'confirmed' });
    }
    // No receiver was given, so no delivery could be seen.
    expect(fact('webhook-delivery')).toMatchObject({ outcome: 'could-not-tell' });
    expect(fact('webhook-delivery').evidence).toMatch(/VERIFY_WEBHOOK_URL/);
    // No sign-in happened, and the fake sends no CORS headers.
    expect(fact('pkce').outcome).toBe('could-not-tell');
    expect(fact('code-location').outcome).toBe('could-not-tell');
    expect(fact('cors-expose-headers').evidence).toMatch(/not allow-listed/);
    // No second consent was asked for.
    expect(fact('two-authorizations').evidence).toMatch(/VERIFY_SECOND_CONSENT/);
  });

  it('prints one line per fact with the outcome first and never a token', async () => {
    const { report, ctx } = await verifyFake();
    const token = await ctx.cors!.accessToken();
    const lines = report.results.map(formatResult);
    expect(lines).toHaveLength(ALL_FACTS.length);
    for (const line of lines) {
      expect(line).toMatch(/^(confirmed|differs|could not tell) +[a-z-]+: \S/);
      expect(line).not.toContain(token);
    }
    expect(JSON.stringify(report)).not.toContain(token);
  });

  it('add_to_new_projects on reads: absent → confirmed, present → differs', async () => {
    const absent = await verifyFake({ knobs: { addToNewProjectsOnRead: false } });
    expect(absent.fact('add-to-new-projects-on-read')).toMatchObject({
      outcome: 'confirmed',
      observed: false,
    });
    const present = await verifyFake({ knobs: { addToNewProjectsOnRead: true } });
    expect(present.fact('add-to-new-projects-on-read')).toMatchObject({
      outcome: 'differs',
      observed: true,
    });
    expect(present.fact('add-to-new-projects-on-read').evidence).toMatch(/show 200: .* = false/);
  });

  it('beta endpoints: available → confirmed, switched off (404) → differs', async () => {
    const on = await verifyFake({
      knobs: { betaEndpoints: { bulkAdd: true, projectAssignments: true } },
    });
    expect(on.fact('bulk-add')).toMatchObject({ outcome: 'confirmed', observed: true });
    expect(on.fact('project-assignments')).toMatchObject({ outcome: 'confirmed', observed: true });
    const off = await verifyFake({
      knobs: { betaEndpoints: { bulkAdd: false, projectAssignments: false } },
    });
    expect(off.fact('bulk-add')).toMatchObject({ outcome: 'differs', observed: false });
    expect(off.fact('bulk-add').evidence).toMatch(/404/);
    expect(off.fact('project-assignments')).toMatchObject({ outcome: 'differs', observed: false });
  });

  it('actions/add for an existing member: 201 → confirmed, 422 → differs', async () => {
    const ok = await verifyFake({ knobs: { addExistingMember: 'ok' } });
    expect(ok.fact('add-existing-member')).toMatchObject({ outcome: 'confirmed', observed: 'ok' });
    expect(ok.fact('add-existing-member').evidence).toMatch(/201.*template unchanged/);
    const error = await verifyFake({ knobs: { addExistingMember: 'error' } });
    expect(error.fact('add-existing-member')).toMatchObject({
      outcome: 'differs',
      observed: 'error',
    });
    expect(error.fact('add-existing-member').evidence).toContain(
      '422 "User is already on this project"',
    );
  });

  it('actions/add on an inactive project: 422 → confirmed, 201 → differs and removed again', async () => {
    const refused = await verifyFake({ knobs: { addToInactiveProject: 'error' } });
    expect(refused.fact('add-to-inactive-project')).toMatchObject({
      outcome: 'confirmed',
      observed: 'error',
    });
    expect(refused.fact('add-to-inactive-project').evidence).toContain('Project is inactive');
    const allowed = await verifyFake({ knobs: { addToInactiveProject: 'ok' } });
    expect(allowed.fact('add-to-inactive-project')).toMatchObject({
      outcome: 'differs',
      observed: 'ok',
    });
    expect(allowed.fact('add-to-inactive-project').evidence).toMatch(/201, removed again → 204/);
  });

  it('PATCH without last_name: accepted → confirmed, 422 on last_name → differs', async () => {
    const lax = await verifyFake({ knobs: { patchRequiresLastName: false } });
    expect(lax.fact('patch-requires-last-name')).toMatchObject({
      outcome: 'confirmed',
      observed: false,
    });
    const strict = await verifyFake({ knobs: { patchRequiresLastName: true } });
    expect(strict.fact('patch-requires-last-name')).toMatchObject({
      outcome: 'differs',
      observed: true,
    });
    expect(strict.fact('patch-requires-last-name').evidence).toMatch(/422 .*last_name/);
  });

  it('client-credentials /me: the service account → confirmed; 403 or 404 → differs', async () => {
    const yes = await verifyFake({ knobs: { dmsaMe: 'service-account' } });
    expect(yes.fact('dmsa-me')).toMatchObject({
      outcome: 'confirmed',
      observed: 'service-account',
    });
    expect(yes.fact('dmsa-me').evidence).toContain('salus-integration-k3x9q2m7');
    const forbidden = await verifyFake({ knobs: { dmsaMe: 'forbidden' } });
    expect(forbidden.fact('dmsa-me')).toMatchObject({ outcome: 'differs', observed: 'forbidden' });
    const missing = await verifyFake({ knobs: { dmsaMe: 'not-found' } });
    expect(missing.fact('dmsa-me')).toMatchObject({ outcome: 'differs', observed: 'not-found' });
  });

  it("the account's own record: add_to_new_projects present → confirmed; absent or no route → differs", async () => {
    const yes = await verifyFake();
    expect(yes.fact('company-me-flag')).toMatchObject({
      outcome: 'confirmed',
      observed: 'with-flag',
    });
    const without = await verifyFake({ knobs: { companyMe: 'without-flag' } });
    expect(without.fact('company-me-flag')).toMatchObject({
      outcome: 'differs',
      observed: 'without-flag',
    });
    const none = await verifyFake({ knobs: { companyMe: 'not-found' } });
    expect(none.fact('company-me-flag')).toMatchObject({
      outcome: 'differs',
      observed: 'not-found',
    });
  });

  it("the account's own project list: its memberships → confirmed; every project → differs", async () => {
    const yes = await verifyFake({ scenario: 'partly-configured' });
    expect(yes.fact('dmsa-project-list')).toMatchObject({
      outcome: 'confirmed',
      observed: 'membership',
    });
    const all = await verifyFake({
      scenario: 'partly-configured',
      knobs: { dmsaProjectList: 'all' },
    });
    expect(all.fact('dmsa-project-list')).toMatchObject({ outcome: 'differs', observed: 'all' });
    // On no project yet, there is nothing to compare.
    const fresh = await verifyFake();
    expect(fresh.fact('dmsa-project-list').outcome).toBe('could-not-tell');
  });

  it('client-credentials /me: without an app token it cannot tell, and says why', async () => {
    const { fact } = await verifyFake({ context: { app: null, appProblem: 'invalid_client' } });
    expect(fact('dmsa-me')).toMatchObject({ outcome: 'could-not-tell' });
    expect(fact('dmsa-me').evidence).toContain('invalid_client');
  });

  it('app_uid: equal to the client id → confirmed; only a SALUS name matches → differs', async () => {
    const same = await verifyFake();
    expect(same.fact('app-uid')).toMatchObject({ outcome: 'confirmed', observed: 'app_uid' });
    const other = await verifyFake({ context: { clientId: 'another-client-id' } });
    expect(other.fact('app-uid')).toMatchObject({ outcome: 'differs', observed: 'no-match' });
  });

  it('project_tools types: global + project_specific → confirmed; anything else → differs', async () => {
    const plain = await verifyFake();
    expect(plain.fact('project-tools-types')).toMatchObject({ outcome: 'confirmed' });
    expect(plain.fact('project-tools-types').observed).toEqual(['global']);
    const mixed = await verifyFake({
      fetch: rewriting(/permission_templates$/, (_res, text) => ({
        text: text.replace('"type":"global"', '"type":"company_tools"'),
      })),
    });
    expect(mixed.fact('project-tools-types')).toMatchObject({ outcome: 'differs' });
    expect(mixed.fact('project-tools-types').observed).toContain('company_tools');
  });

  it('rate-limit headers: all three → confirmed; one missing → differs', async () => {
    const all = await verifyFake();
    expect(all.fact('rate-limit-headers').observed).toEqual([
      'x-rate-limit-limit',
      'x-rate-limit-remaining',
      'x-rate-limit-reset',
    ]);
    const partial = await verifyFake({
      fetch: rewriting(/^\/rest\//, () => ({ headers: { 'X-Rate-Limit-Reset': null } })),
    });
    expect(partial.fact('rate-limit-headers')).toMatchObject({ outcome: 'differs' });
    expect(partial.fact('rate-limit-headers').evidence).toContain(
      'present: x-rate-limit-limit, x-rate-limit-remaining',
    );
  });

  it('rate-limit headers: a 429 with Retry-After is reported, one without it differs', () => {
    const headers = (extra: Record<string, string> = {}) =>
      new Headers({
        'X-Rate-Limit-Limit': '3600',
        'X-Rate-Limit-Remaining': '0',
        'X-Rate-Limit-Reset': '1767614400',
        ...extra,
      });
    const seen = [
      { path: '/rest/v1.0/me', status: 200, headers: headers(), quota: 'caller-1' },
      {
        path: '/rest/v1.0/me',
        status: 429,
        headers: headers({ 'Retry-After': '7' }),
        quota: 'caller-1',
      },
    ];
    expect(rateLimitHeadersFact(seen)).toMatchObject({
      outcome: 'confirmed',
      observed: [...RATE_HEADERS, 'retry-after'],
    });
    expect(rateLimitHeadersFact(seen).evidence).toContain('429 × 1, Retry-After on 1');
    const bare = [
      ...seen,
      { path: '/rest/v1.0/me', status: 429, headers: headers(), quota: 'caller-1' },
    ];
    expect(rateLimitHeadersFact(bare)).toMatchObject({ outcome: 'differs' });
    expect(rateLimitHeadersFact([]).outcome).toBe('could-not-tell');
  });

  it('rate-limit windows: read from the resets the run saw, per quota', async () => {
    const answer = (quota: string, limit: number, remaining: number, reset: number) => ({
      path: '/rest/v1.0/projects',
      status: 200,
      quota,
      headers: new Headers({
        'X-Rate-Limit-Limit': String(limit),
        'X-Rate-Limit-Remaining': String(remaining),
        'X-Rate-Limit-Reset': String(reset),
      }),
    });
    const T = 1767614400;
    const cases: [string, ReturnType<typeof answer>[], object][] = [
      [
        'two windows on the 10 s',
        [answer('caller-1', 25, 24, T + 10), answer('caller-1', 25, 24, T + 20)],
        { outcome: 'confirmed', observed: 'aligned' },
      ],
      [
        'two quotas interleaved (user and app tokens), not a rolling window',
        [
          answer('caller-1', 25, 20, T + 10),
          answer('caller-2', 25, 18, T + 20),
          answer('caller-1', 25, 19, T + 10),
          answer('caller-2', 25, 24, T + 30),
        ],
        { outcome: 'confirmed', observed: 'aligned' },
      ],
      [
        'a reset off the 10 s',
        [answer('caller-1', 25, 24, T + 13), answer('caller-1', 25, 23, T + 13)],
        { outcome: 'differs', observed: 'anchored' },
      ],
      [
        'a reset that moved while Remaining did not rise',
        [answer('caller-1', 25, 3, T + 13), answer('caller-1', 25, 3, T + 15)],
        { outcome: 'differs', observed: 'rolling' },
      ],
      [
        'only the spike window counts, and one window on the 10 s could be either',
        [answer('caller-1', 3600, 3000, T + 7), answer('caller-1', 25, 24, T + 10)],
        { outcome: 'could-not-tell' },
      ],
    ];
    for (const [label, seen, expected] of cases) {
      expect(rateLimitWindowFact(seen), label).toMatchObject(expected);
    }
    expect(rateLimitWindowFact([]).outcome).toBe('could-not-tell');

    // A run that starts 3.4 s past the 10 s: its anchored window resets off the 10 s.
    const anchored = await verifyFake({
      clock: { now: () => Date.UTC(2026, 0, 5, 12, 0, 3, 400) },
      knobs: { rateLimits: { window: 'anchored' } },
    });
    expect(anchored.fact('rate-limit-window')).toMatchObject({
      outcome: 'differs',
      observed: 'anchored',
    });
  });

  it('CORS: exposed → differs, allowed but not exposed → confirmed, with the Node caveat', async () => {
    const exposed = await verifyFake({
      fetch: rewriting(/\/me$/, () => ({
        headers: {
          'Access-Control-Allow-Origin': 'http://localhost:3000',
          'Access-Control-Expose-Headers':
            'X-Rate-Limit-Limit, X-Rate-Limit-Remaining, X-Rate-Limit-Reset',
        },
      })),
    });
    expect(exposed.fact('cors-expose-headers')).toMatchObject({ outcome: 'differs' });
    expect(exposed.fact('cors-expose-headers').evidence).toContain('not what a browser does');
    const hidden = await verifyFake({
      fetch: rewriting(/\/me$/, () => ({
        headers: { 'Access-Control-Allow-Origin': 'http://localhost:3000' },
      })),
    });
    expect(hidden.fact('cors-expose-headers')).toMatchObject({
      outcome: 'confirmed',
      observed: [],
    });
  });

  it('webhooks: creates the hook and triggers on the app token, reports them and deletes the hook', async () => {
    const { fact, fake } = await verifyFake();
    expect(fact('webhook-hooks')).toMatchObject({ outcome: 'confirmed', observed: 'granted' });
    const evidence = fact('webhook-hooks').evidence;
    expect(evidence).toContain('POST hooks 201');
    expect(evidence).toMatch(
      /Authorization shown masked \("\*\*\*…", \d+ characters, ending in its last 5\)/,
    );
    expect(evidence).toContain('trigger Projects/create 201 (event_type CREATE)');
    expect(evidence).toContain('trigger Company Users/update 201 (event_type UPDATE)');
    expect(evidence).toContain('listed in the namespace: 1');
    expect(evidence).toContain('DELETE hook 200');
    expect(fake.state.hooks.size).toBe(0);
    expect(fake.state.triggers.size).toBe(0);
  });

  it('webhooks: without the Webhooks API permission the app is refused → differs', async () => {
    const { fact, fake } = await verifyFake({ knobs: { webhooksPermission: 'not-granted' } });
    expect(fact('webhook-hooks')).toMatchObject({ outcome: 'differs', observed: 'not-granted' });
    expect(fact('webhook-hooks').evidence).toContain('POST hooks 403');
    expect(fact('webhook-delivery').outcome).toBe('could-not-tell');
    expect(fake.state.hooks.size).toBe(0);
  });

  it('webhooks: a delivery of the app’s own change names the app by developer_app.id → confirmed', async () => {
    const { fact, fake, notices, receiver } = await verifyFake({
      receiver: { createsProject: true },
    });
    expect(notices).toEqual([expect.stringMatching(/create a project in the sandbox company now/)]);
    expect(fact('webhook-delivery')).toMatchObject({
      outcome: 'confirmed',
      observed: 'developer-app-id',
    });
    const evidence = fact('webhook-delivery').evidence;
    expect(evidence).toMatch(/job_title changed \(200\) and set back \(200\)/);
    expect(evidence).toContain('Authorization as sent');
    expect(evidence).toContain(
      'Company Users/update: source_application_id 8675309 (= developer_app.id)',
    );
    expect(evidence).toContain('Projects/create: source_application_id null');
    expect(receiver!.received.length).toBeGreaterThanOrEqual(3);
    // The hook is gone, and the user's record is as it was.
    expect(fake.state.hooks.size).toBe(0);
    const patches = fake.writeLog.filter((w) => w.kind === 'user.patch');
    expect(patches.at(-1)!.after).toEqual(patches.at(-2)!.before);
    for (const line of [evidence, fact('webhook-hooks').evidence]) {
      expect(line).not.toMatch(/Bearer verify-/);
    }
  });

  it('webhooks: source_application_id as the client id → differs', async () => {
    const { fact } = await verifyFake({
      receiver: { createsProject: true },
      knobs: { webhookSourceApplicationId: 'app-uid' },
    });
    expect(fact('webhook-delivery')).toMatchObject({ outcome: 'differs', observed: 'app-uid' });
    expect(fact('webhook-delivery').evidence).toContain(
      'source_application_id the OAuth client id',
    );
  });

  it('without a user token, the user facts cannot tell and say why', async () => {
    const { fact } = await verifyFake({
      context: { user: null, userProblem: 'no callback arrived in time', cors: null },
    });
    expect(fact('bulk-add')).toMatchObject({ outcome: 'could-not-tell' });
    expect(fact('bulk-add').evidence).toContain('no callback arrived in time');
    expect(fact('dmsa-me').outcome).toBe('confirmed');
  });

  it.each([
    ['the documented defaults', {}],
    [
      'the other answers',
      {
        addToNewProjectsOnRead: true,
        betaEndpoints: { bulkAdd: false, projectAssignments: false },
        addExistingMember: 'error' as const,
        addToInactiveProject: 'ok' as const,
        dmsaMe: 'forbidden' as const,
        patchRequiresLastName: true,
      },
    ],
  ])('leaves memberships and the directory as it found them (%s)', async (_name, knobs) => {
    const { fake } = await verifyFake({ knobs });
    for (const w of fake.writeLog) {
      expect([
        'membership.add',
        'membership.remove',
        'membership.retemplate',
        'user.patch',
      ]).toContain(w.kind);
      // The PATCH writes a value the user already had.
      if (w.kind === 'user.patch') expect(w.after).toEqual(w.before);
    }
    // Net effect per (project, user): every add has its remove.
    const net = new Map<string, number>();
    for (const w of fake.writeLog) {
      const key = `${w.projectId}/${w.userId}`;
      const delta = w.kind === 'membership.add' ? 1 : w.kind === 'membership.remove' ? -1 : 0;
      net.set(key, (net.get(key) ?? 0) + delta);
    }
    expect([...net.values()].every((n) => n === 0)).toBe(true);
  });

  it('the state after a run equals the state before it', async () => {
    const { fake, verify } = await fakeSandbox({
      knobs: { addToInactiveProject: 'ok' },
    });
    const before = snapshot(fake);
    await verify();
    expect(snapshot(fake)).toBe(before);
    // A user who is on no project gets added for the existing-member check, then removed.
    expect(fake.writeLog.map((w) => w.kind)).toContain('membership.remove');
  });

  it('acts only on the user it is given', async () => {
    const { fake, ctx, verify } = await fakeSandbox();
    const subject = fake.facts.nonAdminUserId;
    ctx.subjectUserId = subject;
    await verify();
    expect(fake.writeLog.every((w) => w.userId === subject)).toBe(true);
  });
});
