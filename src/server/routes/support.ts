import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  STEP_IDS,
  type StepId,
  type SupportCompanyRow,
  type SupportJobs,
  type SupportNotice,
  type SupportOutbox,
} from '../../api/contract.ts';
import type { Config } from '../config.ts';
import { NOT_PROBLEMS } from '../../setup/completion.ts';
import { HttpError } from '../errors.ts';
import { DEAD_LETTER_QUEUES, type QueueCounts } from '../jobs/queue.ts';
import type { Store } from '../store/index.ts';
import { appendOnRequest } from './access.ts';
import { supportCompaniesResponse, supportOutboxResponse } from './responses.ts';

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

/** SALUS support's view of every company: a separate credential, never a Procore session. */
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

export function supportRoutes(
  app: FastifyInstance,
  deps: { config: Config; store: Store; jobCounts: () => Promise<QueueCounts[]> },
) {
  const { config, store } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

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
  // Every route of this plugin, whatever its path, after the app's own per-route hooks.
  app.addHook('onRoute', (route) =>
    appendOnRequest(route, async (request) => requireSupport(request)),
  );

  api.get(
    '/api/support/companies',
    {
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
        ...problemsOf(row),
      }));
    },
  );

  /** What a notice's body says of its company and step (it is the webhook's JSON). */
  const noticeBody = z
    .object({
      company: z.object({ name: z.string() }).partial().optional(),
      step: z.enum(STEP_IDS).optional(),
    })
    .catch({});

  const outbox = { schema: { response: { 200: supportOutboxResponse } } };
  api.get('/api/support/outbox', outbox, async (): Promise<SupportOutbox> => {
    const [page, counts] = await Promise.all([store.outbox.list({ limit: 100 }), deps.jobCounts()]);
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
