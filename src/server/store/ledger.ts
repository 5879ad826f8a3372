import type { LedgerOutcome } from '../../api/contract.ts';
import type { Queryable } from './db.ts';
import { containsPattern, json, ts, type Clock, type Page } from './shared.ts';

/** 'remove' and 'removed': an undo taking back a membership its fix added. */
export type LedgerAction = 'add' | 'retemplate' | 'remove';
export type { LedgerOutcome } from '../../api/contract.ts';
export const LEDGER_OUTCOMES: readonly LedgerOutcome[] = [
  'pending',
  'added',
  'already_member',
  'retemplated',
  'removed',
  'failed',
  'skipped',
  'cancelled',
];

/**
 * One project of a run (procore-platform.md §15 "Ledger"): written before and after each
 * Procore call so a run can resume after a restart without repeating or losing writes.
 */
export interface LedgerItem {
  runId: string;
  projectId: string;
  projectName: string;
  action: LedgerAction;
  templateId: string | null;
  outcome: LedgerOutcome;
  code: string | null;
  message: string | null;
  attempts: number;
  /** Set just before a write is sent: if still pending on resume, the write may have landed. */
  sentAt: Date | null;
  updatedAt: Date;
}

export interface NewLedgerItem {
  projectId: string;
  projectName: string;
  action: LedgerAction;
  templateId: string | null;
}

export type LedgerCounts = Record<LedgerOutcome, number> & { total: number };

interface Row {
  run_id: string;
  project_id: string;
  project_name: string;
  action: LedgerAction;
  template_id: string | null;
  outcome: LedgerOutcome;
  code: string | null;
  message: string | null;
  attempts: number;
  sent_at: Date | null;
  updated_at: Date;
}

const toItem = (row: Row): LedgerItem => ({
  runId: row.run_id,
  projectId: row.project_id,
  projectName: row.project_name,
  action: row.action,
  templateId: row.template_id,
  outcome: row.outcome,
  code: row.code,
  message: row.message,
  attempts: row.attempts,
  sentAt: row.sent_at,
  updatedAt: row.updated_at,
});

export function ledgerRepository(db: Queryable, now: Clock) {
  return {
    /**
     * Adds a run's items as 'pending', in chunks of one statement each (a JSON array unpacked
     * server-side), all in one transaction. Items already present are left as they are.
     * Returns how many were new.
     */
    async insertMany(
      runId: string,
      items: readonly NewLedgerItem[],
      options: { chunkSize?: number } = {},
    ): Promise<number> {
      const chunkSize = options.chunkSize ?? 1000;
      const at = ts(now());
      return db.transaction(async (tx) => {
        let inserted = 0;
        for (let start = 0; start < items.length; start += chunkSize) {
          const chunk = items.slice(start, start + chunkSize).map((item) => ({
            project_id: item.projectId,
            project_name: item.projectName,
            action: item.action,
            template_id: item.templateId,
          }));
          const [row] = await tx.query<{ n: number }>(
            `WITH added AS (
               INSERT INTO run_items (run_id, project_id, project_name, action, template_id,
                 updated_at)
               SELECT $1, x.project_id, x.project_name, x.action, x.template_id, $3::timestamptz
               FROM jsonb_to_recordset($2::jsonb)
                 AS x (project_id text, project_name text, action text, template_id text)
               ON CONFLICT (run_id, project_id) DO NOTHING
               RETURNING 1)
             SELECT count(*)::int AS n FROM added`,
            [runId, json(chunk), at],
          );
          inserted += row!.n;
        }
        return inserted;
      });
    },

    async get(runId: string, projectId: string): Promise<LedgerItem | null> {
      const [row] = await db.query<Row>(
        `SELECT * FROM run_items WHERE run_id = $1 AND project_id = $2`,
        [runId, projectId],
      );
      return row ? toItem(row) : null;
    },

    /** Records that a write is about to be sent (call before sending). */
    async markSent(runId: string, projectId: string): Promise<LedgerItem | null> {
      const at = ts(now());
      const [row] = await db.query<Row>(
        `UPDATE run_items SET sent_at = $3::timestamptz, attempts = attempts + 1,
           updated_at = $3::timestamptz
         WHERE run_id = $1 AND project_id = $2 RETURNING *`,
        [runId, projectId, at],
      );
      return row ? toItem(row) : null;
    },

    /** markSent for a batch (e.g. one bulk request). */
    async markSentMany(runId: string, projectIds: readonly string[]): Promise<void> {
      if (projectIds.length === 0) return;
      const at = ts(now());
      await db.query(
        `UPDATE run_items SET sent_at = $3::timestamptz, attempts = attempts + 1,
           updated_at = $3::timestamptz
         WHERE run_id = $1 AND project_id = ANY ($2::text[])`,
        [runId, [...projectIds], at],
      );
    },

    /**
     * Puts failed items back to 'pending' for a retry. sent_at stays: those writes may have
     * reached Procore, so the retry checks membership before writing again.
     */
    async resetFailed(runId: string): Promise<number> {
      const rows = await db.query(
        `UPDATE run_items SET outcome = 'pending', code = NULL, message = NULL,
           updated_at = $2::timestamptz
         WHERE run_id = $1 AND outcome = 'failed' RETURNING 1`,
        [runId, ts(now())],
      );
      return rows.length;
    },

    async setOutcome(
      runId: string,
      projectId: string,
      result: { outcome: LedgerOutcome; code?: string | null; message?: string | null },
    ): Promise<LedgerItem | null> {
      const [row] = await db.query<Row>(
        `UPDATE run_items SET outcome = $3, code = $4, message = $5, updated_at = $6::timestamptz
         WHERE run_id = $1 AND project_id = $2 RETURNING *`,
        [runId, projectId, result.outcome, result.code ?? null, result.message ?? null, ts(now())],
      );
      return row ? toItem(row) : null;
    },

    /** A cancelled run's items it did not get to: 'cancelled'. Returns how many. */
    async cancelPending(runId: string): Promise<number> {
      const rows = await db.query(
        `UPDATE run_items SET outcome = 'cancelled', code = NULL, message = NULL,
           updated_at = $2::timestamptz
         WHERE run_id = $1 AND outcome = 'pending' RETURNING 1`,
        [runId, ts(now())],
      );
      return rows.length;
    },

    /**
     * Fills in the project template of items planned before it existed (the run created it):
     * their `template_id` is '' until then.
     */
    async resolveTemplate(runId: string, templateId: string): Promise<void> {
      await db.query(
        `UPDATE run_items SET template_id = $2, updated_at = $3::timestamptz
         WHERE run_id = $1 AND template_id IS NULL`,
        [runId, templateId, ts(now())],
      );
    },

    /** Items still to do, in a stable order (project name, then id). */
    async listPending(runId: string, options: { limit?: number } = {}): Promise<LedgerItem[]> {
      const rows = await db.query<Row>(
        `SELECT * FROM run_items WHERE run_id = $1 AND outcome = 'pending'
         ORDER BY project_name, project_id LIMIT $2`,
        [runId, options.limit ?? null],
      );
      return rows.map(toItem);
    },

    async counts(runId: string): Promise<LedgerCounts> {
      const rows = await db.query<{ outcome: LedgerOutcome; n: number }>(
        `SELECT outcome, count(*)::int AS n FROM run_items WHERE run_id = $1 GROUP BY outcome`,
        [runId],
      );
      const counts = Object.fromEntries(LEDGER_OUTCOMES.map((o) => [o, 0])) as LedgerCounts;
      counts.total = 0;
      for (const row of rows) {
        counts[row.outcome] = row.n;
        counts.total += row.n;
      }
      return counts;
    },

    /** A page of the per-project report; `search` matches part of the name or the exact id. */
    async page(
      runId: string,
      options: {
        search?: string;
        outcome?: LedgerOutcome | readonly LedgerOutcome[];
        limit?: number;
        offset?: number;
      } = {},
    ): Promise<Page<LedgerItem>> {
      const search = options.search?.trim() || null;
      const filter = `run_id = $1
        AND ($2::text IS NULL OR project_name ILIKE $3 OR project_id = $2)
        AND ($4::text[] IS NULL OR outcome = ANY ($4::text[]))`;
      const params = [
        runId,
        search,
        search === null ? null : containsPattern(search),
        options.outcome === undefined ? null : ([] as LedgerOutcome[]).concat(options.outcome),
      ];
      const [rows, [count]] = await Promise.all([
        db.query<Row>(
          `SELECT * FROM run_items WHERE ${filter}
           ORDER BY project_name, project_id LIMIT $5 OFFSET $6`,
          [...params, options.limit ?? 50, options.offset ?? 0],
        ),
        db.query<{ n: number }>(`SELECT count(*)::int AS n FROM run_items WHERE ${filter}`, params),
      ]);
      return { items: rows.map(toItem), total: count!.n };
    },
  };
}
