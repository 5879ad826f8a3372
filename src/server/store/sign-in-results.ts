import type { Queryable } from './db.ts';
import { OAUTH_STATE_TTL_MS } from './oauth-states.ts';
import { ms, ts, type Clock } from './shared.ts';

/**
 * What the sign-in popup ended with, by OAuth state, for an iframe that polls instead of
 * receiving the popup's postMessage (procore-platform.md §11.3 "Fallback handoff"). The handoff
 * code is stored encrypted by the caller; rows go when their oauth_states row is deleted.
 */
export interface SignInResult {
  state: string;
  handoffEnc: string | null;
  error: string | null;
  createdAt: Date;
}

interface Row {
  state: string;
  handoff_enc: string | null;
  error: string | null;
  created_at: Date;
}

export function signInResultsRepository(db: Queryable, now: Clock) {
  return {
    /** Records (or replaces) the outcome for a state that exists in oauth_states. */
    async put(state: string, result: { handoffEnc?: string; error?: string }): Promise<void> {
      await db.query(
        `INSERT INTO sign_in_results (state, handoff_enc, error, created_at)
         VALUES ($1, $2, $3, $4::timestamptz)
         ON CONFLICT (state) DO UPDATE SET handoff_enc = EXCLUDED.handoff_enc,
           error = EXCLUDED.error, created_at = EXCLUDED.created_at`,
        [state, result.handoffEnc ?? null, result.error ?? null, ts(now())],
      );
    },

    /** The outcome, while its state is within the sign-in TTL; otherwise null. */
    async get(state: string): Promise<SignInResult | null> {
      const [row] = await db.query<Row>(
        `SELECT r.* FROM sign_in_results r JOIN oauth_states s USING (state)
         WHERE r.state = $1 AND s.created_at > $2::timestamptz`,
        [state, ms(now(), -OAUTH_STATE_TTL_MS)],
      );
      return row
        ? {
            state: row.state,
            handoffEnc: row.handoff_enc,
            error: row.error,
            createdAt: row.created_at,
          }
        : null;
    },
  };
}
