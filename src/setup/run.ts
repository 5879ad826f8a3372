import type {
  AccountField,
  LedgerOutcome,
  PauseReason,
  PlannedFieldChange,
} from '../api/contract.ts';
import { BULK_ADD_MAX } from '../procore/client.ts';
import { isAppNotConnected, isProcoreApiError, type ProcoreApiError } from '../procore/errors.ts';
import type { CompanyUser, CompanyUserPatch, Id } from '../procore/types.ts';
import { sameName, type SetupContext } from './context.ts';
import { templateOf } from './facts.ts';
import type { FixPlan, TemplateToCreate } from './plan.ts';

/**
 * Executes a plan as a run: missing SALUS templates first, then the account PATCH (read back to
 * verify), then project access,
 * one ledger item per project. The ledger is written before and after every write, so a run
 * resumes after a restart without repeating a confirmed write or losing one that may have
 * landed (procore-platform.md §15). Systemic failures pause the run instead of burning through
 * thousands of items.
 */

export interface JournalItem {
  projectId: Id;
  projectName: string;
  /** 'remove': an undo takes back a membership its fix added. */
  action: 'add' | 'retemplate' | 'remove';
  /** null until the run has created the SALUS project template (its id is known only then). */
  templateId: Id | null;
  /** Set when a write was sent: on resume the write may already have landed. */
  sentAt: Date | null;
}

export interface AuditWrite {
  target: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

/** The run's persistent side, implemented by the server's store. */
export interface RunJournal {
  listPending(limit: number): Promise<JournalItem[]>;
  markSent(projectIds: readonly Id[]): Promise<void>;
  settle(
    projectId: Id,
    outcome: Exclude<LedgerOutcome, 'pending'>,
    code?: string,
    message?: string,
  ): Promise<void>;
  audit(entries: readonly AuditWrite[]): Promise<void>;
  /** Procore's PATCH response carries `add_to_new_projects`: keep it as evidence. */
  recordEvidence(evidence: { value: boolean; at: string }): Promise<void>;
  /** Gives items planned without a template id the project template's id, once it exists. */
  resolveTemplate(templateId: Id): Promise<void>;
  /**
   * Whether an admin asked to cancel the run: asked before each template, the account and each
   * project (or `bulk_add` chunk), so what was already sent finishes and is recorded first.
   */
  stopRequested?(): Promise<boolean>;
}

/**
 * How a run's work ended: finished, its trial's projects done (the rest wait until the admin
 * continues), paused for a reason the admin can act on, cancelled by an admin (the items not
 * started stay to be recorded as such), or aborted: this process stopped working on it
 * (shutdown, a lost lease), and the run goes on elsewhere or later.
 */
export type RunResult =
  | { status: 'finished' }
  | { status: 'trial-done' }
  | { status: 'paused'; reason: PauseReason }
  | { status: 'cancelled' }
  | { status: 'aborted' };

/** Stops the run's work here: the admin has to act (the reason says how) before it resumes. */
export class PauseRun extends Error {
  constructor(readonly reason: PauseReason) {
    super(`run paused: ${reason.code}`);
  }
}

/** An admin cancelled the run: it stops before the next thing it would have sent. */
export class CancelRun extends Error {
  constructor() {
    super('run cancelled');
  }
}

/** Throws CancelRun when an admin asked to cancel: called before each write is sent. */
export async function stopIfAsked(journal: RunJournal): Promise<void> {
  if (await journal.stopRequested?.()) throw new CancelRun();
}

/** Five items in a row failing alike means the cause is not the items (§15). */
const SYSTEMIC_STREAK = 5;

export function systemicReason(error: unknown): PauseReason | null {
  if (isAppNotConnected(error)) return { code: 'app-not-connected' };
  if (isProcoreApiError(error, 'unauthorized')) return { code: 'session-expired' };
  return null;
}

/** A ledger item's failure code: Procore's status, or its error kind when it did not answer. */
const codeOf = (error: ProcoreApiError) =>
  error.status === null ? error.kind : String(error.status);

const answerOf = (error: ProcoreApiError) => ({
  status: error.status ?? null,
  message: error.procoreMessage,
});

export interface ExecuteOptions {
  ctx: SetupContext;
  plan: FixPlan;
  journal: RunJournal;
  /** Called when the account is done and project access begins. */
  onPhase?: (phase: 'projects') => Promise<void>;
  /**
   * Process at most this many project items, then end as `trial-done` if any remain: the "test
   * one project first" trial, continued by resuming without it.
   */
  maxProjects?: number;
  now?: () => Date;
}

export async function executeRun(options: ExecuteOptions): Promise<RunResult> {
  return settleRun(options.ctx, async () => {
    const plan = await createTemplates(options);
    await stopIfAsked(options.journal);
    if (plan.accountId) {
      await applyAccountPatch({
        ctx: options.ctx,
        journal: options.journal,
        accountId: plan.accountId,
        changes: plan.userChanges,
        lastName: plan.accountLastName,
        now: options.now,
      });
    }
    await stopIfAsked(options.journal);
    await options.onPhase?.('projects');
    if (!plan.accountId) return 'done';
    return applyProjects({
      ctx: options.ctx,
      journal: options.journal,
      accountId: plan.accountId,
      bulk: plan.bulk,
      maxProjects: options.maxProjects,
    });
  });
}

/**
 * Runs the work of a fix or an undo and says how it ended: finished, paused for a systemic
 * reason, cancelled by an admin, or aborted. Anything else is a bug and is thrown.
 */
export async function settleRun(
  ctx: SetupContext,
  work: () => Promise<'done' | 'trial-done'>,
): Promise<RunResult> {
  try {
    return (await work()) === 'trial-done' ? { status: 'trial-done' } : { status: 'finished' };
  } catch (error) {
    if (error instanceof PauseRun) return { status: 'paused', reason: error.reason };
    if (error instanceof CancelRun) return { status: 'cancelled' };
    if (ctx.signal?.aborted) return { status: 'aborted' };
    const reason = systemicReason(error);
    if (reason) return { status: 'paused', reason };
    throw error;
  }
}

/**
 * Creates the SALUS templates the plan lacks and returns the plan with their ids filled in.
 * Idempotent: a template of that name and kind that exists (e.g. created before a restart, or by
 * a POST whose answer was lost) is used, never created twice.
 */
async function createTemplates({ ctx, plan, journal }: ExecuteOptions): Promise<FixPlan> {
  if (plan.createTemplates.length === 0) return plan;
  const ids = new Map<string, Id>();
  for (const template of plan.createTemplates) {
    await stopIfAsked(journal);
    const existing = await findTemplate(ctx, template);
    const id = existing ?? (await postTemplate(ctx, template));
    ids.set(template.type, id);
    if (existing) continue;
    await journal.audit([
      {
        target: `template:${id}`,
        field: 'permission_template',
        oldValue: null,
        newValue: `${template.name} (${template.type}, SALUS requirements ${template.version})`,
      },
    ]);
  }
  const companyId = ids.get('company_tools');
  const projectId = ids.get('global');
  if (projectId) await journal.resolveTemplate(projectId);
  return {
    ...plan,
    projectTemplateId: plan.projectTemplateId ?? projectId ?? null,
    userChanges: plan.userChanges.map((change) =>
      change.to !== null
        ? change
        : {
            ...change,
            to: (change.field === 'company_permission_template_id' ? companyId : projectId) ?? null,
          },
    ),
  };
}

async function findTemplate(ctx: SetupContext, template: TemplateToCreate): Promise<Id | null> {
  const list = await ctx.user.listPermissionTemplates(ctx.companyId, {
    type: template.type,
    signal: ctx.signal,
  });
  const found = list.find(
    (t) => sameName(t.name, template.name) && (!t.type || t.type === template.type),
  );
  return found?.id ?? null;
}

/** POST, then read back by listing: the answer of a POST can be lost, the template not. */
async function postTemplate(ctx: SetupContext, template: TemplateToCreate): Promise<Id> {
  let refused: ProcoreApiError | null = null;
  try {
    await ctx.user.createPermissionTemplate(
      ctx.companyId,
      { name: template.name, type: template.type, user_access_levels: template.user_access_levels },
      { signal: ctx.signal },
    );
  } catch (error) {
    if (!isProcoreApiError(error) || systemicReason(error)) throw error;
    // A lost answer may hide a success, and a refusal may be "name taken": the list decides.
    if (!error.ambiguous) refused = error;
  }
  const found = await findTemplate(ctx, template);
  if (found === null) {
    throw new PauseRun({
      code: 'template-not-created',
      name: template.name,
      procore: refused && answerOf(refused),
    });
  }
  return found;
}

/** The account field's value as Procore reads it (undefined: the read leaves the flag out). */
export const accountValue = (
  user: CompanyUser,
  field: AccountField,
): string | boolean | null | undefined =>
  field === 'company_permission_template_id'
    ? templateOf(user, 'company')
    : field === 'default_permission_template_id'
      ? templateOf(user, 'default')
      : user.add_to_new_projects;

/**
 * Sets the SALUS account's fields to the changes' `to` (a null template clears it), for a fix and
 * an undo alike. Idempotent: re-read, send only what still differs, read back. Procore's
 * `add_to_new_projects` in the PATCH response is kept as evidence (reads may omit the flag), each
 * write goes to the audit with the value it replaced, and a field that reads back otherwise
 * pauses the run.
 */
export async function applyAccountPatch(options: {
  ctx: SetupContext;
  journal: RunJournal;
  accountId: Id;
  changes: readonly Pick<PlannedFieldChange, 'field' | 'from' | 'to'>[];
  /** Sent with the PATCH when Procore's read has none (its schema marks it required, §3.2). */
  lastName: string | null;
  now?: () => Date;
}): Promise<void> {
  const { ctx, journal, accountId, changes } = options;
  if (changes.length === 0) return;
  const { companyId, signal } = ctx;
  const before = await ctx.user.getCompanyUser(companyId, accountId, { signal });
  // A read without the flag: it is sent whatever it is.
  const remaining = changes.filter((c) => accountValue(before, c.field) !== c.to);
  if (remaining.length === 0) return;
  const patch: CompanyUserPatch = {};
  for (const change of remaining) {
    if (change.field === 'add_to_new_projects') patch.add_to_new_projects = change.to === true;
    else patch[change.field] = change.to === null ? null : String(change.to);
  }
  const lastName = before.last_name ?? options.lastName;
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
    const at = (options.now ?? (() => new Date()))().toISOString();
    await journal.recordEvidence({ value: flag, at });
  }
  await journal.audit(
    remaining.map((change) => {
      // What it replaced: as read, else what the plan knew (e.g. a flag kept from evidence).
      const was = accountValue(before, change.field) ?? change.from;
      return {
        target: `user:${accountId}`,
        field: change.field,
        oldValue: was === null ? null : String(was),
        newValue: change.to === null ? null : String(change.to),
      };
    }),
  );
  const mismatch = remaining.find((change) =>
    change.field === 'add_to_new_projects'
      ? typeof flag === 'boolean' && flag !== change.to
      : accountValue(after, change.field) !== change.to,
  );
  if (mismatch) throw new PauseRun({ code: 'account-not-updated', field: mismatch.field });
}

/**
 * A template this run wrote is known without reading it back project by project: the final
 * check lists the memberships, and these are their templates (request economy, §18).
 */
async function rememberWritten(ctx: SetupContext, accountId: Id, items: readonly JournalItem[]) {
  if (!ctx.memory || items.length === 0) return;
  const verifiedAt = new Date(ctx.now?.() ?? Date.now());
  await ctx.memory.recordTemplates(
    accountId,
    items
      .flatMap(({ action, projectId, templateId }) =>
        action !== 'remove' && templateId !== null ? [{ projectId, templateId }] : [],
      )
      .map(({ projectId, templateId }) => ({
        projectId,
        templateId,
        verifiedAt,
        source: 'run' as const,
      })),
  );
}

/** Tracks consecutive failures to tell a bad item from a systemic problem. */
function streakTracker() {
  let key = '';
  let count = 0;
  return (failure: { status: number | null; message: string } | null) => {
    if (!failure) {
      count = 0;
      return;
    }
    const next = `${failure.status} ${failure.message}`;
    count = next === key ? count + 1 : 1;
    key = next;
    if (count >= SYSTEMIC_STREAK) {
      throw new PauseRun({ code: 'systemic-failure', count, procore: failure });
    }
  };
}

/**
 * Works through the ledger's pending items (adds, re-templates, or an undo's removals) with
 * `accountId`: in `bulk_add` chunks when offered, else one write per project. 'trial-done': the
 * `maxProjects` are done and items remain.
 */
export async function applyProjects(options: {
  ctx: SetupContext;
  journal: RunJournal;
  accountId: Id;
  bulk: boolean;
  maxProjects?: number;
}): Promise<'done' | 'trial-done'> {
  const { ctx, journal, accountId, maxProjects = Infinity } = options;
  const track = streakTracker();
  let bulk = options.bulk;
  // Items a refused bulk_add marked as sent: Procore answered 404, so nothing was applied.
  const notApplied = new Set<Id>();
  let processed = 0;

  for (;;) {
    if (ctx.signal?.aborted) throw ctx.signal.reason ?? new Error('aborted');
    await stopIfAsked(journal);
    const budget = maxProjects - processed;
    if (budget <= 0) return (await journal.listPending(1)).length === 0 ? 'done' : 'trial-done';
    const pending = await journal.listPending(Math.min(BULK_ADD_MAX, budget));
    if (pending.length === 0) return 'done';
    const adds = pending.filter((item) => item.action === 'add');
    if (bulk && adds.length > 0) {
      const outcome = await bulkAdd(ctx, journal, accountId, adds, track);
      if (outcome === 'not-offered') {
        bulk = false;
        for (const item of adds) notApplied.add(item.projectId);
      } else {
        processed += adds.length;
      }
    } else {
      processed += pending.length;
      // One write per project, two in flight (the pacer keeps within the limits).
      const queue = pending.map((item) => ({ item, attempt: 1 }));
      const worker = async () => {
        for (;;) {
          // Asked before taking the next item: the ones in flight finish and are recorded.
          if (await journal.stopRequested?.()) return;
          const next = queue.shift();
          if (!next) return;
          const refused = notApplied.delete(next.item.projectId);
          const item = refused ? { ...next.item, sentAt: null } : next.item;
          const verdict = await applyOne(ctx, journal, accountId, item, track, next.attempt);
          // A retried write was marked as sent: the next attempt reads before sending again.
          if (verdict === 'retry')
            queue.push({ item: { ...item, sentAt: new Date() }, attempt: next.attempt + 1 });
        }
      };
      await Promise.all([worker(), worker()]);
    }
  }
}

async function isMember(ctx: SetupContext, projectId: Id, userId: Id): Promise<Id | null | false> {
  try {
    const user = await ctx.user.getProjectUser(ctx.companyId, projectId, userId, {
      signal: ctx.signal,
    });
    return user.permission_template?.id ?? null;
  } catch (error) {
    if (isProcoreApiError(error, 'not-found')) return false;
    throw error;
  }
}

/** The project template an item is written with; the run resolves it before any write. */
function itemTemplate(item: JournalItem): Id {
  if (item.templateId === null) throw new Error('The SALUS project template is not created yet');
  return item.templateId;
}

/** Failures worth another go later in the same run; the client already retried each request. */
const TRANSIENT = new Set(['network', 'server', 'rate-limited']);
const ITEM_ATTEMPTS = 3;

async function applyOne(
  ctx: SetupContext,
  journal: RunJournal,
  accountId: Id,
  item: JournalItem,
  track: ReturnType<typeof streakTracker>,
  attempt = 1,
): Promise<'settled' | 'retry'> {
  const { companyId, signal } = ctx;
  const audit = (oldValue: string | null) =>
    journal.audit([
      {
        target: `project:${item.projectId}`,
        field: 'permission_template_id',
        oldValue,
        newValue: item.templateId,
      },
    ]);
  try {
    if (item.action === 'remove') {
      await removeOne(ctx, journal, accountId, item);
      track(null);
      return 'settled';
    }
    if (item.action === 'retemplate') {
      await journal.markSent([item.projectId]);
      await ctx.user.assignProjectTemplate(
        companyId,
        item.projectId,
        accountId,
        itemTemplate(item),
        {
          signal,
        },
      );
      await journal.settle(item.projectId, 'retemplated');
      await rememberWritten(ctx, accountId, [item]);
      await audit(null);
      track(null);
      return 'settled';
    }
    // A write sent before a restart or a lost response may have landed: read before re-sending.
    if (item.sentAt && (await isMember(ctx, item.projectId, accountId)) !== false) {
      await journal.settle(item.projectId, 'added', 'verified');
      track(null);
      return 'settled';
    }
    await journal.markSent([item.projectId]);
    try {
      await ctx.user.addUserToProject(companyId, item.projectId, accountId, itemTemplate(item), {
        signal,
      });
    } catch (error) {
      if (!isProcoreApiError(error) || !error.ambiguous) throw error;
      if ((await isMember(ctx, item.projectId, accountId)) === false) throw error;
    }
    await journal.settle(item.projectId, 'added');
    await rememberWritten(ctx, accountId, [item]);
    await audit(null);
    track(null);
  } catch (error) {
    if (signal?.aborted) throw error;
    const systemic = systemicReason(error);
    if (systemic) throw new PauseRun(systemic);
    if (!isProcoreApiError(error)) throw error;
    if (error.kind === 'unprocessable' && /already/i.test(error.procoreMessage)) {
      await journal.settle(item.projectId, 'already_member', codeOf(error), error.procoreMessage);
      track(null);
      return 'settled';
    }
    if (error.kind === 'not-found') {
      await journal.settle(item.projectId, 'skipped', 'not-visible');
      track(null);
      return 'settled';
    }
    // Procore was busy or unreachable: the item goes round again before it counts as failed.
    if (TRANSIENT.has(error.kind) && attempt < ITEM_ATTEMPTS) return 'retry';
    await journal.settle(item.projectId, 'failed', codeOf(error), error.procoreMessage);
    track(answerOf(error));
  }
  return 'settled';
}

/**
 * Takes back a membership an undone fix added. A 404 means it is already gone; a write that may
 * have landed (sent before a restart, or its answer lost) is settled by reading the project.
 */
async function removeOne(ctx: SetupContext, journal: RunJournal, accountId: Id, item: JournalItem) {
  const { companyId, signal } = ctx;
  const settleRemoved = async (code?: string, message?: string) => {
    await journal.settle(item.projectId, 'removed', code, message);
    await journal.audit([
      {
        target: `project:${item.projectId}`,
        field: 'permission_template_id',
        oldValue: item.templateId,
        newValue: null,
      },
    ]);
  };
  if (item.sentAt && (await isMember(ctx, item.projectId, accountId)) === false) {
    return settleRemoved('verified');
  }
  await journal.markSent([item.projectId]);
  try {
    await ctx.user.removeUserFromProject(companyId, item.projectId, accountId, { signal });
  } catch (error) {
    if (isProcoreApiError(error, 'not-found')) {
      await journal.settle(item.projectId, 'skipped', 'already-removed');
      return;
    }
    if (!isProcoreApiError(error) || !error.ambiguous) throw error;
    if ((await isMember(ctx, item.projectId, accountId)) !== false) throw error;
  }
  await settleRemoved();
}

/** bulk_add, ≤ 1,000 triplets a request; existing members keep their template (§5.3). */
async function bulkAdd(
  ctx: SetupContext,
  journal: RunJournal,
  accountId: Id,
  items: JournalItem[],
  track: ReturnType<typeof streakTracker>,
): Promise<'done' | 'not-offered'> {
  const { companyId, signal } = ctx;
  // Items sent before a restart: settle the ones that landed without sending them again.
  const resent = items.filter((item) => item.sentAt);
  let toSend = items;
  if (resent.length > 0) {
    const assigned = await ctx.user.listProjectAssignments(companyId, accountId, {
      assignmentStatus: 'assigned',
      byStatus: 'All',
      signal,
    });
    const onProject = new Set((assigned ?? []).map((a) => a.project_id));
    for (const item of resent) {
      if (onProject.has(item.projectId)) {
        await journal.settle(item.projectId, 'added', 'verified');
      }
    }
    toSend = items.filter((item) => !item.sentAt || !onProject.has(item.projectId));
  }
  if (toSend.length === 0) return 'done';
  await journal.markSent(toSend.map((item) => item.projectId));
  let result;
  try {
    result = await ctx.user.bulkAdd(
      companyId,
      toSend.map((item) => ({
        user_id: accountId,
        project_id: item.projectId,
        permission_template_id: itemTemplate(item),
      })),
      { signal },
    );
  } catch (error) {
    if (isProcoreApiError(error, 'not-found') && error.path.includes('bulk_add'))
      return 'not-offered';
    const systemic = systemicReason(error);
    if (systemic) throw new PauseRun(systemic);
    if (!isProcoreApiError(error) || !error.ambiguous) throw error;
    // The next pass reads assignments before sending again; a streak of these pauses the run.
    track(answerOf(error));
    return 'done';
  }
  const messages = new Map<Id, string>();
  for (const entity of result.entities)
    for (const p of entity.projects) messages.set(p.projectId, p.message);
  const errors = new Map<Id, string>();
  for (const entry of result.errors ?? [])
    for (const e of entry.errors) errors.set(e.projectId, e.message);
  const added: JournalItem[] = [];
  for (const item of toSend) {
    const error = errors.get(item.projectId);
    const message = messages.get(item.projectId);
    if (error !== undefined) {
      await journal.settle(item.projectId, 'failed', 'bulk-error', error);
      track({ status: null, message: error });
    } else if (message !== undefined && /already/i.test(message)) {
      await journal.settle(item.projectId, 'already_member', 'bulk', message);
      track(null);
    } else if (message !== undefined) {
      await journal.settle(item.projectId, 'added', 'bulk', message);
      added.push(item);
      track(null);
    } else {
      // Procore's answer left the project out: nothing to quote.
      await journal.settle(item.projectId, 'failed', 'no-result');
    }
  }
  await rememberWritten(ctx, accountId, added);
  await journal.audit(
    toSend
      .filter((item) => !errors.has(item.projectId))
      .map((item) => ({
        target: `project:${item.projectId}`,
        field: 'permission_template_id',
        oldValue: null,
        newValue: item.templateId,
      })),
  );
  return 'done';
}
