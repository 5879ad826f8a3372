import { afterEach, describe, expect, it } from 'vitest';
import type { CompanyStatus, Plan, RunProgress, StepDetails } from '../../src/api/contract.ts';
import type { RequestLogEntry } from '../../src/fake-procore/fake.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * Procore's budget through the app's own API (issue 12), the way the UI spends it: the review
 * reuses the checklist's facts, the checklist leaves the projects alone while a fix runs, and
 * nothing reads Procore project by project to check, plan or verify.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const NO_BETA = { betaEndpoints: { bulkAdd: false, projectAssignments: false } } as const;
const projectLists = (log: readonly RequestLogEntry[]) =>
  log.filter((r) => r.path === '/rest/v1.1/projects');
const perProjectReads = (log: readonly RequestLogEntry[]) =>
  log.filter((r) => r.method === 'GET' && /^\/rest\/v1\.0\/projects\/\d+\//.test(r.path));
const step = (status: CompanyStatus, id: string) => status.steps.find((s) => s.id === id)!;

describe('request economy through the API', () => {
  it('the review reuses the checklist made a moment ago: no Procore request for the plan', async () => {
    h = await startAppHarness({ scenario: 'fresh-install', knobs: NO_BETA });
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    const cid = h.fake.facts.companyId;
    expect((await api.get<CompanyStatus>(`/api/companies/${cid}/status`)).status).toBe(200);
    h.fake.requestLog.length = 0;
    const plan = await api.get<Plan>(`/api/companies/${cid}/plan`);
    expect(plan.status).toBe(200);
    expect(plan.body.addProjects).toBeGreaterThan(0);
    expect(h.fake.requestLog).toEqual([]);
  });

  it('while a fix runs, the checklist shows it and reads no project; the run ends with one check', async () => {
    h = await startAppHarness({ scenario: 'fresh-install', knobs: NO_BETA });
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    const cid = h.fake.facts.companyId;
    await api.get<Plan>(`/api/companies/${cid}/plan`);
    const gate = h.fake.hold(/\/actions\/add$/, 'POST');
    const started = await api.apply<RunProgress>(cid);
    expect(started.status).toBe(201);
    await gate.held();

    h.fake.requestLog.length = 0;
    const during = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    expect(during.status).toBe(200);
    expect(during.body.activeRun?.status).toBe('running');
    expect(step(during.body, 'project-access')).toMatchObject({
      state: 'cannot-check',
      reason: { code: 'run-in-progress' },
    });
    expect(step(during.body, 'connection-test').reason?.code).toBe('run-in-progress');
    expect(during.body.complete).toBe(false);
    const duringLog = h.fake.requestLog.filter((r) => !r.path.endsWith('/actions/add'));
    expect(projectLists(duringLog)).toEqual([]);
    expect(perProjectReads(duringLog)).toEqual([]);

    gate.release();
    await h.server.runs.settled(started.body.runId);
    const after = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    expect(after.body.complete).toBe(true);
    expect(step(after.body, 'project-access').details).toMatchObject({
      membershipFrom: 'lists',
      missing: 0,
      unverified: 0,
    });
  });

  it('a 300-project fresh install, open to badge: adds are the only per-project requests', async () => {
    h = await startAppHarness({
      scenario: 'fresh-install',
      knobs: NO_BETA,
      scenarioOverrides: { activeProjects: 300, inactiveProjects: 6 },
    });
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    const cid = h.fake.facts.companyId;
    h.fake.requestLog.length = 0;
    await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    const plan = (await api.get<Plan>(`/api/companies/${cid}/plan`)).body;
    const started = await api.apply<RunProgress>(cid);
    await h.server.runs.settled(started.body.runId);
    const after = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    expect(after.body.complete).toBe(true);

    const log = h.fake.requestLog;
    const adds = log.filter((r) => r.path.endsWith('/actions/add'));
    expect(adds).toHaveLength(plan.addProjects);
    // The connection test's five sampled project directories (twice: before and after), on the
    // app's token, are the only reads that name a project.
    const reads = perProjectReads(log);
    expect(reads.every((r) => r.tokenKind === 'client' && r.path.endsWith('/users'))).toBe(true);
    expect(reads.length).toBeLessThanOrEqual(10);
    const access = step(after.body, 'project-access').details as Extract<
      StepDetails,
      { step: 'project-access' }
    >;
    expect(access).toMatchObject({ activeTotal: 300, templatesVerified: 300 });
  });
});
