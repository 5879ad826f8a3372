import type {
  AutoRepair,
  CompanyStatus,
  Completion,
  ProjectPage,
  StepResult,
} from '../api/contract.ts';
import type { BudgetView, CompanyBaseUrl, Id } from '../procore/index.ts';
import type { SetupContext } from '../setup/context.ts';
import { isDirectoryAdmin, requiredTemplates, summarizeAccess } from '../setup/facts.ts';
import { BASE_URL_TTL_MS, BETA_ABSENT_TTL_MS, type SetupMemory } from '../setup/memory.ts';
import { buildPlan, type FixPlan } from '../setup/plan.ts';
import { checkCompany, type CompanyCheck } from '../setup/check.ts';
import { nextCompanyState, type Drift, type NextCompanyState } from '../setup/completion.ts';
import type { StepInput } from '../setup/steps/index.ts';
import { checkSupportNotified } from '../setup/steps/support-notified.ts';
import type { Config } from './config.ts';
import { stepReasonEnglish } from './english.ts';
import type { ProcoreAccess } from './procore-access.ts';
import type { NewNotice } from './support-notifier.ts';
import { autoRepairOf } from './watch/repair.ts';
import type { WatchService } from './watch/service.ts';
import { createRepositories, type Repositories, type Store } from './store/index.ts';

/**
 * The company-level use cases the API and the run manager share: check a company live, record
 * what was seen (and a completion the moment every check passes), and build the plan.
 */

export interface Viewer {
  sessionId: string;
  user: { id: Id; name: string };
}

export const COMPLETION_KIND = 'salus.setup.completed';

export const DRIFT_KIND = 'salus.setup.drift';

/** The drift a stored snapshot carries, if any (snapshots are JSON the store keeps as written). */
function recordedDrift(snapshot: unknown): Drift | null {
  return (snapshot as { drift?: Drift | null } | null)?.drift ?? null;
}

export function createCompanyService(deps: {
  config: Config;
  store: Store;
  access: ProcoreAccess;
  /** Records a notice for SALUS support in the caller's transaction (`SupportNotifier.enqueue`). */
  enqueueNotice: (repos: Repositories, notice: NewNotice) => Promise<void>;
  /** Keeping it set up (issue 19): told of every recorded check, asked what it has seen. */
  watch?: Pick<WatchService, 'afterCheck' | 'view' | 'openSteps'>;
  /** Keep SALUS set up automatically (issue 20): the company's repair grant, for the badge. */
  autoRepair?: (companyId: Id) => Promise<AutoRepair>;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}) {
  const { config, store, access } = deps;

  const { enqueueNotice } = deps;

  /** What checks of this company carry over, in the store so every instance shares it. */
  function memory(companyId: Id): SetupMemory {
    const known = store.procoreKnowledge;
    // Beta endpoints differ between Procore's environments (production, sandboxes).
    const environment = config.apiUrl;
    return {
      betaAbsent: async (endpoint) =>
        (await known.companyFact<boolean>(companyId, environment, `beta-absent:${endpoint}`)) ===
        true,
      rememberBetaAbsent: (endpoint) =>
        known.rememberCompanyFact(
          companyId,
          environment,
          `beta-absent:${endpoint}`,
          true,
          new Date(access.now() + BETA_ABSENT_TTL_MS),
        ),
      companyBaseUrl: () => known.companyFact<CompanyBaseUrl>(companyId, environment, 'base-url'),
      rememberCompanyBaseUrl: (value) =>
        known.rememberCompanyFact(
          companyId,
          environment,
          'base-url',
          value,
          new Date(access.now() + BASE_URL_TTL_MS),
        ),
      knownTemplates: (accountId) => known.knownTemplates(companyId, accountId),
      recordTemplates: (accountId, entries) => known.recordTemplates(companyId, accountId, entries),
      forgetTemplates: (accountId, projectIds) =>
        known.forgetTemplates(companyId, accountId, projectIds),
      templateReadsSince: (accountId, since) =>
        known.templateReadsSince(companyId, accountId, since),
    };
  }

  /** The hourly limit last seen for a kind of token, else the configured default (§18). */
  async function hourlyLimit(kind: 'user' | 'app'): Promise<number> {
    return (await store.procoreKnowledge.hourlyLimit(kind)) ?? config.procoreHourlyLimit;
  }

  /** Keeps an hourly limit a response has shown, for the next estimate (and other instances). */
  async function rememberHourlyLimits(viewer: Viewer, companyId: Id) {
    for (const [kind, token] of [
      ['user', { user: viewer.user.id }],
      ['app', 'app'],
    ] as const) {
      const seen = access.budget(token, companyId, 0);
      if (!seen.hourlyAssumed)
        await store.procoreKnowledge.recordHourlyLimit(kind, seen.hourlyLimit);
    }
  }

  /** The admin token's budget as the next estimate should see it. */
  async function userBudget(viewer: Viewer, companyId: Id): Promise<BudgetView> {
    return access.budget({ user: viewer.user.id }, companyId, await hourlyLimit('user'));
  }

  async function context(
    viewer: Viewer,
    companyId: Id,
    options: { skipProjectReads?: boolean; signal?: AbortSignal } = {},
  ): Promise<SetupContext> {
    const settings = await store.companySettings.get(companyId);
    return {
      companyId,
      user: access.userClient(viewer.sessionId, viewer.user.id, companyId),
      app: access.appClient(companyId),
      clientId: config.clientId,
      names: config.salus,
      chosenAccountId: settings?.chosenAccountId ?? null,
      addToNewProjectsEvidence: settings?.evidence ?? null,
      memory: memory(companyId),
      appHourlyLimit: access.budget('app', companyId, await hourlyLimit('app')).hourlyLimit,
      skipProjectReads: options.skipProjectReads ?? false,
      now: access.now,
      // An interactive request's: cancelled when its browser goes away (api-routes.ts).
      ...(options.signal && { signal: options.signal }),
    };
  }

  async function supportState(companyId: Id): Promise<StepInput['support']> {
    const completion = await store.completions.latest(companyId);
    if (!completion) return { status: 'not-yet', at: null };
    const notice = await store.outbox.getByKey(completion.id);
    if (!notice) return { status: 'not-yet', at: null };
    if (notice.status === 'delivered') {
      return { status: 'delivered', at: notice.deliveredAt?.toISOString() ?? null };
    }
    // A notice that failed for good waits in the support view, like a held one.
    const waiting = notice.status === 'held' || notice.status === 'failed';
    return { status: waiting ? 'held' : 'queued', at: notice.createdAt.toISOString() };
  }

  /** A completion record for SALUS support: company, who, when, and per-step evidence. */
  function completionRecord(
    companyId: Id,
    companyName: string,
    check: CompanyCheck,
    by: Viewer['user'],
  ) {
    return {
      type: COMPLETION_KIND,
      company: { id: companyId, name: companyName },
      completed_by: by,
      steps: check.steps
        .filter((s) => s.id !== 'support-notified')
        .map((s) => ({ id: s.id, state: s.state, details: s.details })),
    };
  }

  /**
   * Stores the check and, when the company has just become complete, a completion record and
   * its support notice (held for the support view when no webhook is configured); when it has
   * drifted, one support notice per new problem (the outbox key is per completion and problem).
   */
  async function record(
    companyId: Id,
    companyName: string,
    check: CompanyCheck,
    by: Viewer['user'],
  ): Promise<boolean> {
    const previous = await store.companyStatus.get(companyId);
    const now = new Date(access.now());
    const next = nextCompanyState(
      previous && { state: previous.state, drift: recordedDrift(previous.snapshot) },
      check,
      now,
    );
    if (!next.record) return next.complete;
    if (next.driftNotices.length > 0) await tellDrift(companyId, companyName, next, now);
    let completedAt: Date | undefined;
    if (next.becameComplete) {
      // The completion and its notice are written together (a transactional outbox).
      completedAt = await store.db.transaction(async (tx) => {
        const repos = createRepositories(tx);
        const completion = await repos.completions.insert({
          companyId,
          completedBy: by,
          record: completionRecord(companyId, companyName, check, by),
        });
        await enqueueNotice(repos, {
          kind: COMPLETION_KIND,
          companyId,
          idempotencyKey: completion.id,
          payload: {
            ...(completion.record as object),
            id: completion.id,
            completed_at: completion.completedAt.toISOString(),
          },
        });
        return completion.completedAt;
      });
    }
    // The notice a completion just recorded is part of what this check found.
    const steps = next.complete ? await refreshSupportStep(check.steps, companyId) : check.steps;
    await store.companyStatus.upsert({
      companyId,
      companyName,
      state: next.state,
      problems: next.problems,
      snapshot: {
        steps: steps.map((s) => ({ id: s.id, state: s.state, reason: s.reason })),
        drift: next.drift,
      },
      ...(next.becameComplete ? { completedAt, completedBy: by } : {}),
    });
    return next.complete;
  }

  async function tellDrift(
    companyId: Id,
    companyName: string,
    next: Extract<NextCompanyState, { record: true }>,
    now: Date,
  ) {
    const completion = await store.completions.latest(companyId);
    // What the watch found and told support already is not told again.
    const told = (await deps.watch?.openSteps(companyId)) ?? new Set();
    for (const { step, reason, state } of next.driftNotices) {
      if (told.has(step)) continue;
      const code = reason?.code ?? state;
      await store.transaction((repos) =>
        enqueueNotice(repos, {
          kind: DRIFT_KIND,
          companyId,
          idempotencyKey: `drift:${companyId}:${completion?.id ?? '-'}:${step}:${code}`,
          payload: {
            type: DRIFT_KIND,
            company: { id: companyId, name: companyName },
            detected_at: now.toISOString(),
            step,
            code,
            reason,
            message: reason ? stepReasonEnglish(reason) : state,
          },
        }),
      );
    }
  }

  /** Uninstalled or disconnected starts the retention clock; installed again stops it. */
  async function trackConnection(companyId: Id, check: CompanyCheck) {
    const app = check.steps.find((s) => s.id === 'app-installed');
    if (app?.reason?.code === 'not-installed' || app?.reason?.code === 'not-connected')
      await store.companySettings.markDisconnected(companyId);
    else if (app?.state === 'complete') await store.companySettings.markConnected(companyId);
  }

  /** The latest completion: the badge's, or the one the company has drifted from since. */
  async function completion(companyId: Id): Promise<Completion | null> {
    const latest = await store.completions.latest(companyId);
    if (!latest) return null;
    const support = await supportState(companyId);
    const [run] = await store.runs.listForCompany(companyId, { limit: 1 });
    return {
      id: latest.id,
      runId: run?.id ?? null,
      completedAt: latest.completedAt.toISOString(),
      completedBy: latest.completedBy ?? { id: '', name: 'SALUS Setup' },
      supportNotice:
        support.status === 'delivered'
          ? 'delivered'
          : support.status === 'held'
            ? 'held'
            : 'queued',
    };
  }

  const companyName = (viewerCompanies: { id: Id; name: string }[], companyId: Id) =>
    viewerCompanies.find((c) => c.id === companyId)?.name ?? companyId;

  return {
    context,

    /**
     * Whether the viewer has Admin on the company Directory, read now with one request: what a
     * write that must not wait for a whole check (cancelling a run) needs to know.
     */
    async isDirectoryAdmin(viewer: Viewer, companyId: Id, signal?: AbortSignal): Promise<boolean> {
      const ctx = await context(viewer, companyId, { signal });
      return isDirectoryAdmin(await ctx.user.settingsPermissions(companyId, { signal }));
    },

    /** Checks live, records the result, and returns the full check for further use. */
    async check(
      viewer: Viewer,
      companyId: Id,
      name: string,
      options: { skipProjectReads?: boolean; signal?: AbortSignal } = {},
    ): Promise<{ ctx: SetupContext; check: CompanyCheck }> {
      const ctx = await context(viewer, companyId, options);
      let check = await checkCompany(ctx, await supportState(companyId));
      await rememberHourlyLimits(viewer, companyId);
      await trackConnection(companyId, check);
      // A check that left projects to a running fix records nothing: the run's end re-checks.
      if (options.skipProjectReads) return { ctx, check: { ...check, complete: false } };
      // Whether the company counts as complete: this check, or a full view's when ours is limited.
      const own = check;
      check = { ...check, complete: await record(companyId, name, check, viewer.user) };
      // The watch learns from this check's own view (a limited view is not a baseline).
      await deps.watch?.afterCheck(companyId, own).catch((error: unknown) => {
        deps.log?.('the watch could not take this check', { companyId, error: String(error) });
      });
      if (check.complete) {
        // The completion (and its notice) may have just been created: report it.
        check = { ...check, steps: await refreshSupportStep(check.steps, companyId) };
      }
      return { ctx, check };
    },

    async status(
      viewer: Viewer,
      companyId: Id,
      companies: { id: Id; name: string }[],
      options: { skipProjectReads?: boolean; signal?: AbortSignal } = {},
    ): Promise<{
      status: Omit<CompanyStatus, 'activeRun'>;
      check: CompanyCheck;
      ctx: SetupContext;
    }> {
      const name = companyName(companies, companyId);
      const { ctx, check } = await this.check(viewer, companyId, name, options);
      return {
        ctx,
        check,
        status: {
          companyId,
          companyName: name,
          webBaseUrl: check.webBaseUrl ?? 'https://app.procore.com',
          checkedAt: new Date().toISOString(),
          viewer: { canFix: check.canFix },
          steps: check.steps,
          complete: check.complete,
          completion: await completion(companyId),
          watch:
            (await deps.watch?.view(
              companyId,
              check.facts.access?.ok ? check.facts.access.value.active : undefined,
            )) ?? null,
          autoRepair: (await deps.autoRepair?.(companyId)) ?? autoRepairOf(null),
        },
      };
    },

    /**
     * What the watch has recorded, from our store only (no Procore request): what an open
     * checklist asks every few seconds to learn of a new finding without re-checking Procore.
     */
    async watch(companyId: Id) {
      return (await deps.watch?.view(companyId)) ?? null;
    },

    async plan(viewer: Viewer, ctx: SetupContext, check: CompanyCheck): Promise<FixPlan> {
      return buildPlan(ctx, check.facts, check.steps, {
        now: new Date(access.now()),
        budget: await userBudget(viewer, ctx.companyId),
      });
    },

    userBudget,
    hourlyLimit,
    now: access.now,

    /** The projects behind the project-access step, a page at a time, searchable. */
    projects(
      ctx: SetupContext,
      check: CompanyCheck,
      filter: 'missing' | 'wrong-template' | 'inactive',
      options: { search?: string; page: number; perPage: number },
    ): ProjectPage {
      const access = check.facts.access?.ok ? check.facts.access.value : null;
      const template = requiredTemplates(check.facts, ctx).project;
      let items: ProjectPage['items'] = [];
      if (access) {
        const summary = summarizeAccess(access, template?.id ?? null);
        const names = new Map<Id, string>();
        if (check.facts.projectTemplates.ok)
          for (const t of check.facts.projectTemplates.value) names.set(t.id, t.name);
        const rows =
          filter === 'missing'
            ? summary.missing.map((p) => ({ ...p, template: null }))
            : filter === 'inactive'
              ? access.inactive.map((p) => ({ ...p, template: null }))
              : summary.wrongTemplate.map((p) => ({
                  id: p.id,
                  name: p.name,
                  projectNumber: p.projectNumber,
                  template: p.templateId ? (names.get(p.templateId) ?? `#${p.templateId}`) : null,
                }));
        const search = options.search?.trim().toLowerCase();
        items = search
          ? rows.filter(
              (r) =>
                r.name.toLowerCase().includes(search) ||
                (r.projectNumber ?? '').toLowerCase().includes(search) ||
                r.id === search,
            )
          : rows;
      }
      const start = (options.page - 1) * options.perPage;
      return {
        items: items.slice(start, start + options.perPage),
        page: options.page,
        perPage: options.perPage,
        total: items.length,
      };
    },
  };

  async function refreshSupportStep(steps: StepResult[], companyId: Id): Promise<StepResult[]> {
    const support = await supportState(companyId);
    return steps.map((step) =>
      step.id === 'support-notified' ? checkSupportNotified({ support }) : step,
    );
  }
}

export type CompanyService = ReturnType<typeof createCompanyService>;
