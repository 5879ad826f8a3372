import type { AccountSummary, PlannedFieldChange, UndoPlanSummary } from '../api/contract.ts';
import { isProcoreApiError } from '../procore/errors.ts';
import type { CompanyUser, CompanyUserPatch, Id } from '../procore/types.ts';
import type { SetupContext } from './context.ts';
import { templateOf, type ProjectRef } from './facts.ts';
import { defaultBudget, estimateMs, type BudgetView } from '../procore/budget.ts';
import type { FixPlan } from './plan.ts';
import { applyProjects, PauseRun, settleRun, type RunJournal, type RunResult } from './run.ts';

/**
 * Undoing a finished fix, from its ledger and audit: the SALUS account's fields go back to what
 * they were before the fix, and exactly the memberships the fix added are removed. Memberships
 * the account already had (already_member, re-templated) are never touched, and templates the
 * fix created stay (other users may have them by now).
 */
export interface UndoPlan {
  kind: 'undo';
  companyId: Id;
  createdAt: string;
  /** The fix this undoes. */
  fixRunId: string;
  account: AccountSummary | null;
  accountId: Id | null;
  accountLastName: string | null;
  /** `from`: what the fix set; `to`: the value before the fix (null template: none). */
  userChanges: PlannedFieldChange[];
  /** The fix set the new-projects flag without knowing its old value: it is left alone. */
  flagUnknown: boolean;
  /** The projects the fix added the account to, with the project template it gave. */
  remove: (ProjectRef & { templateId: Id })[];
  requests: number;
  estimatedSeconds: number;
}

type AccountField = PlannedFieldChange['field'];
const ACCOUNT_FIELDS: readonly AccountField[] = [
  'company_permission_template_id',
  'default_permission_template_id',
  'add_to_new_projects',
];

export interface UndoSource {
  fixRunId: string;
  companyId: Id;
  account: AccountSummary | null;
  accountId: Id | null;
  accountLastName: string | null;
  /** The fix's ledger items settled 'added'; only these are removed. */
  added: readonly { projectId: Id; projectName: string; templateId: Id }[];
  /** The fix's audit, in the order it was written. */
  audit: readonly { target: string; field: string; oldValue: unknown; newValue: unknown }[];
  /** Template names by id, for people to read. */
  names?: ReadonlyMap<Id, string>;
  now?: Date;
  /** The admin token's budget (default: Procore's documented windows). */
  budget?: BudgetView;
}

const asText = (value: unknown): string | null =>
  value === null || value === undefined || value === '' ? null : String(value);

export function buildUndoPlan(source: UndoSource): UndoPlan {
  const accountId =
    source.accountId ??
    source.audit.find((e) => e.target.startsWith('user:'))?.target.slice(5) ??
    null;
  const nameOf = (id: string | null) => (id === null ? null : (source.names?.get(id) ?? `#${id}`));
  const userChanges: PlannedFieldChange[] = [];
  let flagUnknown = false;
  for (const field of ACCOUNT_FIELDS) {
    const entries = source.audit.filter(
      (e) => e.target === `user:${accountId}` && e.field === field,
    );
    if (entries.length === 0) continue;
    // A resumed fix may have written a field twice: the first old value is the one before it.
    const before = asText(entries[0]!.oldValue);
    const set = asText(entries.at(-1)!.newValue);
    if (field === 'add_to_new_projects') {
      if (before === null) flagUnknown = true;
      else if (before !== set)
        userChanges.push({ field, from: set === 'true', to: before === 'true' });
      continue;
    }
    if (before === set) continue;
    userChanges.push({
      field,
      from: set,
      to: before,
      fromName: nameOf(set),
      toName: nameOf(before),
    });
  }
  const remove = source.added.map((item) => ({
    id: item.projectId,
    name: item.projectName,
    projectNumber: null,
    templateId: item.templateId,
  }));
  const recheck = 12 + Math.ceil(remove.length / 1000);
  const requests = (userChanges.length > 0 ? 3 : 0) + remove.length + recheck;
  const now = (source.now ?? new Date()).getTime();
  return {
    kind: 'undo',
    companyId: source.companyId,
    createdAt: (source.now ?? new Date()).toISOString(),
    fixRunId: source.fixRunId,
    account: source.account,
    accountId,
    accountLastName: source.accountLastName,
    userChanges,
    flagUnknown,
    remove,
    requests,
    estimatedSeconds: Math.ceil(
      estimateMs(requests, source.budget ?? defaultBudget(now), now) / 1000,
    ),
  };
}

export const undoHasWork = (plan: UndoPlan) =>
  plan.userChanges.length > 0 || plan.remove.length > 0;

/** The undo plan as the app API shows it. */
export function toApiUndoPlan(plan: UndoPlan): UndoPlanSummary {
  return {
    runId: plan.fixRunId,
    companyId: plan.companyId,
    account: plan.account,
    userChanges: plan.userChanges,
    flagUnknown: plan.flagUnknown,
    removeProjects: plan.remove.length,
    requests: plan.requests,
    estimatedSeconds: plan.estimatedSeconds,
  };
}

/** The undo in a fix plan's shape (no templates, no adds), for the parts a fix and undo share. */
export function asFixPlan(plan: UndoPlan): FixPlan {
  return {
    companyId: plan.companyId,
    createdAt: plan.createdAt,
    account: plan.account,
    accountId: plan.accountId,
    accountLastName: plan.accountLastName,
    createTemplates: [],
    userChanges: plan.userChanges,
    projectTemplateId: null,
    add: [],
    retemplate: [],
    bulk: false,
    blockedBy: null,
    requests: plan.requests,
    recheck: 12,
    estimatedSeconds: plan.estimatedSeconds,
    budget: { hourlyLimit: 0, hourlyAssumed: true, crossesHour: false },
  };
}

export interface UndoOptions {
  ctx: SetupContext;
  plan: UndoPlan;
  journal: RunJournal;
  onProgress?: () => void;
  now?: () => Date;
}

/**
 * Executes an undo as a run: the account fields first (read back), then one 'remove' ledger item
 * per project the fix added, with the fix's pacing, retries and pause rules.
 */
export async function executeUndo(options: UndoOptions): Promise<RunResult> {
  const { ctx, plan, journal, onProgress } = options;
  return settleRun(ctx, async () => {
    if (!plan.accountId) return;
    await restoreAccount(options, plan.accountId);
    await applyProjects({ ctx, journal, onProgress, plan: asFixPlan(plan) });
  });
}

const current = (user: CompanyUser, field: AccountField): string | boolean | null | undefined =>
  field === 'company_permission_template_id'
    ? templateOf(user, 'company')
    : field === 'default_permission_template_id'
      ? templateOf(user, 'default')
      : user.add_to_new_projects;

/** Idempotent like the fix's PATCH: re-read, send what still differs, read back. */
async function restoreAccount({ ctx, plan, journal, now }: UndoOptions, accountId: Id) {
  if (plan.userChanges.length === 0) return;
  const { companyId, signal } = ctx;
  const before = await ctx.user.getCompanyUser(companyId, accountId, { signal });
  // Reads may omit the flag: then it is sent whatever it is.
  const remaining = plan.userChanges.filter((c) => current(before, c.field) !== c.to);
  if (remaining.length === 0) return;
  const patch: CompanyUserPatch = {};
  for (const change of remaining) {
    if (change.field === 'add_to_new_projects') patch.add_to_new_projects = change.to === true;
    else patch[change.field] = change.to === null ? null : String(change.to);
  }
  const lastName = before.last_name ?? plan.accountLastName;
  if (lastName) patch.last_name = lastName;
  let response: CompanyUser | null = null;
  try {
    response = await ctx.user.updateCompanyUser(companyId, accountId, patch, { signal });
  } catch (error) {
    if (!isProcoreApiError(error) || !error.ambiguous) throw error;
  }
  const after = await ctx.user.getCompanyUser(companyId, accountId, { signal });
  const flag = response?.add_to_new_projects ?? after.add_to_new_projects;
  if (typeof flag === 'boolean') {
    const at = (now ?? (() => new Date()))().toISOString();
    await journal.recordEvidence({ value: flag, at });
  }
  await journal.audit(
    remaining.map((change) => {
      const was = current(before, change.field);
      return {
        target: `user:${accountId}`,
        field: change.field,
        oldValue: was === null || was === undefined ? null : String(was),
        newValue: change.to === null ? null : String(change.to),
      };
    }),
  );
  const mismatch = remaining.find((change) =>
    change.field === 'add_to_new_projects'
      ? typeof flag === 'boolean' && flag !== change.to
      : current(after, change.field) !== change.to,
  );
  if (mismatch) {
    throw new PauseRun({
      code: 'account-not-updated',
      message: `Procore accepted the change but ${mismatch.field} still reads differently. Check the SALUS account in the Directory.`,
    });
  }
}
