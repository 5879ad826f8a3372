import { HttpResponse, http as rest } from 'msw';
import { createProcoreClient } from './client.ts';
import { ProcoreApiError } from './errors.ts';
import { parseProcoreWebhookEvent, procoreWebhookEventSchema } from './schemas.ts';
import { API, testHttp } from './test-utils.ts';
import type { CompanyUserPatch } from './types.ts';
import { engineContext, useFakeProcore } from '../../test/support/engine-harness.ts';
import { server } from '../../test/support/msw.ts';

const requests: Request[] = [];
beforeAll(() => {
  server.events.on('request:start', ({ request }) => void requests.push(request.clone()));
});
afterEach(() => {
  requests.length = 0;
});

const CID = '562949953421312';
const UID = '9007199254740993';
const PID = '8800000000000001';
const BIG_TEMPLATE = '9007199254740995';

const json = (text: string, init: ResponseInit = {}) =>
  new HttpResponse(text, { ...init, headers: { 'Content-Type': 'application/json' } });

function client() {
  return createProcoreClient(testHttp().http);
}

const userJson = `{"id":${UID},"name":"salus-integration-ab12cd34","last_name":"Integration","email_address":"x@salus.test","is_active":true,"is_employee":false,"permission_template":null,"company_permission_template":{"id":13,"name":"SALUS Integration Account","project_specific":false,"type":"company_tools"},"default_permission_template_id":null,"company_permission_template_id":13,"vendor":null,"extra_field":{"kept":"no"}}`;

describe('company scoping', () => {
  it('sends Procore-Company-Id on every company call', async () => {
    server.use(
      rest.get(`${API}/rest/v1.0/company_base_url`, () =>
        HttpResponse.json({ zone: 'us02', web_base_url: 'https://us02.procore.com' }),
      ),
      rest.get(`${API}/rest/v1.0/settings/permissions`, () => HttpResponse.json({ tools: [] })),
      rest.get(`${API}/rest/v1.3/companies/${CID}/users`, () => json(`[${userJson}]`)),
      rest.get(`${API}/rest/v1.0/companies/${CID}/permission_templates`, () =>
        HttpResponse.json([]),
      ),
      rest.get(`${API}/rest/v1.1/projects`, () => HttpResponse.json([])),
      rest.get(`${API}/rest/v1.0/projects/${PID}/users`, () => HttpResponse.json([])),
      rest.get(`${API}/rest/v1.0/app_installations`, () => HttpResponse.json([])),
      rest.delete(
        `${API}/rest/v1.0/projects/${PID}/users/${UID}/actions/remove`,
        () => new HttpResponse(null, { status: 204 }),
      ),
    );
    const procore = client();
    await procore.companyBaseUrl(CID);
    await procore.settingsPermissions(CID);
    await procore.listCompanyUsers(CID);
    await procore.listPermissionTemplates(CID);
    await procore.listProjects(CID);
    await procore.listProjectUsers(CID, PID);
    await procore.listAppInstallations(CID);
    await procore.removeUserFromProject(CID, PID, UID);

    expect(requests).toHaveLength(8);
    for (const request of requests) expect(request.headers.get('procore-company-id')).toBe(CID);
    // @ts-expect-error company calls do not compile without a company id
    await expect(procore.listProjects()).rejects.toThrow(/needs a company id/);
  });

  it('calls /me and /companies without the header for a user token, with it for the service account', async () => {
    server.use(
      rest.get(`${API}/rest/v1.0/me`, () =>
        HttpResponse.json({ id: 7, login: 'admin@co.test', name: 'Ada' }),
      ),
      rest.get(`${API}/rest/v1.0/companies`, () =>
        HttpResponse.json([{ id: Number(CID), name: 'Co', is_active: true, my_company: null }]),
      ),
    );
    const procore = client();
    expect(await procore.me()).toEqual({ id: '7', login: 'admin@co.test', name: 'Ada' });
    await procore.me(CID);
    await procore.meAsServiceAccount(CID);
    expect(await procore.companies()).toEqual([
      {
        id: CID,
        name: 'Co',
        is_active: true,
        logo_url: undefined,
        pcn_business_experience: undefined,
        my_company: undefined,
      },
    ]);
    await procore.companies(CID);

    const seen = requests.map((r) => [new URL(r.url).search, r.headers.get('procore-company-id')]);
    expect(seen).toEqual([
      ['', null],
      [`?company_id=${CID}`, CID],
      ['', CID],
      ['?page=1&per_page=1000', null],
      ['?page=1&per_page=1000', CID],
    ]);
  });
});

describe('directory users', () => {
  it('lists company users with search and view, keeping IDs exact', async () => {
    server.use(rest.get(`${API}/rest/v1.3/companies/${CID}/users`, () => json(`[${userJson}]`)));
    const [user] = await client().listCompanyUsers(CID, {
      search: 'salus-integration',
      view: 'extended',
    });

    const url = new URL(requests[0]!.url);
    expect(url.searchParams.get('filters[search]')).toBe('salus-integration');
    expect(url.searchParams.get('view')).toBe('extended');
    expect(user).toMatchObject({
      id: UID,
      company_permission_template_id: '13',
      company_permission_template: { id: '13', type: 'company_tools' },
      is_employee: false,
    });
    expect(user).not.toHaveProperty('extra_field');
  });

  it('updates the three fields with the current last name and never the email', async () => {
    let body = '';
    server.use(
      rest.get(`${API}/rest/v1.3/companies/${CID}/users/${UID}`, () => json(userJson)),
      rest.patch(`${API}/rest/v1.3/companies/${CID}/users/${UID}`, async ({ request }) => {
        body = await request.text();
        return json(
          userJson.replace('"is_active":true', '"is_active":true,"add_to_new_projects":true'),
        );
      }),
    );
    const patch = {
      company_permission_template_id: '13',
      default_permission_template_id: BIG_TEMPLATE,
      add_to_new_projects: true,
      email_address: 'must-not-be-sent@x.test',
    } as CompanyUserPatch;
    const updated = await client().updateCompanyUser(CID, UID, patch);

    expect(body).toBe(
      `{"user":{"company_permission_template_id":13,"default_permission_template_id":${BIG_TEMPLATE},"add_to_new_projects":true,"last_name":"Integration"}}`,
    );
    expect(updated.add_to_new_projects).toBe(true);
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);
  });

  it('reports a malformed user as an invalid response, not a crash', async () => {
    server.use(
      rest.get(`${API}/rest/v1.3/companies/${CID}/users/${UID}`, () =>
        HttpResponse.json({ name: 'no id' }),
      ),
      rest.get(`${API}/rest/v1.3/companies/${CID}/users`, () => HttpResponse.json({ users: [] })),
    );
    for (const call of [client().getCompanyUser(CID, UID), client().listCompanyUsers(CID)]) {
      const err = await call.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProcoreApiError);
      expect(err).toMatchObject({ kind: 'invalid-response', status: 200 });
    }
  });
});

describe('templates and projects', () => {
  it('filters permission templates by type and creates one', async () => {
    let created = '';
    server.use(
      rest.get(`${API}/rest/v1.0/companies/${CID}/permission_templates`, () =>
        HttpResponse.json([
          { id: 27, name: 'SALUS Project Integration', type: 'global', category: 'weird' },
        ]),
      ),
      rest.post(`${API}/rest/v1.0/companies/${CID}/permission_templates`, async ({ request }) => {
        created = await request.text();
        return HttpResponse.json({ id: 28, name: 'New', type: 'company_tools' }, { status: 201 });
      }),
    );
    const procore = client();
    const templates = await procore.listPermissionTemplates(CID, { type: 'global' });
    expect(templates).toEqual([
      {
        id: '27',
        name: 'SALUS Project Integration',
        type: 'global',
        project_specific: undefined,
        category: null,
      },
    ]);
    expect(new URL(requests[0]!.url).searchParams.get('filters[type]')).toBe('global');

    const template = await procore.createPermissionTemplate(CID, {
      name: 'New',
      type: 'company_tools',
    });
    expect(template.id).toBe('28');
    expect(created).toBe('{"permission_template":{"name":"New","type":"company_tools"}}');
  });

  it("reads one template's levels, as strings or {name} objects", async () => {
    server.use(
      rest.get(`${API}/rest/v1.0/companies/${CID}/permission_templates/5`, () =>
        HttpResponse.json({
          id: 5,
          name: 'Company Admin',
          type: 'company_tools',
          user_access_levels: { directory: 'admin', admin: { name: 'Admin' }, budget: null },
        }),
      ),
    );
    expect(await client().getPermissionTemplate(CID, '5')).toMatchObject({
      id: '5',
      name: 'Company Admin',
      user_access_levels: { directory: 'admin', admin: 'Admin', budget: 'none' },
    });
  });

  it('lists v1.1 projects compactly, 300 per page, by status', async () => {
    server.use(
      rest.get(`${API}/rest/v1.1/projects`, () => HttpResponse.json([{ id: 1, name: 'Tower' }])),
    );
    expect(await client().listProjects(CID, { status: 'Active' })).toEqual([
      {
        id: '1',
        name: 'Tower',
        display_name: undefined,
        project_number: undefined,
        active: undefined,
        company: undefined,
      },
    ]);
    const params = new URL(requests[0]!.url).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      company_id: CID,
      view: 'compact',
      'filters[by_status]': 'Active',
      page: '1',
      per_page: '300',
    });
  });

  it('filters project users by search and ids', async () => {
    server.use(rest.get(`${API}/rest/v1.0/projects/${PID}/users`, () => HttpResponse.json([])));
    await client().listProjectUsers(CID, PID, { search: 'salus', ids: [UID, '5'] });
    const params = new URL(requests[0]!.url).searchParams;
    expect(params.get('filters[search]')).toBe('salus');
    expect(params.getAll('filters[id][]')).toEqual([UID, '5']);
  });
});

describe('membership writes', () => {
  it('adds a user to a project with a template, IDs exact on the wire', async () => {
    let body = '';
    server.use(
      rest.post(
        `${API}/rest/v1.0/projects/${PID}/users/${UID}/actions/add`,
        async ({ request }) => {
          body = await request.text();
          return json(`{"id":${UID},"name":"salus"}`, { status: 201 });
        },
      ),
    );
    const user = await client().addUserToProject(CID, PID, UID, BIG_TEMPLATE);
    expect(body).toBe(`{"user":{"permission_template_id":${BIG_TEMPLATE}}}`);
    expect(user?.id).toBe(UID);
  });

  it('returns null when actions/add answers without a body', async () => {
    server.use(
      rest.post(
        `${API}/rest/v1.0/projects/${PID}/users/${UID}/actions/add`,
        () => new HttpResponse(null, { status: 201 }),
      ),
    );
    expect(await client().addUserToProject(CID, PID, UID)).toBeNull();
  });

  it('bulk-adds and reads a 207 with per-item errors', async () => {
    let body = '';
    server.use(
      rest.post(`${API}/rest/v1.3/companies/${CID}/users/bulk_add`, async ({ request }) => {
        body = await request.text();
        return json(
          `{"entities":[{"userId":"${UID}","projects":[{"projectId":${PID},"message":"added"}]}],"errors":[{"userId":${UID},"errors":[{"projectId":2,"message":"Contact could not be added."}]}]}`,
          { status: 207 },
        );
      }),
    );
    const result = await client().bulkAdd(CID, [
      { user_id: UID, project_id: PID, permission_template_id: '27' },
      { user_id: UID, project_id: '2', permission_template_id: '27' },
    ]);
    expect(body).toBe(
      `{"users":[{"user_id":${UID},"project_id":${PID},"permission_template_id":27},{"user_id":${UID},"project_id":2,"permission_template_id":27}]}`,
    );
    expect(result).toEqual({
      entities: [{ userId: UID, projects: [{ projectId: PID, message: 'added' }] }],
      errors: [
        { userId: UID, errors: [{ projectId: '2', message: 'Contact could not be added.' }] },
      ],
    });
  });

  it('refuses more than 1000 triplets without calling Procore', async () => {
    const triplets = Array.from({ length: 1001 }, (_, i) => ({
      user_id: UID,
      project_id: String(i + 1),
      permission_template_id: '27',
    }));
    await expect(client().bulkAdd(CID, triplets)).rejects.toThrow(RangeError);
    expect(requests).toHaveLength(0);
  });

  it('reassigns a project template', async () => {
    let body = '';
    server.use(
      rest.patch(
        `${API}/rest/v1.0/projects/${PID}/permission_template_assignments`,
        async ({ request }) => {
          body = await request.text();
          return json(`{"user_id":${UID},"permission_template_id":${BIG_TEMPLATE}}`);
        },
      ),
    );
    const assignment = await client().assignProjectTemplate(CID, PID, UID, BIG_TEMPLATE);
    expect(body).toBe(
      `{"permission_template_assignments":{"user_id":${UID},"permission_template_id":${BIG_TEMPLATE}}}`,
    );
    expect(assignment).toEqual({
      user_id: UID,
      permission_template_id: BIG_TEMPLATE,
      project_id: PID,
    });
  });
});

describe('project assignments (beta)', () => {
  const PATH = `${API}/rest/v1.0/companies/${CID}/users/${UID}/project_assignments`;

  it('lists assignments with the filters', async () => {
    server.use(
      rest.get(PATH, () =>
        json(
          `[{"project_id":${PID},"name":"Tower","is_assigned":false,"active":true,"permission_template_id":null}]`,
        ),
      ),
    );
    const list = await client().listProjectAssignments(CID, UID, {
      assignmentStatus: 'unassigned',
      byStatus: 'Active',
    });
    expect(list).toEqual([
      expect.objectContaining({
        project_id: PID,
        is_assigned: false,
        active: true,
        permission_template_id: null,
      }),
    ]);
    const params = new URL(requests[0]!.url).searchParams;
    expect(params.get('filters[assignment_status]')).toBe('unassigned');
    expect(params.get('filters[by_status]')).toBe('Active');
  });

  it('answers null when Procore does not offer the endpoint (404)', async () => {
    server.use(rest.get(PATH, () => HttpResponse.json({ errors: 'Not Found' }, { status: 404 })));
    expect(await client().listProjectAssignments(CID, UID)).toBeNull();
  });

  it('still throws other failures', async () => {
    server.use(rest.get(PATH, () => HttpResponse.json({ errors: 'Forbidden' }, { status: 403 })));
    await expect(client().listProjectAssignments(CID, UID)).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });
});

describe('app installations', () => {
  it('lists and shows installations by company', async () => {
    const install = {
      id: 77,
      app_uid: 'a'.repeat(64),
      status: 'installed',
      components: ['oauth', 'fullscreen'],
      developer_app: { id: 5, uid: 'a'.repeat(64), name: 'SALUS', marketplace_app: { id: 'uuid' } },
      installer: { id: 3, login: 'admin@co.test', name: 'Ada' },
      pending_operation_id: null,
    };
    server.use(
      rest.get(`${API}/rest/v1.0/app_installations`, () => HttpResponse.json([install])),
      rest.get(`${API}/rest/v1.0/app_installations/77`, () => HttpResponse.json(install)),
    );
    const procore = client();
    const [listed] = await procore.listAppInstallations(CID);
    expect(listed).toMatchObject({
      id: '77',
      status: 'installed',
      developer_app: { id: '5', name: 'SALUS' },
    });
    expect((await procore.getAppInstallation(CID, '77')).app_uid).toBe('a'.repeat(64));
    for (const request of requests)
      expect(new URL(request.url).searchParams.get('company_id')).toBe(CID);
  });
});

describe('against the fake Procore', () => {
  const context = (fake: ReturnType<typeof useFakeProcore>) => engineContext(fake);
  const RECEIVER = 'https://salus.test/procore/events';
  const HOOK = {
    namespace: 'salus-setup',
    destinationUrl: RECEIVER,
    destinationHeaders: { Authorization: 'Bearer hook-secret-12345' },
  };

  it('creates, reads, changes and deletes a company hook and its triggers with the app token', async () => {
    const fake = useFakeProcore({ scenario: 'complete' });
    const { app, companyId } = context(fake);
    const hook = await app.createHook(companyId, HOOK);
    expect(hook).toMatchObject({
      api_version: 'v2',
      namespace: 'salus-setup',
      destination_url: RECEIVER,
      destination_headers: { Authorization: expect.stringMatching(/^\*+12345$/) },
      owned_by_company_id: companyId,
      owned_by_user_id: fake.facts.serviceAccountId,
    });
    const sent = requests.find((r) => r.method === 'POST')!;
    expect(await sent.text()).toBe(
      `{"company_id":${companyId},"hook":{"api_version":"v2","namespace":"salus-setup","destination_url":"${RECEIVER}","destination_headers":{"Authorization":"Bearer hook-secret-12345"}}}`,
    );
    await app.createHook(companyId, { ...HOOK, namespace: 'another-app' });
    expect((await app.listHooks(companyId, { namespace: 'salus-setup' })).map((h) => h.id)).toEqual(
      [hook.id],
    );
    expect(await app.listHooks(companyId)).toHaveLength(2);

    const moved = await app.updateHook(companyId, hook.id, {
      destinationHeaders: { Authorization: 'Bearer rotated-67890' },
    });
    expect(moved).toMatchObject({
      destination_url: RECEIVER,
      destination_headers: { Authorization: expect.stringMatching(/67890$/) },
    });

    const projects = await app.createTrigger(companyId, hook.id, {
      resourceName: 'Projects',
      eventType: 'create',
    });
    // Procore answers CREATE (the OAS enum); the client speaks lower case.
    expect(projects).toEqual({
      id: expect.any(String),
      webhook_hook_id: hook.id,
      resource_name: 'Projects',
      event_type: 'create',
    });
    const users = await app.createTrigger(companyId, hook.id, {
      resourceName: 'Company Users',
      eventType: 'update',
    });
    expect((await app.listTriggers(companyId, hook.id)).map((t) => t.event_type)).toEqual([
      'create',
      'update',
    ]);
    await app.deleteTrigger(companyId, hook.id, users.id);
    expect(await app.listTriggers(companyId, hook.id)).toHaveLength(1);
    await app.deleteHook(companyId, hook.id);
    expect(await app.listHooks(companyId, { namespace: 'salus-setup' })).toEqual([]);
    expect(fake.requestLog.every((r) => r.companyId === companyId)).toBe(true);
  });

  it('reports a missing Webhooks API permission as forbidden, and a bad trigger as unprocessable', async () => {
    const refused = useFakeProcore({ knobs: { webhooksPermission: 'not-granted' } });
    const ctx = context(refused);
    await expect(ctx.app.createHook(ctx.companyId, HOOK)).rejects.toMatchObject({
      kind: 'forbidden',
      status: 403,
    });
    const fake = useFakeProcore();
    const { app, companyId } = context(fake);
    const hook = await app.createHook(companyId, HOOK);
    await expect(
      app.createTrigger(companyId, hook.id, { resourceName: 'Project Users', eventType: 'update' }),
    ).rejects.toMatchObject({ kind: 'unprocessable', status: 422 });
  });

  it('finds a project by id as the service account without a 403 or 404', async () => {
    const fake = useFakeProcore({ scenario: 'partly-configured' });
    const { app, user, companyId } = context(fake);
    const f = fake.facts;
    const projects = fake.state.projectsOf(companyId);
    const on = projects.find((p) => p.active && fake.state.membership(p.id, f.serviceAccountId!));
    const off = fake.missingProjects(companyId, f.serviceAccountId!)[0]!;
    const inactive = projects.find((p) => !p.active)!;

    expect(await app.findProject(companyId, on!.id)).toMatchObject({ id: on!.id, name: on!.name });
    expect(await app.findProject(companyId, off.id)).toBeNull();
    // The admin sees every project, inactive ones too (filters[by_status]=All).
    expect(await user.findProject(companyId, inactive.id)).toMatchObject({ id: inactive.id });
    expect(await user.findProject(companyId, '999999999999')).toBeNull();

    const params = new URL(requests[0]!.url).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      company_id: companyId,
      'filters[id]': on!.id,
      'filters[by_status]': 'All',
      view: 'compact',
    });
    expect(fake.requestLog.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('reads what the fake delivers with procoreWebhookEventSchema', async () => {
    const bodies: string[] = [];
    server.use(
      rest.post(RECEIVER, async ({ request }) => {
        bodies.push(await request.text());
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const fake = useFakeProcore();
    const { app, companyId } = context(fake);
    const hook = await app.createHook(companyId, HOOK);
    await app.createTrigger(companyId, hook.id, { resourceName: 'Projects', eventType: 'create' });
    const project = fake.createProject(companyId, 'Harbor Tower');
    await fake.webhooksIdle();

    expect(bodies).toHaveLength(1);
    expect(parseProcoreWebhookEvent(bodies[0]!)).toEqual({
      id: expect.any(String),
      ulid: expect.stringMatching(/^[0-9A-Z]{26}$/),
      timestamp: expect.any(String),
      company_id: companyId,
      project_id: null,
      user_id: fake.facts.adminUserId,
      api_version: 'v2.0',
      resource_name: 'Projects',
      resource_id: project.id,
      event_type: 'create',
      metadata: {
        source_application_id: null,
        source_user_id: fake.facts.adminUserId,
        source_company_id: companyId,
        source_project_id: null,
        source_operation_id: null,
      },
    });
  });
});

describe('procoreWebhookEventSchema', () => {
  const ULID = '01JMYXMZRBVKK0PC6XS8SA4QRE';
  const event = (fields: Record<string, unknown> = {}) =>
    JSON.stringify({
      id: 123456789,
      ulid: ULID,
      timestamp: '2025-02-06T23:34:12.246562Z',
      metadata: {
        source_user_id: 987654321,
        source_project_id: null,
        source_operation_id: null,
        source_company_id: 1357908642,
        source_application_id: 8675309,
      },
      user_id: 987654321,
      company_id: 1357908642,
      project_id: null,
      api_version: 'v2.0',
      event_type: 'update',
      resource_name: 'Company Users',
      resource_id: 54321,
      ...fields,
    });

  it('reads Procore’s v2 example, IDs as exact strings, extra fields dropped', () => {
    const big = `{"ulid":"${ULID}","company_id":${CID},"resource_id":${UID},"resource_name":"Projects","event_type":"CREATE","related_resources":[]}`;
    expect(parseProcoreWebhookEvent(big)).toEqual({
      id: null,
      ulid: ULID,
      timestamp: null,
      company_id: CID,
      project_id: null,
      user_id: null,
      api_version: null,
      resource_name: 'Projects',
      resource_id: UID,
      event_type: 'create',
      metadata: {
        source_application_id: null,
        source_user_id: null,
        source_company_id: null,
        source_project_id: null,
        source_operation_id: null,
      },
    });
    expect(parseProcoreWebhookEvent(event())).toMatchObject({
      user_id: '987654321',
      metadata: { source_application_id: '8675309' },
    });
    expect(procoreWebhookEventSchema.parse(JSON.parse(event()))).not.toHaveProperty(
      'related_resources',
    );
  });

  it.each([
    ['no ulid', { ulid: undefined }],
    ['a short ulid', { ulid: '0A1B2C3D4F5G6H7I8J9K0LMN' }],
    ['no resource_name', { resource_name: undefined }],
    ['an unknown event type', { event_type: 'archive' }],
    ['no resource_id', { resource_id: null }],
    ['no company_id', { company_id: undefined }],
    ['a ulid outside Crockford base 32', { ulid: 'U1JMYXMZRBVKK0PC6XS8SA4QRE' }],
    ['a resource_id that is not a Procore ID', { resource_id: '../../companies/1' }],
    ['a company_id that is not a Procore ID', { company_id: '1357908642.0' }],
    ['a timestamp that is not a date', { timestamp: 'yesterday-ish' }],
    ['a negative resource_id', { resource_id: -5 }],
  ])('refuses an event with %s', (_name, fields) => {
    expect(parseProcoreWebhookEvent(event(fields))).toBeNull();
  });

  it('reads a ulid in upper case, so a change of case is the same delivery', () => {
    expect(parseProcoreWebhookEvent(event({ ulid: ULID.toLowerCase() }))?.ulid).toBe(ULID);
  });

  it('refuses a body that is not JSON', () => {
    expect(parseProcoreWebhookEvent('ulid=1')).toBeNull();
  });
});
