import { BASE, asArray, asObject, call, setupFakeProcoreServer } from './test-support.ts';

const procore = setupFakeProcoreServer();

function admin(fake: ReturnType<typeof procore.use>) {
  return { token: fake.issueUserToken().access_token, companyId: fake.facts.companyId };
}

describe('company users: list and show', () => {
  it('lists active users only, searching names, emails and job titles', async () => {
    const fake = procore.use();
    const cid = fake.facts.companyId;
    const res = await call(
      'GET',
      `/rest/v1.3/companies/${cid}/users?filters[search]=salus&sort=name`,
      admin(fake),
    );
    expect(asArray(res.body).map((u) => u.name)).toEqual([
      'Sally Salusbury',
      'SALUS Integration (legacy) salus-integration-co-us02',
      'salus-integration-k3x9q2m7',
      'salus-integrations-old',
    ]);
    const byTitle = await call(
      'GET',
      `/rest/v1.0/companies/${cid}/users?filters[search]=operations director`,
      admin(fake),
    );
    expect(asArray(byTitle.body).map((u) => u.email_address)).toEqual([fake.facts.adminLogin]);
    const inactive = await call('GET', `/rest/v1.0/companies/${cid}/users/inactive`, admin(fake));
    expect(asArray(inactive.body).map((u) => u.name)).toEqual([
      'Pat Former',
      'salus-integration-0ld4cc7x',
    ]);
  });

  it('supports view=ids_only and extended on v1.3', async () => {
    const fake = procore.use({ scenario: 'partly-configured' });
    const cid = fake.facts.companyId;
    const ids = await call(
      'GET',
      `/rest/v1.3/companies/${cid}/users?view=ids_only&per_page=3`,
      admin(fake),
    );
    expect(ids.text).toMatch(/^\[9007199254741\d{3},9007199254741\d{3},9007199254741\d{3}\]$/);
    expect(asArray(ids.body)).toHaveLength(3);
    const extended = await call(
      'GET',
      `/rest/v1.3/companies/${cid}/users?view=extended&per_page=1`,
      admin(fake),
    );
    expect(asArray(extended.body)[0]).toHaveProperty('verified_employee');
  });

  it('shows a user with both template ids; add_to_new_projects only with the knob', async () => {
    const fake = procore.use({ scenario: 'complete' });
    const f = fake.facts;
    const path = `/rest/v1.3/companies/${f.companyId}/users/${f.serviceAccountId}`;
    const shown = asObject((await call('GET', path, admin(fake))).body);
    expect(shown).toMatchObject({
      id: f.serviceAccountId,
      name: 'salus-integration-c0mp1e7e',
      company_permission_template_id: f.salusCompanyTemplateId,
      default_permission_template_id: f.salusProjectTemplateId,
      permission_template: {
        id: f.salusProjectTemplateId,
        name: 'SALUS Project Integration',
        type: 'global',
      },
      company_permission_template: { name: 'SALUS Integration Account', type: 'company_tools' },
    });
    expect(shown).not.toHaveProperty('add_to_new_projects');
    fake.setKnobs({ addToNewProjectsOnRead: true });
    expect(asObject((await call('GET', path, admin(fake))).body).add_to_new_projects).toBe(true);
    const list = await call('GET', `/rest/v1.1/companies/${f.companyId}/users`, admin(fake));
    expect(asArray(list.body).every((u) => typeof u.add_to_new_projects === 'boolean')).toBe(true);
  });

  it('404s a user of another company', async () => {
    const fake = procore.use();
    const path = `/rest/v1.3/companies/${fake.facts.companyId}/users/${fake.serviceAccountId(fake.facts.secondCompanyId!)}`;
    expect((await call('GET', path, admin(fake))).status).toBe(404);
  });
});

describe('company users: PATCH', () => {
  const body = (f: {
    salusCompanyTemplateId: string | null;
    salusProjectTemplateId: string | null;
  }) => ({
    user: {
      company_permission_template_id: f.salusCompanyTemplateId,
      default_permission_template_id: f.salusProjectTemplateId,
      add_to_new_projects: true,
    },
  });

  it('sets the three fields, answers with them, and logs one write with before and after', async () => {
    const fake = procore.use();
    const f = fake.facts;
    const path = `/rest/v1.3/companies/${f.companyId}/users/${f.serviceAccountId}`;
    const res = await call('PATCH', path, { ...admin(fake), json: body(f) });
    expect(res.status).toBe(200);
    expect(asObject(res.body)).toMatchObject({
      add_to_new_projects: true,
      company_permission_template_id: f.salusCompanyTemplateId,
      default_permission_template_id: f.salusProjectTemplateId,
    });
    expect(fake.writeLog).toEqual([
      expect.objectContaining({
        kind: 'user.patch',
        userId: f.serviceAccountId,
        before: {
          companyPermissionTemplateId: null,
          defaultPermissionTemplateId: null,
          addToNewProjects: false,
        },
        after: {
          companyPermissionTemplateId: f.salusCompanyTemplateId,
          defaultPermissionTemplateId: f.salusProjectTemplateId,
          addToNewProjects: true,
        },
        via: `PATCH ${path}`,
      }),
    ]);
    // The same PATCH again changes nothing and logs nothing.
    await call('PATCH', path, { ...admin(fake), json: body(f) });
    expect(fake.writeLog).toHaveLength(1);
  });

  it('rejects template ids of the wrong kind or unknown with field errors (422)', async () => {
    const fake = procore.use();
    const f = fake.facts;
    const path = `/rest/v1.0/companies/${f.companyId}/users/${f.serviceAccountId}`;
    const res = await call('PATCH', path, {
      ...admin(fake),
      json: {
        user: {
          company_permission_template_id: f.salusProjectTemplateId,
          default_permission_template_id: '999999999999',
        },
      },
    });
    expect(res.status).toBe(422);
    expect(asObject(res.body)).toEqual({
      errors: {
        company_permission_template_id: ['is invalid'],
        default_permission_template_id: ['is invalid'],
      },
    });
    expect(fake.writeLog).toEqual([]);
  });

  it('answers 400 without the user key', async () => {
    const fake = procore.use();
    const f = fake.facts;
    const res = await call(
      'PATCH',
      `/rest/v1.3/companies/${f.companyId}/users/${f.serviceAccountId}`,
      {
        ...admin(fake),
        json: { company_permission_template_id: f.salusCompanyTemplateId },
      },
    );
    expect(res.status).toBe(400);
    expect(asObject(res.body)).toEqual({ errors: 'param is missing or the value is empty: user' });
  });

  it('can require last_name as the PATCH schema says (knob)', async () => {
    const fake = procore.use({ knobs: { patchRequiresLastName: true } });
    const f = fake.facts;
    const path = `/rest/v1.3/companies/${f.companyId}/users/${f.serviceAccountId}`;
    const res = await call('PATCH', path, { ...admin(fake), json: body(f) });
    expect(asObject(res.body)).toEqual({ errors: { last_name: ["can't be blank"] } });
    const ok = await call('PATCH', path, {
      ...admin(fake),
      json: { user: { ...body(f).user, last_name: '' } },
    });
    expect(ok.status).toBe(200);
  });

  it('accepts multipart/form-data with Rails bracket keys, as the 2024 SDK sends', async () => {
    const fake = procore.use();
    const f = fake.facts;
    const form = new FormData();
    form.set('user[default_permission_template_id]', f.salusProjectTemplateId!);
    form.set('user[add_to_new_projects]', 'true');
    const res = await fetch(
      `${BASE}/rest/v1.3/companies/${f.companyId}/users/${f.serviceAccountId}`,
      {
        method: 'PATCH',
        headers: {
          Authorization: `Bearer ${admin(fake).token}`,
          'Procore-Company-Id': f.companyId,
        },
        body: form,
      },
    );
    expect(res.status).toBe(200);
    expect(fake.companyUser(f.companyId, f.serviceAccountId!)).toMatchObject({
      defaultPermissionTemplateId: f.salusProjectTemplateId,
      addToNewProjects: true,
    });
  });

  it('answers 400 for malformed JSON', async () => {
    const fake = procore.use();
    const f = fake.facts;
    const res = await fetch(
      `${BASE}/rest/v1.3/companies/${f.companyId}/users/${f.serviceAccountId}`,
      {
        method: 'PATCH',
        headers: {
          Authorization: `Bearer ${admin(fake).token}`,
          'Procore-Company-Id': f.companyId,
          'Content-Type': 'application/json',
        },
        body: '{"user":',
      },
    );
    expect(res.status).toBe(400);
  });
});

describe('permission templates', () => {
  it('filters by type: company_tools, global, and project_tools (global + project_specific)', async () => {
    const fake = procore.use({ scenario: 'wrong-templates' });
    const cid = fake.facts.companyId;
    const names = async (type: string) =>
      asArray(
        (await call('GET', `/rest/v1.0/companies/${cid}/permission_templates${type}`, admin(fake)))
          .body,
      ).map((t) => `${t.name as string}/${t.type as string}`);
    expect(await names('?filters[type]=company_tools')).toEqual([
      'Company Admin/company_tools',
      'Standard Employee/company_tools',
      'SALUS Integration Account/company_tools',
    ]);
    const global = await names('?filters[type]=global');
    expect(global).toContain('SALUS Project Integration/global');
    expect(global).not.toContain('SALUS Project Integration/project_specific');
    expect(await names('')).toContain('SALUS Project Integration/project_specific');
  });

  it('creates a template (Directory admin) and rejects a duplicate name', async () => {
    const fake = procore.use({ scenario: 'missing-templates' });
    const cid = fake.facts.companyId;
    const json = {
      permission_template: {
        name: 'SALUS Project Integration',
        type: 'global',
        user_access_levels: { directory: 'read_only', daily_log: 'standard' },
      },
    };
    const res = await call('POST', `/rest/v1.0/companies/${cid}/permission_templates`, {
      ...admin(fake),
      json,
    });
    expect(res.status).toBe(201);
    expect(asObject(res.body)).toMatchObject({
      name: 'SALUS Project Integration',
      type: 'global',
      project_specific: false,
    });
    const again = await call('POST', `/rest/v1.0/companies/${cid}/permission_templates`, {
      ...admin(fake),
      json,
    });
    expect(asObject(again.body)).toEqual({ errors: { name: ['has already been taken'] } });
    expect(fake.writeLog.map((w) => w.kind)).toEqual(['template.create']);
  });

  it('lists the templates assignable on a project', async () => {
    const fake = procore.use({ scenario: 'wrong-templates' });
    const cid = fake.facts.companyId;
    const [first, second] = fake.state.projectsOf(cid);
    const names = async (id: string) =>
      asArray(
        (await call('GET', `/rest/v1.0/projects/${id}/permission_templates`, admin(fake))).body,
      ).map((t) => t.type);
    expect(await names(first!.id)).toContain('project_specific');
    expect(await names(second!.id)).not.toContain('project_specific');
  });
});

describe('project_assignments (BETA)', () => {
  it('lists assigned and unassigned projects of a user with the template', async () => {
    const fake = procore.use({ scenario: 'partly-configured' });
    const f = fake.facts;
    const base = `/rest/v1.0/companies/${f.companyId}/users/${f.serviceAccountId}/project_assignments?per_page=1000`;
    const unassigned = await call(
      'GET',
      `${base}&filters[assignment_status]=unassigned&filters[by_status]=Active`,
      admin(fake),
    );
    expect(asArray(unassigned.body)).toHaveLength(35);
    const assigned = asArray(
      (await call('GET', `${base}&filters[assignment_status]=assigned`, admin(fake))).body,
    );
    expect(assigned).toHaveLength(25);
    expect(assigned[0]).toMatchObject({
      is_assigned: true,
      active: true,
      permission_template_id: f.salusProjectTemplateId,
      permission_template_name: 'SALUS Project Integration',
    });
    const all = await call('GET', `${base}&filters[by_status]=All`, admin(fake));
    expect(asArray(all.body)).toHaveLength(64);
  });

  it('is a 404 when BETA endpoints are off', async () => {
    const fake = procore.use({ knobs: { betaEndpoints: { projectAssignments: false } } });
    const f = fake.facts;
    const res = await call(
      'GET',
      `/rest/v1.0/companies/${f.companyId}/users/${f.serviceAccountId}/project_assignments`,
      admin(fake),
    );
    expect(res.status).toBe(404);
    expect(asObject(res.body)).toEqual({ errors: 'Not Found' });
  });
});
