import { createFakeProcore } from './fake.ts';
import { SALUS_CLIENT_ID } from './scenario-kit.ts';
import { SCENARIO_NAMES, buildScenario, type ScenarioName } from './scenarios.ts';

const DMSA_NAME = /^salus-integration-[a-z0-9]{8}$/;

function activeDmsaLookalikes(fake: ReturnType<typeof createFakeProcore>) {
  return fake.state
    .companyUsers(fake.facts.companyId)
    .filter(
      (cu) => cu.isActive && DMSA_NAME.test(fake.state.users.get(cu.userId)!.firstName ?? ''),
    );
}

describe('scenarios', () => {
  it.each([
    // name, active, inactive, SA on, company template, default template, add_to_new_projects
    ['fresh-install', 40, 3, 0, null, null, false],
    ['partly-configured', 60, 4, 25, 'SALUS Integration Account', null, false],
    ['complete', 30, 2, 30, 'SALUS Integration Account', 'SALUS Project Integration', true],
    ['missing-templates', 20, 2, 0, null, null, false],
    ['non-admin', 15, 1, 5, 'SALUS Integration Account', null, false],
    ['wrong-templates', 30, 2, 20, 'Standard Employee', 'Read Only', true],
    ['several-candidates', 10, 1, 0, null, null, false],
    [
      'enterprise',
      5000,
      300,
      3000,
      'SALUS Integration Account',
      'SALUS Project Integration',
      false,
    ],
    ['flaky', 40, 3, 0, null, null, false],
  ] as const)(
    '%s: %i active, %i inactive projects, account on %i',
    (name, active, inactive, on, companyTpl, defaultTpl, addNew) => {
      const fake = createFakeProcore({ scenario: name });
      const f = fake.facts;
      expect([f.activeProjects, f.inactiveProjects, f.serviceAccountActiveProjects]).toEqual([
        active,
        inactive,
        on,
      ]);
      const sa = fake.companyUser(f.companyId, f.serviceAccountId!)!;
      expect(sa.user.firstName).toMatch(DMSA_NAME);
      expect(sa.user.email).toMatch(/^salus-integration-[a-z0-9]{8}@/);
      const name_ = (id: string | null) => (id ? fake.state.templates.get(id)!.name : null);
      expect(name_(sa.companyPermissionTemplateId)).toBe(companyTpl);
      expect(name_(sa.defaultPermissionTemplateId)).toBe(defaultTpl);
      expect(sa.addToNewProjects).toBe(addNew);
      expect(fake.serviceAccountId()).toBe(f.serviceAccountId);
      // Every scenario has an admin with Directory admin and a non-admin without it.
      expect(fake.companyUser(f.companyId, f.adminUserId)?.directory).toBe('admin');
      expect(fake.companyUser(f.companyId, f.nonAdminUserId)?.directory).toBe('read_only');
    },
  );

  it('complete: the account is on every active project with the SALUS template, on no inactive one', () => {
    const fake = createFakeProcore({ scenario: 'complete' });
    const f = fake.facts;
    for (const p of fake.state.projectsOf(f.companyId)) {
      const m = fake.membership(f.companyId, p.id, f.serviceAccountId!);
      expect(m?.permissionTemplateId ?? null).toBe(p.active ? f.salusProjectTemplateId : null);
    }
  });

  it('no-service-account: SALUS is not installed and nobody matches the DMSA pattern', () => {
    const fake = createFakeProcore({ scenario: 'no-service-account' });
    expect(fake.facts.serviceAccountId).toBeNull();
    expect(fake.state.activeInstallation(fake.facts.companyId, SALUS_CLIENT_ID)).toBeUndefined();
    expect(activeDmsaLookalikes(fake)).toEqual([]);
    const names = fake.state
      .companyUsers(fake.facts.companyId)
      .map((cu) => fake.state.users.get(cu.userId)!.firstName);
    expect(names).toEqual(
      expect.arrayContaining(['salus-integrations-old', 'SALUS Integration (legacy)']),
    );
  });

  it('missing-templates: only near-miss SALUS templates exist', () => {
    const fake = createFakeProcore({ scenario: 'missing-templates' });
    const names = fake.state.templatesOf(fake.facts.companyId).map((t) => t.name);
    expect(names).not.toContain('SALUS Integration Account');
    expect(names).not.toContain('SALUS Project Integration');
    expect(names).toEqual(expect.arrayContaining(['SALUS Integration Account (old)']));
  });

  it("several-candidates: two active DMSA-looking users, one of them the live installation's", () => {
    const fake = createFakeProcore({ scenario: 'several-candidates' });
    const candidates = activeDmsaLookalikes(fake).map((cu) => cu.userId);
    expect(candidates).toHaveLength(2);
    expect(candidates).toContain(fake.facts.serviceAccountId);
    expect(fake.knobs.dmsaMe).toBe('not-found');
  });

  it('partly-configured and enterprise use IDs above 2^53', () => {
    for (const name of ['partly-configured', 'enterprise'] as const) {
      const f = createFakeProcore({ scenario: name }).facts;
      for (const id of [f.companyId, f.adminUserId, f.serviceAccountId!]) {
        expect(BigInt(id) > 2n ** 53n).toBe(true);
      }
    }
  });

  it('partly-configured carries markup and spreadsheet formulas in names', () => {
    const fake = createFakeProcore({ scenario: 'partly-configured' });
    const projects = fake.state.projectsOf(fake.facts.companyId).map((p) => p.name);
    expect(projects).toContain('<img src=x onerror=alert(1)> Warehouse');
    const users = [...fake.state.users.values()].map((u) => u.firstName);
    expect(users).toContain('=HYPERLINK("http://evil.example","click")');
  });

  it('enterprise builds in well under 2 s with 20,000 users', () => {
    const started = performance.now();
    const fake = createFakeProcore({ scenario: 'enterprise' });
    const elapsed = performance.now() - started;
    expect(fake.state.users.size).toBe(20_000);
    expect(elapsed).toBeLessThan(1500);
  });

  it('builders take overrides', () => {
    const data = buildScenario('fresh-install', { activeProjects: 3, inactiveProjects: 0 });
    expect(data.facts.activeProjects).toBe(3);
    expect(data.facts.inactiveProjects).toBe(0);
  });

  it('every scenario gives distinct IDs to every entity', () => {
    for (const name of SCENARIO_NAMES.filter((n): n is ScenarioName => n !== 'enterprise')) {
      const d = buildScenario(name);
      const ids = [
        ...d.companies,
        ...d.users,
        ...d.templates,
        ...d.projects,
        ...d.installations,
      ].map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
