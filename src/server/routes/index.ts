import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { CompanyService } from '../company-service.ts';
import type { Config } from '../config.ts';
import type { QueueCounts } from '../jobs/queue.ts';
import type { ProcoreAccess } from '../procore-access.ts';
import type { RunManager } from '../run-manager.ts';
import type { Store } from '../store/index.ts';
import type { SupportGuard } from '../support-access.ts';
import type { RepairService } from '../watch/repair.ts';
import { registerAccessGuard } from './access.ts';
import { createCheckCache } from './checks.ts';
import { autoRepairRoutes } from './auto-repair.ts';
import { companyRoutes } from './companies.ts';
import { reportRoutes } from './reports.ts';
import { runRoutes } from './runs.ts';
import { supportRoutes } from './support.ts';

/**
 * The app API the SPA calls (contract.ts), as encapsulated plugins: the Procore user's routes
 * (companies, runs, reports) behind one access guard, and SALUS support's behind its own
 * credential. Params, queries and bodies are validated by their zod schemas, and every answer
 * goes out through its response schema (responses.ts).
 */
export async function registerApiRoutes(
  app: FastifyInstance,
  deps: {
    config: Config;
    store: Store;
    companies: CompanyService;
    runs: RunManager;
    access: ProcoreAccess;
    repairs: RepairService;
    supportGuard: SupportGuard;
    /** The job queue's counts, for the support view's footer. */
    jobCounts: () => Promise<QueueCounts[]>;
    interactiveDeadlineMs?: number;
  },
) {
  const { config, store, companies, runs, access } = deps;
  const checks = createCheckCache({
    companies,
    store,
    interactiveDeadlineMs: deps.interactiveDeadlineMs,
  });
  app.addHook('preClose', async () => checks.abortAll(new Error('server shutting down')));

  await app.register(async (user) => {
    typed(user);
    registerAccessGuard(user, { store, access });
    companyRoutes(user, { store, companies, runs, checks });
    runRoutes(user, { runs, checks, companies, repairs: deps.repairs });
    reportRoutes(user, { config, store, checks });
    autoRepairRoutes(user, { companies, repairs: deps.repairs, checks });
  });
  await app.register(async (support) => {
    typed(support);
    supportRoutes(support, {
      config,
      store,
      guard: deps.supportGuard,
      jobCounts: deps.jobCounts,
    });
  });
  return { checks };
}

/**
 * Validation and serialization by the routes' zod schemas. A route without a response schema
 * fails at start-up: what it sends would be whatever the handler returned, fields and all.
 */
export function typed(app: FastifyInstance) {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD') return;
    if (!route.schema?.response)
      throw new Error(`${String(route.method)} ${route.url} declares no response schema`);
  });
}
