import type { Queryable } from './db.ts';
import { json, ms, ts, type Actor, type Clock } from './shared.ts';

/** One field this app changed in Procore, with its value before and after. */
export interface AuditEntry {
  /** bigserial, as a decimal string. */
  id: string;
  companyId: string;
  runId: string | null;
  actor: Actor;
  at: Date;
  /** What was changed, e.g. 'user:<id>' or 'project:<id>'. */
  target: string;
  field: string;
  oldValue: unknown;
  newValue: unknown;
}

export interface NewAuditEntry {
  companyId: string;
  runId?: string | null;
  actor: Actor;
  target: string;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  at?: Date;
}

interface Row {
  id: string;
  company_id: string;
  run_id: string | null;
  actor_id: string;
  actor_name: string;
  at: Date;
  target: string;
  field: string;
  old_value: unknown;
  new_value: unknown;
}

const toEntry = (row: Row): AuditEntry => ({
  id: row.id,
  companyId: row.company_id,
  runId: row.run_id,
  actor: { id: row.actor_id, name: row.actor_name },
  at: row.at,
  target: row.target,
  field: row.field,
  oldValue: row.old_value,
  newValue: row.new_value,
});

const columns = `id::text AS id, company_id, run_id, actor_id, actor_name, at, target, field,
  old_value, new_value`;

/** The audit trail's name for a look at a company's data through the support view. */
export const SUPPORT_VIEW_TARGET = 'support-view';

/**
 * Append-only record of every change the app made in Procore, and of every look SALUS support
 * took at a company's data (`target: 'support-view'`, `field`: which view).
 */
export function auditRepository(db: Queryable, now: Clock) {
  return {
    async append(entries: NewAuditEntry | readonly NewAuditEntry[]): Promise<void> {
      const list = ([] as NewAuditEntry[]).concat(entries);
      if (list.length === 0) return;
      const at = now();
      // ids follow the order given: `n` keeps the array order through the SELECT.
      await db.query(
        `INSERT INTO audit (company_id, run_id, actor_id, actor_name, at, target, field,
           old_value, new_value)
         SELECT company_id, run_id, actor_id, actor_name, at, target, field, old_value, new_value
         FROM jsonb_to_recordset($1::jsonb) AS x (n int, company_id text, run_id text,
           actor_id text, actor_name text, at timestamptz, target text, field text,
           old_value jsonb, new_value jsonb)
         ORDER BY n`,
        [
          json(
            list.map((entry, n) => ({
              n,
              company_id: entry.companyId,
              run_id: entry.runId ?? null,
              actor_id: entry.actor.id,
              actor_name: entry.actor.name,
              at: ts(entry.at ?? at),
              target: entry.target,
              field: entry.field,
              old_value: entry.oldValue ?? null,
              new_value: entry.newValue ?? null,
            })),
          ),
        ],
      );
    },

    /**
     * Records that someone in support looked at these companies' data through one view (the
     * view is the row's `field`, how they were let in its `new_value`), once per person, view and
     * company within `withinMs`: reloading a list of 500 companies adds no rows, a look after a
     * pause does.
     */
    async recordSupportView(
      look: { actor: Actor; view: string; via: string; companyIds: readonly string[] },
      withinMs: number,
    ): Promise<void> {
      const companyIds = [...new Set(look.companyIds)];
      if (companyIds.length === 0) return;
      const at = now();
      // `target` is written out (not a parameter) so the check reads the partial index.
      await db.query(
        `INSERT INTO audit (company_id, actor_id, actor_name, at, target, field, new_value)
         SELECT c.company_id, $2, $3, $4::timestamptz, '${SUPPORT_VIEW_TARGET}', $5, $6::jsonb
         FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS c (company_id, n)
         WHERE NOT EXISTS (
           SELECT 1 FROM audit a
           WHERE a.target = '${SUPPORT_VIEW_TARGET}' AND a.company_id = c.company_id
             AND a.actor_id = $2 AND a.field = $5 AND a.at > $7::timestamptz)
         ORDER BY c.n`,
        [
          json(companyIds),
          look.actor.id,
          look.actor.name,
          ts(at),
          look.view,
          json({ via: look.via }),
          ms(at, -withinMs),
        ],
      );
    },

    /** Newest first; pass the last id seen as `beforeId` for the next page. */
    async listForCompany(
      companyId: string,
      options: { limit?: number; beforeId?: string; target?: string } = {},
    ): Promise<AuditEntry[]> {
      const rows = await db.query<Row>(
        `SELECT ${columns} FROM audit
         WHERE company_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
           AND ($4::text IS NULL OR target = $4)
         ORDER BY id DESC LIMIT $3`,
        [companyId, options.beforeId ?? null, options.limit ?? 100, options.target ?? null],
      );
      return rows.map(toEntry);
    },

    /** In the order the changes were made. */
    async listForRun(runId: string): Promise<AuditEntry[]> {
      const rows = await db.query<Row>(
        `SELECT ${columns} FROM audit WHERE run_id = $1 ORDER BY id`,
        [runId],
      );
      return rows.map(toEntry);
    },
  };
}
