import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.ts';
import { json, ts, type Clock, type Page } from './shared.ts';

export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'held';

/** A message to deliver outside the request that caused it (e.g. the support notice). */
export interface OutboxItem {
  id: string;
  kind: string;
  companyId: string | null;
  payload: unknown;
  /** The same key enqueues once: repeating an event never sends it twice. */
  idempotencyKey: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

interface Row {
  id: string;
  kind: string;
  company_id: string | null;
  payload: unknown;
  idempotency_key: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const toItem = (row: Row): OutboxItem => ({
  id: row.id,
  kind: row.kind,
  companyId: row.company_id,
  payload: row.payload,
  idempotencyKey: row.idempotency_key,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
});

/**
 * The record of every message to deliver outside the request that caused it (the support
 * notices): written in the same transaction as the change it reports, together with the job
 * that delivers it (`support-notice` on the job queue, which owns the retries, the backoff and
 * the dead letters). The row keeps what the support view shows: status, attempts, last error.
 * Delivery is at least once: receivers de-duplicate on the idempotency key.
 */
export function outboxRepository(db: Queryable, now: Clock) {
  return {
    /** Adds an item unless its key is known; either way returns the item for that key. */
    async enqueue(input: {
      kind: string;
      companyId?: string | null;
      payload: unknown;
      idempotencyKey: string;
      /** Park it as 'held' (e.g. no destination configured yet) until `release`. */
      held?: boolean;
    }): Promise<{ item: OutboxItem; created: boolean }> {
      const [row] = await db.query<Row>(
        `INSERT INTO outbox (id, kind, company_id, payload, idempotency_key, status, created_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::timestamptz)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING *`,
        [
          randomUUID(),
          input.kind,
          input.companyId ?? null,
          json(input.payload),
          input.idempotencyKey,
          input.held ? 'held' : 'pending',
          ts(now()),
        ],
      );
      if (row) return { item: toItem(row), created: true };
      const [existing] = await db.query<Row>(`SELECT * FROM outbox WHERE idempotency_key = $1`, [
        input.idempotencyKey,
      ]);
      return { item: toItem(existing!), created: false };
    },

    async markDelivered(id: string): Promise<void> {
      await db.query(
        `UPDATE outbox SET status = 'delivered', delivered_at = $2::timestamptz, last_error = NULL
         WHERE id = $1`,
        [id, ts(now())],
      );
    },

    /**
     * Records attempt number `attempts` as failed. `final`: no attempt follows (the job queue's
     * retries are spent, or the receiver refused it with a 4xx), so the item is 'failed' and waits
     * in the support view until an operator retries it (`npm run jobs -- retry`).
     */
    async markFailed(
      id: string,
      error: string,
      options: { attempts: number; final: boolean },
    ): Promise<OutboxItem | null> {
      const [row] = await db.query<Row>(
        `UPDATE outbox SET last_error = $2, attempts = GREATEST(attempts, $3),
           status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END
         WHERE id = $1 AND status = 'pending'
         RETURNING *`,
        [id, error, options.attempts, options.final],
      );
      return row ? toItem(row) : null;
    },

    /** Counts an attempt as started (the support view shows attempts while retries go on). */
    async markAttempt(id: string, attempts: number): Promise<void> {
      await db.query(
        `UPDATE outbox SET attempts = GREATEST(attempts, $2) WHERE id = $1 AND status = 'pending'`,
        [id, attempts],
      );
    },

    /**
     * Makes every held item pending again (a destination is configured at last); returns their
     * ids, for the caller to queue a delivery job for each in the same transaction.
     */
    async releaseHeld(): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `UPDATE outbox SET status = 'pending', attempts = 0 WHERE status = 'held' RETURNING id`,
      );
      return rows.map((r) => r.id);
    },

    /** Makes held (or given-up) items pending again, with a fresh attempt count; their ids. */
    async release(ids: string | readonly string[]): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `UPDATE outbox SET status = 'pending', attempts = 0
         WHERE id = ANY ($1::text[]) AND status IN ('held', 'failed') RETURNING id`,
        [([] as string[]).concat(ids)],
      );
      return rows.map((r) => r.id);
    },

    /** The items waiting to be delivered, oldest first (the reconcile schedule's check). */
    async pendingIds(): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        `SELECT id FROM outbox WHERE status = 'pending' ORDER BY created_at, id`,
      );
      return rows.map((r) => r.id);
    },

    async get(id: string): Promise<OutboxItem | null> {
      const [row] = await db.query<Row>(`SELECT * FROM outbox WHERE id = $1`, [id]);
      return row ? toItem(row) : null;
    },

    /** The item enqueued under an idempotency key. */
    async getByKey(idempotencyKey: string): Promise<OutboxItem | null> {
      const [row] = await db.query<Row>(`SELECT * FROM outbox WHERE idempotency_key = $1`, [
        idempotencyKey,
      ]);
      return row ? toItem(row) : null;
    },

    /** Newest first. */
    async list(
      options: {
        status?: OutboxStatus | readonly OutboxStatus[];
        companyId?: string;
        limit?: number;
        offset?: number;
      } = {},
    ): Promise<Page<OutboxItem>> {
      const filter = `($1::text[] IS NULL OR status = ANY ($1::text[]))
        AND ($2::text IS NULL OR company_id = $2)`;
      const params = [
        options.status === undefined ? null : ([] as OutboxStatus[]).concat(options.status),
        options.companyId ?? null,
      ];
      const [rows, [count]] = await Promise.all([
        db.query<Row>(
          `SELECT * FROM outbox WHERE ${filter} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
          [...params, options.limit ?? 50, options.offset ?? 0],
        ),
        db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE ${filter}`, params),
      ]);
      return { items: rows.map(toItem), total: count!.n };
    },
  };
}
