import type {
  AccountSummary,
  Plan,
  PlannedFieldChange,
  StepId,
  StepResult,
  TemplateSummary,
} from '../api/contract.ts';
import { defaultBudget, estimateMs, type BudgetView } from '../procore/budget.ts';
import type { CompanyUser, CompanyUserPatch, Id } from '../procore/types.ts';
import type { SetupContext } from './context.ts';
import {
  requiredTemplates,
  summarizeAccess,
  templateOf,
  type CompanyFacts,
  type ProjectRef,
} from './facts.ts';
import { SALUS_REQUIREMENTS, templateUserAccessLevels } from './salus-requirements.ts';
import { toAccount } from './steps/service-account.ts';

/**
 * The dry run: exactly which writes "Fix permissions" would make, how many Procore requests they
 * take and how long that is under the rate limit. `apply` executes this and nothing else.
 */
export interface FixPlan {
  companyId: Id;
  createdAt: string;
  account: AccountSummary | null;
  accountId: Id | null;
  /** Last name to send with the PATCH (the schema marks it required, §3.2). */
  accountLastName: string | null;
  /** Missing SALUS templates, created before anything else (their ids are known only then). */
  createTemplates: TemplateToCreate[];
  userChanges: PlannedFieldChange[];
  /** null when the SALUS project template is among `createTemplates`. */
  projectTemplateId: Id | null;
  add: ProjectRef[];
  retemplate: ProjectRef[];
  /** Whether `bulk_add` is expected to be offered (project_assignments, its sibling beta, was). */
  bulk: boolean;
  /** The step whose reason says why nothing can be applied. */
  blockedBy: { step: StepId } | null;
  requests: number;
  /** Of those, the final re-check's (on the admin's token). */
  recheck: number;
  estimatedSeconds: number;
  /** The admin token's budget the estimate assumed. */
  budget: PlanBudget;
}

/** What the estimate knew of Procore's hourly window (the review says so in words). */
export interface PlanBudget {
  hourlyLimit: number;
  /** No response has shown the hourly limit yet: it is the last one stored or Procore's 3,600. */
  hourlyAssumed: boolean;
  /** The requests do not fit in what is left of this hour: the run waits for the next. */
  crossesHour: boolean;
}

/** A permission template to POST (procore-platform.md §4), from the SALUS requirements. */
export interface TemplateToCreate {
  name: string;
  type: 'company_tools' | 'global';
  user_access_levels: Record<string, string>;
  /** The SALUS_REQUIREMENTS version the levels come from. */
  version: string;
}

/** A template the plan assigns: one that exists, or one it creates first (id still unknown). */
type TemplateTarget = { id: Id | null; name: string };

export const BULK_CHUNK = 1000;
/** `GET /rest/v1.1/projects` returns at most 300 a page (§5.1). */
export const PROJECTS_PER_PAGE = 300;

/**
 * Requests the final re-check makes on the admin's token: the fixed reads (permissions,
 * installations, templates, the account) plus the project lists, a page per 300 projects.
 */
export function recheckRequests(active: number, inactive: number, bulk: boolean): number {
  return bulk
    ? 12 + Math.ceil((active + inactive) / BULK_CHUNK)
    : 12 + Math.ceil(active / PROJECTS_PER_PAGE) + Math.ceil(inactive / PROJECTS_PER_PAGE);
}

function userChanges(
  user: CompanyUser,
  companyTemplate: TemplateTarget | null,
  projectTemplate: TemplateTarget | null,
  addToNewProjects: boolean | null,
  flagFromEvidence: boolean,
  names: Map<Id, string>,
): PlannedFieldChange[] {
  const changes: PlannedFieldChange[] = [];
  const currentCompany = templateOf(user, 'company');
  const currentDefault = templateOf(user, 'default');
  const nameOf = (id: Id | null) => (id === null ? null : (names.get(id) ?? `#${id}`));
  // A template created by this fix (id null) is assigned whatever the account has now.
  if (companyTemplate && (companyTemplate.id === null || currentCompany !== companyTemplate.id)) {
    changes.push({
      field: 'company_permission_template_id',
      from: currentCompany,
      to: companyTemplate.id,
      fromName: nameOf(currentCompany),
      toName: companyTemplate.name,
    });
  }
  if (projectTemplate && (projectTemplate.id === null || currentDefault !== projectTemplate.id)) {
    changes.push({
      field: 'default_permission_template_id',
      from: currentDefault,
      to: projectTemplate.id,
      fromName: nameOf(currentDefault),
      toName: projectTemplate.name,
    });
  }
  if (addToNewProjects !== true) {
    changes.push({ field: 'add_to_new_projects', from: addToNewProjects, to: true });
  } else if (flagFromEvidence && changes.length > 0) {
    // Known only from an earlier PATCH (Procore's reads leave the flag out): it may have been
    // turned off since, so it is set again whenever the account is PATCHed anyway. What it is
    // now is unknown, never "on → on".
    changes.push({ field: 'add_to_new_projects', from: null, to: true });
  }
  return changes;
}

export function toPatch(
  changes: PlannedFieldChange[],
  lastName: string | null,
): CompanyUserPatch | null {
  if (changes.length === 0) return null;
  const patch: CompanyUserPatch = {};
  for (const change of changes) {
    if (change.field === 'add_to_new_projects') patch.add_to_new_projects = change.to === true;
    else if (change.to === null)
      throw new Error(`${change.field}: the template is not created yet`);
    else patch[change.field] = String(change.to);
  }
  if (lastName) patch.last_name = lastName;
  return patch;
}

function blockedBy(steps: StepResult[]): FixPlan['blockedBy'] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  for (const id of ['app-installed', 'service-account', 'admin'] as const) {
    const step = byId.get(id);
    if (step && step.state !== 'complete' && step.reason) return { step: id };
  }
  // A missing SALUS template is not a block: the fix creates it (a Directory admin may).
  for (const id of ['company-template', 'new-projects', 'project-access'] as const) {
    const step = byId.get(id);
    if (step?.state === 'cannot-check' && step.reason) return { step: id };
  }
  return null;
}

/** The SALUS templates the company lacks, as Procore's POST body wants them. */
function templatesToCreate(
  facts: CompanyFacts,
  ctx: SetupContext,
  found: ReturnType<typeof requiredTemplates>,
): TemplateToCreate[] {
  const create = (scope: 'company' | 'project'): TemplateToCreate => ({
    name: scope === 'company' ? ctx.names.companyTemplate : ctx.names.projectTemplate,
    type: scope === 'company' ? 'company_tools' : 'global',
    user_access_levels: templateUserAccessLevels(scope),
    version: SALUS_REQUIREMENTS.version,
  });
  // Only when the list was read: a template we could not look for is not known to be missing.
  return [
    ...(facts.companyTemplates.ok && !found.company ? [create('company')] : []),
    ...(facts.projectTemplates.ok && !found.project ? [create('project')] : []),
  ];
}

export function buildPlan(
  ctx: SetupContext,
  facts: CompanyFacts,
  steps: StepResult[],
  options: { now?: Date; budget?: BudgetView } = {},
): FixPlan {
  const templates = requiredTemplates(facts, ctx);
  const createTemplates = templatesToCreate(facts, ctx, templates);
  const target = (
    found: TemplateSummary | null,
    type: TemplateToCreate['type'],
  ): TemplateTarget | null => {
    if (found) return { id: found.id, name: found.name };
    const created = createTemplates.find((t) => t.type === type);
    return created ? { id: null, name: created.name } : null;
  };
  const companyTarget = target(templates.company, 'company_tools');
  const projectTarget = target(templates.project, 'global');
  const user = facts.account.kind === 'found' ? facts.account.user : null;
  const newProjects = steps.find((s) => s.id === 'new-projects')?.details;
  const flag = newProjects?.step === 'new-projects' ? newProjects.addToNewProjects : null;
  const fromEvidence =
    newProjects?.step === 'new-projects' && newProjects.evidence?.source === 'patch-response';
  const names = new Map<Id, string>();
  for (const list of [facts.companyTemplates, facts.projectTemplates]) {
    if (list.ok) for (const t of list.value) names.set(t.id, t.name);
  }
  const changes = user
    ? userChanges(user, companyTarget, projectTarget, flag, fromEvidence, names)
    : [];
  // A project template still to be created is on no project: every membership is re-templated.
  const summary =
    facts.access?.ok && projectTarget
      ? summarizeAccess(facts.access.value, templates.project?.id ?? null)
      : null;
  const add = summary?.missing ?? [];
  // Memberships whose template is not verified get the SALUS one: a write costs no more than
  // the read would, and leaves a template Procore has confirmed.
  const retemplate = [...(summary?.wrongTemplate ?? []), ...(summary?.unverified ?? [])].map(
    ({ id, name, projectNumber }) => ({ id, name, projectNumber }),
  );
  const bulk = facts.access?.ok === true && facts.access.value.source === 'project-assignments';
  const patchRequests = changes.length > 0 ? 2 : 0; // PATCH, then read back
  const addRequests = bulk ? Math.ceil(add.length / BULK_CHUNK) : add.length;
  const active = facts.access?.ok ? facts.access.value.active.length : 0;
  const inactive = facts.access?.ok ? facts.access.value.inactive.length : 0;
  const recheck = recheckRequests(active, inactive, bulk);
  const createRequests = createTemplates.length * 2; // POST, then read back by name
  const requests = createRequests + patchRequests + addRequests + retemplate.length + recheck;
  const now = (options.now ?? new Date()).getTime();
  const budget = options.budget ?? defaultBudget(now);
  const estimate = estimateMs(requests, budget, now);
  return {
    companyId: ctx.companyId,
    createdAt: (options.now ?? new Date()).toISOString(),
    account: user ? toAccount(user) : null,
    accountId: user?.id ?? null,
    accountLastName: user?.last_name ?? null,
    createTemplates,
    userChanges: changes,
    projectTemplateId: templates.project?.id ?? null,
    add,
    retemplate,
    bulk,
    blockedBy: blockedBy(steps),
    requests,
    recheck,
    estimatedSeconds: Math.ceil(estimate / 1000),
    budget: {
      hourlyLimit: budget.hourlyLimit,
      hourlyAssumed: budget.hourlyAssumed,
      crossesHour: requests > budget.hourlyRemaining,
    },
  };
}

/** The plan as the app API shows it. */
export function toApiPlan(plan: FixPlan, planId: Id | null): Plan {
  return {
    planId,
    companyId: plan.companyId,
    createdAt: plan.createdAt,
    account: plan.account,
    userChanges: plan.userChanges,
    createTemplates: plan.createTemplates.map((t) => ({
      name: t.name,
      kind: t.type === 'company_tools' ? ('company' as const) : ('project' as const),
      levels: t.user_access_levels,
    })),
    addProjects: plan.add.length,
    retemplateProjects: plan.retemplate.length,
    requests: plan.requests,
    estimatedSeconds: plan.estimatedSeconds,
    budget: plan.budget,
    blockedBy: plan.blockedBy,
  };
}

export const planHasWork = (plan: FixPlan) =>
  plan.createTemplates.length > 0 ||
  plan.userChanges.length > 0 ||
  plan.add.length > 0 ||
  plan.retemplate.length > 0;
