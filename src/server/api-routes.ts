import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type {
  CheckState,
  CompanyStatus,
  Plan,
  ProcoreBusy,
  ProjectPage,
  StepId,
  SupportCompanyRow,
  UndoPlanSummary,
} from '../api/contract.ts';
import type { Id } from '../procore/index.ts';
import type { SetupContext } from '../setup/context.ts';
import { planHasWork, toApiPlan, type FixPlan } from '../setup/plan.ts';
import type { CompanyCheck } from '../setup/check.ts';
import { toApiUndoPlan, undoHasWork } from '../setup/undo.ts';
import type { CompanyService, Viewer } from './company-service.ts';
import type { Config } from './config.ts';
import type { ProcoreAccess } from './procore-access.ts';
import { toCsv } from './csv.ts';
import { stepReasonEnglish } from './english.ts';
import { HttpError } from './errors.ts';
import { createFlights, DEFAULT_FLIGHT_OPTIONS, StillWorkingError } from './interactive.ts';
import type { RunManager } from './run-manager.ts';
import { resolveSession } from './sessions.ts';
import { ActiveRunExistsError, type Session, type Store } from './store/index.ts';

/**
 * The app API the SPA calls (contract.ts). Every company route checks that the company is one the
 * signed-in Procore user could see at sign-in; writes and the report re-check that with Procore,
 * and writes also need Directory admin, decided by a live check.
 */

const companyParam = z.object({ cid: z.string().regex(/^\d{1,20}$/) });
const runParam = z.object({ runId: z.string().uuid() });
const projectsQuery = z.object({
  filter: z.enum(['missing', 'wrong-template', 'inactive']).default('missing'),
  search: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(200).default(50),
});

/** A check or a plan stays usable for paging and applying for a short while. */
const CHECK_TTL_MS = 60_000;
const PLAN_TTL_MS = 10 * 60_000;
/** When the screen asks again after "Procore is busy". */
const BUSY_RETRY_SECONDS = 5;

interface Cached {
  ctx: SetupContext;
  check: CompanyCheck;
  at: number;
}

export function registerApiRoutes(
  app: FastifyInstance,
  deps: {
    config: Config;
    store: Store;
    companies: CompanyService;
    runs: RunManager;
    access: ProcoreAccess;
    interactiveDeadlineMs?: number;
  },
) {
  const { config, store, companies, runs, access } = deps;
  const flights = createFlights<Awaited<ReturnType<CompanyService['status']>>>({
    ...DEFAULT_FLIGHT_OPTIONS,
    deadlineMs: deps.interactiveDeadlineMs ?? DEFAULT_FLIGHT_OPTIONS.deadlineMs,
  });
  // Checks still going for a screen that got "busy" end with the server.
  app.addHook('preClose', async () => flights.abortAll(new Error('server shutting down')));
  const checks = new Map<string, Cached>();
  const plans = new Map<string, { plan: FixPlan; at: number }>();

  async function viewerOf(request: FastifyRequest): Promise<{ viewer: Viewer; session: Session }> {
    const resolved = await resolveSession(request, store);
    if (!resolved) throw new HttpError(401, 'unauthenticated', 'Sign in with Procore to continue.');
    const { session, sessionId } = resolved;
    return {
      viewer: {
        sessionId,
        user: { id: session.procoreUserId, name: session.name ?? session.login ?? '' },
      },
      session,
    };
  }

  /** The company id comes from the URL, so it is untrusted until found in the user's companies. */
  async function companyAccess(request: FastifyRequest) {
    const { cid } = companyParam.parse(request.params);
    const { viewer, session } = await viewerOf(request);
    if (!session.companies.some((c) => c.id === cid)) {
      throw new HttpError(403, 'forbidden', 'You do not have access to this company in Procore.');
    }
    return { cid, viewer, session };
  }

  /**
   * The companies listed at sign-in can be days old. Before a write or a report download, Procore
   * is asked, as the viewer, whether they can still see the company (one request).
   */
  async function stillHasAccess(viewer: Viewer, cid: Id) {
    const list = await access.userClient(viewer.sessionId, viewer.user.id, cid).companies();
    if (!list.some((c) => c.id === cid && c.is_active)) {
      throw new HttpError(
        403,
        'forbidden',
        'You no longer have access to this company in Procore.',
      );
    }
  }

  /** `companyAccess`, re-checked live with Procore (writes). */
  async function liveCompanyAccess(request: FastifyRequest) {
    const found = await companyAccess(request);
    await stillHasAccess(found.viewer, found.cid);
    return found;
  }

  /** `runOf`, with the run's company re-checked live with Procore (writes, the report). */
  async function liveRunOf(request: FastifyRequest) {
    const found = await runOf(request);
    await stillHasAccess(found.viewer, found.run.companyId);
    return found;
  }

  const cacheKey = (viewer: Viewer, cid: Id) => `${viewer.sessionId}:${cid}`;

  /**
   * A live check for the screen, within the interactive deadline (interactive.ts): one flight per
   * viewer and company, joined by every request that asks meanwhile; past the deadline the answer
   * is "Procore is busy" with what the last finished check found.
   */
  async function freshStatus(
    viewer: Viewer,
    session: Session,
    cid: Id,
    reply: FastifyReply,
    options: { skipProjectReads?: boolean } = {},
  ) {
    const key = `${cacheKey(viewer, cid)}:${options.skipProjectReads ? 'run' : 'all'}`;
    try {
      return await flights.join(key, reply, async (signal) => {
        const result = await companies.status(viewer, cid, session.companies, {
          ...options,
          signal,
        });
        // A check that left the projects to a running fix is not one to page or plan from.
        if (!options.skipProjectReads)
          checks.set(cacheKey(viewer, cid), {
            ctx: result.ctx,
            check: result.check,
            at: Date.now(),
          });
        return result;
      });
    } catch (error) {
      if (!(error instanceof StillWorkingError)) throw error;
      throw new HttpError(503, 'procore-busy', error.message, { busy: await busy(cid) });
    }
  }

  /** What the last finished check of the company found (the store's record of it). */
  async function busy(cid: Id): Promise<ProcoreBusy> {
    const last = await store.companyStatus.get(cid);
    const steps = (last?.snapshot as { steps?: { id: StepId; state: CheckState }[] } | null)?.steps;
    return {
      retryAfterSeconds: BUSY_RETRY_SECONDS,
      known:
        last && steps
          ? {
              checkedAt: last.checkedAt.toISOString(),
              steps: steps.map((step) => ({ id: step.id, state: step.state })),
            }
          : null,
    };
  }

  async function cachedCheck(
    viewer: Viewer,
    session: Session,
    cid: Id,
    reply: FastifyReply,
  ): Promise<Cached> {
    const hit = checks.get(cacheKey(viewer, cid));
    if (hit && Date.now() - hit.at < CHECK_TTL_MS) return hit;
    await freshStatus(viewer, session, cid, reply);
    return checks.get(cacheKey(viewer, cid))!;
  }

  async function runOf(request: FastifyRequest) {
    const { runId } = runParam.parse(request.params);
    const { viewer, session } = await viewerOf(request);
    const run = await store.runs.get(runId);
    if (!run || !session.companies.some((c) => c.id === run.companyId)) {
      throw new HttpError(404, 'not-found', 'No such run.');
    }
    return { run, viewer, session };
  }

  app.get('/api/companies/:cid/status', async (request, reply): Promise<CompanyStatus> => {
    const { cid, viewer, session } = await companyAccess(request);
    // While a fix runs, its progress is the news: the projects are checked once it ends.
    const activeRun = await runs.activeFor(cid);
    const running = activeRun?.status === 'running';
    const { status } = await freshStatus(viewer, session, cid, reply, {
      skipProjectReads: running,
    });
    return { ...status, activeRun };
  });

  app.get('/api/companies/:cid/plan', async (request, reply): Promise<Plan> => {
    const { cid, viewer, session } = await companyAccess(request);
    // The review follows the checklist: its facts serve when at most a minute old.
    const { ctx, check } = await cachedCheck(viewer, session, cid, reply);
    const plan = await companies.plan(viewer, ctx, check);
    plans.set(cacheKey(viewer, cid), { plan, at: Date.now() });
    return toApiPlan(plan);
  });

  app.post('/api/companies/:cid/runs', async (request, reply) => {
    const { cid, viewer, session } = await liveCompanyAccess(request);
    // StartRunRequest: a trial applies to one project, re-checks it, and pauses.
    const { trial } =
      z.object({ trial: z.boolean().optional() }).optional().parse(request.body) ?? {};
    const { ctx, check } = await cachedCheck(viewer, session, cid, reply);
    if (!check.canFix) {
      throw new HttpError(
        403,
        'not-admin',
        'Changing the SALUS account needs Admin on the company Directory.',
      );
    }
    // Apply exactly what was reviewed, unless the review is old.
    const reviewed = plans.get(cacheKey(viewer, cid));
    const plan =
      reviewed && Date.now() - reviewed.at < PLAN_TTL_MS
        ? reviewed.plan
        : await companies.plan(viewer, ctx, check);
    if (plan.blockedBy) {
      const reason = check.steps.find((s) => s.id === plan.blockedBy?.step)?.reason;
      throw new HttpError(
        409,
        'conflict',
        `Nothing can be applied: ${reason ? stepReasonEnglish(reason) : plan.blockedBy.step}`,
      );
    }
    if (!planHasWork(plan)) throw new HttpError(409, 'conflict', 'Nothing needs to change.');
    try {
      const name = session.companies.find((c) => c.id === cid)?.name ?? cid;
      const progress = await runs.start(viewer, name, plan, { trial });
      plans.delete(cacheKey(viewer, cid));
      checks.delete(cacheKey(viewer, cid));
      return reply.code(201).send(progress);
    } catch (error) {
      if (error instanceof ActiveRunExistsError) {
        throw new HttpError(409, 'conflict', 'A fix is already running for this company.');
      }
      throw error;
    }
  });

  app.get('/api/companies/:cid/runs/current', async (request, reply) => {
    const { cid } = await companyAccess(request);
    const active = await runs.activeFor(cid);
    if (active) return active;
    const latest = await runs.latestFor(cid);
    return latest ? runs.get(latest.id) : reply.code(204).send();
  });

  app.get('/api/companies/:cid/projects', async (request, reply): Promise<ProjectPage> => {
    const { cid, viewer, session } = await companyAccess(request);
    const query = projectsQuery.parse(request.query);
    const { ctx, check } = await cachedCheck(viewer, session, cid, reply);
    return companies.projects(ctx, check, query.filter, query);
  });

  app.post('/api/companies/:cid/service-account', async (request, reply) => {
    const { cid, viewer, session } = await liveCompanyAccess(request);
    const { userId } = z.object({ userId: z.string().regex(/^\d{1,20}$/) }).parse(request.body);
    const { check } = await cachedCheck(viewer, session, cid, reply);
    // The choice decides which user the admin's fix will write to: only an admin may make it.
    if (!check.canFix) {
      throw new HttpError(
        403,
        'not-admin',
        'Choosing the SALUS account needs Admin on the company Directory.',
      );
    }
    const account = check.facts.account;
    const candidates =
      account.kind === 'several'
        ? account.candidates
        : account.kind === 'found'
          ? [account.user]
          : [];
    if (!candidates.some((c) => c.id === userId)) {
      throw new HttpError(
        400,
        'bad-request',
        'That user is not one of the SALUS account candidates.',
      );
    }
    await store.companySettings.setChosenAccount(cid, userId);
    checks.delete(cacheKey(viewer, cid));
    return { ok: true };
  });

  app.get('/api/runs/:runId', async (request) => {
    const { run } = await runOf(request);
    return runs.get(run.id);
  });

  async function resume(request: FastifyRequest, reply: FastifyReply, retryFailed: boolean) {
    const { run, viewer, session } = await liveRunOf(request);
    const { check } = await cachedCheck(viewer, session, run.companyId, reply);
    if (!check.canFix)
      throw new HttpError(403, 'not-admin', 'Resuming a fix needs Admin on the company Directory.');
    return runs.resume(run.id, viewer, { retryFailed });
  }
  app.post('/api/runs/:runId/resume', (request, reply) => resume(request, reply, false));
  app.post('/api/runs/:runId/retry-failed', (request, reply) => resume(request, reply, true));

  async function undoPlanOf(request: FastifyRequest, live = false) {
    const { run, viewer, session } = await (live ? liveRunOf : runOf)(request);
    const undo = await runs.undoPlan(run);
    if ('refused' in undo) throw new HttpError(409, 'conflict', undo.refused);
    return { run, undo, viewer, session };
  }

  app.get('/api/runs/:runId/undo-plan', async (request): Promise<UndoPlanSummary> => {
    return toApiUndoPlan((await undoPlanOf(request)).undo);
  });

  app.post('/api/runs/:runId/undo', async (request, reply) => {
    const { run, undo, viewer, session } = await undoPlanOf(request, true);
    const { check } = await cachedCheck(viewer, session, run.companyId, reply);
    if (!check.canFix) {
      throw new HttpError(403, 'not-admin', 'Undoing a fix needs Admin on the company Directory.');
    }
    if (!undoHasWork(undo)) throw new HttpError(409, 'conflict', 'Nothing needs to change.');
    try {
      const name = session.companies.find((c) => c.id === run.companyId)?.name ?? run.companyId;
      const progress = await runs.startUndo(viewer, name, undo);
      checks.delete(cacheKey(viewer, run.companyId));
      return reply.code(201).send(progress);
    } catch (error) {
      if (error instanceof ActiveRunExistsError) {
        throw new HttpError(409, 'conflict', 'A fix is already running for this company.');
      }
      throw error;
    }
  });

  app.get('/api/runs/:runId/report.csv', async (request, reply) => {
    const { run } = await liveRunOf(request);
    const [items, audit] = await Promise.all([
      store.ledger.page(run.id, { limit: 1_000_000 }),
      store.audit.listForRun(run.id),
    ]);
    const accountRows = audit
      .filter((entry) => entry.target.startsWith('user:'))
      .map((entry) => [
        'account',
        entry.target.slice(5),
        '',
        'update',
        'changed',
        entry.field,
        '',
        entry.oldValue,
        entry.newValue,
        entry.actor.name,
        entry.at.toISOString(),
      ]);
    const projectRows = items.items.map((item) => [
      'project',
      item.projectId,
      item.projectName,
      item.action,
      item.outcome,
      item.code,
      item.message,
      // A removal takes the template away; other outcomes report the template given.
      item.action === 'remove' ? item.templateId : '',
      item.outcome === 'failed' || item.outcome === 'skipped' || item.action === 'remove'
        ? ''
        : item.templateId,
      // Made with the sign-in of whoever resumed the run, from then on.
      run.resumedBy && item.updatedAt >= run.resumedBy.at ? run.resumedBy.name : run.startedBy.name,
      item.updatedAt.toISOString(),
    ]);
    const csv = toCsv(
      [
        'target',
        'id',
        'name',
        'action',
        'outcome',
        'field_or_code',
        'message',
        'old_value',
        'new_value',
        'by',
        'at',
      ],
      [...accountRows, ...projectRows],
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header(
        'Content-Disposition',
        `attachment; filename="salus-setup-${run.companyId}-${run.id.slice(0, 8)}.csv"`,
      )
      .send(csv);
  });

  /** SALUS support: a separate credential, never a Procore session. */
  function requireSupport(request: FastifyRequest) {
    if (!config.supportToken) {
      if (config.mode === 'demo') return;
      throw new HttpError(404, 'not-found', 'The support view is not enabled on this server.');
    }
    const given = Buffer.from(request.headers.authorization?.replace(/^Bearer\s+/, '') ?? '');
    const expected = Buffer.from(config.supportToken);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpError(401, 'unauthenticated', 'The support token is missing or wrong.');
    }
  }

  app.get('/api/support/companies', async (request): Promise<SupportCompanyRow[]> => {
    requireSupport(request);
    const query = z
      .object({ search: z.string().max(200).optional(), state: z.string().max(40).optional() })
      .parse(request.query);
    const page = await store.companyStatus.list({
      search: query.search,
      state: query.state,
      limit: 500,
    });
    const active = new Set((await store.runs.listActive()).map((r) => r.companyId));
    return page.items.map((row) => ({
      companyId: row.companyId,
      companyName: row.companyName,
      state: active.has(row.companyId)
        ? 'running'
        : ((['complete', 'needs-attention', 'drifted'] as const).find((st) => st === row.state) ??
          'unknown'),
      drift: (row.snapshot as { drift?: SupportCompanyRow['drift'] } | null)?.drift ?? null,

      checkedAt: row.checkedAt?.toISOString() ?? null,
      completedAt: row.completedAt?.toISOString() ?? null,
      problems: Array.isArray(row.problems) ? (row.problems as StepId[]) : [],
    }));
  });

  app.get('/api/support/outbox', async (request) => {
    requireSupport(request);
    const page = await store.outbox.list({ limit: 100 });
    return page.items.map((item) => ({
      id: item.id,
      kind: item.kind,
      companyId: item.companyId,
      status: item.status,
      attempts: item.attempts,
      createdAt: item.createdAt.toISOString(),
      deliveredAt: item.deliveredAt?.toISOString() ?? null,
      lastError: item.lastError,
      payload: item.payload,
    }));
  });
}
