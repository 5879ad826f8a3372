import type { Queryable } from './db.ts';
import { hashSecret, json, ms, newSecret, ts, type Clock } from './shared.ts';

export interface SessionCompany {
  id: string;
  name: string;
}

export interface Session {
  /** SHA-256 of the session id. The raw id exists only in the browser and in this call's result. */
  idHash: string;
  procoreUserId: string;
  login: string | null;
  name: string | null;
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  accessExpiresAt: Date | null;
  /** The companies this user can see in Procore: the only company ids the app accepts. */
  companies: SessionCompany[];
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  /** Set while some request (on any instance) is refreshing the tokens: see `claimRefresh`. */
  refreshClaim: string | null;
  /**
   * 'browser': a person's sign-in. 'grant': a repair grant's token chain (store/repair-grants.ts),
   * which no request can ever use as a sign-in.
   */
  kind: 'browser' | 'grant';
}

export interface NewSession {
  procoreUserId: string;
  login?: string | null;
  name?: string | null;
  accessTokenEnc: string;
  refreshTokenEnc: string;
  accessExpiresAt: Date;
  companies: SessionCompany[];
}

export interface SessionTokens {
  accessTokenEnc: string;
  refreshTokenEnc: string;
  accessExpiresAt: Date;
}

export interface SessionPolicy {
  /** A session unused for this long is over. Default 12 hours. */
  idleTimeoutMs?: number;
  /** A session older than this is over, however active. Default 7 days. */
  absoluteTimeoutMs?: number;
}

interface Row {
  id: string;
  procore_user_id: string;
  login: string | null;
  name: string | null;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  access_expires_at: Date | null;
  companies: SessionCompany[];
  created_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
  refresh_claim: string | null;
  kind: 'browser' | 'grant';
}

const toSession = (row: Row): Session => ({
  idHash: row.id,
  procoreUserId: row.procore_user_id,
  login: row.login,
  name: row.name,
  accessTokenEnc: row.access_token_enc,
  refreshTokenEnc: row.refresh_token_enc,
  accessExpiresAt: row.access_expires_at,
  companies: row.companies,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  revokedAt: row.revoked_at,
  refreshClaim: row.refresh_claim,
  kind: row.kind,
});

/**
 * Server-side sessions (the BFF keeps Procore's tokens; the browser holds only a random id).
 * Every method takes the raw session id and hashes it before it touches the database.
 */
export function sessionsRepository(db: Queryable, now: Clock, policy: SessionPolicy = {}) {
  const idleMs = policy.idleTimeoutMs ?? 12 * 60 * 60_000;
  const absoluteMs = policy.absoluteTimeoutMs ?? 7 * 24 * 60 * 60_000;

  /**
   * SQL true for a usable browser session, given the parameter numbers of the idle and age
   * cutoffs. A grant is never one.
   */
  const live = (idle: number, age: number) =>
    `kind = 'browser' AND revoked_at IS NULL AND last_seen_at > $${idle}::timestamptz AND created_at > $${age}::timestamptz`;
  /** SQL true for a row whose tokens may be used: a live browser session, or a grant not revoked. */
  const usable = (idle: number, age: number) =>
    `((${live(idle, age)}) OR (kind = 'grant' AND revoked_at IS NULL))`;
  const liveParams = (at: Date) => [ms(at, -idleMs), ms(at, -absoluteMs)];

  return {
    /**
     * Creates a session (or, with `kind: 'grant'`, a repair grant's token holder) and returns its
     * raw id, the only time the raw id is known.
     */
    async create(
      input: NewSession,
      kind: Session['kind'] = 'browser',
    ): Promise<{ id: string; session: Session }> {
      const id = newSecret();
      const at = ts(now());
      const [row] = await db.query<Row>(
        `INSERT INTO sessions (id, procore_user_id, login, name, access_token_enc,
           refresh_token_enc, access_expires_at, companies, created_at, last_seen_at, kind)
         VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::jsonb, $9::timestamptz, $9::timestamptz,
           $10)
         RETURNING *`,
        [
          hashSecret(id),
          input.procoreUserId,
          input.login ?? null,
          input.name ?? null,
          input.accessTokenEnc,
          input.refreshTokenEnc,
          ts(input.accessExpiresAt),
          json(input.companies),
          at,
          kind,
        ],
      );
      return { id, session: toSession(row!) };
    },

    /**
     * The live browser session for a raw id; null when unknown, revoked, idle too long, too old,
     * or a repair grant (a grant's id, leaked, must never be a sign-in).
     */
    async get(id: string): Promise<Session | null> {
      const [row] = await db.query<Row>(`SELECT * FROM sessions WHERE id = $1 AND ${live(2, 3)}`, [
        hashSecret(id),
        ...liveParams(now()),
      ]);
      return row ? toSession(row) : null;
    },

    /**
     * The row whose Procore tokens a raw id may use: a live browser session, or a repair grant
     * that is not revoked (grants have no idle or absolute expiry). For Procore access only.
     */
    async tokensOf(id: string): Promise<Session | null> {
      const [row] = await db.query<Row>(
        `SELECT * FROM sessions WHERE id = $1 AND ${usable(2, 3)}`,
        [hashSecret(id), ...liveParams(now())],
      );
      return row ? toSession(row) : null;
    },

    /** Deletes a grant's row (its tokens revoked at Procore by the caller) and returns them. */
    async deleteGrant(id: string): Promise<string | null> {
      const [row] = await db.query<{ refresh_token_enc: string | null }>(
        `DELETE FROM sessions WHERE id = $1 AND kind = 'grant' RETURNING refresh_token_enc`,
        [hashSecret(id)],
      );
      return row?.refresh_token_enc ?? null;
    },

    /** Records activity, extending the idle timeout. */
    async touch(id: string): Promise<void> {
      await db.query(`UPDATE sessions SET last_seen_at = $2::timestamptz WHERE id = $1`, [
        hashSecret(id),
        ts(now()),
      ]);
    },

    /**
     * Stores rotated tokens. Procore's refresh token is single-use, so with `ifRefreshTokenEnc`
     * the write happens only if the stored refresh token is still the one that was spent:
     * false means another request (or instance) refreshed first and its tokens stand.
     */
    async updateTokens(
      id: string,
      tokens: SessionTokens,
      options: { ifRefreshTokenEnc?: string } = {},
    ): Promise<boolean> {
      const rows = await db.query(
        `UPDATE sessions
         SET access_token_enc = $2, refresh_token_enc = $3, access_expires_at = $4::timestamptz
         WHERE id = $1 AND revoked_at IS NULL
           AND ($5::text IS NULL OR refresh_token_enc = $5::text)
         RETURNING 1`,
        [
          hashSecret(id),
          tokens.accessTokenEnc,
          tokens.refreshTokenEnc,
          ts(tokens.accessExpiresAt),
          options.ifRefreshTokenEnc ?? null,
        ],
      );
      return rows.length === 1;
    },

    /**
     * Claims the right to refresh the session's tokens with the refresh token `seen`: one row
     * update, so across every instance one request wins. Refused while another claim is younger
     * than `staleMs` (database clock) or once the refresh token changed. The winner calls Procore
     * outside any transaction, then `storeRefreshed` or `releaseRefresh`.
     */
    async claimRefresh(id: string, seen: string, claim: string, staleMs: number): Promise<boolean> {
      const rows = await db.query(
        `UPDATE sessions SET refresh_claim = $3, refresh_claimed_at = clock_timestamp()
         WHERE id = $1 AND revoked_at IS NULL AND refresh_token_enc = $2
           AND (refresh_claim IS NULL
                OR refresh_claimed_at <= clock_timestamp() - $4::int * interval '1 millisecond')
         RETURNING 1`,
        [hashSecret(id), seen, claim, Math.round(staleMs)],
      );
      return rows.length === 1;
    },

    /** Stores the tokens a claimed refresh got and ends the claim; false if the claim was lost. */
    async storeRefreshed(id: string, claim: string, tokens: SessionTokens): Promise<boolean> {
      const rows = await db.query(
        `UPDATE sessions
         SET access_token_enc = $3, refresh_token_enc = $4, access_expires_at = $5::timestamptz,
           refresh_claim = NULL, refresh_claimed_at = NULL
         WHERE id = $1 AND refresh_claim = $2 AND revoked_at IS NULL
         RETURNING 1`,
        [
          hashSecret(id),
          claim,
          tokens.accessTokenEnc,
          tokens.refreshTokenEnc,
          ts(tokens.accessExpiresAt),
        ],
      );
      return rows.length === 1;
    },

    /** Ends a claim without new tokens (the refresh failed). */
    async releaseRefresh(id: string, claim: string): Promise<void> {
      await db.query(
        `UPDATE sessions SET refresh_claim = NULL, refresh_claimed_at = NULL
         WHERE id = $1 AND refresh_claim = $2`,
        [hashSecret(id), claim],
      );
    },

    async setCompanies(id: string, companies: SessionCompany[]): Promise<void> {
      await db.query(`UPDATE sessions SET companies = $2::jsonb WHERE id = $1`, [
        hashSecret(id),
        json(companies),
      ]);
    },

    /** Signs the session out and drops its tokens. */
    async revoke(id: string): Promise<void> {
      await db.query(
        `UPDATE sessions SET revoked_at = $2::timestamptz, access_token_enc = NULL,
           refresh_token_enc = NULL
         WHERE id = $1 AND revoked_at IS NULL`,
        [hashSecret(id), ts(now())],
      );
    },

    /** Signs a Procore user out of every browser (their repair grants stand). Returns how many. */
    async revokeAllForUser(procoreUserId: string): Promise<number> {
      const rows = await db.query(
        `UPDATE sessions SET revoked_at = $2::timestamptz, access_token_enc = NULL,
           refresh_token_enc = NULL
         WHERE procore_user_id = $1 AND kind = 'browser' AND revoked_at IS NULL RETURNING 1`,
        [procoreUserId, ts(now())],
      );
      return rows.length;
    },

    /**
     * Deletes the sessions that can no longer be used (revoked, idle too long, too old), except
     * those in `keep` (id hashes), and returns their sealed refresh tokens for the caller to
     * revoke at Procore. One statement: two instances sweeping at once each get distinct rows.
     */
    async sweepExpired(keep: readonly string[] = []): Promise<string[]> {
      const rows = await db.query<{ refresh_token_enc: string | null }>(
        `DELETE FROM sessions
         WHERE kind = 'browser' AND NOT (${live(1, 2)}) AND NOT (id = ANY ($3::text[]))
         RETURNING refresh_token_enc`,
        [...liveParams(now()), [...keep]],
      );
      return rows.flatMap((r) => (r.refresh_token_enc ? [r.refresh_token_enc] : []));
    },

    /** Deletes sessions that can no longer be used. Returns how many. */
    async deleteExpired(): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        `WITH gone AS (DELETE FROM sessions WHERE kind = 'browser' AND NOT (${live(1, 2)})
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        liveParams(now()),
      );
      return row!.n;
    },
  };
}

/** Gives a session a new id (after sign-in hand-off) and returns the new raw id, or null. */
export async function rotateSessionId(
  db: Queryable,
  now: Clock,
  idHash: string,
): Promise<string | null> {
  const id = newSecret();
  const rows = await db.query(
    `UPDATE sessions SET id = $2, last_seen_at = $3::timestamptz
     WHERE id = $1 AND kind = 'browser' AND revoked_at IS NULL RETURNING 1`,
    [idHash, hashSecret(id), ts(now())],
  );
  return rows.length === 1 ? id : null;
}
