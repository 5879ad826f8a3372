import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.ts';
import { json, ms, ts, type Clock, type Page } from './shared.ts';

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
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface OutboxPolicy {
  /** Attempts before an item is given up as 'failed'. Default 10. */
  maxAttempts?: number;
  /** Delay after the first failure, doubled after each further one. Default 30 s. */
  baseDelayMs?: number;
  /** Ceiling for that delay. Default 1 hour. */
  maxDelayMs?: number;
}

interface Row {
  id: string;
  kind: string;
  company_id: string | null;
  payload: unknown;
  idempotency_key: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
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
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
});

/**
 * A transactional outbox: enqueue in the same transaction as the change it reports, deliver
 * later with retries. Claiming pushes `next_attempt_at` out by a visibility timeout, so an item
 * whose deliverer crashed is claimed again once that passes: delivery is at least once, and
 * receivers should de-duplicate on the idempotency key.
 */
export function outboxRepository(db: Queryable, now: Clock, policy: OutboxPolicy = {}) {
  const maxAttempts = policy.maxAttempts ?? 10;
  const baseDelayMs = policy.baseDelayMs ?? 30_000;
  const maxDelayMs = policy.maxDelayMs ?? 60 * 60_000;

  return {
    /** Adds an item unless its key is known; either way returns the item for that key. */
    async enqueue(input: {
      kind: string;
      companyId?: string | null;
      payload: unknown;
      idempotencyKey: string;
      /** Not before this time. Default now. */
      notBefore?: Date;
      /** Park it as 'held' (e.g. no destination configured yet) until `release`. */
      held?: boolean;
    }): Promise<{ item: OutboxItem; created: boolean }> {
      const at = now();
      const [row] = await db.query<Row>(
        `INSERT INTO outbox (id, kind, company_id, payload, idempotency_key, status,
           next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::timestamptz, $8::timestamptz)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING *`,
        [
          randomUUID(),
          input.kind,
          input.companyId ?? null,
          json(input.payload),
          input.idempotencyKey,
          input.held ? 'held' : 'pending',
          ts(input.notBefore ?? at),
          ts(at),
        ],
      );
      if (row) return { item: toItem(row), created: true };
      const [existing] = await db.query<Row>(`SELECT * FROM outbox WHERE idempotency_key = $1`, [
        input.idempotencyKey,
      ]);
      return { item: toItem(existing!), created: false };
    },

    /**
     * Claims up to `limit` due items for delivery, counting an attempt for each. Concurrent
     * claimers never get the same item (SKIP LOCKED) until `visibilityMs` has passed.
     */
    async claimDue(options: { limit?: number; visibilityMs?: number } = {}): Promise<OutboxItem[]> {
      const at = now();
      const rows = await db.query<Row>(
        `UPDATE outbox o SET attempts = o.attempts + 1, next_attempt_at = $3::timestamptz
         FROM (SELECT id FROM outbox
               WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
               ORDER BY next_attempt_at, created_at
               LIMIT $2
               FOR UPDATE SKIP LOCKED) due
         WHERE o.id = due.id
         RETURNING o.*`,
        [ts(at), options.limit ?? 10, ms(at, options.visibilityMs ?? 5 * 60_000)],
      );
      return rows.map(toItem).sort((a, b) => +a.nextAttemptAt - +b.nextAttemptAt);
    },

    async markDelivered(id: string): Promise<void> {
      await db.query(
        `UPDATE outbox SET status = 'delivered', delivered_at = $2::timestamptz, last_error = NULL
         WHERE id = $1`,
        [id, ts(now())],
      );
    },

    /**
     * Records a failed attempt and schedules the next: `baseDelayMs · 2^(attempts−1)`, capped,
     * or `retryAt` (or `retryAfterMs` from now) when the receiver said when (Retry-After). After `maxAttempts`, or when
     * `permanent`, the item is 'failed' and no longer claimed.
     */
    async markFailed(
      id: string,
      error: string,
      options: { retryAt?: Date; retryAfterMs?: number; permanent?: boolean } = {},
    ): Promise<OutboxItem | null> {
      const at = now();
      const retryAt =
        options.retryAt ??
        (options.retryAfterMs === undefined ? undefined : new Date(+at + options.retryAfterMs));
      const [row] = await db.query<Row>(
        `UPDATE outbox SET
           last_error = $2,
           status = CASE WHEN $3 OR attempts >= $4 THEN 'failed' ELSE 'pending' END,
           next_attempt_at = COALESCE($5::timestamptz, $6::timestamptz + make_interval(
             secs => LEAST($7::float8, $8::float8 * power(2, GREATEST(attempts - 1, 0))) / 1000))
         WHERE id = $1 AND status = 'pending'
         RETURNING *`,
        [
          id,
          error,
          options.permanent ?? false,
          maxAttempts,
          retryAt ? ts(retryAt) : null,
          ts(at),
          maxDelayMs,
          baseDelayMs,
        ],
      );
      return row ? toItem(row) : null;
    },

    /** Makes every held item due now (a destination is configured at last). */
    async releaseHeld(): Promise<number> {
      const rows = await db.query(
        `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1::timestamptz
         WHERE status = 'held' RETURNING 1`,
        [ts(now())],
      );
      return rows.length;
    },

    /** Makes held (or given-up) items due now, with a fresh attempt count. */
    async release(ids: string | readonly string[]): Promise<number> {
      const rows = await db.query(
        `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2::timestamptz
         WHERE id = ANY ($1::text[]) AND status IN ('held', 'failed') RETURNING 1`,
        [([] as string[]).concat(ids), ts(now())],
      );
      return rows.length;
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
