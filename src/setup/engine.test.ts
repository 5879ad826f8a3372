import { describe, expect, it } from 'vitest';
import type { StepDetails, StepId, StepResult } from '../api/contract.ts';
import { engineContext, memoryJournal, useFakeProcore } from '../../test/support/engine-harness.ts';
import { buildPlan, toApiPlan } from './plan.ts';
import { SALUS_REQUIREMENTS, templateUserAccessLevels } from './salus-requirements.ts';
import { executeRun } from './run.ts';
import { checkCompany } from './check.ts';

const stateOf = (steps: StepResult[]) =>
  Object.fromEntries(steps.map((s) => [s.id, s.state])) as Record<StepId, string>;
const step = (steps: StepResult[], id: StepId) => steps.find((s) => s.id === id)!;
const writesOf = (fake: ReturnType<typeof useFakeProcore>) => fake.writeLog.map((w) => w.kind);

describe('checks on every scenario', () => {
  it('fresh-install: the account is found but nothing is configured', async () => {
    const fake = useFakeProcore({ scenario: 'fresh-install' });
    const check = await checkCompany(engineContext(fake));
    expect(stateOf(check.steps)).toMatchObject({
      admin: 'complete',
      'app-installed': 'complete',
      'service-account': 'complete',
      'company-template': 'needs-attention',
      'new-projects': 'needs-attention',
      'project-access': 'needs-attention',
      'connection-test': 'needs-attention',
    });
    expect(step(check.steps, 'service-account').details).toMatchObject({
      method: 'client-credentials',
      account: { id: fake.facts.serviceAccountId },
    });
    expect(step(check.steps, 'project-access').details).toMatchObject({
      activeTotal: fake.facts.activeProjects,
      missing: fake.facts.activeProjects,
      onWithTemplate: 0,
      inactiveTotal: fake.facts.inactiveProjects,
    });
    expect(check.complete).toBe(false);
    expect(check.canFix).toBe(true);
    expect(fake.writeLog).toHaveLength(0);
  });

  it('complete: every step of the company side passes', async () => {
    const fake = useFakeProcore({ scenario: 'complete', knobs: { addToNewProjectsOnRead: true } });
    const check = await checkCompany(engineContext(fake));
    expect(
      check.steps.filter((s) => s.state !== 'complete').map((s) => [s.id, s.reason?.code]),
    ).toEqual([['support-notified', 'not-yet']]);
    expect(check.complete).toBe(true);
  });

  it("complete, when the account's own record reports add_to_new_projects: complete without evidence", async () => {
    const fake = useFakeProcore({ scenario: 'complete', knobs: { addToNewProjectsOnRead: false } });
    const check = await checkCompany(engineContext(fake));
    expect(step(check.steps, 'new-projects')).toMatchObject({
      state: 'complete',
      details: { addToNewProjects: true, evidence: { source: 'read' } },
    });
    expect(check.complete).toBe(true);
  });

  it('complete, when no read reports add_to_new_projects: the flag is unknown until the PATCH evidence exists', async () => {
    const fake = useFakeProcore({
      scenario: 'complete',
      knobs: { addToNewProjectsOnRead: false, companyMe: 'without-flag' },
    });
    const unknown = await checkCompany(engineContext(fake));
    expect(step(unknown.steps, 'new-projects')).toMatchObject({
      state: 'needs-attention',
      reason: { code: 'flag-unknown' },
      details: { addToNewProjects: null },
    });
    const withEvidence = await checkCompany(
      engineContext(fake, {
        addToNewProjectsEvidence: { value: true, at: '2026-11-25T08:00:00.000Z' },
      }),
    );
    expect(step(withEvidence.steps, 'new-projects')).toMatchObject({
      state: 'complete',
      details: { addToNewProjects: true, evidence: { source: 'patch-response' } },
    });
    expect(withEvidence.complete).toBe(true);
  });

  it('a company fixed before, when no read reports the flag: the review never says "on → on"', async () => {
    const fake = useFakeProcore({
      scenario: 'complete',
      knobs: { addToNewProjectsOnRead: false, companyMe: 'without-flag' },
    });
    const { companyId, serviceAccountId } = fake.facts;
    // Someone switched the company template after the fix that left the flag evidence.
    const standard = fake.state.templatesOf(companyId).find((t) => t.name === 'Standard Employee')!;
    fake.state.companyUser(companyId, serviceAccountId!)!.companyPermissionTemplateId = standard.id;
    const ctx = engineContext(fake, {
      addToNewProjectsEvidence: { value: true, at: '2026-11-25T08:00:00.000Z' },
    });
    const check = await checkCompany(ctx);
    const plan = buildPlan(ctx, check.facts, check.steps);
    // Every change listed is a change: its two sides differ.
    expect(plan.userChanges.filter((c) => c.from === c.to)).toEqual([]);
    // The flag is set again with the PATCH, from a value Procore did not report.
    expect(plan.userChanges).toContainEqual({ field: 'add_to_new_projects', from: null, to: true });
    // Nothing else to change: no flag change on its own.
    fake.state.companyUser(companyId, serviceAccountId!)!.companyPermissionTemplateId = check.facts
      .companyTemplates.ok
      ? check.facts.companyTemplates.value.find((t) => t.name === 'SALUS Integration Account')!.id
      : '';
    const again = await checkCompany(ctx);
    expect(buildPlan(ctx, again.facts, again.steps).userChanges).toEqual([]);
  });

  it('no-service-account: the app is not installed, and nothing further is attempted', async () => {
    const fake = useFakeProcore({ scenario: 'no-service-account' });
    const ctx = engineContext(fake);
    const check = await checkCompany(ctx);
    expect(step(check.steps, 'app-installed')).toMatchObject({
      state: 'needs-attention',
      reason: { code: 'not-connected' },
      details: { appVersionId: '942ce720-c74e-4644-a15c-e4b09c5ee700' },
    });
    expect(step(check.steps, 'service-account').state).not.toBe('complete');
    expect(buildPlan(ctx, check.facts, check.steps).blockedBy).toEqual({ step: 'app-installed' });
    expect(fake.writeLog).toHaveLength(0);
  });

  it('missing-templates: says which template is missing and plans to create both', async () => {
    const fake = useFakeProcore({ scenario: 'missing-templates' });
    const ctx = engineContext(fake);
    const check = await checkCompany(ctx);
    expect(step(check.steps, 'company-template').reason).toEqual({
      code: 'template-missing',
      kind: 'company',
      name: 'SALUS Integration Account',
    });
    expect(step(check.steps, 'new-projects').reason).toEqual({
      code: 'template-missing',
      kind: 'project',
      name: 'SALUS Project Integration',
    });
    const plan = buildPlan(ctx, check.facts, check.steps);
    expect(plan.blockedBy).toBeNull();
    expect(plan.createTemplates).toEqual([
      {
        name: 'SALUS Integration Account',
        type: 'company_tools',
        user_access_levels: { directory: 'read_only' },
        version: SALUS_REQUIREMENTS.version,
      },
      {
        name: 'SALUS Project Integration',
        type: 'global',
        user_access_levels: templateUserAccessLevels('project'),
        version: SALUS_REQUIREMENTS.version,
      },
    ]);
    expect(toApiPlan(plan, null).createTemplates).toEqual([
      { name: 'SALUS Integration Account', kind: 'company', levels: { directory: 'read_only' } },
      {
        name: 'SALUS Project Integration',
        kind: 'project',
        levels: {
          directory: 'read_only',
          daily_log: 'standard',
          observations: 'standard',
          inspections: 'standard',
          incidents: 'standard',
        },
      },
    ]);
    // Assigned once created: their ids are not known yet.
    expect(plan.userChanges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'company_permission_template_id', to: null }),
        expect.objectContaining({ field: 'default_permission_template_id', to: null }),
      ]),
    );
    expect(plan.projectTemplateId).toBeNull();
    expect(plan.add).toHaveLength(fake.facts.activeProjects);
    expect(fake.writeLog).toHaveLength(0);
  });

  it('non-admin: every check still runs read-only and the viewer cannot fix', async () => {
    const fake = useFakeProcore({ scenario: 'non-admin' });
    const check = await checkCompany(engineContext(fake));
    expect(step(check.steps, 'admin')).toMatchObject({
      state: 'needs-attention',
      reason: { code: 'not-directory-admin' },
    });
    expect(check.canFix).toBe(false);
    // They see only their own projects, so project access is not judged from their view.
    expect(step(check.steps, 'project-access').reason?.code).toBe('limited-view');
    expect(check.complete).toBe(false);
    expect(fake.writeLog).toHaveLength(0);
  });

  it('wrong-templates: counts projects with another template apart from missing ones', async () => {
    const fake = useFakeProcore({ scenario: 'wrong-templates' });
    const check = await checkCompany(engineContext(fake));
    const details = step(check.steps, 'project-access').details;
    expect(details).toMatchObject({ step: 'project-access' });
    if (details?.step !== 'project-access') throw new Error('unreachable');
    expect(details.wrongTemplate).toBeGreaterThan(0);
    expect(details.onWithTemplate + details.wrongTemplate + details.missing).toBe(
      details.activeTotal,
    );
    expect(step(check.steps, 'company-template').reason?.code).toBe('wrong-template');
  });

  it.each(['complete', 'fresh-install', 'partly-configured'] as const)(
    'over-privilege on %s: nothing beyond the SALUS templates',
    async (scenario) => {
      const fake = useFakeProcore({ scenario });
      const check = await checkCompany(engineContext(fake));
      expect(step(check.steps, 'over-privilege')).toMatchObject({
        state: 'complete',
        details: { step: 'over-privilege', excess: [] },
      });
      // The SALUS templates' own levels are never fetched: nothing of theirs is excess.
      expect(fake.requestLog.filter((r) => /permission_templates\/\d+$/.test(r.path))).toEqual([]);
    },
  );

  it('over-privilege: another company template is flagged, named, and never blocks completion', async () => {
    const fake = useFakeProcore({ scenario: 'wrong-templates' });
    const check = await checkCompany(engineContext(fake));
    expect(step(check.steps, 'over-privilege')).toMatchObject({
      state: 'needs-attention',
      reason: { code: 'over-privileged' },
      details: {
        excess: [{ scope: 'company', template: { name: 'Standard Employee' }, adminTools: [] }],
      },
    });
  });

  it('several-candidates: never guesses, and uses the one the admin picks', async () => {
    const fake = useFakeProcore({ scenario: 'several-candidates' });
    const check = await checkCompany(engineContext(fake));
    const account = step(check.steps, 'service-account');
    expect(account.reason?.code).toBe('several-candidates');
    const candidates =
      account.details?.step === 'service-account' ? account.details.candidates : [];
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    const chosen = await checkCompany(engineContext(fake, { chosenAccountId: candidates[1]!.id }));
    expect(step(chosen.steps, 'service-account')).toMatchObject({
      state: 'complete',
      details: { account: { id: candidates[1]!.id } },
    });
  });

  it('falls back to the directory search when the DMSA /me is not available', async () => {
    const fake = useFakeProcore({
      scenario: 'fresh-install',
      knobs: { dmsaMe: 'forbidden', companyMe: 'not-found' },
    });
    const check = await checkCompany(engineContext(fake));
    expect(step(check.steps, 'service-account').details).toMatchObject({
      method: 'directory-search',
      account: { id: fake.facts.serviceAccountId },
    });
  });

  it('counts the same without project_assignments, from the two project lists', async () => {
    const fake = useFakeProcore({
      scenario: 'wrong-templates',
      knobs: { betaEndpoints: { projectAssignments: false } },
    });
    const check = await checkCompany(engineContext(fake));
    const withBeta = useFakeProcore({ scenario: 'wrong-templates' });
    const expected = await checkCompany(engineContext(withBeta));
    expect(check.facts.access?.ok && check.facts.access.value.source).toBe('lists');
    const counts = (s: typeof check.steps) => {
      const {
        membershipFrom: _from,
        templatesVerifiedAt: _at,
        ...rest
      } = step(s, 'project-access').details as Extract<StepDetails, { step: 'project-access' }>;
      return rest;
    };
    expect(counts(check.steps)).toEqual(counts(expected.steps));
  });
});

describe('plan and apply', () => {
  async function fixCompany(fake: ReturnType<typeof useFakeProcore>) {
    const ctx = engineContext(fake);
    const before = await checkCompany(ctx);
    const plan = buildPlan(ctx, before.facts, before.steps);
    const ledger = memoryJournal(plan);
    const result = await executeRun({ ctx, plan, journal: ledger.journal });
    const evidence = ledger.evidence();
    const after = await checkCompany({ ...ctx, addToNewProjectsEvidence: evidence });
    return { plan, ledger, result, after };
  }

  it('fresh-install: the plan is exactly what apply does, and the company ends complete', async () => {
    const fake = useFakeProcore({ scenario: 'fresh-install' });
    const { plan, ledger, result, after } = await fixCompany(fake);
    expect(plan.blockedBy).toBeNull();
    expect(plan.userChanges.map((c) => c.field).sort()).toEqual([
      'add_to_new_projects',
      'company_permission_template_id',
      'default_permission_template_id',
    ]);
    expect(plan.add).toHaveLength(fake.facts.activeProjects);
    expect(result).toEqual({ status: 'finished' });
    expect(ledger.outcomes()).toEqual({ added: fake.facts.activeProjects });
    // Every change made exactly once.
    const writes = writesOf(fake);
    expect(writes.filter((k) => k === 'user.patch')).toHaveLength(1);
    expect(writes.filter((k) => k === 'membership.add')).toHaveLength(plan.add.length);
    expect(
      new Set(fake.writeLog.filter((w) => w.kind === 'membership.add').map((w) => w.projectId))
        .size,
    ).toBe(plan.add.length);
    expect(ledger.evidence()).toMatchObject({ value: true });
    expect(after.complete).toBe(true);
    expect(fake.missingProjects(fake.facts.companyId, fake.facts.serviceAccountId!)).toHaveLength(
      0,
    );
  });

  it('over-privilege: Directory admin, company Admin and admin project templates are flagged, and the fix sets them back', async () => {
    const fake = useFakeProcore({ scenario: 'complete', knobs: { addToNewProjectsOnRead: true } });
    const { companyId, serviceAccountId } = fake.facts;
    const byName = (name: string) =>
      fake.state.templatesOf(companyId).find((t) => t.name === name)!;
    // Someone gave the service account Company Admin and, on two projects, Project Manager.
    fake.state.companyUser(companyId, serviceAccountId!)!.companyPermissionTemplateId =
      byName('Company Admin').id;
    const projects = fake.state.projectsOf(companyId).filter((p) => p.active);
    for (const p of projects.slice(0, 2))
      fake.state.setMemberTemplate(p.id, serviceAccountId!, byName('Project Manager').id, 'test');
    fake.clearLogs();

    const ctx = engineContext(fake);
    const before = await checkCompany(ctx);
    const overPrivilege = step(before.steps, 'over-privilege');
    expect(overPrivilege).toMatchObject({
      state: 'needs-attention',
      reason: { code: 'over-privileged' },
    });
    expect(overPrivilege.reason).toMatchObject({
      excess: expect.arrayContaining([
        expect.objectContaining({ adminTools: ['admin', 'directory'] }),
      ]),
    });
    expect(overPrivilege.details).toEqual({
      step: 'over-privilege',
      excess: [
        {
          scope: 'company',
          template: { id: byName('Company Admin').id, name: 'Company Admin' },
          adminTools: ['admin', 'directory'],
          projects: 0,
        },
        {
          scope: 'project',
          template: { id: byName('Project Manager').id, name: 'Project Manager' },
          adminTools: expect.arrayContaining(['directory', 'daily_log']),
          projects: 2,
        },
      ],
    });
    // Each held template's levels are read once.
    expect(fake.requestLog.filter((r) => /permission_templates\/\d+$/.test(r.path))).toHaveLength(
      2,
    );
    // A warning, not part of "Setup complete" on its own; here the template steps fail too.
    expect(before.complete).toBe(false);

    const plan = buildPlan(ctx, before.facts, before.steps);
    expect(plan.userChanges).toContainEqual(
      expect.objectContaining({
        field: 'company_permission_template_id',
        to: byName('SALUS Integration Account').id,
      }),
    );
    expect(plan.retemplate.map((p) => p.id).sort()).toEqual(
      projects
        .slice(0, 2)
        .map((p) => p.id)
        .sort(),
    );
    const ledger = memoryJournal(plan);
    expect(await executeRun({ ctx, plan, journal: ledger.journal })).toEqual({
      status: 'finished',
    });
    const after = await checkCompany(ctx);
    expect(step(after.steps, 'over-privilege')).toMatchObject({
      state: 'complete',
      details: { excess: [] },
    });
    expect(after.complete).toBe(true);
  });

  it('missing-templates: creates both SALUS templates exactly once, then the company ends complete', async () => {
    const fake = useFakeProcore({ scenario: 'missing-templates' });
    const { plan, ledger, result, after } = await fixCompany(fake);
    expect(result).toEqual({ status: 'finished' });
    const created = fake.writeLog.filter((w) => w.kind === 'template.create');
    expect(created).toHaveLength(2);
    const templates = fake.state.templatesOf(fake.facts.companyId);
    const account = templates.find((t) => t.name === 'SALUS Integration Account')!;
    const project = templates.find((t) => t.name === 'SALUS Project Integration')!;
    expect(account).toMatchObject({
      type: 'company_tools',
      userAccessLevels: { directory: 'read_only' },
    });
    expect(project).toMatchObject({
      type: 'global',
      userAccessLevels: templateUserAccessLevels('project'),
    });
    // Created first, then used for the account and every project.
    expect(writesOf(fake).slice(0, 2)).toEqual(['template.create', 'template.create']);
    expect(fake.companyUser(fake.facts.companyId, fake.facts.serviceAccountId!)).toMatchObject({
      companyPermissionTemplateId: account.id,
      defaultPermissionTemplateId: project.id,
    });
    expect([...ledger.items.values()].every((i) => i.templateId === project.id)).toBe(true);
    expect(ledger.outcomes()).toEqual({ added: plan.add.length });
    expect(ledger.audit.filter((a) => a.field === 'permission_template')).toHaveLength(2);
    expect(after.complete).toBe(true);
  });

  it('missing-templates: a run killed after creating the templates resumes without creating them twice', async () => {
    const fake = useFakeProcore({ scenario: 'missing-templates' });
    const ctx = engineContext(fake);
    const check = await checkCompany(ctx);
    const plan = buildPlan(ctx, check.facts, check.steps);
    const ledger = memoryJournal(plan);
    // Killed once both templates exist, before the account PATCH.
    const controller = new AbortController();
    const killing = {
      ...ledger.journal,
      resolveTemplate: async (id: string) => {
        await ledger.journal.resolveTemplate(id);
        controller.abort(new Error('killed'));
      },
    };
    const first = await executeRun({
      ctx: { ...ctx, signal: controller.signal },
      plan,
      journal: killing,
    });
    expect(first.status).toBe('aborted');
    expect(writesOf(fake)).toEqual(['template.create', 'template.create']);

    const second = await executeRun({ ctx, plan, journal: ledger.journal });
    expect(second).toEqual({ status: 'finished' });
    expect(writesOf(fake).filter((k) => k === 'template.create')).toHaveLength(2);
    expect(
      fake.requestLog.filter(
        (r) => r.method === 'POST' && r.path.endsWith('/permission_templates'),
      ),
    ).toHaveLength(2);
    expect(writesOf(fake).filter((k) => k === 'user.patch')).toHaveLength(1);
    const after = await checkCompany({ ...ctx, addToNewProjectsEvidence: ledger.evidence() });
    expect(after.complete).toBe(true);
  });

  it('missing-templates: a lost answer to the template POST is read back, not sent again', async () => {
    const fake = useFakeProcore({ scenario: 'missing-templates' });
    fake.failNext({
      method: 'POST',
      pathPattern: '/rest/v1.0/companies/:cid/permission_templates',
      status: 'network-error',
      afterApply: true,
      count: 1,
    });
    const { result, after } = await fixCompany(fake);
    expect(result).toEqual({ status: 'finished' });
    expect(writesOf(fake).filter((k) => k === 'template.create')).toHaveLength(2);
    expect(after.complete).toBe(true);
  });

  it('missing-templates: a refused template POST pauses the run with Procore’s reason, before any other write', async () => {
    const fake = useFakeProcore({ scenario: 'missing-templates' });
    fake.failNext({
      method: 'POST',
      pathPattern: '/rest/v1.0/companies/:cid/permission_templates',
      status: 422,
      body: { errors: { user_access_levels: ['directory has an invalid level'] } },
      count: 1,
    });
    const { result } = await fixCompany(fake);
    expect(result).toMatchObject({ status: 'paused', reason: { code: 'template-not-created' } });
    expect(result).toMatchObject({
      reason: { procore: { status: 422, message: expect.stringMatching(/invalid level/) } },
    });
    expect(fake.writeLog).toEqual([]);
  });

  it('wrong-templates: re-templates existing memberships instead of adding them again', async () => {
    const fake = useFakeProcore({ scenario: 'wrong-templates' });
    const { plan, ledger, after } = await fixCompany(fake);
    expect(plan.retemplate.length).toBeGreaterThan(0);
    expect(ledger.outcomes()).toEqual({
      ...(plan.add.length ? { added: plan.add.length } : {}),
      retemplated: plan.retemplate.length,
    });
    expect(writesOf(fake).filter((k) => k === 'membership.retemplate')).toHaveLength(
      plan.retemplate.length,
    );
    expect(writesOf(fake).filter((k) => k === 'membership.add')).toHaveLength(plan.add.length);
    expect(after.complete).toBe(true);
  });

  it('uses one add per project when bulk_add is not offered', async () => {
    const fake = useFakeProcore({
      scenario: 'fresh-install',
      knobs: { betaEndpoints: { bulkAdd: false } },
    });
    const { plan, after } = await fixCompany(fake);
    const adds = fake.requestLog.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/actions/add'),
    );
    expect(adds).toHaveLength(plan.add.length);
    expect(after.complete).toBe(true);
  });

  it.each([true, false])(
    'a trial (maxProjects 1, bulk_add offered: %s) adds exactly one project, pauses, and resuming adds the rest once',
    async (bulkAdd) => {
      const fake = useFakeProcore({
        scenario: 'fresh-install',
        knobs: { betaEndpoints: { bulkAdd } },
      });
      const ctx = engineContext(fake);
      const before = await checkCompany(ctx);
      const plan = buildPlan(ctx, before.facts, before.steps);
      const ledger = memoryJournal(plan);
      expect(plan.add.length).toBeGreaterThan(1);

      const trial = await executeRun({ ctx, plan, journal: ledger.journal, maxProjects: 1 });
      expect(trial).toEqual({ status: 'trial-done' });
      const addsAfterTrial = fake.writeLog.filter((w) => w.kind === 'membership.add');
      expect(addsAfterTrial).toHaveLength(1);
      expect(writesOf(fake).filter((k) => k === 'user.patch')).toHaveLength(1);
      expect(ledger.outcomes()).toMatchObject({ added: 1, pending: plan.add.length - 1 });

      expect(await executeRun({ ctx, plan, journal: ledger.journal })).toEqual({
        status: 'finished',
      });
      const adds = fake.writeLog.filter((w) => w.kind === 'membership.add');
      expect(adds).toHaveLength(plan.add.length);
      expect(new Set(adds.map((w) => w.projectId)).size).toBe(plan.add.length);
      expect(writesOf(fake).filter((k) => k === 'user.patch')).toHaveLength(1);
      expect(ledger.outcomes()).toEqual({ added: plan.add.length });
    },
  );

  it('never sends a write when the viewer is not a Directory admin (Procore would refuse)', async () => {
    const fake = useFakeProcore({ scenario: 'non-admin' });
    const ctx = engineContext(fake);
    const check = await checkCompany(ctx);
    expect(buildPlan(ctx, check.facts, check.steps).blockedBy).toEqual({ step: 'admin' });
  });

  it('a lost write response is verified by reading, never added twice', async () => {
    const fake = useFakeProcore({
      scenario: 'fresh-install',
      knobs: { betaEndpoints: { bulkAdd: false, projectAssignments: false } },
    });
    fake.failNext({
      method: 'POST',
      pathPattern: '/rest/v1.0/projects/:pid/users/:uid/actions/add',
      status: 'network-error',
      afterApply: true,
      count: 3,
    });
    const { plan, ledger, after } = await fixCompany(fake);
    expect(ledger.outcomes()).toEqual({ added: plan.add.length });
    const adds = fake.writeLog.filter((w) => w.kind === 'membership.add');
    expect(adds).toHaveLength(plan.add.length);
    const sent = fake.requestLog.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/actions/add'),
    );
    expect(sent).toHaveLength(plan.add.length);
    expect(after.complete).toBe(true);
  });

  it.each([
    ['per-project adds', { bulkAdd: false, projectAssignments: false }],
    ['bulk_add refused, then per-project adds', { bulkAdd: false, projectAssignments: true }],
  ])(
    'resumes from the ledger (%s): a write sent before a restart is confirmed, not repeated',
    async (_name, beta) => {
      const fake = useFakeProcore({ scenario: 'fresh-install', knobs: { betaEndpoints: beta } });
      const ctx = engineContext(fake);
      const check = await checkCompany(ctx);
      const plan = buildPlan(ctx, check.facts, check.steps);
      const ledger = memoryJournal(plan);
      // The first run is killed after three adds; the third was sent but never recorded.
      const controller = new AbortController();
      let settled = 0;
      const killing = {
        ...ledger.journal,
        settle: async (...args: Parameters<typeof ledger.journal.settle>) => {
          settled += 1;
          if (settled === 3) {
            controller.abort(new Error('killed'));
            return;
          }
          await ledger.journal.settle(...args);
        },
      };
      const first = await executeRun({
        ctx: { ...ctx, signal: controller.signal },
        plan,
        journal: killing,
      });
      expect(first.status).toBe('aborted');
      const second = await executeRun({ ctx, plan, journal: ledger.journal });
      expect(second).toEqual({ status: 'finished' });
      expect(fake.writeLog.filter((w) => w.kind === 'membership.add')).toHaveLength(
        plan.add.length,
      );
      // No project was sent twice: the one sent before the kill was read back instead.
      const sent = fake.requestLog.filter(
        (r) => r.method === 'POST' && r.path.endsWith('/actions/add'),
      );
      expect(sent).toHaveLength(plan.add.length);
      expect(Object.values(ledger.outcomes()).reduce((a, b) => a + b, 0)).toBe(plan.add.length);
      expect(ledger.outcomes().pending).toBeUndefined();
    },
  );

  it('pauses on a systemic failure instead of failing every project', async () => {
    const fake = useFakeProcore({
      scenario: 'fresh-install',
      knobs: { betaEndpoints: { bulkAdd: false } },
    });
    fake.failNext({
      method: 'POST',
      pathPattern: '/rest/v1.0/projects/:pid/users/:uid/actions/add',
      status: 403,
      body: { errors: 'App is not connected to this company' },
      count: 1000,
    });
    const { result, ledger } = await fixCompany(fake);
    expect(result).toMatchObject({ status: 'paused', reason: { code: 'app-not-connected' } });
    expect(ledger.outcomes().pending).toBeGreaterThan(fake.facts.activeProjects - 3);
  });

  it('pauses after five projects in a row fail the same way', async () => {
    const fake = useFakeProcore({
      scenario: 'fresh-install',
      knobs: { betaEndpoints: { bulkAdd: false } },
    });
    fake.failNext({
      method: 'POST',
      pathPattern: '/rest/v1.0/projects/:pid/users/:uid/actions/add',
      status: 422,
      body: { errors: { base: ['Project is locked'] } },
      count: 1000,
    });
    const { result, ledger } = await fixCompany(fake);
    expect(result).toMatchObject({ status: 'paused', reason: { code: 'systemic-failure' } });
    expect(ledger.outcomes().failed).toBeLessThanOrEqual(6);
  });
});
