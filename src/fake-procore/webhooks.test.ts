import type { FakeProcore } from './fake.ts';
import { asArray, asObject, call, setupFakeProcoreServer } from './test-support.ts';
import { ulidFactory } from './webhooks.ts';

const procore = setupFakeProcoreServer();

const HOOKS = '/rest/v1.0/webhooks/hooks';

function app(fake: FakeProcore) {
  return { token: fake.issueClientToken().access_token, companyId: fake.facts.companyId };
}

function admin(fake: FakeProcore) {
  return { token: fake.issueUserToken().access_token, companyId: fake.facts.companyId };
}

const hookBody = (companyId: string, hook: Record<string, unknown> = {}) => ({
  company_id: companyId,
  hook: {
    api_version: 'v2',
    namespace: 'salus-setup',
    destination_url: 'https://salus.example/procore/events',
    destination_headers: { Authorization: 'Bearer s3cr3t-token-abcde' },
    ...hook,
  },
});

async function createHook(fake: FakeProcore, auth = app(fake)) {
  const res = await call('POST', HOOKS, { ...auth, json: hookBody(fake.facts.companyId) });
  expect(res.status).toBe(201);
  return asObject(res.body);
}

const masked = (secret: string) => `${'*'.repeat(secret.length - 5)}${secret.slice(-5)}`;

const triggerBody = (companyId: string, resource: string, event: string) => ({
  company_id: companyId,
  api_version: 'v2',
  trigger: { resource_name: resource, event_type: event },
});

describe('company hooks', () => {
  it('creates, lists by namespace, shows, updates and deletes a hook with the app token', async () => {
    const fake = procore.use();
    const cid = fake.facts.companyId;
    const hook = await createHook(fake);
    expect(hook).toEqual({
      id: expect.any(String),
      api_version: 'v2',
      namespace: 'salus-setup',
      destination_url: 'https://salus.example/procore/events',
      // Masked to the last 5 characters, as the reference says.
      destination_headers: { Authorization: masked('Bearer s3cr3t-token-abcde') },
      owned_by_company_id: cid,
      owned_by_user_id: fake.facts.serviceAccountId,
    });
    await call('POST', HOOKS, {
      ...app(fake),
      json: hookBody(cid, { namespace: 'someone-else' }),
    });

    const mine = await call('GET', `${HOOKS}?company_id=${cid}&namespace=salus-setup`, app(fake));
    expect(asArray(mine.body).map((h) => h.id)).toEqual([hook.id]);
    expect(asArray((await call('GET', `${HOOKS}?company_id=${cid}`, app(fake))).body)).toHaveLength(
      2,
    );
    const shown = await call('GET', `${HOOKS}/${String(hook.id)}?company_id=${cid}`, app(fake));
    expect(asObject(shown.body)).toEqual(hook);

    const patched = await call('PATCH', `${HOOKS}/${String(hook.id)}`, {
      ...app(fake),
      json: {
        company_id: cid,
        hook: {
          destination_url: 'https://salus.example/v2/events',
          destination_headers: { Authorization: 'Bearer rotated-12345' },
        },
      },
    });
    expect(patched.status).toBe(200);
    expect(asObject(patched.body)).toMatchObject({
      namespace: 'salus-setup',
      destination_url: 'https://salus.example/v2/events',
      destination_headers: { Authorization: masked('Bearer rotated-12345') },
    });
    expect(fake.state.hooks.get(String(hook.id))?.destinationHeaders).toEqual({
      Authorization: 'Bearer rotated-12345',
    });

    const gone = await call('DELETE', `${HOOKS}/${String(hook.id)}?company_id=${cid}`, app(fake));
    expect(gone.status).toBe(200);
    expect(
      (await call('GET', `${HOOKS}/${String(hook.id)}?company_id=${cid}`, app(fake))).status,
    ).toBe(404);
  });

  it.each([
    ['a namespace with capitals', { namespace: 'Salus-Setup' }, 'namespace'],
    ['a namespace with an underscore', { namespace: 'salus_setup' }, 'namespace'],
    ['no namespace', { namespace: undefined }, 'namespace'],
    ['a plain-http destination', { destination_url: 'http://salus.example/e' }, 'destination_url'],
    ['a destination that is not a URL', { destination_url: 'salus.example' }, 'destination_url'],
    ['another payload version', { api_version: 'v4.0' }, 'api_version'],
    ['no payload version', { api_version: undefined }, 'api_version'],
    ['headers that are not strings', { destination_headers: { 'X-N': 1 } }, 'destination_headers'],
  ])('refuses %s (422 on the field)', async (_name, hook, field) => {
    const fake = procore.use();
    const res = await call('POST', HOOKS, {
      ...app(fake),
      json: hookBody(fake.facts.companyId, hook),
    });
    expect(res.status).toBe(422);
    expect(asObject(asObject(res.body).errors)).toHaveProperty(field);
    expect(fake.state.hooks.size).toBe(0);
  });

  it('accepts plain http on loopback only (for tests and the demo)', async () => {
    const fake = procore.use();
    const res = await call('POST', HOOKS, {
      ...app(fake),
      json: hookBody(fake.facts.companyId, { destination_url: 'http://127.0.0.1:4010/events' }),
    });
    expect(res.status).toBe(201);
  });

  it('needs the hook key, a company scope and the company header, as the rest of Procore', async () => {
    const fake = procore.use();
    const cid = fake.facts.companyId;
    const noHook = await call('POST', HOOKS, { ...app(fake), json: { company_id: cid } });
    expect(noHook.status).toBe(400);
    expect(asObject(noHook.body).errors).toMatch(/param is missing.*hook/);
    const noScope = await call('POST', HOOKS, { ...app(fake), json: { hook: {} } });
    expect(noScope.status).toBe(400);
    const noHeader = await call('GET', `${HOOKS}?company_id=${cid}`, { token: app(fake).token });
    expect(noHeader.status).toBe(400);
    const other = fake.facts.secondCompanyId!;
    const mismatch = await call('GET', `${HOOKS}?company_id=${other}`, admin(fake));
    expect(mismatch.status).toBe(404);
  });

  it('lets the app in only when its version grants the Webhooks API permission', async () => {
    const fake = procore.use({ knobs: { webhooksPermission: 'not-granted' } });
    const cid = fake.facts.companyId;
    const refused = await call('POST', HOOKS, { ...app(fake), json: hookBody(cid) });
    expect(refused.status).toBe(403);
    expect(asObject(refused.body)).toEqual({
      errors: 'You do not have permission to perform this action.',
    });
    expect((await call('GET', `${HOOKS}?company_id=${cid}`, app(fake))).status).toBe(403);
    // A company admin's own token does not depend on the app's permissions.
    const byAdmin = await createHook(fake, admin(fake));
    expect(byAdmin.owned_by_user_id).toBe(fake.facts.adminUserId);
  });

  it('refuses a user who is not a company admin, and an app that is not installed', async () => {
    const fake = procore.use();
    const nonAdmin = {
      token: fake.issueUserToken(fake.facts.nonAdminUserId).access_token,
      companyId: fake.facts.companyId,
    };
    const res = await call('POST', HOOKS, { ...nonAdmin, json: hookBody(fake.facts.companyId) });
    expect(res.status).toBe(403);
    const missing = procore.use({ scenario: 'no-service-account' });
    const notConnected = await call('POST', HOOKS, {
      ...app(missing),
      json: hookBody(missing.facts.companyId),
    });
    expect(notConnected.status).toBe(403);
    expect(asObject(notConnected.body).errors).toBe('App is not connected to this company');
  });
});

describe('triggers', () => {
  it('creates Projects create and Company Users update triggers, lists and deletes them', async () => {
    const fake = procore.use();
    const cid = fake.facts.companyId;
    const hook = await createHook(fake);
    const path = `${HOOKS}/${String(hook.id)}/triggers`;
    const projects = await call('POST', path, {
      ...app(fake),
      json: triggerBody(cid, 'Projects', 'create'),
    });
    expect(projects.status).toBe(201);
    expect(asObject(projects.body)).toEqual({
      id: expect.any(String),
      webhook_hook_id: hook.id,
      resource_name: 'Projects',
      event_type: 'CREATE',
      company_id: cid,
      user_id: fake.facts.serviceAccountId,
    });
    const users = await call('POST', path, {
      ...app(fake),
      json: triggerBody(cid, 'Company Users', 'update'),
    });
    expect(users.status).toBe(201);

    const listed = await call('GET', `${path}?company_id=${cid}`, app(fake));
    expect(
      asArray(listed.body).map((t) => `${String(t.resource_name)}/${String(t.event_type)}`),
    ).toEqual(['Projects/CREATE', 'Company Users/UPDATE']);
    const removed = await call(
      'DELETE',
      `${path}/${String(asObject(users.body).id)}?company_id=${cid}`,
      app(fake),
    );
    expect(removed.status).toBe(200);
    expect(asArray((await call('GET', `${path}?company_id=${cid}`, app(fake))).body)).toHaveLength(
      1,
    );
    // Deleting the hook takes its triggers with it.
    await call('DELETE', `${HOOKS}/${String(hook.id)}?company_id=${cid}`, app(fake));
    expect(fake.state.triggers.size).toBe(0);
  });

  it.each([
    ['an unknown resource', 'Project Widgets', 'create', 'resource_name'],
    ['an event the resource has not', 'Projects', 'delete', 'event_type'],
    ['an event type in capitals', 'Projects', 'CREATE', 'event_type'],
    ['Project Users update, removed on 2026-06-30', 'Project Users', 'update', 'event_type'],
  ])('refuses %s (422)', async (_name, resource, event, field) => {
    const fake = procore.use();
    const hook = await createHook(fake);
    const res = await call('POST', `${HOOKS}/${String(hook.id)}/triggers`, {
      ...app(fake),
      json: triggerBody(fake.facts.companyId, resource, event),
    });
    expect(res.status).toBe(422);
    expect(asObject(asObject(res.body).errors)).toHaveProperty(field);
    if (resource === 'Project Users') expect(res.text).toContain('2026-06-30');
  });

  it('needs the api_version in the body and refuses the same trigger twice', async () => {
    const fake = procore.use();
    const cid = fake.facts.companyId;
    const hook = await createHook(fake);
    const path = `${HOOKS}/${String(hook.id)}/triggers`;
    const { api_version: _omit, ...noVersion } = triggerBody(cid, 'Projects', 'create');
    expect((await call('POST', path, { ...app(fake), json: noVersion })).status).toBe(422);
    const body = triggerBody(cid, 'Projects', 'create');
    expect((await call('POST', path, { ...app(fake), json: body })).status).toBe(201);
    const again = await call('POST', path, { ...app(fake), json: body });
    expect(again.status).toBe(422);
    expect(again.text).toContain('has already been taken');
    const unknownHook = await call('POST', `${HOOKS}/999/triggers`, { ...app(fake), json: body });
    expect(unknownHook.status).toBe(404);
  });
});

describe('ulids', () => {
  it('are 26 Crockford characters that sort in time order, within a millisecond too', () => {
    let n = 0;
    const next = ulidFactory(() => (n += 0.37) % 1);
    const ids = [next(1000), next(1000), next(1000), next(1001), next(5_000_000_000_000)];
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
