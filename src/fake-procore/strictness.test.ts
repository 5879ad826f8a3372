import {
  SALUS_CLIENT_ID,
  asArray,
  asObject,
  call,
  setupFakeProcoreServer,
} from './test-support.ts';

const procore = setupFakeProcoreServer();

describe('authentication', () => {
  it.each([
    ['no Authorization header', null],
    ['an unknown token', 'not-a-real-token'],
  ])('answers 401 for %s', async (_label, token) => {
    const fake = procore.use();
    const res = await call('GET', `/rest/v1.3/companies/${fake.facts.companyId}/users`, {
      token,
      companyId: fake.facts.companyId,
    });
    expect(res.status).toBe(401);
    expect(asObject(res.body).errors).toEqual(expect.any(String));
    expect(res.headers.get('WWW-Authenticate')).toContain('Bearer');
  });
});

describe('Procore-Company-Id', () => {
  it("is required on company endpoints, with Procore's message", async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueUserToken();
    const res = await call('GET', `/rest/v1.3/companies/${fake.facts.companyId}/users`, { token });
    expect(res.status).toBe(400);
    expect(asObject(res.body)).toEqual({
      error: { code: 'bad_request', message: 'Missing Procore-Company-Id header!' },
    });
  });

  it('is not needed for /me and /companies with a user token', async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueUserToken();
    expect((await call('GET', '/rest/v1.0/me', { token })).status).toBe(200);
    const companies = await call('GET', '/rest/v1.0/companies', { token });
    expect(asArray(companies.body).map((c) => c.id)).toEqual([
      fake.facts.companyId,
      fake.facts.secondCompanyId,
    ]);
    expect(asArray(companies.body).map((c) => c.my_company)).toEqual([true, false]);
  });

  it('is needed on /me when company_id is passed, which also adds the name', async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueUserToken();
    const cid = fake.facts.companyId;
    expect((await call('GET', `/rest/v1.0/me?company_id=${cid}`, { token })).status).toBe(400);
    const me = await call('GET', `/rest/v1.0/me?company_id=${cid}`, { token, companyId: cid });
    expect(asObject(me.body)).toEqual({
      id: fake.facts.adminUserId,
      login: fake.facts.adminLogin,
      name: 'Alex Morgan',
    });
  });

  it('is needed on /me and /companies with a client-credentials token', async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueClientToken();
    expect((await call('GET', '/rest/v1.0/me', { token })).status).toBe(400);
    expect((await call('GET', '/rest/v1.0/companies', { token })).status).toBe(400);
    const companies = await call('GET', '/rest/v1.0/companies', {
      token,
      companyId: fake.facts.companyId,
    });
    expect(asArray(companies.body)).toHaveLength(2);
  });

  it('must agree with the company in the path', async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueUserToken();
    const res = await call('GET', `/rest/v1.3/companies/${fake.facts.companyId}/users`, {
      token,
      companyId: fake.facts.secondCompanyId,
    });
    expect(res.status).toBe(404);
    fake.setKnobs({ companyHeaderMismatch: 'ignore' });
    const ok = await call('GET', `/rest/v1.3/companies/${fake.facts.companyId}/users`, {
      token,
      companyId: fake.facts.secondCompanyId,
    });
    expect(ok.status).toBe(200);
  });
});

describe('invisibility (404) and missing permission (403)', () => {
  it('hides a company the user is not in', async () => {
    const fake = procore.use({ scenario: 'no-service-account' });
    const { access_token: token } = fake.issueUserToken();
    const res = await call('GET', '/rest/v1.3/companies/4264807/users', {
      token,
      companyId: '4264807',
    });
    expect(res.status).toBe(404);
    expect(asObject(res.body)).toEqual({ errors: 'Not Found' });
  });

  it('hides projects a non-admin is not on, and lists only theirs', async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueUserToken(fake.facts.nonAdminUserId);
    const cid = fake.facts.companyId;
    const projects = await call('GET', `/rest/v1.1/projects?company_id=${cid}`, {
      token,
      companyId: cid,
    });
    expect(asArray(projects.body)).toHaveLength(5);
    const other = fake.state
      .projectsOf(cid)
      .find((p) => fake.state.membership(p.id, fake.facts.nonAdminUserId) === undefined)!;
    const res = await call('GET', `/rest/v1.0/projects/${other.id}/users`, {
      token,
      companyId: cid,
    });
    expect(res.status).toBe(404);
  });

  it("answers Procore's 404 for unknown routes and a v1.0 bulk_add", async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueUserToken();
    const cid = fake.facts.companyId;
    for (const path of [
      '/rest/v1.0/nothing-here',
      `/rest/v1.0/companies/${cid}/users/bulk_add`,
      `/rest/v1.4/companies/${cid}/users`,
    ]) {
      const res = await call('POST', path, { token, companyId: cid, json: { users: [] } });
      expect(res.status).toBe(404);
      expect(asObject(res.body)).toEqual({ errors: 'Not Found' });
    }
  });

  it('forbids every permission write for a user without Directory admin, writing nothing', async () => {
    const fake = procore.use({ scenario: 'non-admin' });
    const f = fake.facts;
    const { access_token: token } = fake.issueUserToken();
    const cid = f.companyId;
    const project = fake.missingProjects(cid, f.serviceAccountId!)[0]!;
    const member = fake.state
      .projectsOf(cid)
      .find((p) => fake.state.membership(p.id, f.serviceAccountId!) !== undefined)!;
    const attempts = [
      call('PATCH', `/rest/v1.3/companies/${cid}/users/${f.serviceAccountId}`, {
        token,
        companyId: cid,
        json: { user: { company_permission_template_id: f.salusCompanyTemplateId } },
      }),
      call('PATCH', `/rest/v1.0/companies/${cid}/users/${f.serviceAccountId}`, {
        token,
        companyId: cid,
        json: { user: { add_to_new_projects: true } },
      }),
      call('POST', `/rest/v1.0/projects/${project.id}/users/${f.serviceAccountId}/actions/add`, {
        token,
        companyId: cid,
      }),
      call('POST', `/rest/v1.3/companies/${cid}/users/bulk_add`, {
        token,
        companyId: cid,
        json: {
          users: [
            {
              user_id: f.serviceAccountId,
              project_id: project.id,
              permission_template_id: f.salusProjectTemplateId,
            },
          ],
        },
      }),
      call('PATCH', `/rest/v1.0/projects/${member.id}/permission_template_assignments`, {
        token,
        companyId: cid,
        json: {
          permission_template_assignments: {
            user_id: f.serviceAccountId,
            permission_template_id: f.salusProjectTemplateId,
          },
        },
      }),
      call('POST', `/rest/v1.0/companies/${cid}/permission_templates`, {
        token,
        companyId: cid,
        json: { permission_template: { name: 'X', type: 'global' } },
      }),
    ];
    const results = await Promise.all(attempts);
    // actions/add targets a project the non-admin is not on, so it cannot even see it: 404.
    expect(results.map((r) => r.status)).toEqual([403, 403, 404, 403, 403, 403]);
    expect(fake.writeLog).toEqual([]);
  });

  it('forbids project writes on a visible project without Directory admin there', async () => {
    const fake = procore.use({ scenario: 'non-admin' });
    const f = fake.facts;
    const { access_token: token } = fake.issueUserToken();
    const visible = fake.state
      .projectsOf(f.companyId)
      .find((p) => fake.state.membership(p.id, f.nonAdminUserId) !== undefined)!;
    const res = await call(
      'POST',
      `/rest/v1.0/projects/${visible.id}/users/${f.serviceAccountId}/actions/add`,
      { token, companyId: f.companyId },
    );
    expect(res.status).toBe(403);
  });
});

describe('the client-credentials (DMSA) token', () => {
  it("acts as the company's service account on /me, per company", async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueClientToken();
    const me = await call('GET', '/rest/v1.0/me', { token, companyId: fake.facts.companyId });
    expect(asObject(me.body)).toEqual({
      id: fake.facts.serviceAccountId,
      login: fake.facts.serviceAccountLogin,
    });
    const second = await call('GET', '/rest/v1.0/me', {
      token,
      companyId: fake.facts.secondCompanyId,
    });
    expect(asObject(second.body).id).toBe(fake.serviceAccountId(fake.facts.secondCompanyId!));
  });

  it.each([
    ['forbidden', 403],
    ['not-found', 404],
  ] as const)('can make DMSA /me %s (knob)', async (dmsaMe, status) => {
    const fake = procore.use({ knobs: { dmsaMe } });
    const { access_token: token } = fake.issueClientToken();
    expect(
      (await call('GET', '/rest/v1.0/me', { token, companyId: fake.facts.companyId })).status,
    ).toBe(status);
  });

  it('sees only the projects the account is on', async () => {
    const fake = procore.use({ scenario: 'partly-configured' });
    const cid = fake.facts.companyId;
    const { access_token: token } = fake.issueClientToken();
    const res = await call('GET', `/rest/v1.1/projects?company_id=${cid}&per_page=300`, {
      token,
      companyId: cid,
    });
    expect(asArray(res.body)).toHaveLength(25);
    expect(res.headers.get('Total')).toBe('25');
  });

  it('reads project users only where its template grants Directory read', async () => {
    const fake = procore.use({ scenario: 'wrong-templates' });
    const cid = fake.facts.companyId;
    const sa = fake.facts.serviceAccountId!;
    const { access_token: token } = fake.issueClientToken();
    const byTemplate = (name: string) =>
      fake.state
        .projectsOf(cid)
        .find((p) => p.active && fake.membership(cid, p.id, sa)?.permissionTemplateName === name)!;
    const salus = byTemplate('SALUS Project Integration');
    const sub = byTemplate('Subcontractor');
    expect(
      (await call('GET', `/rest/v1.0/projects/${salus.id}/users`, { token, companyId: cid }))
        .status,
    ).toBe(200);
    expect(
      (await call('GET', `/rest/v1.0/projects/${sub.id}/users`, { token, companyId: cid })).status,
    ).toBe(403);
    // Compact needs no Directory access (§5.2).
    expect(
      (
        await call('GET', `/rest/v1.0/projects/${sub.id}/users?view=compact`, {
          token,
          companyId: cid,
        })
      ).status,
    ).toBe(200);
  });

  it('gets 403 "App is not connected to this company" where SALUS is not installed', async () => {
    const fake = procore.use({ scenario: 'no-service-account' });
    const { access_token: token } = fake.issueClientToken();
    const res = await call('GET', '/rest/v1.0/me', { token, companyId: fake.facts.companyId });
    expect(res.status).toBe(403);
    expect(asObject(res.body)).toEqual({ errors: 'App is not connected to this company' });
  });

  it('loses access when the app is uninstalled', async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueClientToken();
    const cid = fake.facts.companyId;
    expect(
      (await call('GET', `/rest/v1.0/company_base_url`, { token, companyId: cid })).status,
    ).toBe(200);
    const installation = fake.state.activeInstallation(cid, SALUS_CLIENT_ID)!;
    fake.state.setInstallationStatus(installation.id, 'uninstalled', 'test');
    const res = await call('GET', `/rest/v1.3/companies/${cid}/users`, { token, companyId: cid });
    expect(res.status).toBe(403);
  });

  it('cannot write permissions (Directory read-only from the manifest)', async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueClientToken();
    const cid = fake.facts.companyId;
    const res = await call(
      'PATCH',
      `/rest/v1.3/companies/${cid}/users/${fake.facts.serviceAccountId}`,
      {
        token,
        companyId: cid,
        json: { user: { add_to_new_projects: true } },
      },
    );
    expect(res.status).toBe(403);
  });
});

describe('identity endpoints', () => {
  it('reports zone and web host', async () => {
    const fake = procore.use();
    const { access_token: token } = fake.issueUserToken();
    const res = await call('GET', '/rest/v1.0/company_base_url', {
      token,
      companyId: fake.facts.companyId,
    });
    expect(asObject(res.body)).toEqual({ zone: 'us02', web_base_url: 'https://us02.procore.com' });
  });

  it.each([
    ['admin', 'Admin'],
    ['non-admin', 'Read Only'],
  ] as const)('reports Directory %s in the permission manifest', async (who, level) => {
    const fake = procore.use();
    const userId = who === 'admin' ? fake.facts.adminUserId : fake.facts.nonAdminUserId;
    const { access_token: token } = fake.issueUserToken(userId);
    const cid = fake.facts.companyId;
    const res = await call('GET', `/rest/v1.0/settings/permissions?company_id=${cid}`, {
      token,
      companyId: cid,
    });
    const directory = asArray(asObject(res.body).tools).find((t) => t.name === 'directory')!;
    expect(asObject(directory.user_access_level).name).toBe(level);
  });

  it('lists app installations with the SALUS app_uid equal to the client id', async () => {
    const fake = procore.use({ scenario: 'partly-configured' });
    const { access_token: token } = fake.issueUserToken();
    const cid = fake.facts.companyId;
    const res = await call('GET', `/rest/v1.0/app_installations?company_id=${cid}`, {
      token,
      companyId: cid,
    });
    const list = asArray(res.body);
    const salus = list.filter((i) => asObject(i.developer_app).name === 'SALUS Integration');
    expect(salus.map((i) => i.status)).toEqual(['uninstalled', 'installed']);
    const live = salus[1]!;
    expect(live.app_uid).toBe(asObject(live.developer_app).uid);
    const shown = await call(
      'GET',
      `/rest/v1.0/app_installations/${live.id as string}?company_id=${cid}`,
      { token, companyId: cid },
    );
    expect(asObject(shown.body)).toMatchObject({
      id: live.id,
      app_version_id: '942ce720-c74e-4644-a15c-e4b09c5ee700',
    });
  });
});
