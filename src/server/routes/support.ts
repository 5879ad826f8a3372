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
  type SupportWatch,
  type SupportJobs,
  type SupportNotice,
  type SupportOutbox,
} from '../../api/contract.ts';
import type { Config } from '../config.ts';
import { NOT_PROBLEMS } from '../../setup/completion.ts';
import { HttpError } from '../errors.ts';
import { DEAD_LETTER_QUEUES, type QueueCounts } from '../jobs/queue.ts';
import { supportRateLimit } from '../rate-limits.ts';
import { loadRunReport } from '../run-report.ts';
import { SUPPORT_VIEW_TARGET, type CompanyStatus, type Store } from '../store/index.ts';
import { supportViewer, type SupportGuard } from '../support-access.ts';
import { driftView, type CompanyWatch, type DriftRecord } from '../store/watch.ts';
import { autoRepairOf } from '../watch/repair.ts';
import { watchView } from '../watch/service.ts';
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

type SupportView = SupportAccess['view'];

/**
 * A person's looks at the same company through the same view within this long are one row of
 * the audit trail: a list of 500 companies reloaded all afternoon is not 500 rows a minute, and
 * a company's "recent support access" still shows who looked, how and about when.
 */
export const SUPPORT_VIEW_AUDIT_WINDOW_MS = 10 * 60_000;

const accessEntry = z.object({ via: z.enum(['sign-in', 'break-glass']) }).catch({ via: 'sign-in' });
const supportViews = z.enum(['list', 'detail', 'report', 'notices']);

/**
 * SALUS support's view of every company: its own credential (a support sign-in, or the
 * break-glass SUPPORT_TOKEN), never a Procore session. Every look at a company's data is written
 * to the audit trail with the person and the time.
 */
export function supportRoutes(
  app: FastifyInstance,
  deps: {
    config: Config;
    store: Store;
    guard: SupportGuard;
    jobCounts: () => Promise<QueueCounts[]>;
  },
) {
  const { store, guard } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  app.decorateRequest('supportViewer', null);

  // Every route of this plugin, whatever its path, after the app's own per-route hooks.
  app.addHook('onRoute', (route) => appendOnRequest(route, guard.requireViewer));
  const config = { rateLimit: supportRateLimit };

  /** Who looked at which companies' data, and how. */
  async function audit(request: FastifyRequest, view: SupportView, companyIds: string[]) {
    const viewer = supportViewer(request);
    await store.audit.recordSupportView(
      { actor: viewer.actor, view, via: viewer.via, companyIds },
      SUPPORT_VIEW_AUDIT_WINDOW_MS,
    );
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
      const watches = await store.watch.summaries(page.items.map((row) => row.companyId));
      const rows = page.items.map((row) => supportRow(row, active, watches));
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
        company: supportRow(status, await activeCompanies(), await store.watch.summaries([cid])),
        latestRun: latest
          ? {
              id: latest.id,
              kind: latest.kind,
              origin: latest.origin,
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
        watchDrift: (await store.watch.openDrift(cid)).map(driftView),
        autoRepair: autoRepairOf(await store.repairGrants.get(cid)),
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
      return loadRunReport(store, run, {
        salusProjectTemplate: deps.config.salus.projectTemplate,
        companyName: (await store.companyStatus.get(cid))?.companyName ?? cid,
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

type WatchSummary = { watch: CompanyWatch; drift: DriftRecord[] };

/** A company's watch as the support view shows it. */
function supportWatch(found: WatchSummary | undefined): SupportWatch | null {
  if (!found) return null;
  const view = watchView(found.watch, found.drift);
  return {
    state: view.state,
    events: view.events,
    lastVerifiedAt: view.lastVerifiedAt,
    lastEventAt: view.lastEventAt,
    newProjectsUnverifiedSince: view.newProjectsUnverifiedSince,
    openDrift: view.drift.length,
    driftSince: view.drift[0]?.since ?? null,
    driftKinds: [...new Set(view.drift.map((d) => d.kind))],
  };
}

/** A company as the support list shows it. */
function supportRow(
  row: CompanyStatus,
  active: Set<string>,
  watches: Map<string, WatchSummary>,
): SupportCompanyRow {
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
    watch: supportWatch(watches.get(row.companyId)),
    ...problemsOf(row),
  };
}
