import { isAppNotConnected, isProcoreApiError } from '../procore/errors.ts';
import type {
  AppInstallation,
  CompanyBaseUrl,
  CompanyUser,
  Id,
  PermissionTemplate,
  PermissionTemplateDetail,
  PermissionsManifest,
  Project,
} from '../procore/types.ts';
import { sameName, type SetupContext } from './context.ts';

/**
 * Everything the checks depend on, read live from Procore in as few round trips as the endpoints
 * allow: independent reads run together, and the per-project fallback is used only when
 * Procore does not offer `project_assignments` (procore-platform.md §5.4, §16).
 */

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A read whose failure becomes "can't check" for its step. Only Procore's answers do: a
 * sign-in Procore no longer accepts (401 as the user) or a failure of our own propagates, so the
 * viewer is asked to sign in again instead of seeing every step fail.
 */
async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (!isProcoreApiError(error) || error.kind === 'unauthorized') throw error;
    return { ok: false, error };
  }
}

/** The same for reads as the app itself, whose 401 is not the viewer's sign-in. */
async function attemptAsApp<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (!isProcoreApiError(error)) throw error;
    return { ok: false, error };
  }
}

export type AccountLookup =
  | { kind: 'found'; user: CompanyUser; method: 'client-credentials' | 'directory-search' }
  | { kind: 'none' }
  | { kind: 'several'; candidates: CompanyUser[] }
  | { kind: 'not-connected'; error: unknown }
  | { kind: 'error'; error: unknown };

export interface ProjectRef {
  id: Id;
  name: string;
  projectNumber: string | null;
}

export interface ProjectAccess {
  source: 'project-assignments' | 'per-project';
  active: ProjectRef[];
  inactive: ProjectRef[];
  /** Active projects the account is on → its project template there (null when unknown). */
  memberTemplates: Map<Id, Id | null>;
}

export interface ConnectionResult {
  /** Active projects the service account can see (Procore's `Total`). */
  visibleCount: number;
  sampled: number;
  readable: string[];
  failures: { projectId: Id; projectName: string; status: number | null; message: string }[];
}

export interface CompanyFacts {
  permissions: Attempt<PermissionsManifest>;
  installations: Attempt<AppInstallation[]>;
  baseUrl: Attempt<CompanyBaseUrl>;
  account: AccountLookup;
  companyTemplates: Attempt<PermissionTemplate[]>;
  projectTemplates: Attempt<PermissionTemplate[]>;
  access: Attempt<ProjectAccess> | null;
  connection: Attempt<ConnectionResult> | null;
  /**
   * The tool levels of the templates the account holds other than the SALUS ones (its company
   * template, its project templates), each read once, for the over-privilege check.
   */
  heldTemplates: Map<Id, Attempt<PermissionTemplateDetail>>;
}

/** `salus-integration-` followed by the 8 characters Procore generates. */
export function accountPattern(prefix: string): RegExp {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}[a-z0-9]{8}(?:@|$)`, 'i');
}

async function findAccount(ctx: SetupContext): Promise<AccountLookup> {
  const { companyId, signal } = ctx;
  if (ctx.chosenAccountId) {
    const chosen = await attempt(() =>
      ctx.user.getCompanyUser(companyId, ctx.chosenAccountId!, { signal }),
    );
    if (chosen.ok) return { kind: 'found', user: chosen.value, method: 'directory-search' };
  }
  let serviceAccountId: Id | null = null;
  try {
    // The app's own token acts as its service account: /me names it exactly (§3.3).
    serviceAccountId = (await ctx.app.meAsServiceAccount(companyId, { signal })).id;
  } catch (error) {
    if (isAppNotConnected(error)) return { kind: 'not-connected', error };
    // Any other failure (e.g. /me unsupported for DMSA tokens, UNCONFIRMED): search instead.
  }
  if (serviceAccountId !== null) {
    const id = serviceAccountId;
    const user = await attempt(() => ctx.user.getCompanyUser(companyId, id, { signal }));
    return user.ok
      ? { kind: 'found', user: user.value, method: 'client-credentials' }
      : { kind: 'error', error: user.error };
  }
  // Fallback: the directory, by the name Procore gives DMSA users. Never guess between several.
  const pattern = accountPattern(ctx.names.accountPrefix);
  const search = await attempt(() =>
    ctx.user.listCompanyUsers(companyId, { search: ctx.names.accountPrefix, signal }),
  );
  if (!search.ok) return { kind: 'error', error: search.error };
  const candidates = search.value.filter(
    (u) => u.is_active && (pattern.test(u.name) || pattern.test(u.email_address ?? '')),
  );
  if (candidates.length === 0) return { kind: 'none' };
  if (candidates.length > 1) return { kind: 'several', candidates };
  return { kind: 'found', user: candidates[0]!, method: 'directory-search' };
}

const toRef = (p: { id?: Id; project_id?: Id; name: string; project_number?: string | null }) => ({
  id: (p.project_id ?? p.id)!,
  name: p.name,
  projectNumber: p.project_number ?? null,
});

async function readProjectAccess(ctx: SetupContext, accountId: Id): Promise<ProjectAccess> {
  const { companyId, signal } = ctx;
  const assignments = await ctx.user.listProjectAssignments(companyId, accountId, {
    assignmentStatus: 'all',
    byStatus: 'All',
    signal,
  });
  if (assignments) {
    const active = assignments.filter((a) => a.active);
    return {
      source: 'project-assignments',
      active: active.map(toRef),
      inactive: assignments.filter((a) => !a.active).map(toRef),
      memberTemplates: new Map(
        active
          .filter((a) => a.is_assigned)
          .map((a) => [a.project_id, a.permission_template_id ?? null]),
      ),
    };
  }
  // Procore does not offer project_assignments here: list projects, then ask each one.
  const [active, inactive] = await Promise.all([
    ctx.user.listProjects(companyId, { status: 'Active', signal }),
    ctx.user.listProjects(companyId, { status: 'Inactive', signal }),
  ]);
  const memberTemplates = new Map<Id, Id | null>();
  await Promise.all(
    active.map(async (project: Project) => {
      const users = await ctx.user.listProjectUsers(companyId, project.id, {
        ids: [accountId],
        signal,
      });
      const member = users.find((u) => u.id === accountId);
      if (member) memberTemplates.set(project.id, member.permission_template?.id ?? null);
    }),
  );
  return {
    source: 'per-project',
    active: active.map(toRef),
    inactive: inactive.map(toRef),
    memberTemplates,
  };
}

/** The service account's own view: how many projects it sees, and whether it can read them. */
async function testConnection(ctx: SetupContext): Promise<ConnectionResult> {
  const { companyId, signal } = ctx;
  // One request gives both the count (Total) and the sample.
  const sample = ctx.connectionSample ?? 5;
  const page = await ctx.app.projectsPage(companyId, { status: 'Active', perPage: sample, signal });
  const failures: ConnectionResult['failures'] = [];
  await Promise.all(
    page.items.map(async (project) => {
      try {
        await ctx.app.listProjectUsers(companyId, project.id, { signal });
      } catch (error) {
        if (!isProcoreApiError(error) || !['forbidden', 'not-found'].includes(error.kind)) {
          throw error;
        }
        failures.push({
          projectId: project.id,
          projectName: project.name,
          status: error.status,
          message: `Cannot read the project Directory (needs Read-only): ${error.procoreMessage}`,
        });
      }
    }),
  );
  return {
    visibleCount: page.total ?? page.items.length,
    sampled: page.items.length,
    readable: page.items.length > failures.length ? ['directory'] : [],
    failures,
  };
}

export async function inspectCompany(ctx: SetupContext): Promise<CompanyFacts> {
  const { companyId, signal } = ctx;
  const [permissions, installations, baseUrl, account, companyTemplates, projectTemplates] =
    await Promise.all([
      attempt(() => ctx.user.settingsPermissions(companyId, { signal })),
      attempt(() => ctx.user.listAppInstallations(companyId, { signal })),
      attempt(() => ctx.user.companyBaseUrl(companyId, { signal })),
      findAccount(ctx),
      attempt(() => ctx.user.listPermissionTemplates(companyId, { type: 'company_tools', signal })),
      attempt(() => ctx.user.listPermissionTemplates(companyId, { type: 'global', signal })),
    ]);
  const found = account.kind === 'found' ? account.user : null;
  const [access, connection] = found
    ? await Promise.all([
        attempt(() => readProjectAccess(ctx, found.id)),
        attemptAsApp(() => testConnection(ctx)),
      ])
    : [null, null];
  const facts: CompanyFacts = {
    permissions,
    installations,
    baseUrl,
    account,
    companyTemplates,
    projectTemplates,
    access,
    connection,
    heldTemplates: new Map<Id, Attempt<PermissionTemplateDetail>>(),
  };
  const held = heldTemplateIds(facts, ctx);
  const details = await Promise.all(
    held.map((id) => attempt(() => ctx.user.getPermissionTemplate(companyId, id, { signal }))),
  );
  held.forEach((id, i) => facts.heldTemplates.set(id, details[i]!));
  return facts;
}

/** The account's company template and project templates, except the SALUS ones. */
function heldTemplateIds(facts: CompanyFacts, ctx: Pick<SetupContext, 'names'>): Id[] {
  if (facts.account.kind !== 'found') return [];
  const salus = requiredTemplates(facts, ctx);
  const ids = new Set<Id>();
  const company = templateOf(facts.account.user, 'company');
  if (company !== null && company !== salus.company?.id) ids.add(company);
  if (facts.access?.ok) {
    for (const id of facts.access.value.memberTemplates.values())
      if (id !== null && id !== salus.project?.id) ids.add(id);
  }
  return [...ids];
}

/** The account's company template, or the template new projects give it (id or nested object). */
export const templateOf = (user: CompanyUser, field: 'company' | 'default'): Id | null =>
  field === 'company'
    ? (user.company_permission_template_id ?? user.company_permission_template?.id ?? null)
    : (user.default_permission_template_id ?? user.permission_template?.id ?? null);

/** The company template and project template SALUS requires, when they exist. */
export function requiredTemplates(facts: CompanyFacts, ctx: Pick<SetupContext, 'names'>) {
  const pick = (list: Attempt<PermissionTemplate[]>, name: string, types: string[]) =>
    list.ok
      ? (list.value.find((t) => sameName(t.name, name) && (!t.type || types.includes(t.type))) ??
        null)
      : null;
  return {
    company: pick(facts.companyTemplates, ctx.names.companyTemplate, ['company_tools']),
    project: pick(facts.projectTemplates, ctx.names.projectTemplate, ['global']),
  };
}

/**
 * Whether the signed-in user sees every project. Procore lists all projects only to a "full
 * company admin" (§5.1); we read that as Admin on the company Admin tool (UNCONFIRMED). Anyone
 * else sees only their own projects, so project access cannot be judged from their view.
 */
export function viewerSeesAllProjects(facts: CompanyFacts): boolean {
  if (!facts.permissions.ok) return false;
  const tool = facts.permissions.value.tools.find((t) => t.name.toLowerCase() === 'admin');
  return tool?.user_access_level?.name.toLowerCase() === 'admin';
}

export const LIMITED_VIEW = 'limited-view';

export interface AccessSummary {
  missing: ProjectRef[];
  wrongTemplate: (ProjectRef & { templateId: Id | null })[];
  onWithTemplate: number;
}

export function summarizeAccess(
  access: ProjectAccess,
  projectTemplateId: Id | null,
): AccessSummary {
  const missing: ProjectRef[] = [];
  const wrongTemplate: AccessSummary['wrongTemplate'] = [];
  let onWithTemplate = 0;
  for (const project of access.active) {
    if (!access.memberTemplates.has(project.id)) missing.push(project);
    else {
      const templateId = access.memberTemplates.get(project.id) ?? null;
      if (projectTemplateId !== null && templateId === projectTemplateId) onWithTemplate += 1;
      else wrongTemplate.push({ ...project, templateId });
    }
  }
  return { missing, wrongTemplate, onWithTemplate };
}
