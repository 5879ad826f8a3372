import type {
  AccountField,
  AccountSummary,
  PlannedFieldChange,
  UndoPlanSummary,
} from '../api/contract.ts';
import { defaultBudget, estimateMs, type BudgetView } from '../procore/budget.ts';
import type { Id } from '../procore/types.ts';
import type { SetupContext } from './context.ts';
import type { ProjectRef } from './facts.ts';
import {
  applyAccountPatch,
  applyProjects,
  settleRun,
  stopIfAsked,
  type RunJournal,
  type RunResult,
} from './run.ts';

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
  remove: (ProjectRef & { templateId: Id | null })[];
  requests: number;
  estimatedSeconds: number;
}

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
  added: readonly { projectId: Id; projectName: string; templateId: Id | null }[];
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
export function toApiUndoPlan(plan: UndoPlan, turnsOffAutoRepair: boolean): UndoPlanSummary {
  return {
    turnsOffAutoRepair,
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

export interface UndoOptions {
  ctx: SetupContext;
  plan: UndoPlan;
  journal: RunJournal;
  /** Called when the account is done and the projects begin. */
  onPhase?: (phase: 'projects') => Promise<void>;
  now?: () => Date;
}

/**
 * Executes an undo as a run: the account fields first (read back), then one 'remove' ledger item
 * per project the fix added, with the fix's pacing, retries and pause rules.
 */
export async function executeUndo(options: UndoOptions): Promise<RunResult> {
  const { ctx, plan, journal } = options;
  return settleRun(ctx, async () => {
    if (!plan.accountId) return 'done';
    await stopIfAsked(journal);
    await applyAccountPatch({
      ctx,
      journal,
      accountId: plan.accountId,
      changes: plan.userChanges,
      lastName: plan.accountLastName,
      now: options.now,
    });
    await stopIfAsked(journal);
    await options.onPhase?.('projects');
    return applyProjects({ ctx, journal, accountId: plan.accountId, bulk: false });
  });
}
