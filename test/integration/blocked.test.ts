import { afterEach, describe, expect, it } from 'vitest';
import type { CompanyStatus, Plan, StepId } from '../../src/api/contract.ts';
import type { ScenarioName } from '../../src/fake-procore/scenarios.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * When setup cannot be fixed from here (issue 4, "Bad input and faults"): the status says why and
 * what to do next, the plan is blocked, `POST /runs` is refused, and no write reaches Procore —
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
  blockedBy: string;
  refused: { status: number; code: string };
  canFix: boolean;
}[] = [
  {
    scenario: 'non-admin',
    step: 'admin',
    reason: 'not-directory-admin',
    blockedBy: 'not-directory-admin',
    refused: { status: 403, code: 'not-admin' },
    canFix: false,
  },
  {
    scenario: 'missing-templates',
    step: 'company-template',
    reason: 'template-missing',
    blockedBy: 'template-missing',
    refused: { status: 409, code: 'conflict' },
    canFix: true,
  },
  {
    scenario: 'no-service-account',
    step: 'app-installed',
    reason: 'not-installed',
    blockedBy: 'not-installed',
    refused: { status: 409, code: 'conflict' },
    canFix: true,
  },
  {
    scenario: 'several-candidates',
    step: 'service-account',
    reason: 'several-candidates',
    blockedBy: 'several-candidates',
    refused: { status: 409, code: 'conflict' },
    canFix: true,
  },
];

describe('setup that cannot be applied from here', () => {
  it.each(CASES)(
    '$scenario: says so, blocks the plan, refuses the run, writes nothing',
    async ({ scenario, step, reason, blockedBy, refused, canFix }) => {
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
        reason: { code: reason, message: expect.any(String) },
      });

      const plan = await api.get<Plan>(`/api/companies/${cid}/plan`);
      expect(plan.status).toBe(200);
      expect(plan.body.blockedBy).toMatchObject({ code: blockedBy, message: expect.any(String) });

      const run = await api.post(`/api/companies/${cid}/runs`);
      expect(run).toMatchObject({
        status: refused.status,
        body: { error: { code: refused.code, message: expect.any(String) } },
      });
      expect((await api.get(`/api/companies/${cid}/runs/current`)).status).toBe(204);
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
});
