import { afterEach, describe, expect, it } from 'vitest';
import type {
  RunReport,
  CompanyStatus,
  Plan,
  PlannedFieldChange,
  ProjectPage,
  RunProgress,
} from '../../src/api/contract.ts';
import type { ScenarioName } from '../../src/fake-procore/scenarios.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * Plan accuracy over real HTTP: the dry run (`GET /plan` and its project lists) is exactly what
 * `POST /runs` then does to Procore, each write once; afterwards every check passes, a completion
 * is recorded, and the CSV report accounts for every project and account change.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FIELD: Record<PlannedFieldChange['field'], string> = {
  company_permission_template_id: 'companyPermissionTemplateId',
  default_permission_template_id: 'defaultPermissionTemplateId',
  add_to_new_projects: 'addToNewProjects',
};

const OUTCOME_CODES = ['added', 'already_member', 'retemplated', 'failed', 'skipped'];

type Api = ReturnType<AppHarness['client']>;

async function allProjects(api: Api, cid: string, filter: 'missing' | 'wrong-template') {
  const ids: string[] = [];
  for (let page = 1; ; page += 1) {
    const response = await api.get<ProjectPage>(
      `/api/companies/${cid}/projects?filter=${filter}&perPage=200&page=${page}`,
    );
    expect(response.status).toBe(200);
    ids.push(...response.body.items.map((p) => p.id));
    if (ids.length >= response.body.total || response.body.items.length === 0) break;
  }
  return ids;
}

/** Review, apply, wait for the run, and return what the plan promised and what Procore saw. */
async function reviewAndApply(harness: AppHarness) {
  const { sessionId } = await harness.signIn();
  const api = harness.client(sessionId);
  const cid = harness.fake.facts.companyId;

  const planned = await api.get<Plan>(`/api/companies/${cid}/plan`);
  expect(planned.status).toBe(200);
  const plan = planned.body;
  expect(plan.blockedBy).toBeNull();
  const missing = await allProjects(api, cid, 'missing');
  const wrong = await allProjects(api, cid, 'wrong-template');
  expect(missing).toHaveLength(plan.addProjects);
  expect(wrong).toHaveLength(plan.retemplateProjects);
  expect(harness.fake.writeLog).toEqual([]);

  const started = await api.apply<RunProgress>(cid);
  expect(started.status).toBe(201);
  const runId = started.body.runId;
  await harness.server.runs.settled(runId);
  const run = await api.get<RunProgress>(`/api/runs/${runId}`);
  const after = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
  const report = await api.get<RunReport>(`/api/runs/${runId}/report`);
  return { api, cid, plan, missing, wrong, runId, run: run.body, after: after.body, report };
}

function expectWritesMatchPlan(
  harness: AppHarness,
  result: Awaited<ReturnType<typeof reviewAndApply>>,
) {
  const { plan, missing, wrong } = result;
  const { facts } = harness.fake;
  const writes = harness.fake.writeLog;
  const byKind = (kind: string) => writes.filter((w) => w.kind === kind);

  // The account: one PATCH, setting the reviewed fields to the reviewed values. (A field whose
  // current value Procore's read did not show may already have had it: then nothing changed.)
  const patches = byKind('user.patch');
  expect(patches).toHaveLength(plan.userChanges.length > 0 ? 1 : 0);
  const reviewed = Object.fromEntries(plan.userChanges.map((c) => [FIELD[c.field], c.to]));
  if (patches[0]) {
    expect(patches[0].userId).toBe(facts.serviceAccountId);
    expect(reviewed).toMatchObject(patches[0].after!);
  }
  const account = harness.fake.companyUser(facts.companyId, facts.serviceAccountId!);
  expect(account).toMatchObject(reviewed);
  // Projects: each planned add and re-template exactly once, and nothing else.
  const adds = byKind('membership.add').map((w) => w.projectId);
  const retemplates = byKind('membership.retemplate').map((w) => w.projectId);
  expect(adds).toHaveLength(plan.addProjects);
  expect(new Set(adds)).toEqual(new Set(missing));
  expect(retemplates).toHaveLength(plan.retemplateProjects);
  expect(new Set(retemplates)).toEqual(new Set(wrong));
  for (const w of [...byKind('membership.add'), ...byKind('membership.retemplate')]) {
    expect(w).toMatchObject({
      companyId: facts.companyId,
      userId: facts.serviceAccountId,
      after: { permissionTemplateId: facts.salusProjectTemplateId },
    });
  }
  expect(writes).toHaveLength(patches.length + adds.length + retemplates.length);
}

function expectCompleteAfterwards(
  harness: AppHarness,
  result: Awaited<ReturnType<typeof reviewAndApply>>,
) {
  const { run, after, plan, runId } = result;
  expect(run).toMatchObject({
    status: 'succeeded',
    phase: 'done',
    total: plan.addProjects + plan.retemplateProjects,
    failures: [],
  });
  expect(run.counts.pending).toBe(0);
  expect(run.counts.failed).toBe(0);
  expect(after.complete).toBe(true);
  // Every step, SALUS support's included: the completion's notice is recorded.
  expect(after.steps.filter((s) => s.state !== 'complete').map((s) => s.id)).toEqual([]);
  expect(after.completion).toMatchObject({
    id: expect.any(String),
    runId,
    completedBy: { id: harness.fake.facts.adminUserId },
    supportNotice: 'held',
  });
  expect(after.activeRun).toBeNull();
}

function expectReport(result: Awaited<ReturnType<typeof reviewAndApply>>) {
  const { report, plan, missing, wrong } = result;
  expect(report.status).toBe(200);
  const { accountChanges, projects } = report.body;
  expect(accountChanges.map((c) => c.field).sort()).toEqual(
    plan.userChanges.map((c) => c.field).sort(),
  );
  // Every template the account was given is named (one the fix created included).
  for (const change of accountChanges) {
    expect(change.to).not.toBeNull();
    if (change.field !== 'add_to_new_projects') expect(change.toName).toEqual(expect.any(String));
  }
  expect(report.body.account?.name).toMatch(/^salus-integration-/);
  // One row per project of the run, each with a stable outcome code and the template's name.
  expect(projects.map((r) => r.id).sort()).toEqual([...missing, ...wrong].sort());
  for (const row of projects) {
    expect(OUTCOME_CODES).toContain(row.outcome);
    expect(row.name).not.toBe('');
    expect(Number.isNaN(Date.parse(row.at))).toBe(false);
    if (row.outcome === 'added' || row.outcome === 'retemplated')
      expect(row.templateAfter).toMatchObject({ name: 'SALUS Project Integration' });
  }
  const outcomeOf = new Map(projects.map((r) => [r.id, r.outcome]));
  for (const id of missing) expect(outcomeOf.get(id)).toBe('added');
  for (const id of wrong) expect(outcomeOf.get(id)).toBe('retemplated');
  return { accountChanges, projects };
}

describe('plan, apply, verify', () => {
  it.each<[ScenarioName, { add: number; retemplate: number; fields: string[] }]>([
    [
      'fresh-install',
      {
        add: 40,
        retemplate: 0,
        fields: [
          'add_to_new_projects',
          'company_permission_template_id',
          'default_permission_template_id',
        ],
      },
    ],
    [
      'wrong-templates',
      {
        add: 10,
        retemplate: 11,
        // The flag is on already: the account's own record (companies/{id}/me) says so.
        fields: ['company_permission_template_id', 'default_permission_template_id'],
      },
    ],
  ])(
    '%s: the plan is exactly what apply does',
    async (scenario, expected) => {
      h = await startAppHarness({ scenario });
      const result = await reviewAndApply(h);
      expect(result.plan.addProjects).toBe(expected.add);
      expect(result.plan.retemplateProjects).toBe(expected.retemplate);
      expect(result.plan.userChanges.map((c) => c.field).sort()).toEqual(expected.fields);
      expect(result.plan.requests).toBeGreaterThan(0);
      expect(result.plan.estimatedSeconds).toBeGreaterThan(0);
      expectWritesMatchPlan(h, result);
      expectCompleteAfterwards(h, result);
      expectReport(result);
      // Inactive projects are never written to.
      const inactive = await result.api.get<ProjectPage>(
        `/api/companies/${result.cid}/projects?filter=inactive&perPage=200`,
      );
      const touched = new Set(h.fake.writeLog.map((w) => w.projectId));
      expect(inactive.body.items.length).toBeGreaterThan(0);
      for (const p of inactive.body.items) expect(touched.has(p.id)).toBe(false);
    },
    120_000,
  ); // an upper bound for a loaded 2-core machine, not a timing assumption

  it('enterprise (5,000 projects): bulk adds in chunks of 1,000, each project once', async () => {
    h = await startAppHarness({
      scenario: 'enterprise',
      knobs: { rateLimits: { hourly: 1_000_000, spike: 100_000 } },
    });
    const result = await reviewAndApply(h);
    expect(result.plan).toMatchObject({ addProjects: 2000, retemplateProjects: 0 });
    // Templates are right already; the flag is off (the account's own record says so).
    expect(result.plan.userChanges).toEqual([
      { field: 'add_to_new_projects', from: false, to: true },
    ]);
    expectWritesMatchPlan(h, result);
    expectCompleteAfterwards(h, result);
    const { projects } = expectReport(result);
    expect(projects).toHaveLength(2000);
    const bulk = h.fake.requestLog.filter((r) => r.method === 'POST' && /bulk_add$/.test(r.path));
    expect(bulk.map((r) => r.status)).toEqual([200, 200]);
    const perProject = h.fake.requestLog.filter((r) => r.path.endsWith('/actions/add'));
    expect(perProject).toEqual([]);
  }, 180_000);
});
