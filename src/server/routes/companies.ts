import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type {
  CompanyStatus,
  CompanyWatch,
  Plan,
  PlanStale,
  ProjectPage,
} from '../../api/contract.ts';
import { planHasWork, toApiPlan } from '../../setup/plan.ts';
import { fixPlanSchema } from '../../setup/plan-schema.ts';
import { planStillMatches, rereadForPlan, viewerMayApply } from '../../setup/plan-freshness.ts';
import type { CompanyService } from '../company-service.ts';
import { HttpError } from '../errors.ts';
import type { RunManager } from '../run-manager.ts';
import type { Store } from '../store/index.ts';
import { caller, companyParams } from './access.ts';
import type { CheckCache } from './checks.ts';
import {
  companyStatusResponse,
  okResponse,
  planResponse,
  projectPageResponse,
  runProgressResponse,
  watchSchema,
} from './responses.ts';

/**
 * A company: its live status, the projects behind it, the review ("dry run") and Apply, and the
 * choice among several SALUS account candidates.
 */

/** A reviewed plan may be applied this long after its facts were read. */
export const PLAN_MAX_AGE_MS = 10 * 60_000;

const id = z.string().regex(/^\d{1,20}$/);
const projectsQuery = z.object({
  filter: z.enum(['missing', 'wrong-template', 'inactive']).default('missing'),
  search: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(200).default(50),
});
/** `StartRunRequest`. */
const startRunBody = z.object({ planId: z.uuid(), trial: z.boolean().optional() });

const stale = (reason: PlanStale) =>
  new HttpError(409, 'plan-stale', 'This review can no longer be applied: review again.', {
    stale: reason,
  });

const notAdmin = (what: string) =>
  new HttpError(403, 'not-admin', `${what} needs Admin on the company Directory.`);

export function companyRoutes(
  app: FastifyInstance,
  deps: { store: Store; companies: CompanyService; runs: RunManager; checks: CheckCache },
) {
  const { store, companies, runs, checks } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const company = { access: { company: 'from-url' } } as const;
  const companyLive = { access: { company: 'from-url', live: true } } as const;

  api.get(
    '/api/companies/:cid/status',
    {
      config: company,
      schema: { params: companyParams, response: { 200: companyStatusResponse } },
    },
    async (request, reply): Promise<CompanyStatus> => {
      const { viewer, session, companyId } = caller(request);
      // While a fix runs, its progress is the news: the projects are checked once it ends.
      const activeRun = await runs.activeFor(companyId);
      const { status } = await checks.fresh(viewer, session, companyId, reply, {
        skipProjectReads: activeRun?.status === 'running',
      });
      return { ...status, activeRun };
    },
  );

  // The watch's findings, from our store only: cheap enough for an open checklist to poll.
  api.get(
    '/api/companies/:cid/watch',
    {
      config: company,
      schema: {
        params: companyParams,
        response: { 200: z.object({ watch: watchSchema.nullable() }) },
      },
    },
    async (request): Promise<CompanyWatch> => {
      const { companyId } = caller(request);
      return { watch: await companies.watch(companyId) };
    },
  );

  api.get(
    '/api/companies/:cid/projects',
    {
      config: company,
      schema: {
        params: companyParams,
        querystring: projectsQuery,
        response: { 200: projectPageResponse },
      },
    },
    async (request, reply): Promise<ProjectPage> => {
      const { viewer, session, companyId } = caller(request);
      const { ctx, check } = await checks.cached(viewer, session, companyId, reply);
      return companies.projects(ctx, check, request.query.filter, request.query);
    },
  );

  // The review follows the checklist (its facts serve when at most a minute old). A plan that
  // can be applied is kept, so Apply runs exactly it, on whichever instance it lands.
  api.get(
    '/api/companies/:cid/plan',
    { config: company, schema: { params: companyParams, response: { 200: planResponse } } },
    async (request, reply): Promise<Plan> => {
      const { viewer, session, companyId } = caller(request);
      const { ctx, check, at } = await checks.cached(viewer, session, companyId, reply);
      const plan = await companies.plan(viewer, ctx, check);
      const kept =
        !plan.blockedBy && planHasWork(plan)
          ? await store.plans.insert({
              companyId,
              madeFor: viewer.user.id,
              madeBy: { kind: 'person', ...viewer.user },
              factsAt: at,
              plan,
            })
          : null;
      return toApiPlan(plan, kept?.id ?? null);
    },
  );

  // Apply: exactly the reviewed plan, if Procore still shows what the review showed.
  api.post(
    '/api/companies/:cid/runs',
    {
      config: companyLive,
      schema: { params: companyParams, body: startRunBody, response: { 201: runProgressResponse } },
    },
    async (request, reply) => {
      const { viewer, companyId, companyName } = caller(request);
      const { planId, trial } = request.body;
      // Refused: the screen asks for a review again, which must then read Procore afresh.
      const refuse = (reason: PlanStale) => {
        checks.forget(viewer, companyId);
        return stale(reason);
      };
      const kept = await store.plans.get(planId);
      // Someone else's review, or another company's, is not told apart from none.
      if (!kept || kept.companyId !== companyId || kept.madeFor !== viewer.user.id)
        throw refuse('unknown');
      if (companies.now() - kept.factsAt.getTime() > PLAN_MAX_AGE_MS) throw refuse('expired');
      const plan = fixPlanSchema.parse(kept.plan);
      const ctx = await companies.context(viewer, companyId);
      const now = await rereadForPlan(ctx, plan);
      if (!viewerMayApply(now)) throw notAdmin('Changing the SALUS account');
      if (!planStillMatches(plan, now)) throw refuse('changed');
      // Claimed once, atomically: of two Applies racing with one review, one runs it.
      if (!(await store.plans.take(planId))) throw refuse('unknown');
      const progress = await runs.start(viewer, companyName, plan, { trial });
      checks.forget(viewer, companyId);
      return reply.code(201).send(progress);
    },
  );

  api.post(
    '/api/companies/:cid/service-account',
    {
      config: companyLive,
      schema: {
        params: companyParams,
        body: z.object({ userId: id }),
        response: { 200: okResponse },
      },
    },
    async (request, reply) => {
      const { viewer, session, companyId } = caller(request);
      const { userId } = request.body;
      const { check } = await checks.cached(viewer, session, companyId, reply);
      // The choice decides which user the admin's fix will write to: only an admin may make it.
      if (!check.canFix) throw notAdmin('Choosing the SALUS account');
      const account = check.facts.account;
      const candidates =
        account.kind === 'several'
          ? account.candidates
          : account.kind === 'found'
            ? [account.user]
            : [];
      if (!candidates.some((c) => c.id === userId))
        throw new HttpError(
          400,
          'bad-request',
          'That user is not one of the SALUS account candidates.',
        );
      await store.companySettings.setChosenAccount(companyId, userId);
      checks.forget(viewer, companyId);
      return { ok: true } as const;
    },
  );
}
