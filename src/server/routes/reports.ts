import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { toCsv } from '../csv.ts';
import type { Store } from '../store/index.ts';
import { runCaller, runParams } from './access.ts';

/**
 * A run's report as CSV: every account field changed and every project, with its outcome, who
 * made the change (with whose sign-in) and when. Re-checked live: a download leaves our hands.
 */
export function reportRoutes(app: FastifyInstance, deps: { store: Store }) {
  const { store } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/runs/:runId/report.csv',
    { config: { access: { company: 'from-run', live: true } }, schema: { params: runParams } },
    async (request, reply) => {
      const { run } = runCaller(request);
      const [items, audit] = await Promise.all([
        store.ledger.page(run.id, { limit: 1_000_000 }),
        store.audit.listForRun(run.id),
      ]);
      const accountRows = audit
        .filter((entry) => entry.target.startsWith('user:'))
        .map((entry) => [
          'account',
          entry.target.slice(5),
          '',
          'update',
          'changed',
          entry.field,
          '',
          entry.oldValue,
          entry.newValue,
          entry.actor.name,
          entry.at.toISOString(),
        ]);
      const projectRows = items.items.map((item) => [
        'project',
        item.projectId,
        item.projectName,
        item.action,
        item.outcome,
        item.code,
        item.message,
        // A removal takes the template away; other outcomes report the template given.
        item.action === 'remove' ? item.templateId : '',
        item.outcome === 'failed' ||
        item.outcome === 'skipped' ||
        item.outcome === 'cancelled' ||
        item.action === 'remove'
          ? ''
          : item.templateId,
        // Made with the sign-in of whoever resumed the run, from then on.
        run.resumedBy && item.updatedAt >= run.resumedBy.at
          ? run.resumedBy.name
          : run.startedBy.name,
        item.updatedAt.toISOString(),
      ]);
      const csv = toCsv(
        [
          'target',
          'id',
          'name',
          'action',
          'outcome',
          'field_or_code',
          'message',
          'old_value',
          'new_value',
          'by',
          'at',
        ],
        [...accountRows, ...projectRows],
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'Content-Disposition',
          `attachment; filename="salus-setup-${run.companyId}-${run.id.slice(0, 8)}.csv"`,
        )
        .send(csv);
    },
  );
}
