import type { Queryable } from './db.ts';
import { hashSecret, ms, newSecret, ts, type Clock } from './shared.ts';

/**
 * SALUS support's sign-ins and sessions (issue 17): a person, named by their identity provider,
 * never a Procore user. Kept apart from the admins' `sessions`, so neither kind of session is
 * ever taken for the other.
 */

/** A signed-in SALUS support person. */
export interface SupportSession {
  /** SHA-256 of the cookie's value; the value itself exists only in the browser. */
  idHash: string;
  /** The identity provider's `sub`. */
  subject: string;
  email: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface SupportSessionPolicy {
  /** Unused for this long, a session is over. Default 30 minutes. */
  idleTimeoutMs?: number;
  /** Older than this, a session is over however active. Default 8 hours. */
  absoluteTimeoutMs?: number;
}

/** A sign-in started in a browser, waiting for the identity provider's callback. */
export interface PendingSupportSignIn {
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

/** How long a started sign-in may take to come back. */
export const SUPPORT_SIGN_IN_TTL_MS = 10 * 60_000;

interface SessionRow {
  id: string;
  subject: string;
  email: string;
  created_at: Date;
  last_seen_at: Date;
}

const toSession = (row: SessionRow): SupportSession => ({
  idHash: row.id,
  subject: row.subject,
  email: row.email,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
});

export function supportSessionsRepository(
  db: Queryable,
  now: Clock,
  policy: SupportSessionPolicy = {},
) {
  const idleMs = policy.idleTimeoutMs ?? 30 * 60_000;
  const absoluteMs = policy.absoluteTimeoutMs ?? 8 * 60 * 60_000;

  return {
    policy: { idleMs, absoluteMs },

    /** Records a sign-in about to leave for the identity provider. */
    async startSignIn(input: {
      state: string;
      browserBinding: string;
      codeVerifier: string;
      nonce: string;
      returnTo: string;
    }): Promise<void> {
      await db.query(
        `INSERT INTO support_sign_ins (state_hash, browser_hash, code_verifier, nonce, return_to,
           created_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz)`,
        [
          hashSecret(input.state),
          hashSecret(input.browserBinding),
          input.codeVerifier,
          input.nonce,
          input.returnTo,
          ts(now()),
        ],
      );
    },

    /**
     * Takes a sign-in back once: only with its state, from the browser that started it, unused,
     * within 10 minutes. One UPDATE, so two callbacks racing cannot both have it.
     */
    async takeSignIn(state: string, browserBinding: string): Promise<PendingSupportSignIn | null> {
      const at = now();
      const rows = await db.query<{ code_verifier: string; nonce: string; return_to: string }>(
        `UPDATE support_sign_ins SET used_at = $3::timestamptz
          WHERE state_hash = $1 AND browser_hash = $2 AND used_at IS NULL
            AND created_at > $4::timestamptz
          RETURNING code_verifier, nonce, return_to`,
        [hashSecret(state), hashSecret(browserBinding), ts(at), ms(at, -SUPPORT_SIGN_IN_TTL_MS)],
      );
      const row = rows[0];
      return row
        ? { codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to }
        : null;
    },

    /** Opens a session; returns the cookie's value (shown once, stored only as its hash). */
    async create(person: { subject: string; email: string }): Promise<string> {
      const id = newSecret();
      const at = ts(now());
      await db.query(
        `INSERT INTO support_sessions (id, subject, email, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz)`,
        [hashSecret(id), person.subject, person.email, at],
      );
      return id;
    },

    /** The live session with this cookie value, its idle clock restarted; null when over. */
    async use(sessionId: string): Promise<SupportSession | null> {
      const at = now();
      const rows = await db.query<SessionRow>(
        `UPDATE support_sessions SET last_seen_at = $2::timestamptz
          WHERE id = $1 AND ended_at IS NULL
            AND last_seen_at > $3::timestamptz AND created_at > $4::timestamptz
          RETURNING id, subject, email, created_at, last_seen_at`,
        [hashSecret(sessionId), ts(at), ms(at, -idleMs), ms(at, -absoluteMs)],
      );
      return rows[0] ? toSession(rows[0]) : null;
    },

    /** Sign-out: the session is over at once, on every instance. */
    async end(sessionId: string): Promise<void> {
      await db.query(
        `UPDATE support_sessions SET ended_at = $2::timestamptz WHERE id = $1 AND ended_at IS NULL`,
        [hashSecret(sessionId), ts(now())],
      );
    },

    /** Deletes sessions that can no longer be used and sign-ins past their 10 minutes. */
    async deleteExpired(): Promise<{ sessions: number; signIns: number }> {
      const at = now();
      const sessions = await db.query(
        `DELETE FROM support_sessions
          WHERE ended_at IS NOT NULL OR last_seen_at <= $1::timestamptz
             OR created_at <= $2::timestamptz
          RETURNING id`,
        [ms(at, -idleMs), ms(at, -absoluteMs)],
      );
      const signIns = await db.query(
        `DELETE FROM support_sign_ins WHERE created_at <= $1::timestamptz RETURNING state_hash`,
        [ms(at, -SUPPORT_SIGN_IN_TTL_MS)],
      );
      return { sessions: sessions.length, signIns: signIns.length };
    },
  };
}

export type SupportSessionsRepository = ReturnType<typeof supportSessionsRepository>;
