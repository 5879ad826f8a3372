import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  STEP_IDS,
  type RunReport,
  type StepId,
  type SupportAccess,
  type SupportCompanyDetail,
  type SupportCompanyRow,
  type SupportJobs,
  type SupportNotice,
  type SupportOutbox,
} from '../../api/contract.ts';
import type { Config } from '../config.ts';
import { NOT_PROBLEMS } from '../../setup/completion.ts';
import { HttpError } from '../errors.ts';
import { DEAD_LETTER_QUEUES, type QueueCounts } from '../jobs/queue.ts';
import { runWork } from '../run-manager.ts';
import { buildRunReport } from '../run-report.ts';
import type { CompanyStatus, Store } from '../store/index.ts';
import { requireSupportViewer, supportViewer } from '../support-access.ts';
import { appendOnRequest, companyParams } from './access.ts';
import {
  runReportResponse,
  supportCompaniesResponse,
  supportCompanyDetailResponse,
  supportOutboxResponse,
} from './responses.ts';

/** The last check's steps, as the company record keeps them. */
const snapshotSteps = z
  .object({
    steps: z.array(z.object({ id: z.enum(STEP_IDS), state: z.string() }).passthrough()),
  })
  .passthrough()
  .nullable()
  .catch(null);

/**
 * Which steps need attention and which could not be checked, from the last check (a record
 * written before "can't check" stopped counting as a problem reads right too).
 */
function problemsOf(row: { problems: unknown; snapshot: unknown }) {
  const steps = snapshotSteps.parse(row.snapshot)?.steps;
  if (!steps) {
    return {
      problems: Array.isArray(row.problems) ? (row.problems as StepId[]) : [],
      unchecked: [],
    };
  }
  const company = steps.filter((s) => !NOT_PROBLEMS.includes(s.id));
  return {
    problems: company.filter((s) => s.state === 'needs-attention').map((s) => s.id),
    unchecked: company.filter((s) => s.state === 'cannot-check').map((s) => s.id),
  };
}

/** The footer's summary of the job queue: what waits, how long, what failed, what is dead. */
export function summarizeJobs(counts: readonly QueueCounts[]): SupportJobs {
  const live = counts.filter((c) => !DEAD_LETTER_QUEUES.includes(c.queue));
  const ages = live.map((c) => c.oldestSeconds).filter((a): a is number => a !== null);
  return {
    queued: live.reduce((n, c) => n + c.queued, 0),
    oldestSeconds: ages.length > 0 ? Math.max(...ages) : null,
    failed: live.reduce((n, c) => n + c.failed, 0),
    deadLetters: counts
      .filter((c) => DEAD_LETTER_QUEUES.includes(c.queue))
      .reduce((n, c) => n + c.queued, 0),
  };
}

/** The audit trail's name for a look at a company's data through the support view. */
export const SUPPORT_VIEW_TARGET = 'support-view';

type SupportView = SupportAccess['view'];

/**
 * Per person, not per address (support staff share an office): a brake on a script or a
 * leaked session, well above what a person clicking through the view does. Counted per route
 * (@fastify/rate-limit keeps a count per route) once the guard knows who it is (preHandler);
 * each instance counts on its own.
 */
export const supportRateLimit: RateLimitOptions = {
  max: 120,
  timeWindow: 60_000,
  hook: 'preHandler',
  keyGenerator: (request) => `support:${request.supportViewer?.key ?? `ip:${request.ip}`}`,
  errorResponseBuilder: (_request, context) =>
    new HttpError(429, 'rate-limited', `Too many support requests. Try again in ${context.after}.`),
};

const accessEntry = z.object({ via: z.enum(['sign-in', 'break-glass']) }).catch({ via: 'sign-in' });
const supportViews = z.enum(['list', 'detail', 'report', 'notices']);

/**
 * SALUS support's view of every company: its own credential (a support sign-in, or the
 * break-glass SUPPORT_TOKEN), never a Procore session. Every look at a company's data is written
 * to the audit trail with the person and the time.
 */
export function supportRoutes(
  app: FastifyInstance,
  deps: { config: Config; store: Store; jobCounts: () => Promise<QueueCounts[]> },
) {
  const { store } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  app.decorateRequest('supportViewer', null);

  // Every route of this plugin, whatever its path, after the app's own per-route hooks.
  app.addHook('onRoute', (route) =>
    appendOnRequest(route, (request) => requireSupportViewer(request, deps)),
  );
  const config = { rateLimit: supportRateLimit };

  /** Who looked at which companies' data, and how. */
  async function audit(request: FastifyRequest, view: SupportView, companyIds: Iterable<string>) {
    const viewer = supportViewer(request);
    const entries = [...new Set(companyIds)].map((companyId) => ({
      companyId,
      actor: viewer.actor,
      target: SUPPORT_VIEW_TARGET,
      field: view,
      oldValue: null,
      newValue: { via: viewer.via },
    }));
    await store.audit.append(entries);
  }

  async function activeCompanies() {
    return new Set((await store.runs.listActive()).map((r) => r.companyId));
  }

  api.get(
    '/api/support/companies',
    {
      config,
      schema: {
        querystring: z.object({
          search: z.string().max(200).optional(),
          state: z.string().max(40).optional(),
        }),
        response: { 200: supportCompaniesResponse },
      },
    },
    async (request): Promise<SupportCompanyRow[]> => {
      const page = await store.companyStatus.list({ ...request.query, limit: 500 });
      const active = await activeCompanies();
      const rows = page.items.map((row) => supportRow(row, active));
      await audit(
        request,
        'list',
        rows.map((row) => row.companyId),
      );
      return rows;
    },
  );

  api.get(
    '/api/support/companies/:cid',
    {
      config,
      schema: { params: companyParams, response: { 200: supportCompanyDetailResponse } },
    },
    async (request): Promise<SupportCompanyDetail> => {
      const { cid } = request.params;
      const status = await store.companyStatus.get(cid);
      if (!status) throw new HttpError(404, 'not-found', 'No such company has been checked.');
      await audit(request, 'detail', [cid]);
      const [latest] = await store.runs.listForCompany(cid, { limit: 1 });
      const access = await store.audit.listForCompany(cid, {
        target: SUPPORT_VIEW_TARGET,
        limit: 50,
      });
      return {
        company: supportRow(status, await activeCompanies()),
        latestRun: latest
          ? {
              id: latest.id,
              kind: latest.kind,
              status: latest.status,
              startedAt: latest.createdAt.toISOString(),
            }
          : null,
        recentAccess: access.map((entry) => ({
          at: entry.at.toISOString(),
          email: accessEntry.parse(entry.newValue).via === 'break-glass' ? null : entry.actor.name,
          via: accessEntry.parse(entry.newValue).via,
          view: supportViews.catch('detail').parse(entry.field),
        })),
      };
    },
  );

  api.get(
    '/api/support/companies/:cid/report',
    {
      config,
      schema: { params: companyParams, response: { 200: runReportResponse } },
    },
    async (request): Promise<RunReport> => {
      const { cid } = request.params;
      const [run] = await store.runs.listForCompany(cid, { limit: 1 });
      if (!run) throw new HttpError(404, 'not-found', 'This company has no fix yet.');
      await audit(request, 'report', [cid]);
      const [items, runAudit] = await Promise.all([
        store.ledger.page(run.id, { limit: 1_000_000 }),
        store.audit.listForRun(run.id),
      ]);
      const work = runWork(run);
      return buildRunReport({
        run,
        salusProjectTemplate: deps.config.salus.projectTemplate,
        companyName: work.companyName || ((await store.companyStatus.get(cid))?.companyName ?? cid),
        plan: work.plan,
        items: items.items,
        audit: runAudit,
      });
    },
  );

  /** What a notice's body says of its company and step (it is the webhook's JSON). */
  const noticeBody = z
    .object({
      company: z.object({ name: z.string() }).partial().optional(),
      step: z.enum(STEP_IDS).optional(),
    })
    .catch({});

  const outbox = { config, schema: { response: { 200: supportOutboxResponse } } };
  api.get('/api/support/outbox', outbox, async (request): Promise<SupportOutbox> => {
    const [page, counts] = await Promise.all([store.outbox.list({ limit: 100 }), deps.jobCounts()]);
    await audit(
      request,
      'notices',
      page.items.flatMap((item) => (item.companyId ? [item.companyId] : [])),
    );
    const notices = page.items.map((item): SupportNotice => {
      const body = noticeBody.parse(item.payload);
      return {
        id: item.id,
        kind: item.kind,
        companyId: item.companyId,
        companyName: body.company?.name ?? null,
        step: body.step ?? null,
        status: item.status,
        attempts: item.attempts,
        createdAt: item.createdAt.toISOString(),
        deliveredAt: item.deliveredAt?.toISOString() ?? null,
        lastError: item.lastError,
        payload: item.payload,
      };
    });
    return { notices, jobs: summarizeJobs(counts) };
  });
}

/** A company as the support list shows it. */
function supportRow(row: CompanyStatus, active: Set<string>): SupportCompanyRow {
  return {
    companyId: row.companyId,
    companyName: row.companyName,
    state: active.has(row.companyId)
      ? 'running'
      : ((['complete', 'needs-attention', 'drifted'] as const).find((st) => st === row.state) ??
        'unknown'),
    drift: (row.snapshot as { drift?: SupportCompanyRow['drift'] } | null)?.drift ?? null,
    checkedAt: row.checkedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    watch: null,
    ...problemsOf(row),
  };
}
