import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.ts';
import { json, ts, type Actor, type Clock } from './shared.ts';

/** A moment a company's setup was verified complete, with what was verified. */
export interface Completion {
  id: string;
  companyId: string;
  completedAt: Date;
  completedBy: Actor | null;
  record: unknown;
}

interface Row {
  id: string;
  company_id: string;
  completed_at: Date;
  completed_by_id: string | null;
  completed_by_name: string | null;
  record: unknown;
}

const toCompletion = (row: Row): Completion => ({
  id: row.id,
  companyId: row.company_id,
  completedAt: row.completed_at,
  completedBy:
    row.completed_by_id === null
      ? null
      : { id: row.completed_by_id, name: row.completed_by_name ?? '' },
  record: row.record,
});

export function completionsRepository(db: Queryable, now: Clock) {
  return {
    async insert(input: {
      companyId: string;
      completedBy?: Actor | null;
      record: unknown;
      completedAt?: Date;
    }): Promise<Completion> {
      const [row] = await db.query<Row>(
        `INSERT INTO completions (id, company_id, completed_at, completed_by_id,
           completed_by_name, record)
         VALUES ($1, $2, $3::timestamptz, $4, $5, $6::jsonb) RETURNING *`,
        [
          randomUUID(),
          input.companyId,
          ts(input.completedAt ?? now()),
          input.completedBy?.id ?? null,
          input.completedBy?.name ?? null,
          json(input.record),
        ],
      );
      return toCompletion(row!);
    },

    async latest(companyId: string): Promise<Completion | null> {
      const [row] = await db.query<Row>(
        `SELECT * FROM completions WHERE company_id = $1
         ORDER BY completed_at DESC, id LIMIT 1`,
        [companyId],
      );
      return row ? toCompletion(row) : null;
    },

    /** Newest first. */
    async listForCompany(
      companyId: string,
      options: { limit?: number } = {},
    ): Promise<Completion[]> {
      const rows = await db.query<Row>(
        `SELECT * FROM completions WHERE company_id = $1 ORDER BY completed_at DESC, id LIMIT $2`,
        [companyId, options.limit ?? 20],
      );
      return rows.map(toCompletion);
    },
  };
}
