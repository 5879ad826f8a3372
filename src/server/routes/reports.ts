import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RunReport } from '../../api/contract.ts';
import { buildRunReport } from '../run-report.ts';
import { runWork } from '../run-manager.ts';
import type { Config } from '../config.ts';
import type { Store } from '../store/index.ts';
import { runCaller, runParams } from './access.ts';

/**
 * A run's report, as data: every account field changed and every project, with its outcome,
 * whose sign-in made the change and when. The SPA words it in the reader's language and saves
 * it as CSV. Re-checked live with Procore: a download leaves our hands.
 */
export function reportRoutes(app: FastifyInstance, deps: { config: Config; store: Store }) {
  const { config, store } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/runs/:runId/report',
    { config: { access: { company: 'from-run', live: true } }, schema: { params: runParams } },
    async (request): Promise<RunReport> => {
      const { run, companyName } = runCaller(request);
      const [items, audit] = await Promise.all([
        store.ledger.page(run.id, { limit: 1_000_000 }),
        store.audit.listForRun(run.id),
      ]);
      const work = runWork(run);
      return buildRunReport({
        run,
        salusProjectTemplate: config.salus.projectTemplate,
        companyName: work.companyName || companyName,
        plan: work.plan,
        items: items.items,
        audit,
      });
    },
  );
}
