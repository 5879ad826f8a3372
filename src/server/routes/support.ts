import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { StepId, SupportCompanyRow } from '../../api/contract.ts';
import type { Config } from '../config.ts';
import { HttpError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { appendOnRequest } from './access.ts';

/** SALUS support's view of every company: a separate credential, never a Procore session. */
export function supportRoutes(app: FastifyInstance, deps: { config: Config; store: Store }) {
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
        problems: Array.isArray(row.problems) ? (row.problems as StepId[]) : [],
      }));
    },
  );

  api.get('/api/support/outbox', async () => {
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
