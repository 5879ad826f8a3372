import type { ProjectProblem } from '../api/contract.ts';
import type {
  AppInstallation,
  CompanyBaseUrl,
  CompanyUser,
  Id,
  PermissionTemplate,
  PermissionTemplateDetail,
  PermissionsManifest,
} from '../procore/types.ts';
import { sameName, type SetupContext } from './context.ts';

/**
 * What the checks know about a company (read by `read-facts.ts`), and the pure questions asked
 * of it. Nothing here talks to Procore.
 */

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

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
  /**
   * How membership was read: `project_assignments` [BETA]; the two project lists (every active
   * project as the viewer, the service account's own list as the app); or one read per project
   * when the account's own list cannot be trusted to be its membership.
   */
  source: 'project-assignments' | 'lists' | 'per-project';
  /** Why membership was read project by project although Procore offers the lists. */
  fallback: 'account-is-company-admin' | 'list-holds-other-projects' | null;
  active: ProjectRef[];
  inactive: ProjectRef[];
  /** Active projects the account is on → its project template there (null when it has none). */
  memberTemplates: Map<Id, Id | null>;
  /** Memberships whose template is not known: not read yet within the read budget. */
  unverified: Set<Id>;
  /** What the checklist says about the memberships' templates. */
  verification: TemplateVerification;
}

export interface TemplateVerification {
  /** Memberships whose template Procore has told us (now or earlier). */
  verified: number;
  /** When the oldest of those was last verified (ISO), null when none. */
  oldestAt: string | null;
  /** Template reads this check made (on the app token where it could). */
  readNow: number;
}

export interface ConnectionResult {
  /** Active projects the service account can see (Procore's `Total`). */
  visibleCount: number;
  sampled: number;
  readable: string[];
  /** Procore's refusals, in its words. */
  failures: ProjectProblem[];
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

/** Admin on the company Directory tool: Procore takes the permission fields only then (§3.2). */
export function isDirectoryAdmin(permissions: PermissionsManifest): boolean {
  return directoryLevel(permissions)?.toLowerCase() === 'admin';
}

/** The viewer's level on the company Directory tool, in Procore's words (null: none). */
export function directoryLevel(permissions: PermissionsManifest): string | null {
  const directory = permissions.tools.find((t) => t.name.toLowerCase() === 'directory');
  return directory?.user_access_level?.name ?? null;
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

export interface AccessSummary {
  missing: ProjectRef[];
  wrongTemplate: (ProjectRef & { templateId: Id | null })[];
  /** Memberships whose template is not known yet: the fix sets the SALUS template on them. */
  unverified: ProjectRef[];
  onWithTemplate: number;
}

export function summarizeAccess(
  access: ProjectAccess,
  projectTemplateId: Id | null,
): AccessSummary {
  const missing: ProjectRef[] = [];
  const wrongTemplate: AccessSummary['wrongTemplate'] = [];
  const unverified: ProjectRef[] = [];
  let onWithTemplate = 0;
  for (const project of access.active) {
    if (!access.memberTemplates.has(project.id)) missing.push(project);
    else if (access.unverified.has(project.id)) unverified.push(project);
    else {
      const templateId = access.memberTemplates.get(project.id) ?? null;
      if (projectTemplateId !== null && templateId === projectTemplateId) onWithTemplate += 1;
      else wrongTemplate.push({ ...project, templateId });
    }
  }
  return { missing, wrongTemplate, unverified, onWithTemplate };
}
