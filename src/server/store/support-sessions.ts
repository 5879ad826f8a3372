import { z } from 'zod';
import type { Queryable } from './db.ts';
import { hashSecret, json, ms, newSecret, ts, type Clock } from './shared.ts';

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
  /** The ID token's `groups` at sign-in (checked against SUPPORT_REQUIRED_GROUP on each use). */
  groups: string[];
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
}

/** How long a started sign-in may take to come back. */
export const SUPPORT_SIGN_IN_TTL_MS = 10 * 60_000;

interface SessionRow {
  id: string;
  subject: string;
  email: string;
  groups: unknown;
  created_at: Date;
  last_seen_at: Date;
}

const groupsColumn = z.array(z.string()).catch([]);

const toSession = (row: SessionRow): SupportSession => ({
  idHash: row.id,
  subject: row.subject,
  email: row.email,
  groups: groupsColumn.parse(row.groups),
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
    }): Promise<void> {
      await db.query(
        `INSERT INTO support_sign_ins (state_hash, browser_hash, code_verifier, nonce, created_at)
         VALUES ($1, $2, $3, $4, $5::timestamptz)`,
        [
          hashSecret(input.state),
          hashSecret(input.browserBinding),
          input.codeVerifier,
          input.nonce,
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
      const rows = await db.query<{ code_verifier: string; nonce: string }>(
        `UPDATE support_sign_ins SET used_at = $3::timestamptz
          WHERE state_hash = $1 AND browser_hash = $2 AND used_at IS NULL
            AND created_at > $4::timestamptz
          RETURNING code_verifier, nonce`,
        [hashSecret(state), hashSecret(browserBinding), ts(at), ms(at, -SUPPORT_SIGN_IN_TTL_MS)],
      );
      const row = rows[0];
      return row ? { codeVerifier: row.code_verifier, nonce: row.nonce } : null;
    },

    /**
     * Opens a session and ends the person's earlier ones (in any browser): one session per
     * person. Returns the cookie's value (shown once, stored only as its hash).
     */
    async create(person: { subject: string; email: string; groups: string[] }): Promise<string> {
      const id = newSecret();
      const at = ts(now());
      await db.transaction(async (tx) => {
        await tx.query(
          `UPDATE support_sessions SET ended_at = $2::timestamptz
            WHERE subject = $1 AND ended_at IS NULL`,
          [person.subject, at],
        );
        await tx.query(
          `INSERT INTO support_sessions (id, subject, email, groups, created_at, last_seen_at)
           VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz, $5::timestamptz)`,
          [hashSecret(id), person.subject, person.email, json(person.groups), at],
        );
      });
      return id;
    },

    /**
     * The live session with this cookie value, or null (unknown, ended, idle or too old). Only
     * reads: a made-up or stale cookie writes nothing.
     */
    async find(sessionId: string): Promise<SupportSession | null> {
      const at = now();
      const rows = await db.query<SessionRow>(
        `SELECT id, subject, email, groups, created_at, last_seen_at FROM support_sessions
          WHERE id = $1 AND ended_at IS NULL
            AND last_seen_at > $2::timestamptz AND created_at > $3::timestamptz`,
        [hashSecret(sessionId), ms(at, -idleMs), ms(at, -absoluteMs)],
      );
      return rows[0] ? toSession(rows[0]) : null;
    },

    /** Restarts a session's idle clock (a session `find` returned and the allow-list let in). */
    async touch(session: SupportSession): Promise<void> {
      await db.query(
        `UPDATE support_sessions SET last_seen_at = $2::timestamptz
          WHERE id = $1 AND ended_at IS NULL`,
        [session.idHash, ts(now())],
      );
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
