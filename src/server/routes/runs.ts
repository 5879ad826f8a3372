import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { UndoPlanSummary } from '../../api/contract.ts';
import { toApiUndoPlan, undoHasWork } from '../../setup/undo.ts';
import { HttpError } from '../errors.ts';
import type { CompanyService } from '../company-service.ts';
import type { RunManager } from '../run-manager.ts';
import type { RepairService } from '../watch/repair.ts';
import { runCaller, runParams } from './access.ts';
import type { CheckCache } from './checks.ts';
import { runProgressResponse, undoPlanResponse } from './responses.ts';

/** A run: its progress, resuming it (or retrying its failures), cancelling it, and undoing it. */
export function runRoutes(
  app: FastifyInstance,
  deps: { runs: RunManager; checks: CheckCache; companies: CompanyService; repairs: RepairService },
) {
  const { runs, checks, companies, repairs } = deps;
  /** Automatic repair would set up again what an undo takes away: the undo turns it off. */
  const autoRepairKept = async (companyId: string) =>
    (await repairs.status(companyId)).state !== 'off';
  const api = app.withTypeProvider<ZodTypeProvider>();
  const run = { access: { company: 'from-run' } } as const;
  const runLive = { access: { company: 'from-run', live: true } } as const;
  const progress = { params: runParams, response: { 200: runProgressResponse } };
  const started = { params: runParams, response: { 201: runProgressResponse } };

  /** The run the access hook found, unless it was purged meanwhile. */
  function existing<T>(value: T | null): T {
    if (!value) throw new HttpError(404, 'not-found', 'This fix no longer exists.');
    return value;
  }

  /** Writes need Directory admin, from a check at most a minute old. */
  async function requireAdmin(request: FastifyRequest, reply: FastifyReply, what: string) {
    const { viewer, session, companyId } = runCaller(request);
    const { check } = await checks.cached(viewer, session, companyId, reply);
    if (!check.canFix)
      throw new HttpError(403, 'not-admin', `${what} needs Admin on the company Directory.`);
  }

  api.get('/api/runs/:runId', { config: run, schema: progress }, async (request) =>
    existing(await runs.get(runCaller(request).run.id)),
  );

  for (const [path, retryFailed] of [
    ['/api/runs/:runId/resume', false],
    ['/api/runs/:runId/retry-failed', true],
  ] as const) {
    api.post(path, { config: runLive, schema: progress }, async (request, reply) => {
      await requireAdmin(request, reply, 'Resuming a fix');
      const { run: found, viewer } = runCaller(request);
      return existing(await runs.resume(found.id, viewer, { retryFailed }));
    });
  }

  /**
   * Cancels a running, paused or trial-done run: a running one stops at its next item (what was
   * already sent finishes and is recorded), and the items never started are recorded cancelled.
   */
  api.post('/api/runs/:runId/cancel', { config: runLive, schema: progress }, async (request) => {
    const { run: found, viewer, companyId } = runCaller(request);
    // One read of the viewer's permissions, not a whole check: stopping must not wait.
    if (!(await companies.isDirectoryAdmin(viewer, companyId)))
      throw new HttpError(
        403,
        'not-admin',
        'Cancelling a fix needs Admin on the company Directory.',
      );
    const progress = await runs.cancel(found.id);
    if (!progress) throw new HttpError(409, 'conflict', 'This fix has already finished.');
    checks.forget(viewer, companyId);
    return progress;
  });

  api.get(
    '/api/runs/:runId/undo-plan',
    { config: run, schema: { params: runParams, response: { 200: undoPlanResponse } } },
    async (request): Promise<UndoPlanSummary> => {
      const { run: found, companyId } = runCaller(request);
      const undo = await runs.undoPlan(found);
      if ('refused' in undo) throw new HttpError(409, 'conflict', undo.refused);
      return toApiUndoPlan(undo, await autoRepairKept(companyId));
    },
  );

  api.post(
    '/api/runs/:runId/undo',
    { config: runLive, schema: started },
    async (request, reply) => {
      const { run: found, viewer, companyId, companyName } = runCaller(request);
      const undo = await runs.undoPlan(found);
      if ('refused' in undo) throw new HttpError(409, 'conflict', undo.refused);
      await requireAdmin(request, reply, 'Undoing a fix');
      if (!undoHasWork(undo)) throw new HttpError(409, 'conflict', 'Nothing needs to change.');
      const progress = await runs.startUndo(viewer, companyName, undo);
      await repairs.turnOff(companyId, viewer.user);
      checks.forget(viewer, companyId);
      return reply.code(201).send(progress);
    },
  );
}
