import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseProcoreJson } from '../procore/json.ts';
import type { FakeProcore } from './fake.ts';
import { SALUS_CLIENT_ID } from './scenario-kit.ts';
import { startFakeProcoreServer, type FakeProcoreServer } from './server.ts';

// Real sockets, both ways: the fake on loopback, and a receiver the fake POSTs to. No msw here.

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  raw: string;
}

/** A webhook receiver on loopback whose answers a test scripts: a status, or no answer at all. */
async function startReceiver() {
  const received: Received[] = [];
  const answers: (number | 'hang')[] = [];
  const hanging: ServerResponse[] = [];
  let closedEarly = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, raw, body: parseProcoreJson(raw) as Received['body'] });
      const answer = answers.shift() ?? 200;
      if (answer === 'hang') {
        hanging.push(res);
        res.on('close', () => (closedEarly += 1));
        return;
      }
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/procore/events`,
    received,
    /** The next answers, in order; afterwards 200. */
    answer: (...next: (number | 'hang')[]) => answers.push(...next),
    /** Forgets the answers not used yet. */
    clearAnswers: () => answers.splice(0),
    closedEarly: () => closedEarly,
    close: () =>
      new Promise<void>((resolve) => {
        hanging.forEach((res) => res.destroy());
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** The fake's clock, moved by hand. */
function manualClock(start = Date.UTC(2026, 0, 5, 12)) {
  let now = start;
  return {
    now: () => now,
    set(ms: number) {
      now = ms;
    },
  };
}

let procore: FakeProcoreServer;
let receiver: Receiver;
let clock: ReturnType<typeof manualClock>;

beforeEach(async () => {
  clock = manualClock();
  [procore, receiver] = await Promise.all([
    startFakeProcoreServer({ scenario: 'partly-configured', clock }),
    startReceiver(),
  ]);
});

afterEach(async () => {
  await Promise.all([procore.close(), receiver.close()]);
});

const HOOKS = '/rest/v1.0/webhooks/hooks';

async function api(method: string, path: string, token: string, body?: unknown) {
  const fake = procore.fake;
  const res = await fetch(`${procore.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Procore-Company-Id': fake.facts.companyId,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (parseProcoreJson(text) as Record<string, unknown>) : null,
  };
}

/** A hook of the app with the given triggers, pointing at the receiver (or `url`). */
async function subscribe(
  fake: FakeProcore,
  triggers: [string, string][] = [
    ['Projects', 'create'],
    ['Company Users', 'update'],
  ],
  url = receiver.url,
) {
  const token = fake.issueClientToken().access_token;
  const cid = fake.facts.companyId;
  const hook = await api('POST', HOOKS, token, {
    company_id: cid,
    hook: {
      api_version: 'v2',
      namespace: 'salus-setup',
      destination_url: url,
      destination_headers: { Authorization: 'Bearer delivery-secret' },
    },
  });
  expect(hook.status).toBe(201);
  const hookId = String(hook.body!.id);
  for (const [resource_name, event_type] of triggers) {
    const t = await api('POST', `${HOOKS}/${hookId}/triggers`, token, {
      company_id: cid,
      api_version: 'v2',
      trigger: { resource_name, event_type },
    });
    expect(t.status).toBe(201);
  }
  return hookId;
}

async function control(path: string, body: unknown = {}) {
  const res = await fetch(`${procore.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Moves the fake clock to the next retry, runs it, and waits for its answer. */
async function nextRetry(fake: FakeProcore) {
  const due = fake.webhookDeliveries.find((d) => d.outcome === 'retrying')?.nextAttemptAt;
  if (due === undefined || due === null) throw new Error('no retry waiting');
  clock.set(due);
  fake.flushAsync();
  await fake.webhooksIdle();
}

describe('webhook deliveries over HTTP', () => {
  it('POSTs a v2 event for a project created in Procore, with the hook’s headers', async () => {
    const fake = procore.fake;
    await subscribe(fake);
    const created = await control('/__fake/projects', { name: 'Harbor Tower' });
    await fake.webhooksIdle();

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(delivery!.headers.authorization).toBe('Bearer delivery-secret');
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.body).toEqual({
      id: expect.any(String),
      ulid: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      timestamp: '2026-01-05T12:00:00.000000Z',
      metadata: {
        source_user_id: fake.facts.adminUserId,
        source_project_id: null,
        source_operation_id: null,
        source_company_id: fake.facts.companyId,
        source_application_id: null,
      },
      user_id: fake.facts.adminUserId,
      company_id: fake.facts.companyId,
      project_id: null,
      api_version: 'v2.0',
      event_type: 'create',
      resource_name: 'Projects',
      resource_id: created.body.id,
    });
    // IDs go out as exact JSON numbers, as Procore sends them.
    expect(delivery!.raw).toContain(`"resource_id":${String(created.body.id)}`);
    expect(fake.webhookDeliveries).toMatchObject([
      { outcome: 'delivered', attempts: 1, lastStatus: 200, duplicate: false },
    ]);
  });

  it('names the acting app for a change made with a token issued to SALUS', async () => {
    const fake = procore.fake;
    await subscribe(fake);
    const f = fake.facts;
    const patch = await api(
      'PATCH',
      `/rest/v1.3/companies/${f.companyId}/users/${f.serviceAccountId}`,
      fake.issueUserToken().access_token,
      { user: { add_to_new_projects: true } },
    );
    expect(patch.status).toBe(200);
    await fake.webhooksIdle();
    expect(receiver.received.map((r) => r.body)).toEqual([
      expect.objectContaining({
        resource_name: 'Company Users',
        event_type: 'update',
        resource_id: f.serviceAccountId,
        user_id: f.adminUserId,
        metadata: expect.objectContaining({ source_application_id: '8675309' }),
      }),
    ]);
    // The other reading of source_application_id (UNCONFIRMED): the app's UID.
    fake.setKnobs({ webhookSourceApplicationId: 'app-uid' });
    await api(
      'PATCH',
      `/rest/v1.3/companies/${f.companyId}/users/${f.serviceAccountId}`,
      fake.issueUserToken().access_token,
      { user: { add_to_new_projects: false } },
    );
    await fake.webhooksIdle();
    expect(receiver.received[1]!.body.metadata).toMatchObject({
      source_application_id: SALUS_CLIENT_ID,
    });
  });

  it('sends nothing without a matching trigger, and nothing for another company', async () => {
    const fake = procore.fake;
    await subscribe(fake, [['Company Users', 'update']]);
    fake.createProject(fake.facts.companyId, 'No trigger for this');
    fake.createProject(fake.facts.secondCompanyId!, 'Another company');
    await fake.webhooksIdle();
    expect(receiver.received).toEqual([]);
    expect(fake.webhookDeliveries).toEqual([]);
  });

  it('retries a failing hook from 1 s, doubling, on the fake clock, keeping events in order', async () => {
    const fake = procore.fake;
    await subscribe(fake);
    receiver.answer(500, 503);
    const start = clock.now();
    fake.createProject(fake.facts.companyId, 'First');
    fake.createProject(fake.facts.companyId, 'Second');
    await fake.webhooksIdle();
    // The hook's queue pauses: the second event waits behind the first.
    expect(fake.webhookDeliveries.map((d) => [d.outcome, d.attempts, d.lastStatus])).toEqual([
      ['retrying', 1, 500],
      ['pending', 0, null],
    ]);
    expect(fake.webhookDeliveries[0]!.nextAttemptAt).toBe(start + 1000);
    // Not due yet: nothing happens.
    fake.flushAsync();
    await fake.webhooksIdle();
    expect(receiver.received).toHaveLength(1);

    await nextRetry(fake);
    expect(fake.webhookDeliveries[0]).toMatchObject({ attempts: 2, lastStatus: 503 });
    expect(fake.webhookDeliveries[0]!.nextAttemptAt).toBe(start + 1000 + 2000);
    await nextRetry(fake);
    expect(fake.webhookDeliveries.map((d) => [d.outcome, d.attempts])).toEqual([
      ['delivered', 3],
      ['delivered', 1],
    ]);
    expect(receiver.received.map((r) => r.body.resource_id)).toEqual([
      fake.webhookDeliveries[0]!.resourceId,
      fake.webhookDeliveries[0]!.resourceId,
      fake.webhookDeliveries[0]!.resourceId,
      fake.webhookDeliveries[1]!.resourceId,
    ]);
    // Every attempt of one event carries the same ulid.
    expect(new Set(receiver.received.slice(0, 3).map((r) => r.body.ulid)).size).toBe(1);
  });

  it('counts a receiver that does not answer in time, or cannot be reached, as a failure', async () => {
    const fake = procore.fake;
    fake.setKnobs({ webhookTimeoutMs: 200 });
    await subscribe(fake);
    receiver.answer('hang');
    fake.createProject(fake.facts.companyId, 'Slow receiver');
    await fake.webhooksIdle();
    expect(fake.webhookDeliveries[0]).toMatchObject({ outcome: 'retrying', lastStatus: 'timeout' });
    await nextRetry(fake);
    expect(fake.webhookDeliveries[0]).toMatchObject({ outcome: 'delivered', attempts: 2 });

    const closed = await startReceiver();
    await closed.close();
    const deadHook = await subscribe(fake, [['Company Users', 'update']], closed.url);
    const f = fake.facts;
    fake.state.patchCompanyUser(
      f.companyId,
      f.serviceAccountId!,
      { addToNewProjects: true },
      fake.uiOrigin('test'),
    );
    await fake.webhooksIdle();
    expect(fake.webhookDeliveries.find((d) => d.hookId === deadHook)).toMatchObject({
      outcome: 'retrying',
      lastStatus: 'network-error',
    });
  });

  it('backs off up to 1 h and discards the hook’s queue after 12 h of failure', async () => {
    const fake = procore.fake;
    await subscribe(fake);
    receiver.answer(...Array<number>(40).fill(500));
    const start = clock.now();
    fake.createProject(fake.facts.companyId, 'Never arrives');
    fake.createProject(fake.facts.companyId, 'Queued behind it');
    await fake.webhooksIdle();
    const gaps: number[] = [];
    let last = start;
    while (fake.webhookDeliveries[0]!.outcome === 'retrying') {
      const due = fake.webhookDeliveries[0]!.nextAttemptAt!;
      gaps.push(due - last);
      last = due;
      await nextRetry(fake);
    }
    expect(gaps.slice(0, 5)).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(Math.max(...gaps)).toBe(3_600_000);
    expect(clock.now() - start).toBeGreaterThanOrEqual(12 * 3_600_000);
    expect(fake.webhookDeliveries.map((d) => d.outcome)).toEqual(['discarded', 'discarded']);
    expect(fake.webhookDeliveries[1]!.attempts).toBe(0);
    // A new event starts afresh.
    receiver.clearAnswers();
    fake.createProject(fake.facts.companyId, 'After the flush');
    await fake.webhooksIdle();
    expect(fake.webhookDeliveries.at(-1)).toMatchObject({ outcome: 'delivered', attempts: 1 });
  });

  it('sends an event twice with the same ulid, or never, as the knobs say', async () => {
    const fake = procore.fake;
    await subscribe(fake);
    fake.setKnobs({ webhookDuplicateRate: 1 });
    fake.createProject(fake.facts.companyId, 'Twice');
    await fake.webhooksIdle();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.body.ulid).toBe(receiver.received[1]!.body.ulid);
    expect(fake.webhookDeliveries.map((d) => d.duplicate)).toEqual([false, true]);

    fake.setKnobs({ webhookDuplicateRate: 0, webhookDropRate: 1 });
    fake.createProject(fake.facts.companyId, 'Never');
    await fake.webhooksIdle();
    expect(receiver.received).toHaveLength(2);
    expect(fake.webhookDeliveries.at(-1)).toMatchObject({ outcome: 'dropped', attempts: 0 });
  });

  it('reset() aborts a delivery in flight and cancels waiting retries', async () => {
    const fake = procore.fake;
    await subscribe(fake);
    receiver.answer('hang');
    fake.createProject(fake.facts.companyId, 'In flight');
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1));
    fake.reset();
    await fake.webhooksIdle();
    await vi.waitFor(() => expect(receiver.closedEarly()).toBe(1));
    expect(fake.webhookDeliveries).toEqual([]);
    expect(fake.state.hooks.size).toBe(0);
  });

  it('shows hooks, triggers and deliveries on /__fake/webhooks and /__fake/state', async () => {
    const fake = procore.fake;
    const hookId = await subscribe(fake);
    fake.createProject(fake.facts.companyId, 'Logged');
    await fake.webhooksIdle();
    const webhooks = (await (await fetch(`${procore.url}/__fake/webhooks`)).json()) as {
      hooks: { id: string; triggers: unknown[] }[];
      deliveries: { hookId: string; outcome: string; ulid: string }[];
    };
    expect(webhooks.hooks).toMatchObject([{ id: hookId, namespace: 'salus-setup' }]);
    expect(webhooks.hooks[0]!.triggers).toHaveLength(2);
    expect(webhooks.deliveries).toMatchObject([{ hookId, outcome: 'delivered' }]);
    const state = (await (await fetch(`${procore.url}/__fake/state`)).json()) as {
      webhookDeliveries: { ulid: string }[];
    };
    expect(state.webhookDeliveries.map((d) => d.ulid)).toEqual([webhooks.deliveries[0]!.ulid]);
  });
});

describe('changes made in the simulated Procore UI', () => {
  it('changing the SALUS account’s template is a Company Users update from no app', async () => {
    const fake = procore.fake;
    await subscribe(fake);
    const f = fake.facts;
    const res = await control('/__fake/actions/change-salus-template');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      field: 'default_permission_template_id',
      to: { name: 'Read Only' },
    });
    expect(fake.companyUser(f.companyId, f.serviceAccountId!)?.defaultPermissionTemplateId).toBe(
      (res.body.to as { id: string }).id,
    );
    await fake.webhooksIdle();
    expect(receiver.received.map((r) => r.body)).toEqual([
      expect.objectContaining({
        resource_name: 'Company Users',
        event_type: 'update',
        resource_id: f.serviceAccountId,
        user_id: f.adminUserId,
        metadata: expect.objectContaining({ source_application_id: null }),
      }),
    ]);
  });

  it('updating the SALUS app changes its version, reapplies permissions for a while and empties its projects', async () => {
    const fake = procore.fake;
    const f = fake.facts;
    const before = fake.state.activeInstallation(f.companyId, SALUS_CLIENT_ID)!;
    const oldVersion = before.appVersionId;
    const memberships = fake.state
      .projectsOf(f.companyId)
      .filter((p) => fake.state.membership(p.id, f.serviceAccountId!) !== undefined).length;
    expect(memberships).toBeGreaterThan(0);
    const res = await control('/__fake/actions/update-salus-app');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ semanticVersion: '2.2.0', removedFromProjects: memberships });
    const token = fake.issueUserToken().access_token;
    const show = await api(
      'GET',
      `/rest/v1.0/app_installations/${before.id}?company_id=${f.companyId}`,
      token,
    );
    expect(show.body).toMatchObject({
      app_version_id: res.body.appVersionId,
      semantic_version: '2.2.0',
      pending_operation_id: res.body.pendingOperationId,
    });
    expect(show.body!.app_version_id).not.toBe(oldVersion);
    expect(fake.missingProjects(f.companyId, f.serviceAccountId!)).toHaveLength(f.activeProjects);

    clock.set(clock.now() + fake.knobs.appUpdateReapplyMs);
    fake.flushAsync();
    const after = await api(
      'GET',
      `/rest/v1.0/app_installations/${before.id}?company_id=${f.companyId}`,
      token,
    );
    expect(after.body!.pending_operation_id).toBeNull();
  });

  it('the demo page offers the three changes in plain words and says what happened', async () => {
    const fake = procore.fake;
    const page = await (await fetch(`${procore.url}/demo`)).text();
    for (const label of [
      'Make a change in Procore',
      '<label for="project-name">Project name</label>',
      '>Create project</button>',
      '>Change the SALUS account’s template</button>',
      '>Update the SALUS app</button>',
    ]) {
      expect(page).toContain(label);
    }
    const post = (path: string, form: Record<string, string> = {}) =>
      fetch(`${procore.url}/demo/${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    const created = await post('create-project', { name: 'Harbor Tower' });
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toBe('/demo');
    const shown = await (await fetch(`${procore.url}/demo`)).text();
    expect(shown).toContain('<p role="status" id="change-notice">Project “Harbor Tower” created.');
    expect(fake.state.projectsOf(fake.facts.companyId).some((p) => p.name === 'Harbor Tower')).toBe(
      true,
    );
    // Shown once.
    expect(await (await fetch(`${procore.url}/demo`)).text()).toContain(
      '<p role="status" id="change-notice"></p>',
    );

    // "Without the SALUS account": Procore creates it, and the account, although it is set to
    // join every new project, is not added to it.
    const account = fake.serviceAccountId(fake.facts.companyId)!;
    fake.state.patchCompanyUser(
      fake.facts.companyId,
      account,
      { addToNewProjects: true },
      fake.uiOrigin('directory'),
    );
    await post('create-project', { name: 'Quiet Yard', 'without-salus-account': 'on' });
    expect(await (await fetch(`${procore.url}/demo`)).text()).toContain(
      'Procore did not add the SALUS account to it, as if its “Add to all new projects” had been off.',
    );
    const quiet = fake.state.projectsOf(fake.facts.companyId).find((p) => p.name === 'Quiet Yard')!;
    expect(fake.state.membership(quiet.id, account)).toBeUndefined();

    // The page's own script asks for JSON: the page (and the app it frames) stays.
    const asked = await fetch(`${procore.url}/demo/create-project`, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ name: 'North Pier' }).toString(),
    });
    expect(asked.status).toBe(200);
    expect(((await asked.json()) as { notice: string }).notice).toMatch(
      /^Project “North Pier” created\. Procore added the SALUS account to it/,
    );
    const pier = fake.state.projectsOf(fake.facts.companyId).find((p) => p.name === 'North Pier')!;
    expect(fake.state.membership(pier.id, account)).toBeDefined();

    await post('change-template');
    expect(await (await fetch(`${procore.url}/demo`)).text()).toContain(
      'The SALUS account’s default project template is now “Read Only”',
    );
    await post('update-app');
    expect(await (await fetch(`${procore.url}/demo`)).text()).toContain(
      'The SALUS app was updated to version 2.2.0.',
    );
    fake.reset('no-service-account');
    await post('update-app');
    expect(await (await fetch(`${procore.url}/demo`)).text()).toContain(
      'The SALUS app is not installed in this company',
    );
  });
});
