/**
 * Named scenarios: each is a builder `buildX(overrides)` returning fresh `ScenarioData`. Every
 * scenario has one main company with an admin (Directory admin, signs in by default), a
 * non-admin, staff, decoy "salus" users, the SALUS OAuth client and (except `no-service-account`)
 * the SALUS installation with its `salus-integration-xxxxxxxx` service account.
 */
import { addCast, addProjects, addSecondCompany, facts } from './scenario-cast.ts';
import { buildEnterprise } from './scenario-enterprise.ts';
import { WorldBuilder, otherClient } from './scenario-kit.ts';
import {
  SCENARIO_DESCRIPTIONS,
  type ScenarioName,
  type ScenarioOverrides,
} from './scenario-names.ts';
import type { ScenarioData } from './state.ts';

export { SCENARIO_DESCRIPTIONS, buildEnterprise, type ScenarioName, type ScenarioOverrides };

/**
 * `fresh-install`: SALUS just installed. The service account has no company template, no
 * default project template, add_to_new_projects false, and is on none of the 40 active
 * projects; 3 inactive projects; the SALUS templates exist. Second company "Summit Builders
 * West" (admin is a member there, SALUS installed).
 */
export function buildFreshInstall(
  o: ScenarioOverrides = {},
  name: 'fresh-install' | 'flaky' | 'large-no-beta' = 'fresh-install',
): ScenarioData {
  const b = new WorldBuilder('4264807', 11);
  const company = b.company('Granite Ridge Construction');
  const t = b.standardTemplates(company.id, true);
  const cast = addCast(b, company, 'graniteridge.example', t);
  addProjects(b, company.id, o.activeProjects ?? 40, o.inactiveProjects ?? 3, cast, t);
  const { serviceAccount } = b.install(company.id, cast.admin.id, {
    serviceAccountSlug: 'salus-integration-k3x9q2m7',
  });
  b.install(company.id, cast.admin.id, { client: otherClient() });
  const second = addSecondCompany(b, cast.admin, 'salus-integration-w5n2r8yb');
  return b.build(
    name,
    SCENARIO_DESCRIPTIONS[name],
    facts(cast, company, t, serviceAccount, second.company.id),
    o.knobs,
  );
}

/**
 * `partly-configured`: IDs above 2^53. Company template set, default template missing,
 * add_to_new_projects false, on 25 of 60 active projects (every other one of the first 50) with
 * the SALUS template; 4 inactive. A project and a user carry HTML/script and spreadsheet-formula
 * text. An older, uninstalled SALUS installation (whose DMSA user is now inactive) sits next to
 * the live one. Second company included.
 */
export function buildPartlyConfigured(o: ScenarioOverrides = {}): ScenarioData {
  const b = new WorldBuilder('9007199254740993', 22);
  const company = b.company('Big Region Builders');
  const t = b.standardTemplates(company.id, true);
  const cast = addCast(b, company, 'bigregion.example', t);
  b.person(company.id, {
    firstName: '=HYPERLINK("http://evil.example","click")',
    lastName: '<script>alert(1)</script>',
    email: 'formula.user@bigregion.example',
    jobTitle: '<img src=x onerror=alert(1)>',
    vendor: cast.vendor,
  });
  b.project(company.id, '<img src=x onerror=alert(1)> Warehouse', {
    projectNumber: '=HYPERLINK("x")',
  });
  const { active } = addProjects(
    b,
    company.id,
    (o.activeProjects ?? 60) - 1,
    o.inactiveProjects ?? 4,
    cast,
    t,
  );
  const old = b.install(company.id, cast.admin.id, { status: 'uninstalled' });
  old.installation.serviceAccountUserId = cast.formerServiceAccount.id;
  const { serviceAccount } = b.install(company.id, cast.admin.id, {
    serviceAccountSlug: 'salus-integration-p9v4d1sx',
    serviceAccount: { companyTemplateId: t.salusCompany!.id },
  });
  active.slice(0, 50).forEach((p, i) => {
    if (i % 2 === 0) b.member(p.id, serviceAccount!.id, t.salusProject!.id);
  });
  const second = addSecondCompany(b, cast.admin, 'salus-integration-a7c2e9gk');
  return b.build(
    'partly-configured',
    SCENARIO_DESCRIPTIONS['partly-configured'],
    facts(cast, company, t, serviceAccount, second.company.id),
    o.knobs,
  );
}

/**
 * `complete`: everything right. Company template "SALUS Integration Account", default template
 * "SALUS Project Integration", add_to_new_projects true, on all 30 active projects with the SALUS
 * template; not on the 2 inactive ones. Second company (fresh) included.
 */
export function buildComplete(
  o: ScenarioOverrides = {},
  name: 'complete' | 'flag-not-reported' = 'complete',
): ScenarioData {
  const b = new WorldBuilder('3100000', 33);
  const company = b.company('Cornerstone Contractors');
  const t = b.standardTemplates(company.id, true);
  const cast = addCast(b, company, 'cornerstone.example', t);
  const { active } = addProjects(
    b,
    company.id,
    o.activeProjects ?? 30,
    o.inactiveProjects ?? 2,
    cast,
    t,
  );
  const { serviceAccount } = b.install(company.id, cast.admin.id, {
    serviceAccountSlug: 'salus-integration-c0mp1e7e',
    serviceAccount: {
      companyTemplateId: t.salusCompany!.id,
      defaultTemplateId: t.salusProject!.id,
      addToNewProjects: true,
    },
  });
  active.forEach((p) => b.member(p.id, serviceAccount!.id, t.salusProject!.id));
  const second = addSecondCompany(b, cast.admin, 'salus-integration-s3c0nd99');
  return b.build(
    name,
    SCENARIO_DESCRIPTIONS[name],
    facts(cast, company, t, serviceAccount, second.company.id),
    o.knobs,
  );
}

/**
 * `flag-not-reported`: `complete`, configured by hand, behind a Procore whose reads never return
 * `add_to_new_projects` (neither `companies/{id}/me` nor the company-user reads): the new-projects
 * step is "needs attention" (`flag-unknown`) until a PATCH by Fix permissions reports it.
 */
export function buildFlagNotReported(o: ScenarioOverrides = {}): ScenarioData {
  return buildComplete(
    {
      ...o,
      knobs: { companyMe: 'without-flag', addToNewProjectsOnRead: false, ...o.knobs },
    },
    'flag-not-reported',
  );
}

/**
 * `no-service-account`: SALUS is not installed (client-credentials calls get 403 "App is not
 * connected to this company"), so there is no salus-integration user; the decoys and another app
 * ("Acme Timesheets") are there. 12 active, 1 inactive project; SALUS templates exist.
 */
export function buildNoServiceAccount(o: ScenarioOverrides = {}): ScenarioData {
  const b = new WorldBuilder('5200000', 44);
  const company = b.company('Lakeside Builders');
  const t = b.standardTemplates(company.id, true);
  const cast = addCast(b, company, 'lakeside.example', t);
  addProjects(b, company.id, o.activeProjects ?? 12, o.inactiveProjects ?? 1, cast, t);
  b.install(company.id, cast.admin.id, { client: otherClient() });
  return b.build(
    'no-service-account',
    SCENARIO_DESCRIPTIONS['no-service-account'],
    facts(cast, company, t, null, null),
    o.knobs,
  );
}

/**
 * `missing-templates`: neither "SALUS Integration Account" nor "SALUS Project Integration"
 * exists; near-miss decoys do ("SALUS Integration Account (old)", "SALUS Project Integration -
 * DRAFT"). Service account unconfigured, on none of 20 active projects; 2 inactive.
 */
export function buildMissingTemplates(o: ScenarioOverrides = {}): ScenarioData {
  const b = new WorldBuilder('6300000', 55);
  const company = b.company('Missing Templates Inc.');
  const t = b.standardTemplates(company.id, false);
  b.template(company.id, 'SALUS Integration Account (old)', 'company_tools', { directory: 'none' });
  b.template(company.id, 'SALUS Project Integration - DRAFT', 'global', { directory: 'none' });
  const cast = addCast(b, company, 'missingtemplates.example', t);
  addProjects(b, company.id, o.activeProjects ?? 20, o.inactiveProjects ?? 2, cast, t);
  const { serviceAccount } = b.install(company.id, cast.admin.id, {
    serviceAccountSlug: 'salus-integration-n0tmp1ts',
  });
  return b.build(
    'missing-templates',
    SCENARIO_DESCRIPTIONS['missing-templates'],
    facts(cast, company, t, serviceAccount, null),
    o.knobs,
  );
}

/**
 * `non-admin`: the user who signs in by default (Riley Chen) has Directory read-only, so every
 * permission write is 403. Service account: company template set, default missing, on 5 of 15
 * active projects; 1 inactive.
 */
export function buildNonAdmin(o: ScenarioOverrides = {}): ScenarioData {
  const b = new WorldBuilder('7400000', 66);
  const company = b.company('Readonly Ridge LLC');
  const t = b.standardTemplates(company.id, true);
  const cast = addCast(b, company, 'readonlyridge.example', t);
  const { active } = addProjects(
    b,
    company.id,
    o.activeProjects ?? 15,
    o.inactiveProjects ?? 1,
    cast,
    t,
  );
  const { serviceAccount } = b.install(company.id, cast.admin.id, {
    serviceAccountSlug: 'salus-integration-r3ad0n1y',
    serviceAccount: { companyTemplateId: t.salusCompany!.id },
  });
  active.slice(0, 5).forEach((p) => b.member(p.id, serviceAccount!.id, t.salusProject!.id));
  return b.build(
    'non-admin',
    SCENARIO_DESCRIPTIONS['non-admin'],
    facts(cast, company, t, serviceAccount, null, cast.nonAdmin),
    o.knobs,
  );
}

/**
 * `wrong-templates`: company template "Standard Employee", default template "Read Only",
 * add_to_new_projects true. Of 30 active projects the account is on 20: 9 with the SALUS
 * template, 1 with a *project-specific* template also named "SALUS Project Integration",
 * 6 with "Read Only", 4 with "Subcontractor" (no Directory access); plus one of the 2 inactive
 * projects with "Read Only" (never to be written).
 */
export function buildWrongTemplates(o: ScenarioOverrides = {}): ScenarioData {
  const b = new WorldBuilder('8500000', 77);
  const company = b.company('Wrongway Construction');
  const t = b.standardTemplates(company.id, true);
  const cast = addCast(b, company, 'wrongway.example', t);
  const { active, inactive } = addProjects(
    b,
    company.id,
    o.activeProjects ?? 30,
    o.inactiveProjects ?? 2,
    cast,
    t,
  );
  const { serviceAccount } = b.install(company.id, cast.admin.id, {
    serviceAccountSlug: 'salus-integration-wr0ngt3m',
    serviceAccount: {
      companyTemplateId: t.standardEmployee!.id,
      defaultTemplateId: t.readOnly!.id,
      addToNewProjects: true,
    },
  });
  const sa = serviceAccount!.id;
  const first = active[0];
  if (first) {
    const lookalike = b.template(
      company.id,
      'SALUS Project Integration',
      'project_specific',
      {
        directory: 'read_only',
      },
      { projectId: first.id },
    );
    b.member(first.id, sa, lookalike.id);
  }
  active.slice(1, 10).forEach((p) => b.member(p.id, sa, t.salusProject!.id));
  active.slice(10, 16).forEach((p) => b.member(p.id, sa, t.readOnly!.id));
  active.slice(16, 20).forEach((p) => b.member(p.id, sa, t.subcontractor!.id));
  if (inactive[0]) b.member(inactive[0].id, sa, t.readOnly!.id);
  return b.build(
    'wrong-templates',
    SCENARIO_DESCRIPTIONS['wrong-templates'],
    facts(cast, company, t, serviceAccount, null),
    o.knobs,
  );
}

/**
 * `several-candidates`: two active `salus-integration-xxxxxxxx` users: the live installation's
 * (salus-integration-m4q7t2zd) and one left by an earlier, uninstalled installation
 * (salus-integration-h8w3c6nb). DMSA `/me` is unavailable (404), so the product cannot tell
 * them apart by itself. 10 active projects, 1 inactive.
 */
export function buildSeveralCandidates(o: ScenarioOverrides = {}): ScenarioData {
  const b = new WorldBuilder('9600000', 88);
  const company = b.company('Twin Accounts Builders');
  const t = b.standardTemplates(company.id, true);
  const cast = addCast(b, company, 'twinaccounts.example', t);
  addProjects(b, company.id, o.activeProjects ?? 10, o.inactiveProjects ?? 1, cast, t);
  b.install(company.id, cast.admin.id, {
    status: 'uninstalled',
    serviceAccountSlug: 'salus-integration-h8w3c6nb',
  });
  const { serviceAccount } = b.install(company.id, cast.admin.id, {
    serviceAccountSlug: 'salus-integration-m4q7t2zd',
  });
  return b.build(
    'several-candidates',
    SCENARIO_DESCRIPTIONS['several-candidates'],
    facts(cast, company, t, serviceAccount, null),
    { dmsaMe: 'not-found', companyMe: 'not-found', ...o.knobs },
  );
}

/**
 * `flaky`: `fresh-install` data behind an unreliable Procore: about 20% of writes fail with a
 * 5xx (half of them 503 with Retry-After), some writes are applied but their response is lost,
 * some connections drop, and 5% of all requests get a 429.
 */
export function buildFlaky(o: ScenarioOverrides = {}): ScenarioData {
  return buildFreshInstall(
    {
      ...o,
      knobs: {
        ...o.knobs,
        faults: {
          serverErrorRate: 0.1,
          unavailableRate: 0.1,
          retryAfterSeconds: 2,
          dropRate: 0.02,
          lostWriteRate: 0.03,
          rateLimitedRate: 0.05,
          scope: 'writes',
          ...o.knobs?.faults,
        },
      },
    },
    'flaky',
  );
}

/**
 * `large-no-beta`: `fresh-install` at 5,000 active projects, behind a Procore that offers neither
 * `project_assignments` nor `bulk_add` and allows its usual 3,600 requests an hour per token (25
 * per 10 s): membership comes from the project lists, every add is its own request, and the fix
 * needs more than one hour's requests, which the review and the progress say.
 */
export function buildLargeNoBeta(o: ScenarioOverrides = {}): ScenarioData {
  return buildFreshInstall(
    {
      activeProjects: 5000,
      inactiveProjects: 100,
      ...o,
      knobs: {
        ...o.knobs,
        betaEndpoints: { bulkAdd: false, projectAssignments: false, ...o.knobs?.betaEndpoints },
        rateLimits: { hourly: 3600, spike: 25, ...o.knobs?.rateLimits },
      },
    },
    'large-no-beta',
  );
}

export const SCENARIOS = {
  'fresh-install': buildFreshInstall,
  'partly-configured': buildPartlyConfigured,
  complete: buildComplete,
  'flag-not-reported': buildFlagNotReported,
  'no-service-account': buildNoServiceAccount,
  'missing-templates': buildMissingTemplates,
  'non-admin': buildNonAdmin,
  'wrong-templates': buildWrongTemplates,
  'several-candidates': buildSeveralCandidates,
  enterprise: buildEnterprise,
  'large-no-beta': buildLargeNoBeta,
  flaky: buildFlaky,
} as const satisfies Record<ScenarioName, (o?: ScenarioOverrides) => ScenarioData>;

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && Object.hasOwn(SCENARIOS, value);
}

export function buildScenario(name: ScenarioName, overrides?: ScenarioOverrides): ScenarioData {
  return SCENARIOS[name](overrides);
}
