import type {
  AccountSummary,
  Plan,
  PlannedFieldChange,
  StepResult,
  TemplateSummary,
} from '../api/contract.ts';
import type { CompanyUser, CompanyUserPatch, Id } from '../procore/types.ts';
import type { SetupContext } from './context.ts';
import { requiredTemplates, summarizeAccess, type CompanyFacts, type ProjectRef } from './facts.ts';
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
  userChanges: PlannedFieldChange[];
  projectTemplateId: Id | null;
  add: ProjectRef[];
  retemplate: ProjectRef[];
  /** Whether `bulk_add` is expected to be offered (project_assignments, its sibling beta, was). */
  bulk: boolean;
  blockedBy: { code: string; message: string } | null;
  requests: number;
  estimatedSeconds: number;
}

/** Procore's documented example spike limit, 25 requests per 10 s (§8), until headers say more. */
export const DEFAULT_RATE_PER_SECOND = 2.5;
export const BULK_CHUNK = 1000;

function userChanges(
  user: CompanyUser,
  companyTemplate: TemplateSummary | null,
  projectTemplate: TemplateSummary | null,
  addToNewProjects: boolean | null,
  flagFromEvidence: boolean,
  names: Map<Id, string>,
): PlannedFieldChange[] {
  const changes: PlannedFieldChange[] = [];
  const currentCompany =
    user.company_permission_template_id ?? user.company_permission_template?.id ?? null;
  const currentDefault =
    user.default_permission_template_id ?? user.permission_template?.id ?? null;
  const nameOf = (id: Id | null) => (id === null ? null : (names.get(id) ?? `#${id}`));
  if (companyTemplate && currentCompany !== companyTemplate.id) {
    changes.push({
      field: 'company_permission_template_id',
      from: currentCompany,
      to: companyTemplate.id,
      fromName: nameOf(currentCompany),
      toName: companyTemplate.name,
    });
  }
  if (projectTemplate && currentDefault !== projectTemplate.id) {
    changes.push({
      field: 'default_permission_template_id',
      from: currentDefault,
      to: projectTemplate.id,
      fromName: nameOf(currentDefault),
      toName: projectTemplate.name,
    });
  }
  // A flag known only from an earlier PATCH (reads omit it) may have been turned off since:
  // set it again whenever the account is PATCHed anyway.
  if (addToNewProjects !== true || (flagFromEvidence && changes.length > 0)) {
    changes.push({ field: 'add_to_new_projects', from: addToNewProjects, to: true });
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
    else patch[change.field] = String(change.to);
  }
  if (lastName) patch.last_name = lastName;
  return patch;
}

function blockedBy(steps: StepResult[]): FixPlan['blockedBy'] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  for (const id of ['app-installed', 'service-account', 'admin'] as const) {
    const step = byId.get(id);
    if (step && step.state !== 'complete' && step.reason) return step.reason;
  }
  for (const id of ['company-template', 'new-projects', 'project-access'] as const) {
    const step = byId.get(id);
    if (step?.reason?.code === 'template-missing') return step.reason;
    if (step?.state === 'cannot-check' && step.reason) return step.reason;
  }
  return null;
}

export function buildPlan(
  ctx: SetupContext,
  facts: CompanyFacts,
  steps: StepResult[],
  options: { now?: Date; ratePerSecond?: number } = {},
): FixPlan {
  const templates = requiredTemplates(facts, ctx);
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
    ? userChanges(user, templates.company, templates.project, flag, fromEvidence, names)
    : [];
  const summary =
    facts.access?.ok && templates.project
      ? summarizeAccess(facts.access.value, templates.project.id)
      : null;
  const add = summary?.missing ?? [];
  const retemplate =
    summary?.wrongTemplate.map(({ id, name, projectNumber }) => ({ id, name, projectNumber })) ??
    [];
  const bulk = facts.access?.ok === true && facts.access.value.source === 'project-assignments';
  const patchRequests = changes.length > 0 ? 2 : 0; // PATCH, then read back
  const addRequests = bulk ? Math.ceil(add.length / BULK_CHUNK) : add.length;
  const active = facts.access?.ok ? facts.access.value.active.length : 0;
  const recheck = 12 + Math.ceil(active / BULK_CHUNK);
  const requests = patchRequests + addRequests + retemplate.length + recheck;
  const rate = options.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
  return {
    companyId: ctx.companyId,
    createdAt: (options.now ?? new Date()).toISOString(),
    account: user ? toAccount(user) : null,
    accountId: user?.id ?? null,
    accountLastName: user?.last_name ?? null,
    userChanges: changes,
    projectTemplateId: templates.project?.id ?? null,
    add,
    retemplate,
    bulk,
    blockedBy: blockedBy(steps),
    requests,
    estimatedSeconds: Math.ceil(requests / rate),
  };
}

/** The plan as the app API shows it. */
export function toApiPlan(plan: FixPlan): Plan {
  return {
    companyId: plan.companyId,
    createdAt: plan.createdAt,
    account: plan.account,
    userChanges: plan.userChanges,
    addProjects: plan.add.length,
    retemplateProjects: plan.retemplate.length,
    requests: plan.requests,
    estimatedSeconds: plan.estimatedSeconds,
    blockedBy: plan.blockedBy,
  };
}

export const planHasWork = (plan: FixPlan) =>
  plan.userChanges.length > 0 || plan.add.length > 0 || plan.retemplate.length > 0;
