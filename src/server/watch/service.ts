import { timingSafeEqual } from 'node:crypto';
import type { StepId, Watch, WatchDriftKind } from '../../api/contract.ts';
import {
  isAppNotConnected,
  isProcoreApiError,
  procoreWebhookEventSchema,
  type CompanyUser,
  type Id,
  type ProcoreClient,
  type ProcoreWebhookEvent,
} from '../../procore/index.ts';
import type { CompanyCheck } from '../../setup/check.ts';
import { requiredTemplates, summarizeAccess, templateOf } from '../../setup/facts.ts';
import { findInstallation } from '../../setup/steps/app-installed.ts';
import type { Config } from '../config.ts';
import { QUEUES, type JobQueue } from '../jobs/queue.ts';
import type { ProcoreAccess } from '../procore-access.ts';
import type { Repositories, Store } from '../store/index.ts';
import type { NewNotice } from '../support-notifier.ts';
import { hashSecret, newSecret } from '../store/shared.ts';
import {
  driftView,
  type CompanyWatch,
  type DriftFinding,
  type DriftRecord,
} from '../store/watch.ts';

/**
 * Keeping it set up (issue 19). Once an admin's check finds a company's setup complete, SALUS
 * Setup keeps watch without anyone opening a page:
 *
 * - **Events.** A Procore company webhook (registered on the app's own token) tells us when a
 *   project is created or a company user changes. Each delivery is authenticated by the secret we
 *   put in the hook's header, de-duplicated on its `ulid`, answered at once, and verified later
 *   by a job, after a grace period (Procore adds the account to a new project itself when its
 *   "add to new projects" setting is on).
 * - **The daily check.** As the SALUS account itself (the app token, its own budget): its
 *   settings, its own project list against the projects it was seen on, and, where Procore lists
 *   a user's assignments to it, every active project. What it cannot see (a new project whose
 *   event was lost) is said plainly: "new projects unverified since …".
 *
 * What it finds is drift: recorded with what and since when, shown on the checklist and in the
 * support view, told to SALUS support once per new problem, and closed when a later check sees
 * it put right. An app that is no longer connected stops the company's watch.
 */

/** Procore adds an account with "add to new projects" to a new project itself: wait for it. */
export const EVENT_GRACE_MS = 2 * 60_000;
/** A change to the SALUS account is read again after a short pause (edits come in bursts). */
export const ACCOUNT_EVENT_DELAY_MS = 15_000;
export const DAILY_MS = 24 * 3600_000;
/** Daily checks are spread over the day: ±1 hour around the day's mark. */
export const DAILY_JITTER_MS = 3600_000;
/** The hook and its triggers are checked again at most once a day, not on every visit. */
export const HOOK_RECHECK_MS = DAILY_MS;
/** While Procore reapplies an app update's permissions, look again this much later. */
export const UPDATE_RECHECK_MS = 5 * 60_000;
/** The daily check of one company uses at most this share of the app token's hourly budget. */
export const WATCH_BUDGET_SHARE = 0.1;
/** Deliveries are kept this long (Procore retries for 12 hours), for de-duplication. */
export const EVENTS_KEPT_MS = 48 * 3600_000;
/** Deliveries of events older than this are refused as replays (Procore stops after 12 h). */
const EVENT_MAX_AGE_MS = 13 * 3600_000;
/** How far ahead of ours Procore's clock may be. */
const EVENT_MAX_SKEW_MS = 5 * 60_000;
/**
 * Events checked one by one per company per hour (each costs the app token one or two
 * requests); beyond it, one daily check covers the rest.
 */
export const EVENT_CHECKS_PER_HOUR = 60;
/** Compared with when a company has no secret, so a refusal takes the same time either way. */
const UNKNOWN_HASH = hashSecret('not a company SALUS Setup watches');
/** Our hooks' namespace at Procore (lowercase letters, digits and dashes). */
export const HOOK_NAMESPACE = 'salus-setup';
export const HOOK_TRIGGERS = [
  { resourceName: 'Projects', eventType: 'create' },
  { resourceName: 'Company Users', eventType: 'update' },
] as const;
/** A template re-read after this long on the daily check (oldest first, within the budget). */
const TEMPLATE_RECHECK_MS = 7 * DAILY_MS;

export type WebhookAnswer =
  | {
      status: 202;
      outcome: 'queued' | 'coalesced' | 'duplicate' | 'own-change' | 'not-ours' | 'stale';
    }
  | { status: 401; outcome: 'refused' }
  | { status: 400; outcome: 'malformed' };

export interface WatchDeps {
  config: Config;
  store: Store;
  access: ProcoreAccess;
  jobs: JobQueue;
  /** Records a notice for SALUS support in the caller's transaction (`SupportNotifier.enqueue`). */
  enqueueNotice: (repos: Repositories, notice: NewNotice) => Promise<void>;
  /** The hourly limit last seen for the app's token. */
  appHourlyLimit: () => Promise<number>;
  /** How long a new project's event waits before it is verified (default EVENT_GRACE_MS). */
  eventGraceMs?: number;
  random?: () => number;
  log?: (message: string, extra?: Record<string, unknown>) => void;
  /**
   * Automatic repair (issue 20): told after each event's verification and each daily check
   * (`drift`: whether problems are open), and when the watch stops.
   */
  repairs?: {
    /** `drift()` reads the open drift: asked only of a company with a working grant. */
    afterWatch(
      companyId: Id,
      found: { drift: () => Promise<boolean>; daily: boolean },
    ): Promise<void>;
    watchStopped(companyId: Id): Promise<void>;
  };
}

export const DRIFT_NOTICE_KIND = 'salus.setup.drift';

/** The checklist step a drift belongs to (support notices and the support view speak in steps). */
export function driftStep(d: Pick<DriftRecord, 'kind' | 'subject'>): StepId {
  if (d.kind !== 'account-setting') return 'project-access';
  return d.subject === 'company_permission_template_id' ? 'company-template' : 'new-projects';
}

/** The support notice's sentence (the webhook and logs only; the UI words drift itself). */
export function driftEnglish(d: DriftRecord): string {
  const project = d.projectName
    ? `"${d.projectName}"`
    : `a project created ${d.since.toISOString()}`;
  switch (d.kind) {
    case 'not-on-project':
      return `The SALUS account is not on ${project}.`;
    case 'left-project':
      return `The SALUS account is no longer on ${project}.`;
    case 'project-template':
      return `On ${project}, the SALUS account has ${d.value ? `the "${String(d.value)}"` : 'no'} permission template instead of the SALUS project template.`;
    case 'account-setting':
      if (d.subject === 'add_to_new_projects')
        return 'The SALUS account is no longer added to new projects.';
      return `The SALUS account's ${
        d.subject === 'company_permission_template_id'
          ? 'company permission template'
          : 'project template for new projects'
      } changed to ${d.value ? `"${String(d.value)}"` : 'none'}.`;
  }
}

/** A notice's sentence: each finding, at most ten, then how many more. */
function noticeEnglish(found: DriftRecord[]): string {
  const shown = found.slice(0, 10).map(driftEnglish);
  if (found.length > 10) shown.push(`And ${found.length - 10} more.`);
  return shown.join(' ');
}

/** Which version of the app is installed: the show's `app_version_id`, else the list's semver. */
const versionOf = (i: { app_version_id?: string | null; semantic_version?: string | null }) =>
  i.app_version_id ?? i.semantic_version ?? null;

const safeHashEqual = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function createWatchService(deps: WatchDeps) {
  const { config, store, access, jobs } = deps;
  const random = deps.random ?? Math.random;
  const log = deps.log ?? (() => undefined);
  const now = () => new Date(access.now());
  const destinationUrl = `${config.appBaseUrl}/webhooks/procore`;
  /**
   * Aborted on shutdown: a job waiting out the app token's rate limit (up to an hour) gives up
   * at once and is retried by whichever instance goes on.
   */
  const stopping = new AbortController();

  const nextDailyCheck = (from: Date) =>
    new Date(from.getTime() + DAILY_MS + Math.round((random() * 2 - 1) * DAILY_JITTER_MS));

  /** Records a finding (support hears of it once the check is over: `tellSupport`). */
  async function record(companyId: Id, finding: DriftFinding): Promise<void> {
    await store.watch.found(companyId, finding);
  }

  /**
   * One notice for everything a check found that support has not heard of yet (an app update can
   * take the account off hundreds of projects: that is one message, not hundreds). Anything a
   * crashed check recorded is told by the next one.
   */
  async function tellSupport(companyId: Id): Promise<void> {
    await store.transaction(async (repos) => {
      const found = await repos.watch.takeUntold(companyId);
      if (found.length === 0) return;
      const status = await repos.companyStatus.get(companyId);
      const first = found[0]!;
      await deps.enqueueNotice(repos, {
        kind: DRIFT_NOTICE_KIND,
        companyId,
        idempotencyKey: `watch:${first.id}`,
        payload: {
          type: DRIFT_NOTICE_KIND,
          company: { id: companyId, name: status?.companyName ?? companyId },
          detected_at: first.seenAt.toISOString(),
          since: first.since.toISOString(),
          found_by: first.foundBy,
          step: driftStep(first),
          code: first.kind,
          findings: found.map(driftView),
          message: noticeEnglish(found),
        },
      });
    });
  }

  const resolve = (companyId: Id, kinds: WatchDriftKind[], subjects: string[]) =>
    store.watch.resolve(companyId, { kinds, subjects });

  /** Stops a company's watch: the app is not connected (uninstalled) any more. */
  async function stop(companyId: Id, why: string) {
    if (await store.watch.stop(companyId)) log('stopped watching a company', { companyId, why });
    // Uninstalled or disconnected: a repair grant must not outlive the app (issue 20).
    await deps.repairs?.watchStopped(companyId);
  }

  /** Hands what a check left open to automatic repair, where the company allowed it. */
  async function offerRepair(companyId: Id, daily: boolean) {
    if (!deps.repairs) return;
    await deps.repairs.afterWatch(companyId, {
      daily,
      drift: async () =>
        (await store.watch.get(companyId))?.state === 'watching' &&
        (await store.watch.openDrift(companyId)).length > 0,
    });
  }

  /** Compares the account's three settings with what setup left; records or closes each. */
  async function compareSettings(
    watch: CompanyWatch,
    account: Pick<
      CompanyUser,
      'company_permission_template_id' | 'default_permission_template_id' | 'add_to_new_projects'
    >,
    found: { since: Date; foundBy: DriftFinding['foundBy'] },
  ) {
    const name = (id: Id | null | undefined) =>
      id === null || id === undefined ? null : (watch.templateNames[id] ?? '');
    const fields = [
      {
        field: 'company_permission_template_id',
        value: account.company_permission_template_id,
        expected: watch.companyTemplateId,
        now: name(account.company_permission_template_id),
      },
      {
        field: 'default_permission_template_id',
        value: account.default_permission_template_id,
        expected: watch.projectTemplateId,
        now: name(account.default_permission_template_id),
      },
      // Reads may not carry the flag (UNCONFIRMED, §3.1): absent is unknown, not drift.
      {
        field: 'add_to_new_projects',
        value: account.add_to_new_projects,
        expected: true,
        now: account.add_to_new_projects ?? null,
      },
    ] as const;
    for (const f of fields) {
      if (f.value === undefined || f.expected === null) continue;
      if (f.value === f.expected) await resolve(watch.companyId, ['account-setting'], [f.field]);
      else
        await record(watch.companyId, {
          kind: 'account-setting',
          subject: f.field,
          projectName: null,
          value: f.now,
          ...found,
        });
    }
  }

  /** The account's template on a project it is on, read as the account; null when unreadable. */
  async function templateOn(app: ProcoreClient, watch: CompanyWatch, projectId: Id) {
    try {
      const user = await app.getProjectUser(watch.companyId, projectId, watch.accountId);
      const id = user.permission_template?.id ?? null;
      return {
        id,
        name: user.permission_template?.name ?? (id ? (watch.templateNames[id] ?? null) : null),
      };
    } catch (error) {
      if (isProcoreApiError(error, 'forbidden') && !isAppNotConnected(error)) return null;
      if (isProcoreApiError(error, 'not-found')) return null;
      throw error;
    }
  }

  /** Records what the account's template on a project it is on says; returns whether it is right. */
  async function judgeMembership(
    app: ProcoreClient,
    watch: CompanyWatch,
    project: { id: Id; name: string },
    found: { since: Date; foundBy: DriftFinding['foundBy'] },
  ): Promise<void> {
    const template = await templateOn(app, watch, project.id);
    if (!template) return;
    if (template.id === watch.projectTemplateId) {
      await store.watch.keepProjects(watch.companyId, [project]);
      await resolve(
        watch.companyId,
        ['not-on-project', 'left-project', 'project-template'],
        [project.id],
      );
    } else {
      await resolve(watch.companyId, ['not-on-project', 'left-project'], [project.id]);
      await record(watch.companyId, {
        kind: 'project-template',
        subject: project.id,
        projectName: project.name,
        value: template.name,
        ...found,
      });
    }
  }

  /** A company's hook and triggers at Procore, on the app token: created or adopted, checked. */
  async function ensureHook(companyId: Id): Promise<void> {
    const watch = await store.watch.get(companyId);
    if (!watch || watch.state !== 'watching') return;
    const app = access.appClient(companyId, stopping.signal);
    try {
      const hooks = await app.listHooks(companyId, { namespace: HOOK_NAMESPACE });
      let hook =
        hooks.find((h) => h.id === watch.hookId) ??
        hooks.find((h) => h.destination_url === destinationUrl);
      let secretHash = watch.hookSecretHash;
      const headers = () => {
        const secret = newSecret();
        secretHash = hashSecret(secret);
        return { Authorization: `Bearer ${companyId}.${secret}` };
      };
      if (!hook) {
        hook = await app.createHook(companyId, {
          namespace: HOOK_NAMESPACE,
          destinationUrl,
          destinationHeaders: headers(),
        });
      } else if (
        hook.id !== watch.hookId ||
        !secretHash ||
        hook.destination_url !== destinationUrl
      ) {
        // A hook we did not record (another database, a restore) or that moved: a new secret.
        hook = await app.updateHook(companyId, hook.id, {
          destinationUrl,
          destinationHeaders: headers(),
        });
      }
      // One hook per company: a second one (two instances racing, an old database) would send
      // every event twice, one of them with a secret nobody has any more.
      for (const extra of hooks)
        if (extra.id !== hook.id && extra.destination_url === destinationUrl)
          await app.deleteHook(companyId, extra.id);
      const triggers = await app.listTriggers(companyId, hook.id);
      for (const wanted of HOOK_TRIGGERS) {
        const has = triggers.some(
          (t) => t.resource_name === wanted.resourceName && t.event_type === wanted.eventType,
        );
        if (!has) await app.createTrigger(companyId, hook.id, wanted);
      }
      await store.watch.update(companyId, {
        events: 'on',
        hookId: hook.id,
        hookSecretHash: secretHash,
        hookCheckedAt: now(),
      });
    } catch (error) {
      if (isAppNotConnected(error)) return stop(companyId, 'app not connected');
      // Forbidden: the installed app version lacks the Webhooks permission (a new version the
      // company has not accepted yet). Not found: webhooks not offered here. Both: daily checks.
      const events = isProcoreApiError(error, 'forbidden')
        ? 'not-allowed'
        : isProcoreApiError(error, 'not-found')
          ? 'unavailable'
          : null;
      if (!events) throw error;
      log('company webhook not available', { companyId, events });
      await store.watch.update(companyId, { events, hookCheckedAt: now() });
    }
  }

  /** One delivery's verification, after its grace period: a few requests on the app token. */
  async function verifyEvent(ulid: string): Promise<void> {
    const event = await store.watch.event(ulid);
    if (!event || event.verifiedAt) return;
    const watch = await store.watch.get(event.companyId);
    if (!watch || watch.state !== 'watching') return;
    const app = access.appClient(watch.companyId, stopping.signal);
    const found = { since: event.happenedAt, foundBy: 'event' as const };
    try {
      if (event.resourceName === 'Projects') {
        const project = await app.findProject(watch.companyId, event.resourceId);
        if (!project && !watch.listsAllProjects) {
          await record(watch.companyId, {
            kind: 'not-on-project',
            subject: event.resourceId,
            // The event carries only the id, and the account cannot read a project it is not on.
            projectName: null,
            value: null,
            ...found,
          });
        } else if (project && project.active !== false) {
          await judgeMembership(app, watch, { id: project.id, name: project.name }, found);
        }
      } else if (event.resourceId === watch.accountId) {
        await compareSettings(watch, await app.companyMe(watch.companyId), found);
      }
      await store.watch.eventVerified(ulid);
    } catch (error) {
      if (isAppNotConnected(error)) return stop(watch.companyId, 'app not connected');
      throw error;
    } finally {
      await tellSupport(watch.companyId);
    }
    await offerRepair(watch.companyId, false);
  }

  /**
   * The daily check of one company, as the SALUS account (its own budget, at most 10 % of an hour):
   * its settings, its installation (an app update resets permitted projects), its projects.
   */
  async function reconcile(companyId: Id): Promise<void> {
    const watch = await store.watch.get(companyId);
    if (!watch || watch.state !== 'watching') return;
    const app = access.appClient(companyId, stopping.signal);
    const started = now();
    const found = { since: started, foundBy: 'schedule' as const };
    let budget = Math.max(5, Math.floor((await deps.appHourlyLimit()) * WATCH_BUDGET_SHARE));
    const spend = (n = 1) => {
      budget -= n;
    };
    try {
      spend();
      await compareSettings(watch, await app.companyMe(companyId), found);
      spend();
      const update = await appUpdate(app, watch);
      if (update === 'pending') {
        // Procore is still reapplying the update's permissions: look again once it is done.
        await jobs.send(
          QUEUES.watchCompany,
          { companyId },
          {
            singletonKey: `update:${companyId}`,
            startAfter: new Date(started.getTime() + UPDATE_RECHECK_MS),
          },
        );
      }
      const unverifiedSince = await compareProjects(app, watch, found, () => budget, spend);
      await store.watch.update(companyId, {
        lastVerifiedAt: started,
        nextCheckAt: nextDailyCheck(started),
        unverifiedSince,
        ...(unverifiedSince === null && { projectsVerifiedAt: started }),
      });
      if (
        watch.events === 'pending' ||
        !watch.hookCheckedAt ||
        started.getTime() - watch.hookCheckedAt.getTime() >= HOOK_RECHECK_MS
      ) {
        await ensureHook(companyId);
      }
    } catch (error) {
      if (isAppNotConnected(error)) return stop(companyId, 'app not connected');
      throw error;
    } finally {
      await tellSupport(companyId);
    }
    // With a repair grant, the daily check also looks as the admin: every project, repaired.
    await offerRepair(companyId, true);
  }

  /** Our installation as the app sees it: 'pending' while an update's reapply runs. */
  async function appUpdate(app: ProcoreClient, watch: CompanyWatch) {
    let installations;
    try {
      installations = await app.listAppInstallations(watch.companyId);
    } catch (error) {
      if (isAppNotConnected(error)) throw error;
      if (isProcoreApiError(error, 'forbidden') || isProcoreApiError(error, 'not-found'))
        return 'unknown';
      throw error;
    }
    const ours = findInstallation(installations, config.clientId);
    if (!ours) return 'unknown';
    if (ours.status === 'uninstalled') {
      await stop(watch.companyId, 'app uninstalled');
      return 'unknown';
    }
    const pending = Boolean(ours.pending_operation_id);
    const version = versionOf(ours);
    if (version !== watch.appVersionId || pending !== watch.updatePending) {
      if (watch.appVersionId && version !== watch.appVersionId)
        log('app update seen', { companyId: watch.companyId });
      await store.watch.update(watch.companyId, { appVersionId: version, updatePending: pending });
    }
    return pending ? 'pending' : 'settled';
  }

  /**
   * The account's projects against those it was seen on. Returns since when new projects are
   * unverified (null when every active project was seen now).
   */
  async function compareProjects(
    app: ProcoreClient,
    watch: CompanyWatch,
    found: { since: Date; foundBy: DriftFinding['foundBy'] },
    left: () => number,
    spend: (n?: number) => void,
  ): Promise<Date | null> {
    const { companyId } = watch;
    const known = await store.watch.projects(companyId);
    const unverifiedSince = watch.unverifiedSince ?? watch.projectsVerifiedAt;
    // Procore's list of the account's assignments shows every project, with its template.
    const assignments = await readAssignments(app, watch);
    if (assignments) {
      spend(Math.max(1, Math.ceil(assignments.length / 100)));
      const active = assignments.filter((a) => a.active);
      for (const a of assignments.filter((x) => !x.active)) known.delete(a.project_id);
      await store.watch.forgetProjects(
        companyId,
        assignments.filter((a) => !a.active).map((a) => a.project_id),
      );
      const right: { id: Id; name: string }[] = [];
      for (const a of active) {
        const project = { id: a.project_id, name: a.name };
        if (a.is_assigned && a.permission_template_id === watch.projectTemplateId) {
          right.push(project);
          continue;
        }
        const kind = !a.is_assigned
          ? known.has(a.project_id)
            ? 'left-project'
            : 'not-on-project'
          : 'project-template';
        await record(companyId, {
          kind,
          subject: a.project_id,
          projectName: a.name,
          value: kind === 'project-template' ? (a.permission_template_name ?? null) : null,
          ...found,
        });
      }
      await store.watch.keepProjects(companyId, right);
      await resolveProjects(
        companyId,
        right.map((p) => p.id),
      );
      // Procore may list to the account only the projects it can see (UNCONFIRMED, §18): then
      // one it was on and that is missing from the list is one it left.
      const listed = new Set(assignments.map((a) => a.project_id));
      for (const [id, { name }] of known) {
        if (listed.has(id)) continue;
        await record(companyId, {
          kind: 'left-project',
          subject: id,
          projectName: name,
          value: null,
          ...found,
        });
      }
      // Every project, assigned or not, is seen only if the list shows some it is not on.
      return assignments.some((a) => !a.is_assigned) ? null : unverifiedSince;
    }
    if (watch.listsAllProjects) return unverifiedSince;
    // Otherwise its own list: where it is now, against where it was seen.
    const listed = await app.listProjects(companyId, { status: 'All' });
    spend(Math.max(1, Math.ceil(listed.length / 300)));
    const listedIds = new Set(listed.map((p) => p.id));
    const inactive = listed.filter((p) => p.active === false).map((p) => p.id);
    await store.watch.forgetProjects(companyId, inactive);
    await resolveProjects(companyId, inactive);
    for (const [id, { name }] of known) {
      if (listedIds.has(id)) continue;
      await record(companyId, {
        kind: 'left-project',
        subject: id,
        projectName: name,
        value: null,
        ...found,
      });
    }
    // Projects it is on now: new ones first, then the oldest verified, within the budget.
    const active = listed.filter((p) => p.active !== false);
    const recheckBefore = found.since.getTime() - TEMPLATE_RECHECK_MS;
    const toRead = [
      ...active.filter((p) => !known.has(p.id)),
      ...active
        .filter((p) => known.has(p.id) && known.get(p.id)!.verifiedAt.getTime() < recheckBefore)
        .sort(
          (a, b) => known.get(a.id)!.verifiedAt.getTime() - known.get(b.id)!.verifiedAt.getTime(),
        ),
    ].slice(0, Math.max(0, left()));
    for (const project of toRead) {
      spend();
      await judgeMembership(app, watch, { id: project.id, name: project.name }, found);
    }
    return unverifiedSince;
  }

  async function resolveProjects(companyId: Id, projectIds: Id[]) {
    await resolve(companyId, ['not-on-project', 'left-project', 'project-template'], projectIds);
  }

  /** `project_assignments` on the app token where Procore offers it; null where it does not. */
  async function readAssignments(app: ProcoreClient, watch: CompanyWatch) {
    const fact = 'watch:assignments-absent';
    if (await store.procoreKnowledge.companyFact<boolean>(watch.companyId, config.apiUrl, fact))
      return null;
    try {
      const list = await app.listProjectAssignments(watch.companyId, watch.accountId, {
        assignmentStatus: 'all',
        byStatus: 'All',
      });
      if (list) return list;
    } catch (error) {
      if (isAppNotConnected(error) || !isProcoreApiError(error, 'forbidden')) throw error;
    }
    // Not offered, or not to the app: asked again in a week (each refusal costs Integration Health).
    await store.procoreKnowledge.rememberCompanyFact(
      watch.companyId,
      config.apiUrl,
      fact,
      true,
      new Date(now().getTime() + 7 * DAILY_MS),
    );
    return null;
  }

  return {
    destinationUrl,
    ensureHook,
    verifyEvent,
    reconcile,

    /** Ends the Procore requests of the jobs running here (shutdown: they are retried). */
    shutdown() {
      stopping.abort(new Error('shutting down'));
    },

    /**
     * After an admin's check (or a run's final one): a complete setup starts or refreshes the
     * watch from what was just seen (every project), closing whatever it shows put right; an
     * app update the check saw queues a daily check now; an app that is gone stops the watch.
     */
    async afterCheck(companyId: Id, check: CompanyCheck): Promise<void> {
      const app = check.steps.find((s) => s.id === 'app-installed');
      if (app?.reason?.code === 'not-installed' || app?.reason?.code === 'not-connected') {
        await stop(companyId, app.reason.code);
        return;
      }
      const { facts } = check;
      const installation = facts.installations.ok
        ? findInstallation(facts.installations.value, config.clientId)
        : undefined;
      const current = await store.watch.get(companyId);
      if (!check.complete) {
        if (current?.state === 'watching' && installation) {
          const version = versionOf(installation);
          if (current.appVersionId && version && version !== current.appVersionId) {
            await jobs.send(QUEUES.watchCompany, { companyId }, { singletonKey: companyId });
          }
        }
        return;
      }
      if (facts.account.kind !== 'found' || !facts.access?.ok) return;
      const account = facts.account.user;
      const salus = requiredTemplates(facts, { names: config.salus });
      const access = facts.access.value;
      const byId = new Map(access.active.map((p) => [p.id, p.name]));
      const projects = [...access.memberTemplates]
        .filter(([id, template]) => byId.has(id) && template === salus.project?.id)
        .map(([id]) => ({ id, name: byId.get(id)! }));
      const templateNames: Record<string, string> = {};
      for (const list of [facts.companyTemplates, facts.projectTemplates])
        if (list.ok) for (const t of list.value) templateNames[t.id] = t.name;
      const at = now();
      const { created, watch } = await store.watch.enroll({
        companyId,
        accountId: account.id,
        companyTemplateId: templateOf(account, 'company') ?? salus.company?.id ?? null,
        projectTemplateId: salus.project?.id ?? null,
        templateNames,
        appId: installation?.developer_app?.id ?? null,
        appVersionId: installation ? versionOf(installation) : null,
        listsAllProjects: access.fallback === 'account-is-company-admin',
        projects,
        firstCheckAt: nextDailyCheck(at),
      });
      // Every project was just seen: what the watch found is put right, or will be found again.
      const summary = summarizeAccess(access, salus.project?.id ?? null);
      if (summary.missing.length === 0 && summary.wrongTemplate.length === 0)
        await store.watch.resolve(companyId);
      if (
        created ||
        watch.events === 'pending' ||
        !watch.hookCheckedAt ||
        at.getTime() - watch.hookCheckedAt.getTime() >= HOOK_RECHECK_MS
      ) {
        await jobs.send(QUEUES.watchHook, { companyId }, { singletonKey: companyId });
        // At once, not at the worker's next poll: a project created in the next minute is heard.
        jobs.nudge(QUEUES.watchHook);
      }
    },

    /**
     * `POST /webhooks/procore`: authenticates, de-duplicates and queues; never calls Procore (it
     * must answer within Procore's 5 seconds).
     */
    async receive(authorization: string | undefined, body: unknown): Promise<WebhookAnswer> {
      const match = /^Bearer (\d{1,20})\.([A-Za-z0-9_-]{20,200})$/.exec(authorization ?? '');
      if (!match) return { status: 401, outcome: 'refused' };
      const [, companyId, secret] = match as unknown as [string, Id, string];
      const watch = await store.watch.get(companyId);
      // Hashed and compared whether or not the company is watched: the time taken says nothing.
      const matches = safeHashEqual(hashSecret(secret), watch?.hookSecretHash ?? UNKNOWN_HASH);
      if (!watch?.hookSecretHash || !matches) return { status: 401, outcome: 'refused' };
      const parsed = procoreWebhookEventSchema.safeParse(body);
      if (!parsed.success) return { status: 400, outcome: 'malformed' };
      const event: ProcoreWebhookEvent = parsed.data;
      // The secret is this company's: an event about another company is not ours to take.
      if (String(event.company_id) !== companyId) return { status: 401, outcome: 'refused' };
      const received = now();
      const stamped = event.timestamp ? new Date(event.timestamp) : received;
      if (received.getTime() - stamped.getTime() > EVENT_MAX_AGE_MS)
        return { status: 202, outcome: 'stale' };
      // A clock a little ahead is Procore's; an event from the future is not.
      if (stamped.getTime() - received.getTime() > EVENT_MAX_SKEW_MS)
        return { status: 400, outcome: 'malformed' };
      const happenedAt = stamped > received ? received : stamped;
      const source = event.metadata?.source_application_id;
      const own =
        source !== null &&
        source !== undefined &&
        [config.clientId, watch.appId].includes(String(source));
      const resourceId = String(event.resource_id);
      const relevant =
        (event.resource_name === 'Projects' && event.event_type === 'create') ||
        (event.resource_name === 'Company Users' && resourceId === watch.accountId);
      const outcome = await store.transaction(async (repos) => {
        const fresh = await repos.watch.recordEvent({
          ulid: event.ulid,
          companyId,
          resourceName: event.resource_name,
          eventType: event.event_type,
          resourceId,
          happenedAt,
          receivedAt: received,
          own,
        });
        if (!fresh) return 'duplicate' as const;
        await repos.watch.update(companyId, { lastEventAt: received });
        if (own) return 'own-change' as const;
        if (!relevant || watch.state !== 'watching') return 'not-ours' as const;
        // More changes in an hour than one company makes by hand (an import, or someone replaying
        // a leaked secret): the daily check is brought forward (the schedule queues it within
        // minutes) instead of a check each, within the budget.
        const recent = await repos.watch.countEvents(companyId, {
          since: new Date(received.getTime() - 3600_000),
          accountId: watch.accountId,
        });
        if (recent > EVENT_CHECKS_PER_HOUR) {
          const soon = new Date(received.getTime() + (deps.eventGraceMs ?? EVENT_GRACE_MS));
          if (!watch.nextCheckAt || watch.nextCheckAt > soon)
            await repos.watch.update(companyId, { nextCheckAt: soon });
          return 'coalesced' as const;
        }
        const delay =
          event.resource_name === 'Projects'
            ? (deps.eventGraceMs ?? EVENT_GRACE_MS)
            : Math.min(deps.eventGraceMs ?? EVENT_GRACE_MS, ACCOUNT_EVENT_DELAY_MS);
        await jobs.send(
          QUEUES.watchEvent,
          { ulid: event.ulid },
          {
            tx: repos.sql,
            singletonKey: event.ulid,
            startAfter: new Date(received.getTime() + delay),
          },
        );
        return 'queued' as const;
      });
      return { status: 202, outcome };
    },

    /** Queues the daily checks that are due (the `watch-schedule` cron), at most `limit`. */
    async queueDue(limit = 500): Promise<number> {
      const due = await store.watch.due(limit);
      for (const companyId of due) {
        await jobs.send(QUEUES.watchCompany, { companyId }, { singletonKey: companyId });
        // Not again until it ran (or the next day, if it fails for good).
        await store.watch.update(companyId, { nextCheckAt: nextDailyCheck(now()) });
      }
      return due.length;
    },

    /**
     * What the checklist shows: null before the company first completed setup. `projects` (the
     * viewer's check) names the projects the SALUS account could not read, and the names are kept.
     */
    async view(
      companyId: Id,
      projects?: readonly { id: Id; name: string }[],
    ): Promise<Watch | null> {
      const watch = await store.watch.get(companyId);
      if (!watch) return null;
      const names = new Map(projects?.map((p) => [p.id, p.name]));
      const named: { id: Id; name: string }[] = [];
      const drift = (await store.watch.openDrift(companyId)).map((d) => {
        const name = d.projectName === null ? names.get(d.subject) : undefined;
        if (name === undefined) return d;
        named.push({ id: d.subject, name });
        return { ...d, projectName: name };
      });
      // Kept for the support view and the poll, which read no project from Procore.
      await store.watch.nameProjects(companyId, named);
      return watchView(watch, drift);
    },

    /** The store's records, in the contract's words. */
    watchView,

    /** Deletes deliveries kept past de-duplication's need (the sign-in sweep). */
    sweepEvents: () => store.watch.deleteEventsBefore(new Date(now().getTime() - EVENTS_KEPT_MS)),

    /** An admin's check found drift steps the watch already told support about. */
    async openSteps(companyId: Id): Promise<Set<StepId>> {
      return new Set((await store.watch.openDrift(companyId)).map(driftStep));
    },
  };
}

export function watchView(watch: CompanyWatch, drift: DriftRecord[]): Watch {
  return {
    state: watch.state,
    events: watch.events,
    lastVerifiedAt: watch.lastVerifiedAt.toISOString(),
    lastEventAt: watch.lastEventAt?.toISOString() ?? null,
    nextCheckAt: watch.state === 'watching' ? watch.nextCheckAt.toISOString() : null,
    newProjectsUnverifiedSince: watch.unverifiedSince?.toISOString() ?? null,
    drift: drift.map(driftView),
  };
}

export type WatchService = ReturnType<typeof createWatchService>;
