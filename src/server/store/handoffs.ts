import type { Queryable } from './db.ts';
import { OAUTH_STATE_TTL_MS } from './oauth-states.ts';
import { rotateSessionId } from './sessions.ts';
import { hashSecret, ms, ts, type Clock } from './shared.ts';

export const HANDOFF_TTL_MS = 2 * 60_000;

/**
 * One-time codes that carry a sign-in from the popup back to the iframe (procore-platform.md
 * §11.3: the payload is a code, never a token). The code and the session id are stored hashed;
 * redeeming gives the session a fresh id, so only the iframe that redeems it ever knows it.
 */
export function handoffsRepository(db: Queryable, now: Clock) {
  return {
    async create(input: { code: string; sessionId: string; state: string }): Promise<void> {
      await db.query(
        `INSERT INTO handoffs (code, session_id, state, created_at)
         VALUES ($1, $2, $3, $4::timestamptz)`,
        [hashSecret(input.code), hashSecret(input.sessionId), input.state, ts(now())],
      );
    },

    /**
     * Uses the code up and returns the session's new raw id. Null when the code is unknown,
     * used, older than two minutes, issued for another `state`, or its session has ended.
     * A code presented with the wrong state is used up all the same.
     */
    async redeem(
      code: string,
      expected: { state?: string } = {},
    ): Promise<{ sessionId: string; state: string } | null> {
      return db.transaction(async (tx) => {
        const at = now();
        const [row] = await tx.query<{ session_id: string; state: string }>(
          `UPDATE handoffs SET used_at = $2::timestamptz
           WHERE code = $1 AND used_at IS NULL AND created_at > $3::timestamptz
           RETURNING session_id, state`,
          [hashSecret(code), ts(at), ms(at, -HANDOFF_TTL_MS)],
        );
        if (!row) return null;
        if (expected.state !== undefined && expected.state !== row.state) return null;
        const sessionId = await rotateSessionId(tx, now, row.session_id);
        return sessionId ? { sessionId, state: row.state } : null;
      });
    },

    /**
     * Uses up the sign-in's handoff by its `state` (the person typed the popup's short code, which
     * was checked first) and returns the session's new raw id; null when it was already used, its
     * state's 10 minutes are over, or its session has ended.
     */
    async redeemForState(state: string): Promise<{ sessionId: string } | null> {
      return db.transaction(async (tx) => {
        const at = now();
        const [row] = await tx.query<{ session_id: string }>(
          `UPDATE handoffs SET used_at = $2::timestamptz
           WHERE state = $1 AND used_at IS NULL AND created_at > $3::timestamptz
           RETURNING session_id`,
          [state, ts(at), ms(at, -OAUTH_STATE_TTL_MS)],
        );
        if (!row) return null;
        const sessionId = await rotateSessionId(tx, now, row.session_id);
        return sessionId ? { sessionId } : null;
      });
    },

    /** Uses up the sign-in's handoff without redeeming it (too many wrong codes). */
    async burnForState(state: string): Promise<void> {
      await db.query(
        `UPDATE handoffs SET used_at = $2::timestamptz WHERE state = $1 AND used_at IS NULL`,
        [state, ts(now())],
      );
    },

    /** Removes codes no path can redeem any more (the typed-code path's window is the longer). */
    async deleteExpired(): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        `WITH gone AS (DELETE FROM handoffs WHERE created_at <= $1::timestamptz RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [ms(now(), -Math.max(HANDOFF_TTL_MS, OAUTH_STATE_TTL_MS))],
      );
      return row!.n;
    },
  };
}
