import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RunReport } from '../../api/contract.ts';
import { loadRunReport } from '../run-report.ts';
import type { Config } from '../config.ts';
import { HttpError } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { runCaller, runParams } from './access.ts';
import type { CheckCache } from './checks.ts';
import { runReportResponse } from './responses.ts';

/**
 * A run's report, as data: every account field changed and every project, with its outcome,
 * whose sign-in made the change and when; for Directory admins. The SPA words it in the reader's language and saves
 * it as CSV. Re-checked live with Procore: a download leaves our hands.
 */
export function reportRoutes(
  app: FastifyInstance,
  deps: { config: Config; store: Store; checks: CheckCache },
) {
  const { config, store, checks } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/runs/:runId/report',
    {
      config: { access: { company: 'from-run', live: true } },
      schema: { params: runParams, response: { 200: runReportResponse } },
    },
    async (request, reply): Promise<RunReport> => {
      const { run, companyName, viewer, session, companyId } = runCaller(request);
      // It names every project the run touched, including ones Procore does not show everyone:
      // for Directory admins, as the fix itself is.
      const { check } = await checks.cached(viewer, session, companyId, reply);
      if (!check.canFix)
        throw new HttpError(403, 'not-admin', 'The report needs Admin on the company Directory.');
      return loadRunReport(store, run, {
        salusProjectTemplate: config.salus.projectTemplate,
        companyName,
      });
    },
  );
}
