import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AutoRepair, AutoRepairStart } from '../../api/contract.ts';
import type { CompanyService } from '../company-service.ts';
import { HttpError } from '../errors.ts';
import type { RepairService } from '../watch/repair.ts';
import { caller, companyParams } from './access.ts';
import type { CheckCache } from './checks.ts';
import { autoRepairSchema, autoRepairStartResponse } from './responses.ts';

/**
 * Keep SALUS set up automatically (issue 20): turning it on (a consent popup whose tokens become
 * the company's repair grant) and off (the grant revoked at Procore). Both are writes: CSRF and
 * the live company check come from the route's declared access, the Directory admin check from a
 * live read of the viewer's permissions.
 */
export function autoRepairRoutes(
  app: FastifyInstance,
  deps: { companies: CompanyService; repairs: RepairService; checks: CheckCache },
) {
  const { companies, repairs, checks } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const companyLive = { access: { company: 'from-url', live: true } } as const;

  // The grant's state from the store alone (no Procore call): what the badge polls while the
  // admin allows it in Procore's window.
  api.get(
    '/api/companies/:cid/auto-repair',
    {
      config: { access: { company: 'from-url' } },
      schema: { params: companyParams, response: { 200: autoRepairSchema } },
    },
    async (request): Promise<AutoRepair> => repairs.status(caller(request).companyId),
  );

  api.post(
    '/api/companies/:cid/auto-repair',
    {
      config: companyLive,
      schema: { params: companyParams, response: { 201: autoRepairStartResponse } },
    },
    async (request, reply): Promise<AutoRepairStart> => {
      const { viewer, companyId } = caller(request);
      if (!(await companies.isDirectoryAdmin(viewer, companyId)))
        throw new HttpError(
          403,
          'not-admin',
          'Keeping SALUS set up automatically needs Admin on the company Directory.',
        );
      const start = await repairs.prepare(viewer, companyId);
      if (!start)
        throw new HttpError(
          409,
          'conflict',
          'Finish setting up SALUS first: automatic repair keeps a completed setup as it is.',
        );
      return reply.code(201).send(start);
    },
  );

  // Off: any Directory admin, or the admin whose grant it is (even once they lost the right).
  api.post(
    '/api/companies/:cid/auto-repair/off',
    { config: companyLive, schema: { params: companyParams, response: { 200: autoRepairSchema } } },
    async (request): Promise<AutoRepair> => {
      const { viewer, companyId } = caller(request);
      const current = await repairs.status(companyId);
      const own = current.admin?.id === viewer.user.id;
      if (!own && !(await companies.isDirectoryAdmin(viewer, companyId)))
        throw new HttpError(
          403,
          'not-admin',
          'Turning automatic repair off needs Admin on the company Directory.',
        );
      await repairs.turnOff(companyId, viewer.user);
      checks.forget(viewer, companyId);
      return repairs.status(companyId);
    },
  );
}
