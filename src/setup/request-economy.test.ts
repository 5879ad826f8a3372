import { describe, expect, it } from 'vitest';
import {
  engineContext,
  memoryJournal,
  useFakeProcore,
  virtualClock,
} from '../../test/support/engine-harness.ts';
import type { StepDetails } from '../api/contract.ts';
import { inMemorySetupMemory } from './memory.ts';
import { buildPlan } from './plan.ts';
import { executeRun } from './run.ts';
import { checkCompany } from './check.ts';

/**
 * Procore's budget end to end (issue 12), in process on one virtual clock: the beta endpoints
 * absent, an hourly limit that a 1,000-project fix must cross, membership from the two project
 * lists and no per-project read for the check, the plan or the final verification.
 */

const NO_BETA = { bulkAdd: false, projectAssignments: false } as const;
type RequestLogEntry = ReturnType<typeof useFakeProcore>['requestLog'][number];

/** One request that names a single project: a per-project read or write. */
const PER_PROJECT = /^\/rest\/v1\.0\/projects\/\d+\//;
const perProjectReads = (log: readonly RequestLogEntry[]) =>
  log.filter((r) => r.method === 'GET' && PER_PROJECT.test(r.path));

function useLargeCompany(
  options: { hourly: number; active?: number; knobs?: object } = { hourly: 600 },
) {
  const time = virtualClock();
  const fake = useFakeProcore({
    scenario: 'fresh-install',
    scenarioOverrides: { activeProjects: options.active ?? 1000, inactiveProjects: 20 },
    clock: time,
    knobs: {
      betaEndpoints: NO_BETA,
      rateLimits: { spike: 25, spikeWindowSeconds: 10, hourly: options.hourly },
      expiresIn: 24 * 3600,
      ...options.knobs,
    },
  });
  const memory = inMemorySetupMemory(time.now);
  const ctx = engineContext(fake, { clock: time.client(), memory, now: time.now });
  return { fake, ctx, time, memory };
}

const step = (steps: Awaited<ReturnType<typeof checkCompany>>['steps'], id: string) =>
  steps.find((s) => s.id === id)!;

const accessOf = (check: Awaited<ReturnType<typeof checkCompany>>) =>
  check.steps.find((s) => s.id === 'project-access')!.details as Extract<
    StepDetails,
    { step: 'project-access' }
  >;

describe('a 1,000-project fresh install without the beta endpoints', () => {
  it('is checked from the project lists, fixed in one pass across the hourly limit, and verified from the lists', async () => {
    const { fake, ctx } = useLargeCompany({ hourly: 600 });
    const check = await checkCompany(ctx);
    const checkLog = [...fake.requestLog];
    // ⌈1000/300⌉ pages of active projects + 1 of inactive + the account's own list, + fixed reads.
    expect(checkLog.length).toBeLessThanOrEqual(2 * Math.ceil(1000 / 300) + 15);
    expect(perProjectReads(checkLog)).toEqual([]);
    expect(checkLog.filter((r) => r.status === 404)).toHaveLength(1); // project_assignments, once
    expect(accessOf(check)).toMatchObject({
      membershipFrom: 'lists',
      activeTotal: 1000,
      missing: fake.facts.activeProjects - fake.facts.serviceAccountActiveProjects,
    });
    // The account's own list went on the app token's budget.
    const ownList = checkLog.filter(
      (r) => r.path === '/rest/v1.1/projects' && r.tokenKind === 'client',
    );
    expect(ownList.length).toBeGreaterThan(0);

    const plan = buildPlan(ctx, check.facts, check.steps);
    fake.requestLog.length = 0;
    const ledger = memoryJournal(plan);
    expect(await executeRun({ ctx, plan, journal: ledger.journal })).toEqual({
      status: 'finished',
    });
    expect(ledger.outcomes()).toEqual({ added: plan.add.length });
    const runLog = [...fake.requestLog];
    // One add per project, no read in between, and never a request into a closed window.
    expect(runLog.filter((r) => r.path.endsWith('/actions/add'))).toHaveLength(plan.add.length);
    expect(perProjectReads(runLog)).toEqual([]);
    expect(runLog.filter((r) => r.status === 429)).toEqual([]);
    // 600 an hour: the run crossed at least one hourly window.
    const hours = new Set(runLog.map((r) => Math.floor(r.time / 3600_000)));
    expect(hours.size).toBeGreaterThan(1);

    fake.requestLog.length = 0;
    const after = await checkCompany(ctx);
    // Only the connection test's sample: five project directories read as the service account.
    const sampled = perProjectReads(fake.requestLog);
    expect(sampled.length).toBeLessThanOrEqual(5);
    expect(sampled.every((r) => r.path.endsWith('/users') && r.tokenKind === 'client')).toBe(true);
    expect(after.complete).toBe(true);
    expect(accessOf(after)).toMatchObject({ missing: 0, unverified: 0, templatesVerified: 1000 });
  }, 120_000);

  it('remembers that project_assignments is not offered (and the web host), and does not ask again on the next check', async () => {
    const { fake, ctx } = useLargeCompany({ hourly: 100_000, active: 50 });
    await checkCompany(ctx);
    await checkCompany(ctx);
    const asked = fake.requestLog.filter((r) => r.path.endsWith('/project_assignments'));
    expect(asked).toHaveLength(1);
    // The company's web host does not move either: asked once a day.
    expect(fake.requestLog.filter((r) => r.path === '/rest/v1.0/company_base_url')).toHaveLength(1);
  });
});

describe('template reads', () => {
  it('reads the templates of memberships it does not know, on the app token, once', async () => {
    const time = virtualClock();
    const fake = useFakeProcore({
      scenario: 'wrong-templates',
      clock: time,
      knobs: { betaEndpoints: NO_BETA, expiresIn: 100 * 3600 },
    });
    const memory = inMemorySetupMemory(time.now);
    const ctx = engineContext(fake, { clock: time.client(), memory, now: time.now });
    const first = await checkCompany(ctx);
    const members = fake.facts.serviceAccountActiveProjects;
    const reads = (log: readonly RequestLogEntry[]) =>
      log.filter((r) => /\/projects\/\d+\/users\/\d+$/.test(r.path));
    // One read per membership as the service account; where its template there gives it no
    // Directory access (403), that project is read again as the admin.
    const asApp = reads(fake.requestLog).filter((r) => r.tokenKind === 'client');
    const asAdmin = reads(fake.requestLog).filter((r) => r.tokenKind === 'user');
    expect(new Set(asApp.map((r) => r.path)).size).toBe(members);
    expect(asAdmin.map((r) => r.path).sort()).toEqual(
      asApp
        .filter((r) => r.status === 403)
        .map((r) => r.path)
        .sort(),
    );
    expect(accessOf(first)).toMatchObject({ templatesVerified: members, unverified: 0 });
    fake.requestLog.length = 0;
    const second = await checkCompany(ctx);
    // Known now: the next check within the hour reads none of them again.
    expect(reads(fake.requestLog)).toEqual([]);
    expect(accessOf(second)).toEqual(accessOf(first));
    // A day later the oldest are read again, within the budget.
    time.advance(25 * 3600_000);
    fake.requestLog.length = 0;
    await checkCompany(ctx);
    expect(new Set(reads(fake.requestLog).map((r) => r.path)).size).toBe(members);
  });

  it('stays within 10 % of the app token hourly budget; the rest are unverified and the fix sets them', async () => {
    const time = virtualClock();
    const fake = useFakeProcore({
      scenario: 'complete',
      scenarioOverrides: { activeProjects: 80 },
      clock: time,
      knobs: { betaEndpoints: NO_BETA },
    });
    const memory = inMemorySetupMemory(time.now);
    const ctx = engineContext(fake, {
      clock: time.client(),
      memory,
      now: time.now,
      appHourlyLimit: 300,
    });
    const check = await checkCompany(ctx);
    const reads = fake.requestLog.filter((r) => /\/projects\/\d+\/users\/\d+$/.test(r.path));
    expect(reads).toHaveLength(30);
    expect(accessOf(check)).toMatchObject({ templatesVerified: 30, unverified: 50 });
    expect(check.complete).toBe(false);
    const plan = buildPlan(ctx, check.facts, check.steps);
    expect(plan.add).toEqual([]);
    expect(plan.retemplate).toHaveLength(50);
  });
});

describe("when the service account's own list is not its membership (UNCONFIRMED, §18)", () => {
  it('a service account that is a company admin (its list is every project) is checked project by project', async () => {
    const { fake, ctx } = useLargeCompany({ hourly: 100_000, active: 30 });
    const { companyId, serviceAccountId } = fake.facts;
    const admin = fake.state.templatesOf(companyId).find((t) => t.name === 'Company Admin')!;
    fake.state.patchCompanyUser(
      companyId,
      serviceAccountId!,
      { companyPermissionTemplateId: admin.id },
      'test',
    );
    fake.state.companyUser(companyId, serviceAccountId!)!.companyAdmin = true;
    fake.requestLog.length = 0;
    const check = await checkCompany(ctx);
    expect(accessOf(check)).toMatchObject({
      membershipFrom: 'per-project',
      fallback: 'account-is-company-admin',
      missing: fake.facts.activeProjects - fake.facts.serviceAccountActiveProjects,
    });
    // Its own list was not read for membership (it would list every project); the connection
    // test's one page of five is all the app asked of it.
    const ownList = fake.requestLog.filter(
      (r) => r.path === '/rest/v1.1/projects' && r.tokenKind === 'client',
    );
    expect(ownList.map((r) => new URLSearchParams(r.query).get('per_page'))).toEqual(['5']);
    // Each project asked as the service account first (its own budget); where Procore refuses
    // it the directory (403), as the admin.
    const perProject = fake.requestLog.filter(
      (r) =>
        /\/projects\/\d+\/users$/.test(r.path) &&
        new URLSearchParams(r.query).getAll('filters[id][]').includes(serviceAccountId!),
    );
    const asApp = perProject.filter((r) => r.tokenKind === 'client');
    expect(asApp).toHaveLength(30);
    expect(perProject.filter((r) => r.tokenKind === 'user')).toHaveLength(
      asApp.filter((r) => r.status === 403).length,
    );
    expect(step(check.steps, 'over-privilege').state).toBe('needs-attention');
  });

  it('a list that shows projects it is not on sends the check to per-project reads, and says so', async () => {
    const { fake, ctx } = useLargeCompany({
      hourly: 100_000,
      active: 40,
      knobs: { dmsaProjectList: 'all' },
    });
    const check = await checkCompany(ctx);
    expect(accessOf(check)).toMatchObject({
      membershipFrom: 'per-project',
      fallback: 'list-holds-other-projects',
      missing: fake.facts.activeProjects - fake.facts.serviceAccountActiveProjects,
    });
    expect(check.complete).toBe(false);
  });
});
