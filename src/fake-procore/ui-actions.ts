/**
 * Changes a Procore admin makes in Procore's own UI, for the demo's simulated Company Tools page
 * and the `/__fake/actions/…` control routes: they are what SALUS Setup must notice and repair
 * (issue #19). Each acts as the scenario's admin through no app, so its webhook events carry
 * `source_application_id: null`.
 */
import type { FakeProcore } from './fake.ts';
import type { FakeProject, FakeTemplate, Id } from './model.ts';
import { SALUS_CLIENT_ID, SALUS_COMPANY_TEMPLATE, SALUS_PROJECT_TEMPLATE } from './scenario-kit.ts';

/** Why an action could not be done, for the page and the control routes. */
export type UiActionProblem = 'not-installed' | 'no-other-template';

export type UiActionResult<T> = { ok: true; value: T } | { ok: false; problem: UiActionProblem };

/**
 * Company Tools → Portfolio → Create Project: users with "add to all new projects" join it.
 * `withoutSalusAccount` creates it as Procore does when the SALUS account's "add to new projects"
 * was off at that moment (an admin turned it off and on again, or changed it while the project was
 * being created): Procore itself creates the project; the account is simply not added.
 */
export function createProjectInUi(
  fake: FakeProcore,
  name: string,
  options: { companyId?: Id; withoutSalusAccount?: boolean } = {},
): FakeProject {
  const companyId = options.companyId ?? fake.facts.companyId;
  const account = options.withoutSalusAccount
    ? fake.state.activeInstallation(companyId, SALUS_CLIENT_ID)?.serviceAccountUserId
    : undefined;
  return fake.createProject(companyId, name, true, account ? [account] : []);
}

export interface TemplateChange {
  userId: Id;
  field: 'default_permission_template_id' | 'company_permission_template_id';
  from: FakeTemplate | null;
  to: FakeTemplate;
}

const isSalus = (t: FakeTemplate) =>
  t.name === SALUS_PROJECT_TEMPLATE || t.name === SALUS_COMPANY_TEMPLATE;

/**
 * Directory → the SALUS account → Edit: gives it another existing template that is not SALUS's,
 * a Company Users update. The default project template changes (the one new projects use),
 * preferring "Read Only"; a company with no other global template gets the company permission
 * template changed instead.
 */
export function changeSalusTemplate(
  fake: FakeProcore,
  companyId: Id = fake.facts.companyId,
): UiActionResult<TemplateChange> {
  const { state } = fake;
  const userId = state.activeInstallation(companyId, SALUS_CLIENT_ID)?.serviceAccountUserId;
  const account = userId ? state.companyUser(companyId, userId) : undefined;
  if (!userId || !account) return { ok: false, problem: 'not-installed' };
  const pick = (type: FakeTemplate['type'], current: Id | null) => {
    const others = state
      .templatesOf(companyId)
      .filter((t) => t.type === type && !isSalus(t) && t.id !== current);
    return others.find((t) => t.name === 'Read Only') ?? others[0];
  };
  const origin = fake.uiOrigin("change the SALUS account's template");
  const project = pick('global', account.defaultPermissionTemplateId);
  if (project) {
    const from = state.templates.get(account.defaultPermissionTemplateId ?? '') ?? null;
    state.patchCompanyUser(companyId, userId, { defaultPermissionTemplateId: project.id }, origin);
    return {
      ok: true,
      value: { userId, field: 'default_permission_template_id', from, to: project },
    };
  }
  const company = pick('company_tools', account.companyPermissionTemplateId);
  if (!company) return { ok: false, problem: 'no-other-template' };
  const from = state.templates.get(account.companyPermissionTemplateId ?? '') ?? null;
  state.patchCompanyUser(companyId, userId, { companyPermissionTemplateId: company.id }, origin);
  return {
    ok: true,
    value: { userId, field: 'company_permission_template_id', from, to: company },
  };
}

export interface AppUpdate {
  installationId: Id;
  semanticVersion: string;
  appVersionId: string;
  pendingOperationId: string;
  /** Projects the service account was taken off (Procore: updates reset permitted projects). */
  removedFromProjects: number;
}

/** A UUID v4 from the fake's dice, so seeded runs repeat. */
function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function nextMinor(version: string): string {
  const [major = 1, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return `${major}.${minor + 1}.0`;
}

/**
 * App Management → SALUS → Update: a new app version (`app_version_id`, `semantic_version`), a
 * permission reapply (`pending_operation_id`) that ends `appUpdateReapplyMs` later on the fake
 * clock, and the service account taken off every project: Procore's DMSA best practice 2 says
 * to reconfigure permitted projects after each update (procore-platform.md §6.2, §18).
 */
export function updateSalusApp(
  fake: FakeProcore,
  companyId: Id = fake.facts.companyId,
): UiActionResult<AppUpdate> {
  const { state } = fake;
  const installation = state.activeInstallation(companyId, SALUS_CLIENT_ID);
  if (!installation) return { ok: false, problem: 'not-installed' };
  const origin = fake.uiOrigin('update the SALUS app');
  const update: AppUpdate = {
    installationId: installation.id,
    semanticVersion: nextMinor(installation.semanticVersion),
    appVersionId: uuid(fake.random),
    pendingOperationId: uuid(fake.random),
    removedFromProjects: 0,
  };
  state.updateInstallation(
    installation.id,
    {
      appVersionId: update.appVersionId,
      semanticVersion: update.semanticVersion,
      pendingOperationId: update.pendingOperationId,
      updatableAppVersionId: null,
    },
    origin,
  );
  const account = installation.serviceAccountUserId;
  if (account) {
    for (const project of state.projectsOf(companyId)) {
      if (state.membership(project.id, account) === undefined) continue;
      state.removeMember(project.id, account, origin);
      update.removedFromProjects += 1;
    }
  }
  fake.enqueue(fake.knobs.appUpdateReapplyMs, () => {
    const current = fake.state.installations.get(installation.id);
    if (current?.pendingOperationId === update.pendingOperationId) {
      fake.state.updateInstallation(installation.id, { pendingOperationId: null }, origin);
    }
  });
  return { ok: true, value: update };
}
