import { afterEach, describe, expect, it } from 'vitest';
import type { CompanyStatus, Plan, RunProgress, StepId } from '../../src/api/contract.ts';
import type { ScenarioName } from '../../src/fake-procore/scenarios.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * When setup cannot be fixed from here (issue 4, "Bad input and faults"): the status says why and
 * what to do next, the plan is blocked, `POST /runs` has no plan to run, and no write reaches Procore —
 * not even one Procore would reject.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const CASES: {
  scenario: ScenarioName;
  step: StepId;
  reason: string;
  canFix: boolean;
}[] = [
  {
    scenario: 'non-admin',
    step: 'admin',
    reason: 'not-directory-admin',
    canFix: false,
  },
  {
    scenario: 'no-service-account',
    step: 'app-installed',
    // The app's own token is refused: Procore says the app is not connected.
    reason: 'not-connected',
    canFix: true,
  },
  {
    scenario: 'several-candidates',
    step: 'service-account',
    reason: 'several-candidates',
    canFix: true,
  },
];

describe('setup that cannot be applied from here', () => {
  it.each(CASES)(
    '$scenario: says so, blocks the plan, refuses the run, writes nothing',
    async ({ scenario, step, reason, canFix }) => {
      h = await startAppHarness({ scenario });
      const { sessionId, user } = await h.signIn();
      expect(user.id).toBe(h.fake.facts.signInUserId);
      const api = h.client(sessionId);
      const cid = h.fake.facts.companyId;

      const status = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
      expect(status.body.viewer.canFix).toBe(canFix);
      expect(status.body.complete).toBe(false);
      expect(status.body.steps.find((s) => s.id === step)).toMatchObject({
        state: 'needs-attention',
        reason: expect.objectContaining({ code: reason }),
      });

      const plan = await api.get<Plan>(`/api/companies/${cid}/plan`);
      expect(plan.status).toBe(200);
      // The step whose reason explains why: the one the checklist shows as needing attention.
      expect(plan.body.blockedBy).toEqual({ step });
      // Nothing to apply: the review keeps no plan, so Apply has nothing it could run.
      expect(plan.body.planId).toBeNull();

      const run = await api.apply(cid);
      expect(run).toMatchObject({
        status: 409,
        body: { error: { code: 'plan-stale', stale: 'unknown' } },
      });
      expect(await h.server.store.runs.listForCompany(cid, { limit: 1 })).toEqual([]);

      expect(h.fake.writeLog).toEqual([]);
      expect(h.fake.requestLog.filter((r) => r.host === 'api' && r.method !== 'GET')).toEqual([]);
    },
  );

  it('missing-templates: names the missing templates and never picks a near-miss', async () => {
    h = await startAppHarness({ scenario: 'missing-templates' });
    const { sessionId } = await h.signIn();
    const status = await h
      .client(sessionId)
      .get<CompanyStatus>(`/api/companies/${h.fake.facts.companyId}/status`);
    const byId = new Map(status.body.steps.map((s) => [s.id, s]));
    expect(byId.get('company-template')?.details).toMatchObject({
      requiredName: 'SALUS Integration Account',
      required: null,
    });
    expect(byId.get('new-projects')?.details).toMatchObject({
      requiredName: 'SALUS Project Integration',
      required: null,
    });
  });

  it('missing-templates, for a non-admin: blocked, with the templates an admin would create', async () => {
    h = await startAppHarness({ scenario: 'missing-templates' });
    const { sessionId } = await h.signIn({ userId: h.fake.facts.nonAdminUserId });
    const api = h.client(sessionId);
    const cid = h.fake.facts.companyId;
    const plan = await api.get<Plan>(`/api/companies/${cid}/plan`);
    expect(plan.body.blockedBy).toEqual({ step: 'admin' });
    expect(plan.body.createTemplates.map((t) => t.name)).toEqual([
      'SALUS Integration Account',
      'SALUS Project Integration',
    ]);
    expect(plan.body.planId).toBeNull();
    expect((await api.apply(cid)).status).toBe(409);
    expect(h.fake.writeLog).toEqual([]);
  });
});

describe('missing SALUS templates, for a Directory admin', () => {
  it('are created by the fix, exactly once, and the company ends complete', async () => {
    h = await startAppHarness({ scenario: 'missing-templates' });
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    const cid = h.fake.facts.companyId;

    const before = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    expect(before.body.steps.find((s) => s.id === 'company-template')).toMatchObject({
      state: 'needs-attention',
      reason: { code: 'template-missing', kind: 'company', name: 'SALUS Integration Account' },
    });
    const plan = await api.get<Plan>(`/api/companies/${cid}/plan`);
    expect(plan.body.blockedBy).toBeNull();
    expect(plan.body.createTemplates).toEqual([
      { name: 'SALUS Integration Account', kind: 'company', levels: { directory: 'read_only' } },
      {
        name: 'SALUS Project Integration',
        kind: 'project',
        levels: expect.objectContaining({ directory: 'read_only', daily_log: 'standard' }),
      },
    ]);

    const run = await api.apply<RunProgress>(cid);
    expect(run.status).toBe(201);
    await h.server.runs.settled(run.body.runId);
    const done = await api.get<RunProgress>(`/api/runs/${run.body.runId}`);
    expect(done.body).toMatchObject({ status: 'succeeded' });
    expect(h.fake.writeLog.filter((w) => w.kind === 'template.create')).toHaveLength(2);

    const created = h.fake.state
      .templatesOf(cid)
      .find((t) => t.name === 'SALUS Project Integration')!;
    const ledger = await h.server.store.ledger.page(run.body.runId, { limit: 100 });
    expect(ledger.items.length).toBe(h.fake.facts.activeProjects);
    expect(ledger.items.every((i) => i.templateId === created.id)).toBe(true);

    const after = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    expect(after.body.complete).toBe(true);
  });
});
