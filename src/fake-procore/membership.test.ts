import type { FakeProcore } from './fake.ts';
import { asArray, asObject, call, manualClock, setupFakeProcoreServer } from './test-support.ts';

const procore = setupFakeProcoreServer();

function setup(fake: FakeProcore) {
  const f = fake.facts;
  const cid = f.companyId;
  const sa = f.serviceAccountId!;
  const auth = { token: fake.issueUserToken(f.adminUserId).access_token, companyId: cid };
  const projects = fake.state.projectsOf(cid);
  const missing = fake.missingProjects(cid, sa);
  const inactive = projects.find((p) => !p.active)!;
  return { f, cid, sa, auth, projects, missing, inactive, tpl: f.salusProjectTemplateId! };
}

describe('POST /projects/{id}/users/{id}/actions/add', () => {
  it('adds the user with the template from the body (201) and logs the write', async () => {
    const fake = procore.use();
    const { cid, sa, auth, missing, tpl } = setup(fake);
    const project = missing[0]!;
    const res = await call('POST', `/rest/v1.0/projects/${project.id}/users/${sa}/actions/add`, {
      ...auth,
      json: { user: { permission_template_id: tpl } },
    });
    expect(res.status).toBe(201);
    expect(asObject(res.body)).toMatchObject({ id: sa, permission_template: { id: tpl } });
    expect(asObject(res.body)).not.toHaveProperty('address'); // nulls omitted
    expect(fake.membership(cid, project.id, sa)).toEqual({
      permissionTemplateId: tpl,
      permissionTemplateName: 'SALUS Project Integration',
    });
    expect(fake.writeLog).toEqual([
      expect.objectContaining({
        kind: 'membership.add',
        projectId: project.id,
        userId: sa,
        before: null,
        after: { permissionTemplateId: tpl },
      }),
    ]);
  });

  it('uses the default project template when no body is sent', async () => {
    const fake = procore.use({ scenario: 'wrong-templates' });
    const { cid, sa, auth, missing } = setup(fake);
    await call('POST', `/rest/v1.0/projects/${missing[0]!.id}/users/${sa}/actions/add`, auth);
    expect(fake.membership(cid, missing[0]!.id, sa)?.permissionTemplateName).toBe('Read Only');
  });

  it('leaves an existing member alone (201) or answers 422 (knob)', async () => {
    const fake = procore.use({ scenario: 'wrong-templates' });
    const { cid, sa, auth, projects, tpl } = setup(fake);
    const member = projects.find(
      (p) => p.active && fake.membership(cid, p.id, sa)?.permissionTemplateName === 'Read Only',
    )!;
    const add = () =>
      call('POST', `/rest/v1.0/projects/${member.id}/users/${sa}/actions/add`, {
        ...auth,
        json: { user: { permission_template_id: tpl } },
      });
    expect((await add()).status).toBe(201);
    expect(fake.membership(cid, member.id, sa)?.permissionTemplateName).toBe('Read Only');
    fake.setKnobs({ addExistingMember: 'error' });
    const res = await add();
    expect(res.status).toBe(422);
    expect(asObject(res.body)).toEqual({ errors: 'User is already on this project' });
    expect(fake.writeLog).toEqual([]);
  });

  it('refuses inactive projects (422) unless the knob allows it', async () => {
    const fake = procore.use();
    const { cid, sa, auth, inactive } = setup(fake);
    const res = await call(
      'POST',
      `/rest/v1.0/projects/${inactive.id}/users/${sa}/actions/add`,
      auth,
    );
    expect(res.status).toBe(422);
    expect(asObject(res.body)).toEqual({ errors: 'Project is inactive' });
    fake.setKnobs({ addToInactiveProject: 'ok' });
    expect(
      (await call('POST', `/rest/v1.0/projects/${inactive.id}/users/${sa}/actions/add`, auth))
        .status,
    ).toBe(201);
    expect(fake.membership(cid, inactive.id, sa)).toBeDefined();
  });

  it("rejects a company template or another project's template (422)", async () => {
    const fake = procore.use({ scenario: 'wrong-templates' });
    const { f, sa, auth, missing } = setup(fake);
    const lookalike = fake.state
      .templatesOf(f.companyId)
      .find((t) => t.type === 'project_specific')!;
    for (const id of [f.salusCompanyTemplateId!, lookalike.id]) {
      const res = await call(
        'POST',
        `/rest/v1.0/projects/${missing[0]!.id}/users/${sa}/actions/add`,
        {
          ...auth,
          json: { user: { permission_template_id: id } },
        },
      );
      expect(asObject(res.body)).toEqual({ errors: { permission_template_id: ['is invalid'] } });
    }
  });

  it('removes a member with DELETE actions/remove (204)', async () => {
    const fake = procore.use({ scenario: 'complete' });
    const { cid, sa, auth, projects } = setup(fake);
    const res = await call(
      'DELETE',
      `/rest/v1.0/projects/${projects[0]!.id}/users/${sa}/actions/remove`,
      auth,
    );
    expect(res.status).toBe(204);
    expect(fake.membership(cid, projects[0]!.id, sa)).toBeUndefined();
    expect(fake.writeLog.map((w) => w.kind)).toEqual(['membership.remove']);
  });
});

describe('PATCH /projects/{id}/permission_template_assignments', () => {
  it('re-templates an existing member', async () => {
    const fake = procore.use({ scenario: 'wrong-templates' });
    const { cid, sa, auth, projects, tpl } = setup(fake);
    const member = projects.find(
      (p) => p.active && fake.membership(cid, p.id, sa)?.permissionTemplateName === 'Subcontractor',
    )!;
    const res = await call(
      'PATCH',
      `/rest/v1.0/projects/${member.id}/permission_template_assignments`,
      {
        ...auth,
        json: { permission_template_assignments: { user_id: sa, permission_template_id: tpl } },
      },
    );
    expect(asObject(res.body)).toEqual({
      user_id: sa,
      permission_template_id: tpl,
      project_id: member.id,
    });
    expect(fake.writeLog).toEqual([
      expect.objectContaining({
        kind: 'membership.retemplate',
        after: { permissionTemplateId: tpl },
      }),
    ]);
  });

  it('answers 422 for a user who is not on the project', async () => {
    const fake = procore.use();
    const { sa, auth, missing, tpl } = setup(fake);
    const res = await call(
      'PATCH',
      `/rest/v1.0/projects/${missing[0]!.id}/permission_template_assignments`,
      {
        ...auth,
        json: { permission_template_assignments: { user_id: sa, permission_template_id: tpl } },
      },
    );
    expect(res.status).toBe(422);
    expect(asObject(res.body)).toEqual({
      errors: { user_id: ['is not a member of this project'] },
    });
  });
});

describe('POST /companies/{id}/users/bulk_add (BETA)', () => {
  it('adds every triplet and answers 200 with entities per user', async () => {
    const fake = procore.use();
    const { cid, sa, auth, missing, tpl } = setup(fake);
    const users = missing
      .slice(0, 3)
      .map((p) => ({ user_id: sa, project_id: p.id, permission_template_id: tpl }));
    const res = await call('POST', `/rest/v1.3/companies/${cid}/users/bulk_add`, {
      ...auth,
      json: { users },
    });
    expect(res.status).toBe(200);
    // The 2026 extract types userId as a string.
    expect(res.text).toContain(`"userId":"${sa}"`);
    expect(asObject(res.body)).toEqual({
      entities: [
        {
          userId: sa,
          projects: users.map((u) => ({ projectId: u.project_id, message: 'success' })),
        },
      ],
    });
    expect(fake.writeLog).toHaveLength(3);
  });

  it('answers 207 with per-item errors for inactive and unknown projects, leaving members alone', async () => {
    const fake = procore.use({ scenario: 'wrong-templates' });
    const { cid, sa, auth, projects, missing, inactive, tpl } = setup(fake);
    const member = projects.find(
      (p) => p.active && fake.membership(cid, p.id, sa)?.permissionTemplateName === 'Read Only',
    )!;
    const fresh = missing.find((p) => p.active)!;
    const users = [fresh, member, inactive, { id: '1' }].map((p) => ({
      user_id: sa,
      project_id: p.id,
      permission_template_id: tpl,
    }));
    const res = await call('POST', `/rest/v1.3/companies/${cid}/users/bulk_add`, {
      ...auth,
      json: { users },
    });
    expect(res.status).toBe(207);
    expect(asObject(res.body)).toEqual({
      entities: [
        {
          userId: sa,
          projects: [
            { projectId: fresh.id, message: 'success' },
            { projectId: member.id, message: 'success' },
          ],
        },
      ],
      errors: [
        {
          userId: sa,
          errors: [
            { projectId: inactive.id, message: 'Contact could not be added.' },
            { projectId: '1', message: 'Contact could not be added.' },
          ],
        },
      ],
    });
    expect(fake.membership(cid, member.id, sa)?.permissionTemplateName).toBe('Read Only');
    expect(fake.writeLog.map((w) => w.projectId)).toEqual([fresh.id]);
  });

  it('answers 200 with the errors included on v1.1, and numbers with the id-style knob', async () => {
    const fake = procore.use({ knobs: { bulkAddIdStyle: 'number' } });
    const { cid, sa, auth, inactive, tpl } = setup(fake);
    const res = await call('POST', `/rest/v1.1/companies/${cid}/users/bulk_add`, {
      ...auth,
      json: { users: [{ user_id: sa, project_id: inactive.id, permission_template_id: tpl }] },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`"userId":${sa}`);
    expect(asArray(asObject(res.body).errors)).toHaveLength(1);
  });

  it('queues more than 1000 triplets (202) and applies them later on the fake clock', async () => {
    const clock = manualClock();
    const fake = procore.use({ scenario: 'enterprise', clock });
    const { cid, sa, auth, missing, tpl } = setup(fake);
    const users = missing
      .slice(0, 1001)
      .map((p) => ({ user_id: sa, project_id: p.id, permission_template_id: tpl }));
    const res = await call('POST', `/rest/v1.3/companies/${cid}/users/bulk_add`, {
      ...auth,
      json: { users },
    });
    expect(res.status).toBe(202);
    expect(fake.writeLog).toHaveLength(0);
    clock.advance(2000);
    fake.flushAsync();
    expect(fake.writeLog).toHaveLength(1001);
    fake.setKnobs({ bulkAddOverLimit: 'reject' });
    const rejected = await call('POST', `/rest/v1.3/companies/${cid}/users/bulk_add`, {
      ...auth,
      json: { users },
    });
    expect(rejected.status).toBe(400);
  });

  it('is a 404 when BETA endpoints are off', async () => {
    const fake = procore.use({ knobs: { betaEndpoints: { bulkAdd: false } } });
    const { cid, auth } = setup(fake);
    const res = await call('POST', `/rest/v1.3/companies/${cid}/users/bulk_add`, {
      ...auth,
      json: { users: [] },
    });
    expect(res.status).toBe(404);
  });
});

describe('project users', () => {
  it('lists active members with their project template, filtered by id', async () => {
    const fake = procore.use({ scenario: 'complete' });
    const { sa, auth, projects, tpl } = setup(fake);
    const project = projects[0]!;
    const res = await call(
      'GET',
      `/rest/v1.0/projects/${project.id}/users?filters[id][]=${sa}`,
      auth,
    );
    expect(asArray(res.body)).toEqual([
      expect.objectContaining({
        id: sa,
        permission_template: expect.objectContaining({ id: tpl }),
      }),
    ]);
    const compact = await call('GET', `/rest/v1.0/projects/${project.id}/users?view=compact`, auth);
    expect(Object.keys(asArray(compact.body)[0]!).sort()).toEqual([
      'first_name',
      'id',
      'initials',
      'last_name',
      'name',
      'vendor',
    ]);
    const shown = await call('GET', `/rest/v1.0/projects/${project.id}/users/${sa}`, auth);
    expect(asObject(shown.body).id).toBe(sa);
  });
});

describe('v1.1 projects by id', () => {
  it('honours filters[id] as one id, a comma list or an array, within what the caller sees', async () => {
    const fake = procore.use({ scenario: 'partly-configured' });
    const { cid, sa, auth, projects, missing } = setup(fake);
    const [a, b] = [projects[0]!, projects[1]!];
    const ids = async (query: string, as = auth) =>
      asArray((await call('GET', `/rest/v1.1/projects?company_id=${cid}&${query}`, as)).body).map(
        (p) => p.id,
      );
    expect(await ids(`filters[id]=${a.id}&view=compact`)).toEqual([a.id]);
    expect(await ids(`filters[id]=${a.id},${b.id}`)).toEqual([a.id, b.id]);
    expect(await ids(`filters[id][]=${b.id}&filters[id][]=${a.id}`)).toEqual([a.id, b.id]);
    // The service account asking about a project it is not on: an empty list, not a 403 or 404.
    const app = { token: fake.issueClientToken().access_token, companyId: cid };
    expect(await ids(`filters[id]=${missing[0]!.id}&filters[by_status]=All`, app)).toEqual([]);
    const on = projects.find((p) => p.active && fake.state.membership(p.id, sa) !== undefined)!;
    expect(await ids(`filters[id]=${on.id}&filters[by_status]=All`, app)).toEqual([on.id]);
  });
});

describe('add_to_new_projects', () => {
  it('puts the account on projects created later, with its default template', () => {
    const fake = procore.use({ scenario: 'complete' });
    const { cid, sa, tpl } = setup(fake);
    const project = fake.createProject(cid, 'Brand New Tower');
    expect(fake.membership(cid, project.id, sa)?.permissionTemplateId).toBe(tpl);
    const fresh = procore.use({ scenario: 'fresh-install' });
    const other = fresh.createProject(fresh.facts.companyId, 'Brand New Tower');
    expect(
      fresh.membership(fresh.facts.companyId, other.id, fresh.facts.serviceAccountId!),
    ).toBeUndefined();
  });
});
