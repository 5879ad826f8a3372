import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PauseReason, RunProgress, TrialResult } from '../api/contract.ts';
import { estimateMs, isProcoreApiError, type Id, type ProcoreClient } from '../procore/index.ts';
import type { SetupContext } from '../setup/context.ts';
import type { FixPlan } from '../setup/plan.ts';
import { fixPlanSchema, undoPlanSchema } from '../setup/plan-schema.ts';
import { executeRun, type RunJournal, type RunResult } from '../setup/run.ts';
import { buildUndoPlan, executeUndo, type UndoPlan } from '../setup/undo.ts';
import type { CompanyService, Viewer } from './company-service.ts';
import type { TokenCipher } from './crypto.ts';
import { pauseReasonEnglish } from './english.ts';
import { SessionExpiredError } from './procore-access.ts';
import type {
  Lease,
  NewLedgerItem,
  Queryable,
  Repositories,
  Run,
  RunStatus,
  Store,
} from './store/index.ts';

/**
 * Runs live on the server, not in the browser: they go on when the iframe closes, resume after a
 * restart from the ledger, and only one instance works on a company at a time (a lease in the
 * store). The run remembers whose sign-in it acts with (sealed), so it can resume; when that
 * sign-in ends it pauses until an admin signs in again and resumes it.
 */

/**
 * What a run record keeps besides its columns: the plan it executes (a fix's, or an undo's), and
 * whose sign-in it acts with. Parsed on every read: the record may come from another instance or
 * an earlier version.
 */
const storedPlanSchema = z.object({
  /** A fix's plan (an undo's record kept one too, before the typed run record: ignored). */
  plan: fixPlanSchema.optional(),
  /** Set when the run undoes a fix rather than applying one. */
  undo: undoPlanSchema.optional(),
  companyName: z.string(),
  /** The acting session id, encrypted; re-bound when an admin resumes the run. */
  sessionRef: z.string(),
  startedAt: z.string(),
});
type StoredPlan = z.infer<typeof storedPlanSchema>;

/** The plan a run executes, by its kind. */
type Work = { kind: 'fix'; plan: FixPlan } | { kind: 'undo'; plan: UndoPlan };

function workOf(run: Run, stored: Pick<StoredPlan, 'plan' | 'undo'>): Work {
  if (run.kind === 'undo' && stored.undo) return { kind: 'undo', plan: stored.undo };
  if (run.kind === 'fix' && stored.plan) return { kind: 'fix', plan: stored.plan };
  throw new Error(`Run ${run.id}: its record holds no ${run.kind} plan`);
}

/**
 * What a run set out to do and for which company, for its report: read even after the retention
 * purge took its sealed sign-in reference away.
 */
export function runWork(run: Run): Work & { companyName: string } {
  const stored = storedPlanSchema.extend({ sessionRef: z.string().optional() }).parse(run.plan);
  return { ...workOf(run, stored), companyName: stored.companyName };
}

/** A trial's result, kept in the run's summary once its project is re-checked. */
const summarySchema = z
  .object({
    trial: z
      .object({ projectId: z.string(), projectName: z.string(), readable: z.boolean() })
      .optional(),
  })
  .nullable()
  .catch(null);

const LEASE_MS = 60_000;
/** A company's run lease is `run:<company id>`. */
const LEASE_PREFIX = 'run:';
/** The final re-check of an undo, in requests (a fix's plan counts its own). */
const RECHECK_REQUESTS = 12;

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
const RESUMABLE: readonly RunStatus[] = ['paused', 'trial-done', 'failed', 'running'];
/** A run an admin can cancel: not finished yet (a running one stops at its next item). */
const CANCELLABLE: readonly RunStatus[] = ['running', 'paused', 'trial-done'];
/** The fixes whose changes can be undone: every way a fix ends. */
const UNDOABLE: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

/**
 * The job queue's side of runs (README, "Background work"): a run is started, resumed, cancelled
 * while nobody drives it, parked or found again only by queueing its `run-drive` job; whichever
 * instance takes the job drives the run if it can take the company's lease.
 */
export interface DriveQueue {
  /** Queues a `run-drive` job for a run (in `tx` when given); whether one was queued. */
  queue(
    runId: string,
    options?: { tx?: Queryable; singletonKey?: string; singletonSeconds?: number },
  ): Promise<boolean>;
  /** Wakes this instance's `run-drive` workers to take a job just queued (and committed) now. */
  nudge(): void;
  /** Of these runs, those with a `run-drive` job still to be worked, by any instance. */
  waiting(runIds: readonly string[]): Promise<Set<string>>;
}

export interface RunManagerOptions {
  store: Store;
  companies: CompanyService;
  cipher: TokenCipher;
  drives: DriveQueue;
  instanceId?: string;
  log?: (message: string, extra?: Record<string, unknown>) => void;
  /**
   * A repair run (origin 'rule') paused: its grant may have stopped working (issue 20). Called
   * after the pause is recorded; its failure is logged, never the run's.
   */
  onRulePaused?: (run: Run, reason: PauseReason) => Promise<void>;
  /**
   * A fix ended without failures, and its closing check still found work: something changed in
   * Procore while it ran (a project created mid-run). Automatic repair takes it from there
   * (issue 20). Called after the run is recorded; its failure is logged, never the run's.
   */
  onChangedDuringRun?: (run: Run) => Promise<void>;
}

/** Whose sign-in the run's changes are made with now: who resumed it last, else who started it. */
const actingUser = (run: Run) =>
  run.resumedBy ? { id: run.resumedBy.id, name: run.resumedBy.name } : run.startedBy;

export function createRunManager(options: RunManagerOptions) {
  const { store, companies, cipher, drives } = options;
  const instanceId = options.instanceId ?? randomUUID();
  const active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  /** Drives still taking their run's lease, by run: shutdown waits for them too. */
  const taking = new Map<string, Promise<void>>();
  /** Set once shutdown begins: no drive starts here any more. */
  let closing = false;
  /** Set with `closing` when the runs stopped are queued for whichever instance goes on. */
  let parking = false;
  const log = options.log ?? (() => undefined);

  /**
   * Queues the run's `run-drive` job and wakes this instance's worker to take it at once. (Where
   * the job is queued in a transaction, the caller wakes the worker once that has committed.)
   */
  async function queueDrive(
    runId: string,
    queued: { singletonKey?: string; singletonSeconds?: number } = {},
  ): Promise<boolean> {
    const sent = await drives.queue(runId, queued);
    if (sent) drives.nudge();
    return sent;
  }

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
      stopRequested: () => store.runs.cancelRequested(run.id),
    };
  }

  /**
   * Ends a cancelled run: the items it never started are recorded as 'cancelled', in the same
   * transaction as its status. What was done stays done (and can be undone).
   */
  async function finishCancelled(tx: Repositories, runId: string) {
    await tx.ledger.cancelPending(runId);
    return tx.runs.update(runId, { status: 'cancelled', phase: 'done' });
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
    const update = (change: Parameters<Store['runs']['update']>[1]) =>
      fence.write((tx) => tx.runs.update(run.id, change));
    const cancelled = async () => {
      await fence.write((tx) => finishCancelled(tx, run.id));
      log('run cancelled', { runId: run.id });
    };
    // A run an admin cancelled ends cancelled, even when it stopped for another reason first.
    const pause = async (reason: PauseReason) => {
      if (await store.runs.cancelRequested(run.id)) return cancelled();
      await update({ status: 'paused', pausedReason: reason });
      log('run paused', { runId: run.id, reason: pauseReasonEnglish(reason) });
      if (run.origin === 'rule')
        await options.onRulePaused?.(run, reason).catch((error: unknown) =>
          log('a paused repair could not be followed up', {
            runId: run.id,
            error: String(error),
          }),
        );
    };
    try {
      const stored = storedPlanSchema.parse(run.plan);
      const work = workOf(run, stored);
      const viewer = actingViewer(run, stored);
      const base = await companies.context(viewer, run.companyId);
      const ctx = { ...base, user: fence.guard(base.user), app: fence.guard(base.app), signal };
      const journalOf = journal(run, actingUser(run), fence);
      const accountFirst =
        work.plan.userChanges.length > 0 ||
        (work.kind === 'fix' && work.plan.createTemplates.length > 0);
      await update({ phase: accountFirst ? 'account' : 'projects' });
      const onPhase = (phase: 'projects') => update({ phase }).then(() => undefined);
      const result: RunResult =
        work.kind === 'undo'
          ? await executeUndo({ ctx, plan: work.plan, journal: journalOf, onPhase })
          : await executeRun({
              ctx,
              plan: work.plan,
              journal: journalOf,
              onPhase,
              ...(run.trial && { maxProjects: 1 }),
            });
      switch (result.status) {
        case 'trial-done':
          if (await store.runs.cancelRequested(run.id)) return await cancelled();
          await finishTrial(run, ctx, update);
          return;
        case 'paused':
          return await pause(result.reason);
        case 'cancelled':
          return await cancelled();
        case 'aborted':
          // This process stopped (shutdown, lease lost): the run goes on elsewhere or later.
          return;
        case 'finished': {
          await update({ phase: 'verify' });
          const { check } = await companies.check(viewer, run.companyId, stored.companyName);
          const counts = await store.ledger.counts(run.id);
          await update({ status: counts.failed > 0 ? 'failed' : 'succeeded', phase: 'done' });
          // A failed write is not retried by rule (it would fail again): the next check shows it.
          if (counts.failed === 0 && !check.complete && work.kind === 'fix')
            await options.onChangedDuringRun?.(run).catch((error: unknown) =>
              log('a change made during the run could not be followed up', {
                runId: run.id,
                error: String(error),
              }),
            );
          return;
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof SessionExpiredError) return pause({ code: 'session-expired' });
      log('run failed unexpectedly', { runId: run.id, error: String(error) });
      await pause({ code: 'interrupted' });
    }
  }

  /**
   * Re-checks the trial's project as the service account (the app's own token): it can read the
   * project's directory only if the membership works. The trial is done when it can; otherwise
   * the run pauses with Procore's words.
   * https://developers.procore.com/reference/rest/project-users
   */
  async function finishTrial(
    run: Run,
    ctx: SetupContext,
    update: (change: Parameters<Store['runs']['update']>[1]) => Promise<unknown>,
  ) {
    const [item] = (
      await store.ledger.page(run.id, {
        outcome: ['added', 'already_member', 'retemplated', 'failed', 'skipped'],
        limit: 1,
      })
    ).items;
    if (!item) {
      await update({ status: 'trial-done', phase: 'projects' });
      return;
    }
    let refused: { status: number | null; message: string } | null = null;
    let failed = item.outcome === 'failed' || item.outcome === 'skipped';
    if (failed) {
      refused =
        item.message === null
          ? null
          : {
              status: /^\d+$/.test(item.code ?? '') ? Number(item.code) : null,
              message: item.message,
            };
    } else {
      try {
        await ctx.app.listProjectUsers(run.companyId, item.projectId, { signal: ctx.signal });
      } catch (error) {
        if (!isProcoreApiError(error)) throw error;
        failed = true;
        refused = { status: error.status ?? null, message: error.procoreMessage };
      }
    }
    const trial: TrialResult = {
      projectId: item.projectId,
      projectName: item.projectName,
      readable: !failed,
    };
    await update(
      failed
        ? {
            status: 'paused',
            phase: 'projects',
            summary: { trial },
            pausedReason: { code: 'trial-failed', project: item.projectName, procore: refused },
          }
        : { status: 'trial-done', phase: 'projects', summary: { trial } },
    );
  }

  /**
   * The run and its whole ledger in one transaction: a store error part-way leaves no run at all,
   * never a 'running' run with a partial ledger that another instance would pick up and execute.
   * Its `run-drive` job is queued in that transaction too, and this instance's worker is woken
   * to take it at once: it drives the run, or, should it stop first, whichever instance takes the
   * job does.
   */
  async function createWithLedger(
    viewer: Viewer,
    companyId: Id,
    stored: StoredPlan,
    run: { kind: 'fix' | 'undo'; trial: boolean; origin?: Run['origin'] },
    items: NewLedgerItem[],
  ): Promise<Run> {
    const created = await store.transaction(async (tx) => {
      const created = await tx.runs.create({
        companyId,
        startedBy: viewer.user,
        plan: stored,
        ...run,
      });
      await tx.ledger.insertMany(created.id, items);
      await drives.queue(created.id, { tx: tx.sql });
      return created;
    });
    drives.nudge();
    return created;
  }

  /**
   * Works on a running run if this instance can take its company's lease (a `run-drive` job).
   * Not once shutdown has begun: a run this instance parks must go to another one.
   */
  async function drive(runId: string): Promise<void> {
    if (closing || active.has(runId) || taking.has(runId)) return;
    const take = takeLease(runId).finally(() => taking.delete(runId));
    taking.set(runId, take);
    await take;
  }

  /** Takes the run's lease, if it is free, and starts driving it (kept in `active`). */
  async function takeLease(runId: string): Promise<void> {
    const run = await store.runs.get(runId);
    if (!run || run.status !== 'running') return;
    const lease = await store.leases.acquire(
      `${LEASE_PREFIX}${run.companyId}`,
      instanceId,
      LEASE_MS,
    );
    if (!lease) return;
    if (closing) {
      // Shutdown began while the lease was being taken: parked like the runs already going.
      await store.leases.release(lease);
      if (parking) await queueDrive(runId);
      return;
    }
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
        // Parked by a shutdown while still running: queued for whichever instance is up (this
        // one after its restart, or another one now). Not for a lease lost: its taker drives it.
        if (parking && !(controller.signal.reason instanceof LeaseLostError)) {
          const now = await store.runs.get(runId).catch(() => null);
          if (now?.status === 'running') {
            await queueDrive(runId).catch((error) =>
              log('run could not be queued for resumption', { runId, error: String(error) }),
            );
          }
        }
      });
    active.set(runId, { controller, done });
  }

  /** Aborts every local drive (and waits for those still taking a lease), then for their ends. */
  async function stopAll() {
    await Promise.allSettled([...taking.values()]);
    const runs = [...active.values()];
    for (const { controller } of runs) controller.abort(new Error('server shutting down'));
    await Promise.allSettled(runs.map((r) => r.done));
  }

  /**
   * What is left, in Procore requests, at the pace both of Procore's windows allow the acting
   * admin's token from now (the hourly one included): not the pace so far, which an hour
   * boundary ahead would make a promise the run cannot keep.
   */
  async function etaSeconds(run: Run, work: Work, pending: number): Promise<number> {
    const fix = work.kind === 'fix' ? work.plan : null;
    const writes = fix?.bulk ? Math.ceil(pending / 1000) : pending;
    const left =
      (run.phase === 'account'
        ? work.plan.userChanges.length * 2 + (fix?.createTemplates.length ?? 0) * 2
        : 0) +
      writes +
      (run.phase === 'done' ? 0 : (fix?.recheck ?? RECHECK_REQUESTS));
    const budget = await companies.userBudget(
      { sessionId: '', user: actingUser(run) },
      run.companyId,
    );
    return Math.ceil(estimateMs(left, budget, companies.now()) / 1000);
  }

  async function progress(run: Run): Promise<RunProgress> {
    const stored = storedPlanSchema.parse(run.plan);
    const counts = await store.ledger.counts(run.id);
    const failures = await store.ledger.page(run.id, { outcome: 'failed', limit: 100 });
    const summary = summarySchema.parse(run.summary);
    const { total: _total, ...outcomes } = counts;
    const trialShown = run.status === 'trial-done' || run.pausedReason?.code === 'trial-failed';
    const work = workOf(run, stored);
    return {
      runId: run.id,
      companyId: run.companyId,
      status: run.status,
      kind: run.kind,
      origin: run.origin,
      phase: run.phase,
      accountChanges: work.plan.userChanges.map((change) => change.field),
      total: counts.total,
      counts: outcomes,
      etaSeconds: run.status !== 'running' ? null : await etaSeconds(run, work, counts.pending),
      pausedReason: run.pausedReason,
      cancelRequested: run.status === 'running' && run.cancelRequestedAt !== null,
      trial: (trialShown && summary?.trial) || null,
      failures: failures.items.map((item) => ({
        projectId: item.projectId,
        projectName: item.projectName,
        status: item.code && /^\d+$/.test(item.code) ? Number(item.code) : null,
        message: item.message,
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
      options: { trial?: boolean; origin?: Run['origin'] } = {},
    ): Promise<RunProgress> {
      const stored: StoredPlan = {
        plan,
        companyName,
        sessionRef: cipher.encrypt(viewer.sessionId),
        startedAt: new Date().toISOString(),
      };
      // A SALUS project template the run creates gets its id in the ledger once it exists.
      const templateId = plan.projectTemplateId;
      const run = await createWithLedger(
        viewer,
        plan.companyId,
        stored,
        { kind: 'fix', trial: options.trial ?? false, origin: options.origin ?? 'person' },
        [
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
        ],
      );
      return progress(run);
    },

    /**
     * What undoing a finished fix would do, from its ledger ('added' items only) and audit. Only
     * the company's newest run can be undone: a later fix or undo builds on it.
     */
    async undoPlan(fixRun: Run): Promise<UndoPlan | { refused: string }> {
      if (fixRun.kind === 'undo')
        return { refused: 'An undo cannot be undone; run the fix again instead.' };
      const work = workOf(fixRun, storedPlanSchema.parse(fixRun.plan));
      if (work.kind !== 'fix') return { refused: 'Only a fix can be undone.' };
      const { plan } = work;
      // A cancelled fix too: what it did before it stopped is undone like any other.
      if (!UNDOABLE.includes(fixRun.status))
        return { refused: 'Only a finished fix can be undone.' };
      if ((await latestRun(fixRun.companyId))?.id !== fixRun.id)
        return { refused: 'Only the latest fix of this company can be undone.' };
      const [added, audit] = await Promise.all([
        store.ledger.page(fixRun.id, { outcome: 'added', limit: 1_000_000 }),
        store.audit.listForRun(fixRun.id),
      ]);
      const names = new Map<Id, string>();
      for (const change of plan.userChanges) {
        if (typeof change.from === 'string' && change.fromName)
          names.set(change.from, change.fromName);
        if (typeof change.to === 'string' && change.toName) names.set(change.to, change.toName);
      }
      return buildUndoPlan({
        fixRunId: fixRun.id,
        companyId: fixRun.companyId,
        account: plan.account,
        accountId: plan.accountId,
        accountLastName: plan.accountLastName,
        added: added.items,
        audit,
        names,
      });
    },

    /** Starts an undo run: the account fields first, then one 'remove' item per added project. */
    async startUndo(viewer: Viewer, companyName: string, undo: UndoPlan): Promise<RunProgress> {
      const stored: StoredPlan = {
        undo,
        companyName,
        sessionRef: cipher.encrypt(viewer.sessionId),
        startedAt: new Date().toISOString(),
      };
      const run = await createWithLedger(
        viewer,
        undo.companyId,
        stored,
        { kind: 'undo', trial: false },
        undo.remove.map((p) => ({
          projectId: p.id,
          projectName: p.name,
          action: 'remove' as const,
          templateId: p.templateId,
        })),
      );
      return progress(run);
    },

    async get(runId: string): Promise<RunProgress | null> {
      const run = await store.runs.get(runId);
      return run ? progress(run) : null;
    },

    /**
     * The company's unfinished run, as the status poll shows it. Reading never drives it: a
     * running run nobody drives is queued by shutdown or by the reconcile schedule.
     */
    async activeFor(companyId: Id): Promise<RunProgress | null> {
      const run = await store.runs.getActive(companyId);
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
      const stored: StoredPlan = {
        ...storedPlanSchema.parse(run.plan),
        sessionRef: cipher.encrypt(viewer.sessionId),
      };
      // Resuming a trial continues with the rest of the projects. Queued with the change, so the
      // run goes on even if this instance stops before it drives it.
      const updated = await store.transaction(async (tx) => {
        await tx.runs.rebind(runId, stored, viewer.user);
        const running = await tx.runs.update(
          runId,
          { status: 'running', phase: 'projects', trial: false },
          { from: [...RESUMABLE] },
        );
        if (running) await drives.queue(runId, { tx: tx.sql });
        return running;
      });
      if (!updated) return progress(run);
      drives.nudge();
      return progress(updated);
    },

    /**
     * Cancels a run that is not finished. Paused (or waiting after its trial): it ends now, its
     * items not started recorded as 'cancelled'. Running: it is asked to stop, and the instance
     * driving it stops at its next item, after what was already sent is recorded; when nobody
     * drives it, it is queued, and whichever instance takes it ends it. Null: not cancellable.
     */
    async cancel(runId: string): Promise<RunProgress | null> {
      const run = await store.runs.get(runId);
      if (!run || !CANCELLABLE.includes(run.status)) return null;
      if (run.status !== 'running') {
        const ended = await store.transaction(async (tx) =>
          (await tx.runs.update(runId, {}, { from: ['paused', 'trial-done'] }))
            ? finishCancelled(tx, runId)
            : null,
        );
        if (ended) return progress(ended);
        // Resumed meanwhile: it is running now, so it is asked to stop like any running run.
      }
      const asked = await store.runs.requestCancel(runId);
      if (!asked) {
        const now = await store.runs.get(runId);
        return now && CANCELLABLE.includes(now.status) ? this.cancel(runId) : null;
      }
      if (!active.has(runId)) await queueDrive(runId);
      return progress(asked);
    },

    /** Drives, here, every running run this instance can take the lease of (tests). */
    async resumeAll() {
      for (const run of await store.runs.listActive())
        if (run.status === 'running') await drive(run.id);
    },

    /** A `run-drive` job: this instance drives the run if it can take its company's lease. */
    drive,

    /**
     * The `runs-reconcile` schedule (every minute, on one instance): queues a `run-drive` job
     * for each running run whose company lease nobody holds and that has no job waiting, i.e.
     * whose instance died without parking it (a crash, SIGKILL). Two statements, however many
     * runs; at most one such job per run a minute (singleton key).
     */
    async reconcile(): Promise<number> {
      const unleased = await store.runs.listRunningUnleased(LEASE_PREFIX);
      const waiting = await drives.waiting(unleased.map((run) => run.id));
      let queued = 0;
      for (const run of unleased) {
        if (active.has(run.id) || waiting.has(run.id)) continue;
        if (await queueDrive(run.id, { singletonKey: run.id, singletonSeconds: 60 })) queued += 1;
      }
      return queued;
    },

    /**
     * Stops local work for good (SIGTERM), once this instance takes no more jobs: no drive
     * starts here from now on, in-flight calls end, the ledger stays, leases are released, and
     * each run stopped while running is queued for whichever instance goes on.
     */
    async shutdown() {
      closing = true;
      parking = true;
      await stopAll();
    },

    /**
     * Stops every local run without queueing it, and lets `wipe` delete them with no drive
     * starting meanwhile (the demo's fresh start); drives start again afterwards.
     */
    async discardAll(wipe: () => Promise<void>) {
      closing = true;
      try {
        await stopAll();
        await wipe();
      } finally {
        closing = false;
      }
    },

    /**
     * Waits until the run's drive job has been worked (here, or by whichever instance took it)
     * and the drive it started here, if any, has ended (tests). Throws after `timeoutMs` when no
     * instance takes the job (one without background work never does).
     */
    async settled(runId: string, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await drives.waiting([runId])).size > 0) {
        if (Date.now() > deadline) throw new Error(`Run ${runId}: no instance took its drive`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await taking.get(runId);
      await active.get(runId)?.done;
    },
  };
}

export type RunManager = ReturnType<typeof createRunManager>;
