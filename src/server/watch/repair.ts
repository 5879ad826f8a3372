import type { AutoRepair, AutoRepairStart, PauseReason } from '../../api/contract.ts';
import { isAppNotConnected, isProcoreApiError, type Id, type Me } from '../../procore/index.ts';
import { planHasWork, type FixPlan } from '../../setup/plan.ts';
import type { CompanyService, Viewer } from '../company-service.ts';
import type { TokenCipher } from '../crypto.ts';
import { QUEUES, type JobQueue } from '../jobs/queue.ts';
import { SessionExpiredError, type ProcoreAccess } from '../procore-access.ts';
import type { RunManager } from '../run-manager.ts';
import {
  newSecret,
  type Actor,
  type GrantPauseReason,
  type OAuthState,
  type Repositories,
  type RepairGrant,
  type Run,
  type Store,
} from '../store/index.ts';
import type { NewNotice } from '../support-notifier.ts';
import { ActiveRunExistsError } from '../store/runs.ts';

/**
 * Keep SALUS set up automatically (issue 20). A Directory admin who ticks the box on the
 * completion badge allows SALUS Setup to repair drift on their behalf, with a **repair grant**:
 * their own Procore token chain, kept on the server, sealed like a sign-in's.
 *
 * **Which token chain.** Procore's refresh tokens are single-use: every refresh, successful or
 * not, spends the old one (procore-platform.md §10, §18). Copying the browser session's refresh
 * token into the grant would fork one chain into two holders, and whichever refreshed second
 * would find its token spent: a signed-out admin, or a dead grant. Moving the chain to the grant
 * would sign the admin out of the page they are on. So turning the box on asks Procore for a
 * chain of its own: the same popup consent as "Sign in with Procore" (`/auth/start` with a
 * state whose purpose is 'repair-grant'), whose callback keeps the tokens in a `sessions` row of
 * kind 'grant' and hands nothing to the browser. That row is never a sign-in (`sessions.get`
 * refuses it), has no idle or absolute expiry, outlives the admin's re-sign-ins, and refreshes
 * through the same single-flight claim as a session. Whether Procore keeps a user's two
 * authorizations of one app side by side is UNCONFIRMED (README, "verify in a Procore sandbox"):
 * if a second consent ended the first chain, the browser session would ask to sign in again and
 * the grant would stand.
 *
 * **What a repair may do.** A plan made by rule from the admin's live check: only the SALUS
 * account's three settings and its memberships of active projects (add, re-template). Never
 * another user, never an inactive project, never a template created (a missing SALUS template
 * needs a person to review it). It is an ordinary run (`origin: 'rule'`, started by the grant's
 * admin): paced on their token, in the ledger, the audit trail, the CSV and support's notices.
 *
 * **When it stops.** Turned off (revoked at Procore), the app uninstalled (the watch stops: the
 * grant is revoked), the admin no longer a Directory admin, or the grant's sign-in refused
 * (refresh failed, 401): repairs pause, the grant's tokens are revoked, the badge names who must
 * allow it again, and SALUS support is told once.
 */

export const REPAIR_STARTED_KIND = 'salus.setup.repair-started';
/**
 * Repairs in a row that each still left work (a write Procore accepted yet its list does not show,
 * a project created mid-run again and again): beyond this many within an hour, the next is left to
 * the daily check rather than started at once, so that nothing loops on the admin's budget.
 */
export const REPAIRS_IN_A_ROW = 3;
const HOUR_MS = 3_600_000;

/**
 * The audit trail's record of automatic repair itself (issue 20): who turned it on or off, and
 * when it paused and why (`field` 'state'; the values 'off', 'on', or `{ paused: reason }`).
 */
export const AUTO_REPAIR_TARGET = 'auto-repair';
/** Who paused it: SALUS Setup itself, on what Procore answered. */
const SALUS_SETUP: Actor = { id: 'salus-setup', name: 'SALUS Setup' };
export const REPAIR_PAUSED_KIND = 'salus.setup.repair-paused';

const PAUSE_ENGLISH: Record<GrantPauseReason, string> = {
  'sign-in-again': 'Procore no longer accepts the repair grant: the admin must allow it again.',
  'not-admin':
    'The admin who allowed automatic repair no longer has Admin on the company Directory.',
  'app-not-connected': 'The SALUS app is no longer connected to this company.',
};

/**
 * The plan a repair may run: the check's plan limited to the SALUS account's settings and its
 * memberships of active projects. Null when it needs more than that (a template to create, a
 * blocked step) or has nothing to do.
 */
export function repairPlan(plan: FixPlan): FixPlan | null {
  if (plan.blockedBy || plan.createTemplates.length > 0 || plan.accountId === null) return null;
  if (plan.projectTemplateId === null && plan.add.length + plan.retemplate.length > 0) return null;
  return planHasWork(plan) ? plan : null;
}

/** What the badge and the support view show of a company's grant (or its absence). */
export function autoRepairOf(grant: RepairGrant | null): AutoRepair {
  if (!grant)
    return { state: 'off', admin: null, since: null, pausedReason: null, lastRepair: null };
  return {
    state: grant.pausedAt ? 'paused' : 'on',
    admin: grant.admin,
    since: grant.createdAt.toISOString(),
    pausedReason: grant.pausedReason,
    lastRepair:
      grant.lastRepairRunId && grant.lastRepairAt
        ? { runId: grant.lastRepairRunId, at: grant.lastRepairAt.toISOString() }
        : null,
  };
}

export interface RepairDeps {
  store: Store;
  access: ProcoreAccess;
  cipher: TokenCipher;
  companies: CompanyService;
  runs: RunManager;
  jobs: JobQueue;
  /** Records a notice for SALUS support in the caller's transaction (`SupportNotifier.enqueue`). */
  enqueueNotice: (repos: Repositories, notice: NewNotice) => Promise<void>;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

export function createRepairService(deps: RepairDeps) {
  const { store, access, cipher, companies, runs, jobs } = deps;
  const log = deps.log ?? (() => undefined);
  /** Aborted on shutdown: a check waiting out Procore's rate limit gives up (the job retries). */
  const stopping = new AbortController();

  const grantIdOf = (grant: Pick<RepairGrant, 'grantRef'>): string | null => {
    if (!grant.grantRef) return null;
    try {
      return cipher.decrypt(grant.grantRef);
    } catch {
      return null; // sealed with a key no longer configured: that grant is unusable
    }
  };

  /** What the grant was, for the audit trail's old value. */
  const stateOf = (grant: RepairGrant | null) =>
    !grant ? 'off' : grant.pausedAt ? { paused: grant.pausedReason } : 'on';

  /** The audit row of a change of state, in the transaction that makes the change. */
  async function audit(
    repos: Repositories,
    companyId: Id,
    actor: Actor,
    from: unknown,
    to: unknown,
  ) {
    await repos.audit.append({
      companyId,
      actor,
      target: AUTO_REPAIR_TARGET,
      field: 'state',
      oldValue: from,
      newValue: to,
    });
  }

  /**
   * Forgets a grant's tokens (its `sessions` row) in the caller's transaction, with the change
   * that drops its reference, so no row outlives it unswept; returns the sealed refresh token for
   * `revoke` to end at Procore once that transaction committed.
   */
  async function forget(repos: Repositories, ref: string | null): Promise<string | null> {
    const grantId = ref ? grantIdOf({ grantRef: ref }) : null;
    return grantId ? repos.sessions.deleteGrant(grantId) : null;
  }
  const revoke = async (sealed: string | null) => {
    if (sealed) await access.revokeSealed(sealed);
  };

  const companyName = async (companyId: Id) =>
    (await store.companyStatus.get(companyId))?.companyName ?? companyId;

  /** A notice to SALUS support about the company's automatic repair. */
  function notice(
    companyId: Id,
    name: string,
    kind: string,
    idempotencyKey: string,
    payload: Record<string, unknown>,
  ): NewNotice {
    return {
      kind,
      companyId,
      idempotencyKey,
      payload: { type: kind, company: { id: companyId, name }, ...payload },
    };
  }

  /**
   * Pauses repairs: the pause, its audit row and SALUS support's notice (once per grant: its key
   * is the grant's own start) in one transaction; then the grant's tokens are revoked at Procore.
   */
  async function pause(companyId: Id, reason: GrantPauseReason) {
    const name = await companyName(companyId);
    const before = await store.transaction(async (repos) => {
      const was = await repos.repairGrants.pause(companyId, reason);
      if (!was) return null;
      const sealed = await forget(repos, was.grantRef);
      await audit(repos, companyId, SALUS_SETUP, 'on', { paused: reason });
      await deps.enqueueNotice(
        repos,
        notice(
          companyId,
          name,
          REPAIR_PAUSED_KIND,
          `repair-paused:${companyId}:${was.createdAt.getTime()}`,
          {
            paused_at: new Date(access.now()).toISOString(),
            reason,
            admin: was.admin,
            message: PAUSE_ENGLISH[reason],
          },
        ),
      );
      return sealed;
    });
    if (before === null) return;
    log('automatic repair paused', { companyId, reason });
    await revoke(before);
  }

  async function status(companyId: Id): Promise<AutoRepair> {
    return autoRepairOf(await store.repairGrants.get(companyId));
  }

  /** Queues a repair of the company if it has a working grant (one job per company at a time). */
  async function queue(companyId: Id): Promise<void> {
    const grant = await store.repairGrants.get(companyId);
    if (!grant || grant.pausedAt) return;
    await jobs.send(QUEUES.repairCompany, { companyId }, { singletonKey: companyId });
  }

  /**
   * The repair job: the grant's admin checks the company live (every project, which also tells
   * the watch what the SALUS account cannot see), and a run fixes what the check found, within
   * the repair's bounds.
   */
  async function repair(companyId: Id): Promise<void> {
    const grant = await store.repairGrants.get(companyId);
    if (!grant || grant.pausedAt) return;
    const grantId = grantIdOf(grant);
    if (!grantId) return pause(companyId, 'sign-in-again');
    // A run in progress (anyone's) re-checks when it ends; drift found later queues us again. A
    // repair that paused (its grant failed, since allowed again) gives way to a fresh plan.
    const active = await store.runs.getActive(companyId);
    if (active) {
      if (active.origin !== 'rule' || active.status === 'running') return;
      if (!(await runs.cancel(active.id))) return;
    }
    const viewer: Viewer = { sessionId: grantId, user: grant.admin };
    const name = await companyName(companyId);
    try {
      if (!(await companies.isDirectoryAdmin(viewer, companyId, stopping.signal)))
        return await pause(companyId, 'not-admin');
      const { ctx, check } = await companies.check(viewer, companyId, name, {
        signal: stopping.signal,
      });
      const app = check.steps.find((s) => s.id === 'app-installed');
      if (app?.reason?.code === 'not-installed' || app?.reason?.code === 'not-connected')
        return await pause(companyId, 'app-not-connected');
      if (check.complete) return;
      const plan = repairPlan(await companies.plan(viewer, ctx, check));
      if (!plan) {
        log('drift needs a person: no automatic repair', { companyId });
        return;
      }
      const run = await runs.start(viewer, name, plan, { origin: 'rule' });
      await store.transaction(async (repos) => {
        await repos.repairGrants.recordRepair(companyId, run.runId);
        await deps.enqueueNotice(
          repos,
          notice(companyId, name, REPAIR_STARTED_KIND, `repair:${run.runId}`, {
            run_id: run.runId,
            started_at: run.startedAt,
            on_behalf_of: grant.admin,
            account_changes: plan.userChanges.map((c) => c.field),
            add_projects: plan.add.length,
            retemplate_projects: plan.retemplate.length,
            message:
              `SALUS Setup started an automatic repair on behalf of ${grant.admin.name}: ` +
              `${plan.userChanges.length} account setting(s), ${plan.add.length} project(s) to join, ` +
              `${plan.retemplate.length} project template(s) to set.`,
          }),
        );
      });
      log('automatic repair started', { companyId, runId: run.runId });
    } catch (error) {
      if (error instanceof ActiveRunExistsError) return;
      if (error instanceof SessionExpiredError || isProcoreApiError(error, 'unauthorized'))
        return pause(companyId, 'sign-in-again');
      if (isAppNotConnected(error)) return pause(companyId, 'app-not-connected');
      if (isProcoreApiError(error, 'forbidden')) return pause(companyId, 'not-admin');
      throw error;
    }
  }

  return {
    status,
    queue,
    repair,
    pause,

    /** Ends the Procore requests of the repairs checking here (shutdown: their jobs retry). */
    shutdown() {
      stopping.abort(new Error('shutting down'));
    },

    /**
     * The watch verified an event or ran its daily check: a company with a working grant is
     * repaired after its daily check, or when drift is open. Without a grant nothing more is read.
     */
    async afterWatch(companyId: Id, found: { drift: () => Promise<boolean>; daily: boolean }) {
      const grant = await store.repairGrants.get(companyId);
      if (!grant || grant.pausedAt) return;
      if (found.daily || (await found.drift()))
        await jobs.send(QUEUES.repairCompany, { companyId }, { singletonKey: companyId });
    },

    /**
     * A fix ended without failures yet its closing check found work (a change made in Procore
     * while it ran): repaired at once, unless repairs keep ending like this (`REPAIRS_IN_A_ROW`).
     */
    async changedDuringRun(run: Run) {
      const recent = await store.runs.listForCompany(run.companyId, { limit: REPAIRS_IN_A_ROW });
      const since = access.now() - HOUR_MS;
      const looping =
        recent.length >= REPAIRS_IN_A_ROW &&
        recent.every((r) => r.origin === 'rule' && r.createdAt.getTime() >= since);
      if (looping) {
        log('repairs keep finding work: the next is left to the daily check', {
          companyId: run.companyId,
        });
        return;
      }
      await queue(run.companyId);
    },

    /** A repair run paused: when its grant's sign-in or the app is gone, repairs pause too. */
    async rulePaused(run: Run, reason: PauseReason) {
      if (reason.code === 'session-expired') await pause(run.companyId, 'sign-in-again');
      else if (reason.code === 'app-not-connected') await pause(run.companyId, 'app-not-connected');
    },

    /**
     * Turning the box on: a state for the consent popup, bound to the admin who asked and the
     * company (the callback keeps the grant only for that same Procore user). Null when the
     * company's setup never completed: a repair keeps a reviewed setup as it was; it does not
     * make the first one without its review.
     */
    async prepare(viewer: Viewer, companyId: Id): Promise<AutoRepairStart | null> {
      if (!(await store.companyStatus.get(companyId))?.completedAt) return null;
      const state = newSecret();
      await store.oauthStates.create({
        state,
        // Nothing is redeemed with it: the grant's tokens never reach a browser.
        nonce: newSecret(),
        companyId,
        repairGrantFor: viewer.user.id,
      });
      return { startUrl: `/auth/start?state=${state}` };
    },

    /**
     * The consent's callback (purpose 'repair-grant'): keeps the grant if the person who allowed
     * it is the admin who asked, and is a Directory admin of the company now; revokes it at once
     * otherwise. Any earlier grant of the company is revoked.
     */
    async complete(
      callback: URLSearchParams,
      state: OAuthState,
    ): Promise<{ kept: true; me: Me } | { kept: false }> {
      const companyId = state.companyId;
      if (!companyId || !state.requestedBy) return { kept: false };
      const { grantId, me } = await access.openGrant(callback, state.state, companyId);
      const viewer: Viewer = { sessionId: grantId, user: { id: me.id, name: me.name ?? me.login } };
      const allowed =
        me.id === state.requestedBy &&
        (await companies.isDirectoryAdmin(viewer, companyId).catch(() => false));
      if (!allowed) {
        await access.closeGrant(grantId);
        return { kept: false };
      }
      const replaced = await store.transaction(async (repos) => {
        const before = stateOf(await repos.repairGrants.get(companyId));
        const { replacedRef } = await repos.repairGrants.put({
          companyId,
          grantRef: cipher.encrypt(grantId),
          admin: viewer.user,
        });
        await audit(repos, companyId, viewer.user, before, 'on');
        return forget(repos, replacedRef);
      });
      await revoke(replaced);
      log('automatic repair turned on', { companyId });
      // Whatever drift is open now, and every project the SALUS account cannot see.
      await queue(companyId);
      return { kept: true, me };
    },

    /** Turning the box off (by `actor`): the grant is revoked at Procore and forgotten. */
    async turnOff(companyId: Id, actor: Actor): Promise<void> {
      const removed = await store.transaction(async (repos) => {
        const before = stateOf(await repos.repairGrants.get(companyId));
        const gone = await repos.repairGrants.remove(companyId);
        if (!gone) return undefined;
        await audit(repos, companyId, actor, before, 'off');
        return forget(repos, gone.grantRef);
      });
      if (removed === undefined) return;
      await revoke(removed);
      log('automatic repair turned off', { companyId });
    },

    /** The watch stopped (the app is uninstalled or disconnected): the grant is revoked. */
    async watchStopped(companyId: Id): Promise<void> {
      await pause(companyId, 'app-not-connected');
    },
  };
}

export type RepairService = ReturnType<typeof createRepairService>;
