/**
 * The fake's actual bodies, validated against Procore's request/response shapes
 * (test/fixtures/shapes.json, 2024 SDK and 2026 extract): every endpoint in the file, across
 * scenarios, success and endpoint-level error responses, and the request bodies the fake accepts.
 */
import type { FakeProcore } from '../../src/fake-procore/fake.ts';
import { stringifyProcoreJson } from '../../src/procore/json.ts';
import {
  BASE,
  SALUS_CLIENT_ID,
  SALUS_CLIENT_SECRET,
  setupFakeProcoreServer,
} from '../../src/fake-procore/test-support.ts';
import { SOURCES, createValidator, loadShapes, type ShapeEndpoint } from './shapes-schema.ts';

const shapes = loadShapes();
const validate = createValidator(shapes);
const procore = setupFakeProcoreServer();

interface Sample {
  scenario: string;
  method: string;
  /** The shapes.json path template. */
  path: string;
  url: string;
  status: number;
  body: unknown;
  text: string;
  request?: unknown;
}

const samples: Sample[] = [];
const SCENARIOS = [
  'fresh-install',
  'partly-configured',
  'complete',
  'wrong-templates',
  'non-admin',
] as const;
const REDIRECT = 'http://localhost:3000/auth/callback';

async function collect(fake: FakeProcore, scenario: string) {
  const f = fake.facts;
  const cid = f.companyId;
  const sa = f.serviceAccountId!;
  const admin = fake.issueUserToken(f.adminUserId).access_token;
  const nonAdmin = fake.issueUserToken(f.nonAdminUserId).access_token;
  const cc = fake.issueClientToken().access_token;

  async function hit(
    method: string,
    path: string,
    url: string,
    o: { token?: string; company?: boolean; json?: unknown; form?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = {};
    if (o.token) headers.Authorization = `Bearer ${o.token}`;
    if (o.company !== false) headers['Procore-Company-Id'] = cid;
    let body: string | undefined;
    if (o.json !== undefined) {
      body = stringifyProcoreJson(o.json);
      headers['Content-Type'] = 'application/json';
    } else if (o.form) {
      body = new URLSearchParams(o.form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(`${BASE}${url}`, { method, headers, body });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    const request = body === undefined ? undefined : (o.form ?? JSON.parse(body));
    samples.push({ scenario, method, path, url, status: res.status, body: parsed, text, request });
    return parsed;
  }

  const active = fake.state.projectsOf(cid).filter((p) => p.active);
  const inactive = fake.state.projectsOf(cid).find((p) => !p.active)!;
  const onProject = active.find((p) => fake.state.membership(p.id, sa) !== undefined);
  const notOn = active.filter((p) => fake.state.membership(p.id, sa) === undefined);
  // In `complete` the account is everywhere; adds then hit existing members.
  const missing = active.map((p, i) => notOn[i] ?? p);
  const tpl = f.salusProjectTemplateId!;

  await hit('GET', '/rest/v1.0/me', '/rest/v1.0/me', { token: admin, company: false });
  await hit('GET', '/rest/v1.0/me', `/rest/v1.0/me?company_id=${cid}`, { token: admin });
  await hit('GET', '/rest/v1.0/me', `/rest/v1.0/me?company_id=${cid}`, { token: cc });
  await hit('GET', '/rest/v1.0/companies', '/rest/v1.0/companies', {
    token: admin,
    company: false,
  });
  await hit('GET', '/rest/v1.0/companies', '/rest/v1.0/companies', { token: cc });
  // The service account's own record (its settings), and a person's.
  for (const token of [cc, admin]) {
    await hit('GET', '/rest/v1.0/companies/{company_id}/me', `/rest/v1.0/companies/${cid}/me`, {
      token,
    });
  }
  for (const token of [admin, nonAdmin, cc]) {
    await hit(
      'GET',
      '/rest/v1.0/settings/permissions',
      `/rest/v1.0/settings/permissions?company_id=${cid}`,
      { token },
    );
  }
  await hit(
    'GET',
    '/rest/v1.0/settings/permissions',
    `/rest/v1.0/settings/permissions?project_id=${active[0]!.id}`,
    { token: admin },
  );
  await hit('GET', '/rest/v1.0/settings/permissions', '/rest/v1.0/settings/permissions', {
    token: admin,
  });

  const saUser = fake.state.users.get(sa)!;
  for (const v of ['v1.0', 'v1.1', 'v1.2', 'v1.3']) {
    const users = `/rest/${v}/companies/{company_id}/users`;
    await hit('GET', users, `/rest/${v}/companies/${cid}/users?filters[search]=salus`, {
      token: admin,
    });
    await hit('GET', users, `/rest/${v}/companies/${cid}/users?per_page=50`, { token: cc });
    await hit('GET', users, `/rest/${v}/companies/${cid}/users`, { token: 'not-a-token' });
    await hit('GET', `${users}/{id}`, `/rest/${v}/companies/${cid}/users/${sa}`, { token: admin });
    await hit('PATCH', `${users}/{id}`, `/rest/${v}/companies/${cid}/users/${sa}`, {
      token: scenario === 'non-admin' ? nonAdmin : admin,
      json: {
        user: {
          last_name: saUser.lastName,
          email_address: saUser.email,
          company_permission_template_id: f.salusCompanyTemplateId,
          default_permission_template_id: tpl,
          add_to_new_projects: true,
        },
      },
    });
    await hit('PATCH', `${users}/{id}`, `/rest/${v}/companies/${cid}/users/${sa}`, {
      token: admin,
      json: { user: { default_permission_template_id: f.salusCompanyTemplateId } },
    });
  }
  for (const view of ['normal', 'extended', 'ids_only']) {
    await hit(
      'GET',
      '/rest/v1.3/companies/{company_id}/users',
      `/rest/v1.3/companies/${cid}/users?view=${view}`,
      { token: admin },
    );
  }
  for (const [i, v] of ['v1.1', 'v1.2', 'v1.3'].entries()) {
    const users = [
      { user_id: sa, project_id: missing[i]!.id, permission_template_id: tpl },
      { user_id: sa, project_id: inactive.id, permission_template_id: tpl },
    ];
    await hit(
      'POST',
      `/rest/${v}/companies/{company_id}/users/bulk_add`,
      `/rest/${v}/companies/${cid}/users/bulk_add`,
      {
        token: admin,
        json: { users: i === 0 ? users.slice(0, 1) : users },
      },
    );
  }
  for (const type of ['', 'company_tools', 'project_tools', 'global']) {
    const q = type ? `?filters[type]=${type}` : '';
    await hit(
      'GET',
      '/rest/v1.0/companies/{company_id}/permission_templates',
      `/rest/v1.0/companies/${cid}/permission_templates${q}`,
      { token: admin },
    );
  }
  for (const token of [admin, cc]) {
    await hit(
      'GET',
      '/rest/v1.0/projects',
      `/rest/v1.0/projects?company_id=${cid}&filters[by_status]=All`,
      { token },
    );
    for (const view of ['compact', 'normal', 'extended', 'ids']) {
      await hit(
        'GET',
        '/rest/v1.1/projects',
        `/rest/v1.1/projects?company_id=${cid}&view=${view}`,
        { token },
      );
    }
  }
  await hit('GET', '/rest/v1.1/projects', '/rest/v1.1/projects', { token: admin });
  const target = onProject ?? active[0]!;
  for (const view of ['compact', 'normal']) {
    await hit(
      'GET',
      '/rest/v1.0/projects/{project_id}/users',
      `/rest/v1.0/projects/${target.id}/users?view=${view}`,
      { token: admin },
    );
  }
  await hit(
    'POST',
    '/rest/v1.0/projects/{project_id}/users/{id}/actions/add',
    `/rest/v1.0/projects/${missing[5]!.id}/users/${sa}/actions/add`,
    {
      token: admin,
      json: { user: { permission_template_id: tpl } },
    },
  );
  await hit(
    'POST',
    '/rest/v1.0/projects/{project_id}/users/{id}/actions/add',
    `/rest/v1.0/projects/${missing[6]!.id}/users/${sa}/actions/add`,
    { token: nonAdmin },
  );
  for (const status of ['all', 'assigned', 'unassigned']) {
    await hit(
      'GET',
      '/rest/v1.0/companies/{company_id}/users/{user_id}/project_assignments',
      `/rest/v1.0/companies/${cid}/users/${sa}/project_assignments?filters[assignment_status]=${status}&filters[by_status]=All`,
      { token: admin },
    );
  }
  const assignment = {
    permission_template_assignments: { user_id: sa, permission_template_id: tpl },
  };
  await hit(
    'PATCH',
    '/rest/v1.0/projects/{project_id}/permission_template_assignments',
    `/rest/v1.0/projects/${missing[5]!.id}/permission_template_assignments`,
    { token: admin, json: assignment },
  );
  await hit(
    'PATCH',
    '/rest/v1.0/projects/{project_id}/permission_template_assignments',
    `/rest/v1.0/projects/${missing[7]!.id}/permission_template_assignments`,
    { token: admin, json: assignment },
  );
  await hit(
    'GET',
    '/rest/v1.0/app_installations',
    `/rest/v1.0/app_installations?company_id=${cid}`,
    { token: admin },
  );
  await hit(
    'GET',
    '/rest/v1.0/app_installations',
    `/rest/v1.0/app_installations?company_id=${cid}`,
    { token: cc },
  );

  const client = { client_id: SALUS_CLIENT_ID, client_secret: SALUS_CLIENT_SECRET };
  const code = fake.authorize(REDIRECT);
  const tokens = (await hit('POST', '/oauth/token', '/oauth/token', {
    company: false,
    form: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...client },
  })) as { refresh_token: string; access_token: string };
  const refreshed = (await hit('POST', '/oauth/token', '/oauth/token', {
    company: false,
    json: { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...client },
  })) as { access_token: string };
  await hit('POST', '/oauth/token', '/oauth/token', {
    company: false,
    json: { grant_type: 'client_credentials', ...client },
  });
  await hit('GET', '/oauth/token/info', '/oauth/token/info', {
    token: refreshed.access_token,
    company: false,
  });
  await hit('POST', '/oauth/revoke', '/oauth/revoke', {
    company: false,
    form: { token: refreshed.access_token, ...client },
  });
}

beforeAll(async () => {
  for (const scenario of SCENARIOS) {
    const fake = procore.use({ scenario, redirectUris: [] });
    await collect(fake, scenario);
  }
});

function endpointSamples(e: ShapeEndpoint) {
  return samples.filter((s) => s.method === e.method && s.path === e.path);
}

describe('the fake against shapes.json', () => {
  it('exercises every endpoint in shapes.json with a success response', () => {
    const missing = shapes.endpoints
      .filter((e) => !endpointSamples(e).some((s) => s.status >= 200 && s.status < 300))
      .map((e) => `${e.method} ${e.path}`);
    expect(missing).toEqual([]);
  });

  it.each(shapes.endpoints.map((e) => [`${e.method} ${e.path}`, e] as const))(
    '%s: responses match the documented schema for their status',
    (_name, endpoint) => {
      const problems: string[] = [];
      let checked = 0;
      for (const s of endpointSamples(endpoint)) {
        const response = endpoint.responses[String(s.status)];
        if (!response) {
          // Statuses shapes.json does not describe (404 invisibility, 207 on v1.1) are checked elsewhere.
          continue;
        }
        for (const source of SOURCES) {
          const block = response[source];
          if (!block || typeof block === 'string' || !block.schema) continue;
          checked += 1;
          for (const p of validate(block.schema, source, s.body)) {
            problems.push(`${s.scenario} ${s.status} ${s.url} [${source}] ${p}`);
          }
        }
      }
      expect(problems).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    },
  );

  it.each(
    shapes.endpoints
      .filter((e) => e.request_body)
      .map((e) => [`${e.method} ${e.path}`, e] as const),
  )('%s: request bodies the fake accepted match the request schema', (_name, endpoint) => {
    const accepted = endpointSamples(endpoint).filter(
      (s) => s.status < 300 && s.request !== undefined,
    );
    expect(accepted.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const s of accepted) {
      for (const source of SOURCES) {
        const schema = endpoint.request_body?.[source]?.schema;
        if (!schema) continue;
        for (const p of validate(schema, source, s.request))
          problems.push(`${s.url} [${source}] ${p}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers with IDs above 2^53 exactly, as JSON numbers', () => {
    const big = samples.filter((s) => s.scenario === 'partly-configured');
    const me = big.find((s) => s.url === '/rest/v1.0/me')!;
    expect(me.text).toMatch(/^\{"id":9007199254741\d{3},/);
    const ids = big.find((s) => s.url.endsWith('view=ids'))!;
    expect(ids.text).toMatch(/^\[\{"id":9007199254741\d{3}\},/);
  });
});
