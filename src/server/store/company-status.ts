import type { Queryable } from './db.ts';
import { containsPattern, json, ts, type Actor, type Clock, type Page } from './shared.ts';

/** The latest checked state of a company's SALUS setup, for the support view and drift checks. */
export interface CompanyStatus {
  companyId: string;
  companyName: string;
  /** The engine's overall state, e.g. 'complete' | 'needs-attention' | 'cannot-check'. */
  state: string;
  checkedAt: Date;
  /** The last time every check passed, kept when the company later drifts. */
  completedAt: Date | null;
  completedBy: Actor | null;
  problems: unknown[];
  snapshot: unknown;
}

export interface CompanyStatusInput {
  companyId: string;
  companyName: string;
  state: string;
  checkedAt?: Date;
  problems?: unknown[];
  snapshot?: unknown;
  /** Leave undefined to keep the recorded completion; null clears it. */
  completedAt?: Date | null;
  completedBy?: Actor | null;
}

interface Row {
  company_id: string;
  company_name: string;
  state: string;
  checked_at: Date;
  completed_at: Date | null;
  completed_by_id: string | null;
  completed_by_name: string | null;
  problems: unknown[];
  snapshot: unknown;
}

const toStatus = (row: Row): CompanyStatus => ({
  companyId: row.company_id,
  companyName: row.company_name,
  state: row.state,
  checkedAt: row.checked_at,
  completedAt: row.completed_at,
  completedBy:
    row.completed_by_id === null
      ? null
      : { id: row.completed_by_id, name: row.completed_by_name ?? '' },
  problems: row.problems,
  snapshot: row.snapshot,
});

export function companyStatusRepository(db: Queryable, now: Clock) {
  return {
    async upsert(input: CompanyStatusInput): Promise<CompanyStatus> {
      const setsCompletion = input.completedAt !== undefined;
      const [row] = await db.query<Row>(
        `INSERT INTO company_status AS s (company_id, company_name, state, checked_at,
           completed_at, completed_by_id, completed_by_name, problems, snapshot)
         VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6, $7, $8::jsonb, $9::jsonb)
         ON CONFLICT (company_id) DO UPDATE SET
           company_name = EXCLUDED.company_name,
           state = EXCLUDED.state,
           checked_at = EXCLUDED.checked_at,
           problems = EXCLUDED.problems,
           snapshot = EXCLUDED.snapshot,
           completed_at = CASE WHEN $10 THEN EXCLUDED.completed_at ELSE s.completed_at END,
           completed_by_id = CASE WHEN $10 THEN EXCLUDED.completed_by_id ELSE s.completed_by_id END,
           completed_by_name = CASE WHEN $10 THEN EXCLUDED.completed_by_name
                                    ELSE s.completed_by_name END
         RETURNING *`,
        [
          input.companyId,
          input.companyName,
          input.state,
          ts(input.checkedAt ?? now()),
          input.completedAt ? ts(input.completedAt) : null,
          input.completedBy?.id ?? null,
          input.completedBy?.name ?? null,
          json(input.problems ?? []),
          json(input.snapshot),
          setsCompletion,
        ],
      );
      return toStatus(row!);
    },

    async get(companyId: string): Promise<CompanyStatus | null> {
      const [row] = await db.query<Row>(`SELECT * FROM company_status WHERE company_id = $1`, [
        companyId,
      ]);
      return row ? toStatus(row) : null;
    },

    /** Companies by name; `search` matches part of the name or the exact id. */
    async list(
      options: { search?: string; state?: string | string[]; limit?: number; offset?: number } = {},
    ): Promise<Page<CompanyStatus>> {
      const search = options.search?.trim() || null;
      const filter = `($1::text IS NULL OR company_name ILIKE $2 OR company_id = $1)
        AND ($3::text[] IS NULL OR state = ANY ($3::text[]))`;
      const params = [
        search,
        search === null ? null : containsPattern(search),
        options.state === undefined ? null : ([] as string[]).concat(options.state),
      ];
      const [rows, [count]] = await Promise.all([
        db.query<Row>(
          `SELECT * FROM company_status WHERE ${filter}
           ORDER BY lower(company_name), company_id LIMIT $4 OFFSET $5`,
          [...params, options.limit ?? 50, options.offset ?? 0],
        ),
        db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM company_status WHERE ${filter}`,
          params,
        ),
      ]);
      return { items: rows.map(toStatus), total: count!.n };
    },
  };
}
