import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.ts';
import { json, ts, type Clock } from './shared.ts';

/** Who made a plan: a person reviewing it (later, a rule repairing drift). */
export type PlanMaker = { kind: 'person'; id: string; name: string };

/**
 * A plan as a review showed it, kept so that Apply runs exactly it, on whichever instance the
 * request lands. The plan itself is opaque here: the reader parses it (setup/plan-schema.ts).
 */
export interface StoredPlanRecord {
  id: string;
  companyId: string;
  /** The Procore user the plan was made for (whose sign-in read the facts). */
  madeFor: string;
  madeBy: PlanMaker;
  /** When the facts it was made from were read from Procore. */
  factsAt: Date;
  createdAt: Date;
  plan: unknown;
}

interface Row {
  id: string;
  company_id: string;
  made_for: string;
  made_by: PlanMaker;
  facts_at: Date;
  created_at: Date;
  plan: unknown;
}

const toRecord = (row: Row): StoredPlanRecord => ({
  id: row.id,
  companyId: row.company_id,
  madeFor: row.made_for,
  madeBy: row.made_by,
  factsAt: row.facts_at,
  createdAt: row.created_at,
  plan: row.plan,
});

/** Reviews are for applying within minutes; a day later nobody needs them. */
const KEEP_MS = 24 * 3600_000;

export function plansRepository(db: Queryable, now: Clock) {
  return {
    async insert(input: {
      companyId: string;
      madeFor: string;
      madeBy: PlanMaker;
      factsAt: Date;
      plan: unknown;
    }): Promise<StoredPlanRecord> {
      const at = now();
      await db.query(`DELETE FROM plans WHERE created_at < $1::timestamptz`, [
        ts(new Date(at.getTime() - KEEP_MS)),
      ]);
      const [row] = await db.query<Row>(
        `INSERT INTO plans (id, company_id, made_for, made_by, facts_at, created_at, plan)
         VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz, $6::timestamptz, $7::jsonb) RETURNING *`,
        [
          randomUUID(),
          input.companyId,
          input.madeFor,
          json(input.madeBy),
          ts(input.factsAt),
          ts(at),
          json(input.plan),
        ],
      );
      return toRecord(row!);
    },

    async get(id: string): Promise<StoredPlanRecord | null> {
      const [row] = await db.query<Row>(`SELECT * FROM plans WHERE id = $1`, [id]);
      return row ? toRecord(row) : null;
    },

    /** A plan is used once: applying it removes it (and so does a second Apply racing it). */
    async take(id: string): Promise<boolean> {
      const rows = await db.query<{ id: string }>(`DELETE FROM plans WHERE id = $1 RETURNING id`, [
        id,
      ]);
      return rows.length > 0;
    },
  };
}
