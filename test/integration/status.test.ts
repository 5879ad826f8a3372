import { afterEach, describe, expect, it } from 'vitest';
import type { CompanyStatus, StepDetails, StepId, StepResult } from '../../src/api/contract.ts';
import type { ScenarioName } from '../../src/fake-procore/scenarios.ts';
import { instantClock, startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * `GET /api/companies/:cid/status` on every fake scenario, over real HTTP: each step's state and
 * reason, the facts behind it, and that looking never writes.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Expected = Record<StepId, [StepResult['state'], string | null]>;

const OK = ['complete', null] as const;
const attention = (code: string) => ['needs-attention', code] as const;
const waiting = ['cannot-check', 'waiting'] as const;

const FRESH: Expected = {
  admin: [...OK],
  'app-installed': [...OK],
  'service-account': [...OK],
  'company-template': [...attention('wrong-template')],
  'new-projects': [...attention('wrong-default-template')],
  'project-access': [...attention('projects-missing')],
  'connection-test': [...attention('projects-not-visible')],
  'over-privilege': [...OK],
  'support-notified': [...attention('not-yet')],
};

const BEFORE_ACCOUNT: Expected = {
  admin: [...OK],
  'app-installed': [...OK],
  'service-account': [...OK],
  'company-template': [...waiting],
  'new-projects': [...waiting],
  'project-access': [...waiting],
  'connection-test': [...waiting],
  'over-privilege': [...waiting],
  'support-notified': [...attention('not-yet')],
};

const EXPECTED: Record<
  ScenarioName,
  { states: Expected; access?: Partial<Extract<StepDetails, { step: 'project-access' }>> }
> = {
  'fresh-install': {
    states: FRESH,
    access: { activeTotal: 40, onWithTemplate: 0, missing: 40, wrongTemplate: 0, inactiveTotal: 3 },
  },
  flaky: {
    states: FRESH,
    access: { activeTotal: 40, onWithTemplate: 0, missing: 40, wrongTemplate: 0, inactiveTotal: 3 },
  },
  // No beta endpoints: membership from the two project lists.
  'large-no-beta': {
    states: FRESH,
    access: {
      activeTotal: 5000,
      onWithTemplate: 0,
      missing: 5000,
      inactiveTotal: 100,
      membershipFrom: 'lists',
    },
  },
  'partly-configured': {
    states: { ...FRESH, 'company-template': [...OK] },
    access: {
      activeTotal: 60,
      onWithTemplate: 25,
      missing: 35,
      wrongTemplate: 0,
      inactiveTotal: 4,
    },
  },
  // Directory reads omit add_to_new_projects by default (UNCONFIRMED); the account's own
  // record (companies/{id}/me on the app token) reports it.
  complete: {
    states: {
      ...FRESH,
      'company-template': [...OK],
      'new-projects': [...OK],
      'project-access': [...OK],
      'connection-test': [...OK],
      // Complete, and no support webhook is configured here: the notice is recorded for the
      // support view, which is all the admin needs.
      'support-notified': [...OK],
    },
    access: { activeTotal: 30, onWithTemplate: 30, missing: 0, wrongTemplate: 0, inactiveTotal: 2 },
  },
  // Configured by hand where no read reports the flag: unknown until Fix permissions sets it.
  'flag-not-reported': {
    states: {
      ...FRESH,
      'company-template': [...OK],
      'new-projects': [...attention('flag-unknown')],
      'project-access': [...OK],
      'connection-test': [...OK],
    },
    access: { activeTotal: 30, onWithTemplate: 30, missing: 0, wrongTemplate: 0, inactiveTotal: 2 },
  },
  'no-service-account': {
    states: {
      ...BEFORE_ACCOUNT,
      'app-installed': [...attention('not-connected')],
      'service-account': [...waiting],
    },
  },
  'missing-templates': {
    states: {
      ...FRESH,
      'company-template': [...attention('template-missing')],
      'new-projects': [...attention('template-missing')],
      'project-access': [...attention('template-missing')],
    },
    access: { activeTotal: 20, onWithTemplate: 0, missing: 20, inactiveTotal: 2 },
  },
  'non-admin': {
    states: {
      ...FRESH,
      admin: [...attention('not-directory-admin')],
      'company-template': [...OK],
      // A non-admin sees only their own projects: project access cannot be judged from there.
      'project-access': ['cannot-check', 'limited-view'],
      'connection-test': ['cannot-check', 'limited-view'],
    },
  },
  'wrong-templates': {
    // Its company template is "Standard Employee": more than SALUS needs.
    states: { ...FRESH, 'over-privilege': [...attention('over-privileged')] },
    // 9 with the SALUS template; 6 "Read Only", 4 "Subcontractor" and a project-specific
    // look-alike named "SALUS Project Integration" are all the wrong template.
    access: {
      activeTotal: 30,
      onWithTemplate: 9,
      missing: 10,
      wrongTemplate: 11,
      inactiveTotal: 2,
    },
  },
  'several-candidates': {
    states: { ...BEFORE_ACCOUNT, 'service-account': [...attention('several-candidates')] },
  },
  enterprise: {
    states: {
      ...FRESH,
      'company-template': [...OK],
      // The account's own record (companies/{id}/me) shows the flag is off.
      'new-projects': [...attention('not-added-to-new-projects')],
    },
    access: {
      activeTotal: 5000,
      onWithTemplate: 3000,
      missing: 2000,
      wrongTemplate: 0,
      inactiveTotal: 300,
    },
  },
};

const statesOf = (steps: StepResult[]) =>
  Object.fromEntries(steps.map((s) => [s.id, [s.state, s.reason?.code ?? null]]));
const step = (status: CompanyStatus, id: StepId) => status.steps.find((s) => s.id === id)!;

async function statusOf(harness: AppHarness, sessionId: string, companyId: string) {
  const response = await harness
    .client(sessionId)
    .get<CompanyStatus>(`/api/companies/${companyId}/status`);
  expect(response.status).toBe(200);
  return response.body;
}

describe('every step on every scenario', () => {
  it.each(Object.keys(EXPECTED) as ScenarioName[])('%s', async (scenario) => {
    const expected = EXPECTED[scenario];
    h = await startAppHarness({
      scenario,
      // flaky: Retry-After and backoff pass on a virtual clock; the faults are seeded.
      ...(scenario === 'flaky' ? { clock: instantClock(), seed: 7 } : {}),
    });
    const { sessionId } = await h.signIn();
    const { facts } = h.fake;
    const status = await statusOf(h, sessionId, facts.companyId);

    expect(statesOf(status.steps)).toEqual(expected.states);
    expect(status.steps.map((s) => s.id)).toEqual(Object.keys(expected.states));
    expect(status).toMatchObject({
      companyId: facts.companyId,
      companyName: facts.companyName,
      complete: scenario === 'complete',
      activeRun: null,
      viewer: { canFix: scenario !== 'non-admin' },
    });
    expect(status.completion === null).toBe(scenario !== 'complete');
    for (const s of status.steps) {
      if (s.state !== 'complete') expect(s.reason?.code).toEqual(expect.any(String));
    }
    if (expected.access) {
      expect(step(status, 'project-access').details).toMatchObject({
        step: 'project-access',
        ...expected.access,
      });
    }
    if (facts.serviceAccountId && scenario !== 'several-candidates') {
      expect(step(status, 'service-account').details).toMatchObject({
        account: { id: facts.serviceAccountId },
      });
    }
    // Looking never changes anything in Procore.
    expect(h.fake.writeLog).toEqual([]);
    expect(h.fake.requestLog.filter((r) => r.host === 'api' && r.method !== 'GET')).toEqual([]);
  });

  it('no-service-account: names the App Version ID to install and reads nothing further', async () => {
    h = await startAppHarness({ scenario: 'no-service-account' });
    const { sessionId } = await h.signIn();
    const status = await statusOf(h, sessionId, h.fake.facts.companyId);
    expect(step(status, 'app-installed').details).toMatchObject({
      installed: false,
      appVersionId: '942ce720-c74e-4644-a15c-e4b09c5ee700',
    });
    const projectReads = h.fake.requestLog.filter((r) =>
      /projects|project_assignments/.test(r.path),
    );
    expect(projectReads).toEqual([]);
  });

  it('several-candidates: never guesses, and checks the account the admin picks', async () => {
    h = await startAppHarness({ scenario: 'several-candidates' });
    const { sessionId } = await h.signIn();
    const cid = h.fake.facts.companyId;
    const before = await statusOf(h, sessionId, cid);
    const details = step(before, 'service-account').details;
    if (details?.step !== 'service-account') throw new Error('no service-account details');
    expect(details.account).toBeNull();
    expect(details.candidates.map((c) => c.name).sort()).toEqual([
      'salus-integration-h8w3c6nb',
      'salus-integration-m4q7t2zd',
    ]);
    for (const c of details.candidates) expect(c.createdAt).toEqual(expect.any(String));

    const live = details.candidates.find((c) => c.id === h!.fake.facts.serviceAccountId)!;
    const api = h.client(sessionId);
    expect((await api.post(`/api/companies/${cid}/service-account`, { userId: '1' })).status).toBe(
      400,
    );
    expect(
      (await api.post(`/api/companies/${cid}/service-account`, { userId: live.id })).body,
    ).toEqual({ ok: true });
    const after = await statusOf(h, sessionId, cid);
    expect(step(after, 'service-account')).toMatchObject({
      state: 'complete',
      details: { account: { id: live.id } },
    });
    expect(step(after, 'project-access').state).toBe('needs-attention');
    expect(h.fake.writeLog).toEqual([]);
  });

  it('complete, when Procore reads return add_to_new_projects: complete, with a completion', async () => {
    h = await startAppHarness({
      scenario: 'complete',
      knobs: { addToNewProjectsOnRead: true },
    });
    const { sessionId } = await h.signIn();
    const status = await statusOf(h, sessionId, h.fake.facts.companyId);
    // Every step, SALUS support's included: its notice is recorded (held for the support view).
    expect(status.steps.filter((s) => s.state !== 'complete').map((s) => s.id)).toEqual([]);
    expect(status.complete).toBe(true);
    expect(status.completion).toMatchObject({
      completedBy: { id: h.fake.facts.adminUserId },
      runId: null,
    });
  });

  it('a configured company shows the badge to a non-admin too, once a full view has verified it', async () => {
    h = await startAppHarness({ scenario: 'complete', knobs: { addToNewProjectsOnRead: true } });
    const cid = h.fake.facts.companyId;
    const viewer = await h.signIn({ userId: h.fake.facts.nonAdminUserId });
    const before = await statusOf(h, viewer.sessionId, cid);
    // Nothing the non-admin sees contradicts it, but no one with a full view has checked yet.
    expect(step(before, 'project-access').reason?.code).toBe('limited-view');
    expect(before.complete).toBe(false);

    const admin = await h.signIn();
    expect((await statusOf(h, admin.sessionId, cid)).complete).toBe(true);
    const after = await statusOf(h, viewer.sessionId, cid);
    expect(after.complete).toBe(true);
    expect(after.completion).toMatchObject({ completedBy: { id: h.fake.facts.adminUserId } });
  });

  it('non-admin: does not report project access complete from the few projects a non-admin can see', async () => {
    h = await startAppHarness({ scenario: 'non-admin' });
    const { sessionId } = await h.signIn();
    const status = await statusOf(h, sessionId, h.fake.facts.companyId);
    // The account is on 5 of 15 active projects; the viewer is on those same 5 only.
    expect(step(status, 'project-access').state).not.toBe('complete');
    expect(status.complete).toBe(false);
  });
});

describe('a company the user cannot see', () => {
  it('is refused with 403 and nothing is read from Procore for it', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { facts } = h.fake;
    // Riley (not an admin) is in Granite Ridge only; Summit Builders West is real, but not theirs.
    const hidden = facts.secondCompanyId!;
    const { sessionId } = await h.signIn({ userId: facts.nonAdminUserId });
    const api = h.client(sessionId);
    const seen = h.fake.requestLog.length;

    for (const path of ['status', 'plan', 'projects']) {
      const response = await api.get(`/api/companies/${hidden}/${path}`);
      expect(response).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    }
    const run = await api.apply(hidden);
    expect(run).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await api.get('/api/companies/123456789/status')).status).toBe(403);

    expect(h.fake.requestLog.slice(seen)).toEqual([]);
    expect(h.fake.requestLog.filter((r) => r.companyId === hidden)).toEqual([]);
    expect(h.fake.writeLog).toEqual([]);
    expect(await h.server.store.runs.listForCompany(hidden, { limit: 1 })).toEqual([]);
  });
});
