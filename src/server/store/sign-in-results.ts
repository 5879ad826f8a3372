import type { Queryable } from './db.ts';
import { OAUTH_STATE_TTL_MS } from './oauth-states.ts';
import { ms, ts, type Clock } from './shared.ts';

/**
 * What the sign-in popup ended with, by OAuth state (procore-platform.md §11.3 "Fallback
 * handoff"). A poll learns only whether the popup finished; the session itself goes to the
 * window that receives the popup's postMessage, or to the one the person types the popup's short
 * code into. The code is kept as a SHA-256 hash with a count of attempts; rows go when their
 * oauth_states row is deleted.
 */
export interface SignInResult {
  state: string;
  /** SHA-256 of the short code the popup shows; null once used, given up or never issued. */
  codeHash: string | null;
  codeAttempts: number;
  error: string | null;
  createdAt: Date;
}

interface Row {
  state: string;
  code_hash: string | null;
  code_attempts: number;
  error: string | null;
  created_at: Date;
}

const toResult = (row: Row): SignInResult => ({
  state: row.state,
  codeHash: row.code_hash,
  codeAttempts: row.code_attempts,
  error: row.error,
  createdAt: row.created_at,
});

export function signInResultsRepository(db: Queryable, now: Clock) {
  return {
    /** Records (or replaces) the outcome for a state that exists in oauth_states. */
    async put(state: string, result: { codeHash?: string; error?: string }): Promise<void> {
      await db.query(
        `INSERT INTO sign_in_results (state, code_hash, code_attempts, error, created_at)
         VALUES ($1, $2, 0, $3, $4::timestamptz)
         ON CONFLICT (state) DO UPDATE SET code_hash = EXCLUDED.code_hash, code_attempts = 0,
           error = EXCLUDED.error, created_at = EXCLUDED.created_at`,
        [state, result.codeHash ?? null, result.error ?? null, ts(now())],
      );
    },

    /** The outcome, while its state is within the sign-in TTL; otherwise null. */
    async get(state: string): Promise<SignInResult | null> {
      const [row] = await db.query<Row>(
        `SELECT r.* FROM sign_in_results r JOIN oauth_states s USING (state)
         WHERE r.state = $1 AND s.created_at > $2::timestamptz`,
        [state, ms(now(), -OAUTH_STATE_TTL_MS)],
      );
      return row ? toResult(row) : null;
    },

    /**
     * Counts one attempt at the code and returns its hash, or null when there is no code to try
     * (none issued, used, given up, expired) or `max` attempts were already made. One UPDATE, so
     * concurrent guesses cannot exceed the cap.
     */
    async attempt(
      state: string,
      max: number,
    ): Promise<{ codeHash: string; attempts: number } | null> {
      const [row] = await db.query<{ code_hash: string; code_attempts: number }>(
        `UPDATE sign_in_results r SET code_attempts = r.code_attempts + 1
         FROM oauth_states s
         WHERE r.state = $1 AND s.state = r.state AND s.created_at > $3::timestamptz
           AND r.code_hash IS NOT NULL AND r.code_attempts < $2
         RETURNING r.code_hash, r.code_attempts`,
        [state, max, ms(now(), -OAUTH_STATE_TTL_MS)],
      );
      return row ? { codeHash: row.code_hash, attempts: row.code_attempts } : null;
    },

    /** The code can no longer be used: it was, or it was given up (with the reason to report). */
    async endCode(state: string, error: string | null = null): Promise<void> {
      await db.query(
        `UPDATE sign_in_results SET code_hash = NULL, error = COALESCE($2, error) WHERE state = $1`,
        [state, error],
      );
    },
  };
}
