import type { Queryable } from './db.ts';
import { hashSecret, ms, ts, type Clock } from './shared.ts';

export const OAUTH_STATE_TTL_MS = 10 * 60_000;

export interface OAuthState {
  state: string;
  /** SHA-256 of the nonce the iframe generated; the popup's result must carry the same nonce. */
  nonceHash: string;
  /** The company the iframe was opened for (untrusted until checked against the user's list). */
  companyId: string | null;
  createdAt: Date;
  usedAt: Date | null;
  /** A sign-in, or a repair grant asked for by a signed-in admin (issue 20). */
  purpose: 'sign-in' | 'repair-grant';
  /** With 'repair-grant': the Procore user id of the admin who asked for it (only they may consent). */
  requestedBy: string | null;
}

interface Row {
  state: string;
  nonce_hash: string;
  company_id: string | null;
  created_at: Date;
  used_at: Date | null;
  purpose: 'sign-in' | 'repair-grant';
  requested_by: string | null;
}

const toState = (row: Row): OAuthState => ({
  state: row.state,
  nonceHash: row.nonce_hash,
  companyId: row.company_id,
  createdAt: row.created_at,
  usedAt: row.used_at,
  purpose: row.purpose,
  requestedBy: row.requested_by,
});

/** OAuth `state` values: created at /auth/start, consumed exactly once at /auth/callback. */
export function oauthStatesRepository(db: Queryable, now: Clock) {
  return {
    async create(input: {
      state: string;
      nonce: string;
      companyId?: string | null;
      /** A repair grant for `companyId`, asked for by this Procore user. */
      repairGrantFor?: string;
    }): Promise<OAuthState> {
      const [row] = await db.query<Row>(
        `INSERT INTO oauth_states (state, nonce_hash, company_id, created_at, purpose,
           requested_by)
         VALUES ($1, $2, $3, $4::timestamptz, $5, $6) RETURNING *`,
        [
          input.state,
          hashSecret(input.nonce),
          input.companyId ?? null,
          ts(now()),
          input.repairGrantFor ? 'repair-grant' : 'sign-in',
          input.repairGrantFor ?? null,
        ],
      );
      return toState(row!);
    },

    /** Marks the state used and returns it; null when unknown, already used or expired. */
    async consume(state: string): Promise<OAuthState | null> {
      const at = now();
      // One UPDATE is the single-use guarantee: a concurrent second consumer re-checks
      // used_at after the first commits and matches nothing.
      const [row] = await db.query<Row>(
        `UPDATE oauth_states SET used_at = $2::timestamptz
         WHERE state = $1 AND used_at IS NULL AND created_at > $3::timestamptz
         RETURNING *`,
        [state, ts(at), ms(at, -OAUTH_STATE_TTL_MS)],
      );
      return row ? toState(row) : null;
    },

    /** The state as stored, used or expired alike; null when unknown. */
    async get(state: string): Promise<OAuthState | null> {
      const [row] = await db.query<Row>(`SELECT * FROM oauth_states WHERE state = $1`, [state]);
      return row ? toState(row) : null;
    },

    /** The state if it could still be consumed (unused, unexpired), without consuming it. */
    async peek(state: string): Promise<OAuthState | null> {
      const at = now();
      const [row] = await db.query<Row>(
        `SELECT * FROM oauth_states
         WHERE state = $1 AND used_at IS NULL AND created_at > $2::timestamptz`,
        [state, ms(at, -OAUTH_STATE_TTL_MS)],
      );
      return row ? toState(row) : null;
    },

    /** Removes states past their TTL, used or not. Returns how many. */
    async deleteExpired(): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        `WITH gone AS (DELETE FROM oauth_states WHERE created_at <= $1::timestamptz RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [ms(now(), -OAUTH_STATE_TTL_MS)],
      );
      return row!.n;
    },
  };
}
