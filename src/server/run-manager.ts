import { randomUUID } from 'node:crypto';
import type { RunProgress, TrialResult } from '../api/contract.ts';
import { estimateMs, isProcoreApiError, type Id, type ProcoreClient } from '../procore/index.ts';
import type { SetupContext } from '../setup/context.ts';
import type { FixPlan } from '../setup/plan.ts';
import { executeRun, TEMPLATE_TO_CREATE, type RunJournal } from '../setup/run.ts';
import { asFixPlan, buildUndoPlan, executeUndo, type UndoPlan } from '../setup/undo.ts';
import type { CompanyService, Viewer } from './company-service.ts';
import type { TokenCipher } from './crypto.ts';
import { SessionExpiredError } from './procore-access.ts';
import type { Lease, NewLedgerItem, Repositories, Run, RunStatus, Store } from './store/index.ts';

/**
 * Runs live on the server, not in the browser: they go on when the iframe closes, resume after a
 * restart from the ledger, and only one instance works on a company at a time (a lease in the
 * store). The run remembers whose sign-in it acts with (sealed), so it can resume; when that
 * sign-in ends it pauses until an admin signs in again and resumes it.
 */

interface StoredPlan {
  /** For an undo: its account changes and estimate in a fix plan's shape (no templates, adds). */
  plan: FixPlan;
  /** Set when the run undoes a fix rather than applying one. */
  undo?: UndoPlan;
  companyName: string;
  /** The acting session id, encrypted; re-bound when an admin resumes the run. */
  sessionRef: string;
  startedAt: string;
  /** "Try it on one project first": apply to one project, re-check it, pause. Off once resumed. */
  trial?: boolean;
}

interface RunSummary {
  phase: RunProgress['phase'];
  trial?: TrialResult;
}

const LEASE_MS = 60_000;

/** This instance no longer holds the company's run lease: another one took the run over. */
export class LeaseLostError extends Error {
  constructor(leaseName: string) {
    super(`Lease ${leaseName} was taken over`);
    this.name = 'LeaseLostError';
  }
}

/** What a drive may do only while it holds the run's lease (see `fenceFor`). */
interface Fence {
  /** Resolves while the lease is held; otherwise stops the run here and throws. */
  check(): Promise<void>;
  /** A store write in a transaction that first checks the lease. */
  write<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** The client, with `check` before each of its Procore requests. */
  guard(client: ProcoreClient): ProcoreClient;
}

/** The statuses a run can be resumed from; a succeeded or cancelled run is finished. */
const RESUMABLE: readonly RunStatus[] = ['paused', 'failed', 'running'];

export interface RunManagerOptions {
  store: Store;
  companies: CompanyService;
  cipher: TokenCipher;
  instanceId?: string;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

const reasonOf = (run: Run): RunProgress['pausedReason'] => {
  if (!run.pausedReason) return null;
  try {
    return JSON.parse(run.pausedReason) as RunProgress['pausedReason'];
  } catch {
    return { code: 'paused', message: run.pausedReason };
  }
};

/** Whose sign-in the run's changes are made with now: who resumed it last, else who started it. */
const actingUser = (run: Run) =>
  run.resumedBy ? { id: run.resumedBy.id, name: run.resumedBy.name } : run.startedBy;

export function createRunManager(options: RunManagerOptions) {
  const { store, companies, cipher } = options;
  const instanceId = options.instanceId ?? randomUUID();
  const active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const log = options.log ?? (() => undefined);

  function journal(run: Run, actor: Viewer['user'], fence: Fence): RunJournal {
    return {
      listPending: async (limit) =>
        (await store.ledger.listPending(run.id, { limit })).map((item) => ({
          projectId: item.projectId,
          projectName: item.projectName,
          action: item.action,
          templateId: item.templateId,
          sentAt: item.sentAt,
        })),
      markSent: (projectIds) => fence.write((tx) => tx.ledger.markSentMany(run.id, projectIds)),
      settle: async (projectId, outcome, code, message) => {
        await fence.write((tx) =>
          tx.ledger.setOutcome(run.id, projectId, { outcome, code, message }),
        );
      },
      audit: async (entries) => {
        if (entries.length === 0) return;
        await fence.write((tx) =>
          tx.audit.append(
            entries.map((e) => ({ ...e, companyId: run.companyId, runId: run.id, actor })),
          ),
        );
      },
      recordEvidence: (evidence) =>
        fence.write((tx) => tx.companySettings.setEvidence(run.companyId, evidence)),
      resolveTemplate: (templateId) =>
        fence.write((tx) => tx.ledger.resolveTemplate(run.id, templateId)),
    };
  }

  /**
   * The lease a drive holds, as a fence: every Procore request of the run checks it first, and
   * every ledger or run write happens in a transaction that checks it (and locks the lease row,
   * so a takeover waits for the write and refuses every later one). Once the lease is lost the
   * run stops here at once, leaving the run 'running' for its new holder.
   */
  function fenceFor(lease: Lease, controller: AbortController): Fence {
    const lost = () => {
      const error = new LeaseLostError(lease.name);
      controller.abort(error);
      return error;
    };
    async function check() {
      if (controller.signal.aborted || !(await store.leases.holds(lease))) throw lost();
    }
    return {
      check,
      write: (fn) =>
        store.transaction(async (tx) => {
          if (!(await tx.leases.holds(lease))) throw lost();
          return fn(tx);
        }),
      guard: (client) =>
        new Proxy(client, {
          get(target, key, receiver) {
            const value: unknown = Reflect.get(target, key, receiver);
            if (typeof value !== 'function') return value;
            return async (...args: unknown[]) => {
              await check();
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        }),
    };
  }

  /** Whose sign-in the run acts with; a key rotated away means that sign-in is gone. */
  function actingViewer(run: Run, stored: StoredPlan): Viewer {
    try {
      return { sessionId: cipher.decrypt(stored.sessionRef), user: actingUser(run) };
    } catch {
      throw new SessionExpiredError(
        'The sign-in this fix was using has ended. Sign in again and resume it.',
      );
    }
  }

  async function execute(run: Run, signal: AbortSignal, fence: Fence) {
    const stored = run.plan as StoredPlan;
    const setPhase = async (runId: string, phase: RunProgress['phase']) => {
      await fence.write((tx) => tx.runs.update(runId, { summary: { phase } satisfies RunSummary }));
    };
    const pause = async (runId: string, reason: { code: string; message: string }) => {
      await fence.write((tx) =>
        tx.runs.update(runId, { status: 'paused', pausedReason: JSON.stringify(reason) }),
      );
    };
    try {
      const viewer = actingViewer(run, stored);
      const base = await companies.context(viewer, run.companyId);
      const ctx = { ...base, user: fence.guard(base.user), app: fence.guard(base.app), signal };
      const accountFirst =
        stored.plan.userChanges.length > 0 || stored.plan.createTemplates.length > 0;
      await setPhase(run.id, accountFirst ? 'account' : 'projects');
      const result = stored.undo
        ? await executeUndo({
            ctx,
            plan: stored.undo,
            journal: journal(run, actingUser(run), fence),
          })
        : await executeRun({
            ctx,
            plan: stored.plan,
            journal: journal(run, actingUser(run), fence),
            onProgress: () => undefined,
            onPhase: (phase) => setPhase(run.id, phase),
            ...(stored.trial && { maxProjects: 1 }),
          });
      if (result.status === 'paused' && result.reason.code === 'trial-done') {
        return await finishTrial(run, ctx, fence, pause);
      }
      if (result.status === 'paused') return pause(run.id, result.reason);
      if (result.status === 'cancelled') return;
      await setPhase(run.id, 'verify');
      await companies.check(viewer, run.companyId, stored.companyName);
      const counts = await store.ledger.counts(run.id);
      await fence.write((tx) =>
        tx.runs.update(run.id, {
          status: counts.failed > 0 ? 'failed' : 'succeeded',
          summary: { phase: 'done' } satisfies RunSummary,
        }),
      );
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof SessionExpiredError) {
        return pause(run.id, { code: 'session-expired', message: error.message });
      }
      log('run failed unexpectedly', { runId: run.id, error: String(error) });
      await pause(run.id, {
        code: 'interrupted',
        message: `The run stopped unexpectedly (${error instanceof Error ? error.message : String(error)}). Resume to continue; nothing is repeated.`,
      });
    }
  }

  /**
   * Re-checks the trial's project as the service account (the app's own token): it can read the
   * project's directory only if the membership works. Procore's words when it cannot.
   * https://developers.procore.com/reference/rest/project-users
   */
  async function finishTrial(
    run: Run,
    ctx: SetupContext,
    fence: Fence,
    pause: (runId: string, reason: { code: string; message: string }) => Promise<void>,
  ) {
    const [item] = (
      await store.ledger.page(run.id, {
        outcome: ['added', 'already_member', 'retemplated', 'failed', 'skipped'],
        limit: 1,
      })
    ).items;
    if (!item) return pause(run.id, { code: 'trial-done', message: 'No project was tried.' });
    const named = `"${item.projectName}" (project ${item.projectId})`;
    let failure: string | null =
      item.outcome === 'failed' || item.outcome === 'skipped'
        ? `${item.message ?? 'Failed'} (${item.code ?? item.outcome})`
        : null;
    if (!failure) {
      try {
        await ctx.app.listProjectUsers(run.companyId, item.projectId, { signal: ctx.signal });
      } catch (error) {
        if (!isProcoreApiError(error)) throw error;
        failure = `${error.procoreMessage} (${error.status ?? error.kind})`;
      }
    }
    const trial: TrialResult = {
      projectId: item.projectId,
      projectName: item.projectName,
      readable: failure === null,
    };
    await fence.write((tx) =>
      tx.runs.update(run.id, { summary: { phase: 'projects', trial } satisfies RunSummary }),
    );
    return pause(
      run.id,
      failure === null
        ? {
            code: 'trial-done',
            message: `Tried on ${named}: the SALUS service account can read its project directory. Continue with the rest when ready.`,
          }
        : {
            code: 'trial-failed',
            message: `Tried on ${named}, but the SALUS service account cannot read it. Procore said: ${failure}. Fix the cause, then resume.`,
          },
    );
  }

  /**
   * The run and its whole ledger in one transaction: a store error part-way leaves no run at all,
   * never a 'running' run with a partial ledger that another instance would pick up and execute.
   */
  function createWithLedger(
    viewer: Viewer,
    companyId: Id,
    stored: StoredPlan,
    items: NewLedgerItem[],
  ): Promise<Run> {
    return store.transaction(async (tx) => {
      const run = await tx.runs.create({ companyId, startedBy: viewer.user, plan: stored });
      await tx.ledger.insertMany(run.id, items);
      return run;
    });
  }

  /** Works on a running run if this instance can take its company's lease. */
  async function drive(runId: string): Promise<void> {
    if (active.has(runId)) return;
    const run = await store.runs.get(runId);
    if (!run || run.status !== 'running') return;
    const lease = await store.leases.acquire(`run:${run.companyId}`, instanceId, LEASE_MS);
    if (!lease) return;
    const controller = new AbortController();
    const fence = fenceFor(lease, controller);
    const renew = setInterval(() => {
      store.leases.renew(lease, LEASE_MS).then(
        (renewed) => {
          if (!renewed) controller.abort(new LeaseLostError(lease.name));
        },
        () => undefined,
      );
    }, LEASE_MS / 3);
    const done = execute(run, controller.signal, fence)
      .catch((error) => log('run could not be recorded', { runId, error: String(error) }))
      .finally(async () => {
        clearInterval(renew);
        active.delete(runId);
        await store.leases.release(lease).catch(() => undefined);
      });
    active.set(runId, { controller, done });
  }

  /**
   * What is left, in Procore requests, at the pace both of Procore's windows allow the acting
   * admin's token from now (the hourly one included): not the pace so far, which an hour
   * boundary ahead would make a promise the run cannot keep.
   */
  async function etaSeconds(run: Run, stored: StoredPlan, pending: number): Promise<number> {
    const plan = stored.plan;
    const writes = plan.bulk ? Math.ceil(pending / 1000) : pending;
    const summary = (run.summary ?? {}) as Partial<RunSummary>;
    const left =
      (summary.phase === 'account'
        ? plan.userChanges.length * 2 + plan.createTemplates.length * 2
        : 0) +
      writes +
      (summary.phase === 'done' ? 0 : (plan.recheck ?? 12));
    const budget = await companies.userBudget(
      { sessionId: '', user: actingUser(run) },
      run.companyId,
    );
    return Math.ceil(estimateMs(left, budget, companies.now()) / 1000);
  }

  async function progress(run: Run): Promise<RunProgress> {
    const stored = run.plan as StoredPlan;
    const counts = await store.ledger.counts(run.id);
    const failures = await store.ledger.page(run.id, { outcome: 'failed', limit: 100 });
    const summary = (run.summary ?? {}) as Partial<RunSummary>;
    const { total: _total, ...outcomes } = counts;
    return {
      runId: run.id,
      companyId: run.companyId,
      status: run.status,
      kind: stored.undo ? 'undo' : 'fix',
      phase: summary.phase ?? 'account',
      total: counts.total,
      counts: outcomes,
      etaSeconds: run.status !== 'running' ? null : await etaSeconds(run, stored, counts.pending),
      pausedReason: reasonOf(run),
      trial: (run.status === 'paused' && summary.trial) || null,
      failures: failures.items.map((item) => ({
        projectId: item.projectId,
        projectName: item.projectName,
        status: item.code && /^\d+$/.test(item.code) ? Number(item.code) : null,
        message: item.message ?? 'Failed',
      })),
      startedBy: run.startedBy,
      startedAt: stored.startedAt,
      resumedBy: run.resumedBy && {
        id: run.resumedBy.id,
        name: run.resumedBy.name,
        at: run.resumedBy.at.toISOString(),
      },
      finishedAt: run.finishedAt?.toISOString() ?? null,
    };
  }

  /** The newest run of a company, finished or not. */
  async function latestRun(companyId: Id): Promise<Run | null> {
    return (await store.runs.listForCompany(companyId, { limit: 1 }))[0] ?? null;
  }

  return {
    instanceId,

    async start(
      viewer: Viewer,
      companyName: string,
      plan: FixPlan,
      options: { trial?: boolean } = {},
    ): Promise<RunProgress> {
      const stored: StoredPlan = {
        plan,
        companyName,
        sessionRef: cipher.encrypt(viewer.sessionId),
        startedAt: new Date().toISOString(),
        ...(options.trial && { trial: true }),
      };
      // A SALUS project template the run creates gets its id in the ledger once it exists.
      const templateId = plan.projectTemplateId ?? TEMPLATE_TO_CREATE;
      const run = await createWithLedger(viewer, plan.companyId, stored, [
        ...plan.add.map((p) => ({
          projectId: p.id,
          projectName: p.name,
          action: 'add' as const,
          templateId,
        })),
        ...plan.retemplate.map((p) => ({
          projectId: p.id,
          projectName: p.name,
          action: 'retemplate' as const,
          templateId,
        })),
      ]);
      await drive(run.id);
      return progress(run);
    },

    /**
     * What undoing a finished fix would do, from its ledger ('added' items only) and audit. Only
     * the company's newest run can be undone: a later fix or undo builds on it.
     */
    async undoPlan(fixRun: Run): Promise<UndoPlan | { refused: string }> {
      const stored = fixRun.plan as StoredPlan;
      if (stored.undo) return { refused: 'An undo cannot be undone; run the fix again instead.' };
      if (fixRun.status !== 'succeeded' && fixRun.status !== 'failed')
        return { refused: 'Only a finished fix can be undone.' };
      if ((await latestRun(fixRun.companyId))?.id !== fixRun.id)
        return { refused: 'Only the latest fix of this company can be undone.' };
      const [added, audit] = await Promise.all([
        store.ledger.page(fixRun.id, { outcome: 'added', limit: 1_000_000 }),
        store.audit.listForRun(fixRun.id),
      ]);
      const names = new Map<Id, string>();
      for (const change of stored.plan.userChanges) {
        if (typeof change.from === 'string' && change.fromName)
          names.set(change.from, change.fromName);
        if (typeof change.to === 'string' && change.toName) names.set(change.to, change.toName);
      }
      return buildUndoPlan({
        fixRunId: fixRun.id,
        companyId: fixRun.companyId,
        account: stored.plan.account,
        accountId: stored.plan.accountId,
        accountLastName: stored.plan.accountLastName,
        added: added.items,
        audit,
        names,
      });
    },

    /** Starts an undo run: the account fields first, then one 'remove' item per added project. */
    async startUndo(viewer: Viewer, companyName: string, undo: UndoPlan): Promise<RunProgress> {
      const stored: StoredPlan = {
        plan: asFixPlan(undo),
        undo,
        companyName,
        sessionRef: cipher.encrypt(viewer.sessionId),
        startedAt: new Date().toISOString(),
      };
      const run = await createWithLedger(
        viewer,
        undo.companyId,
        stored,
        undo.remove.map((p) => ({
          projectId: p.id,
          projectName: p.name,
          action: 'remove' as const,
          templateId: p.templateId,
        })),
      );
      await drive(run.id);
      return progress(run);
    },

    async get(runId: string): Promise<RunProgress | null> {
      const run = await store.runs.get(runId);
      return run ? progress(run) : null;
    },

    async activeFor(companyId: Id): Promise<RunProgress | null> {
      const run = await store.runs.getActive(companyId);
      if (run?.status === 'running') await drive(run.id); // e.g. after a restart
      return run ? progress(run) : null;
    },

    /** The newest run of a company, finished or not (for the report after completion). */
    latestFor: latestRun,

    /** Continues a paused run, acting from now on with the resuming admin's sign-in. */
    async resume(runId: string, viewer: Viewer, options: { retryFailed?: boolean } = {}) {
      const run = await store.runs.get(runId);
      if (!run) return null;
      // A finished run stays as it ended: its ledger, and who (if anyone) resumed it.
      if (!RESUMABLE.includes(run.status)) return progress(run);
      if (options.retryFailed) await store.ledger.resetFailed(runId);
      // Resuming a trial continues with the rest of the projects.
      const stored: StoredPlan = {
        ...(run.plan as StoredPlan),
        sessionRef: cipher.encrypt(viewer.sessionId),
        trial: false,
      };
      await store.runs.rebind(runId, stored, viewer.user);
      const updated = await store.runs.update(
        runId,
        { status: 'running', summary: { phase: 'projects' } satisfies RunSummary },
        { from: [...RESUMABLE] },
      );
      if (!updated) return progress(run);
      await drive(runId);
      return progress(updated);
    },

    /** Picks up every running run after a restart. */
    async resumeAll() {
      for (const run of await store.runs.listActive())
        if (run.status === 'running') await drive(run.id);
    },

    /** Stops local work (SIGTERM): in-flight calls end, the ledger stays, leases are released. */
    async shutdown() {
      const runs = [...active.values()];
      for (const { controller } of runs) controller.abort(new Error('server shutting down'));
      await Promise.allSettled(runs.map((r) => r.done));
    },

    /** Waits for local work on a run to finish (tests). */
    async settled(runId: string) {
      await active.get(runId)?.done;
    },
  };
}

export type RunManager = ReturnType<typeof createRunManager>;
