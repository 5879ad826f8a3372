import { z } from 'zod';
import type { Queryable } from './db.ts';
import { ts, type Actor, type Clock } from './shared.ts';

/**
 * Repair grants (issue 20): per company, the Directory admin who ticked "Keep SALUS set up
 * automatically", the sealed id of the `sessions` row of kind 'grant' that holds their own token
 * chain, and whether repairs are paused. The row outlives its tokens while paused, so the badge
 * can say who must allow it again; turning it off deletes it.
 */

export const GRANT_PAUSE_REASONS = ['sign-in-again', 'not-admin', 'app-not-connected'] as const;
export type GrantPauseReason = (typeof GRANT_PAUSE_REASONS)[number];

export interface RepairGrant {
  companyId: string;
  /** The grant's session id, sealed with the token cipher; null once its tokens are revoked. */
  grantRef: string | null;
  admin: Actor;
  createdAt: Date;
  pausedAt: Date | null;
  pausedReason: GrantPauseReason | null;
  lastRepairAt: Date | null;
  lastRepairRunId: string | null;
}

const rowSchema = z.object({
  company_id: z.string(),
  grant_ref: z.string().nullable(),
  admin_id: z.string(),
  admin_name: z.string(),
  created_at: z.date(),
  paused_at: z.date().nullable(),
  paused_reason: z.enum(GRANT_PAUSE_REASONS).nullable(),
  last_repair_at: z.date().nullable(),
  last_repair_run_id: z.string().nullable(),
});

const toGrant = (raw: unknown): RepairGrant => {
  const row = rowSchema.parse(raw);
  return {
    companyId: row.company_id,
    grantRef: row.grant_ref,
    admin: { id: row.admin_id, name: row.admin_name },
    createdAt: row.created_at,
    pausedAt: row.paused_at,
    pausedReason: row.paused_reason,
    lastRepairAt: row.last_repair_at,
    lastRepairRunId: row.last_repair_run_id,
  };
};

export function repairGrantsRepository(db: Queryable, now: Clock) {
  return {
    async get(companyId: string): Promise<RepairGrant | null> {
      const [row] = await db.query(`SELECT * FROM repair_grants WHERE company_id = $1`, [
        companyId,
      ]);
      return row ? toGrant(row) : null;
    },

    /**
     * Keeps a new grant for the company, replacing any earlier one: returns the earlier grant's
     * sealed session id, for the caller to revoke its tokens.
     */
    async put(input: {
      companyId: string;
      grantRef: string;
      admin: Actor;
    }): Promise<{ grant: RepairGrant; replacedRef: string | null }> {
      const [old] = await db.query<{ grant_ref: string | null }>(
        `SELECT grant_ref FROM repair_grants WHERE company_id = $1 FOR UPDATE`,
        [input.companyId],
      );
      const at = ts(now());
      const [row] = await db.query(
        `INSERT INTO repair_grants (company_id, grant_ref, admin_id, admin_name, created_at,
           updated_at)
         VALUES ($1, $2, $3, $4, $5::timestamptz, $5::timestamptz)
         ON CONFLICT (company_id) DO UPDATE SET grant_ref = $2, admin_id = $3, admin_name = $4,
           created_at = $5::timestamptz, paused_at = NULL, paused_reason = NULL,
           updated_at = $5::timestamptz
         RETURNING *`,
        [input.companyId, input.grantRef, input.admin.id, input.admin.name, at],
      );
      return { grant: toGrant(row), replacedRef: old?.grant_ref ?? null };
    },

    /**
     * Pauses repairs and forgets the grant's tokens (the caller revokes them): returns the
     * grant as it was, or null when it was already paused or gone (someone else paused it).
     */
    async pause(companyId: string, reason: GrantPauseReason): Promise<RepairGrant | null> {
      const [before] = await db.query(
        `SELECT * FROM repair_grants WHERE company_id = $1 AND paused_at IS NULL FOR UPDATE`,
        [companyId],
      );
      if (!before) return null;
      const at = ts(now());
      await db.query(
        `UPDATE repair_grants SET paused_at = $2::timestamptz, paused_reason = $3,
           grant_ref = NULL, updated_at = $2::timestamptz
         WHERE company_id = $1`,
        [companyId, at, reason],
      );
      return toGrant(before);
    },

    /** Turns automatic repair off: the row goes; returns its sealed grant id (to revoke). */
    async remove(companyId: string): Promise<{ grantRef: string | null } | null> {
      const [row] = await db.query<{ grant_ref: string | null }>(
        `DELETE FROM repair_grants WHERE company_id = $1 RETURNING grant_ref`,
        [companyId],
      );
      return row ? { grantRef: row.grant_ref } : null;
    },

    async recordRepair(companyId: string, runId: string): Promise<void> {
      const at = ts(now());
      await db.query(
        `UPDATE repair_grants SET last_repair_at = $2::timestamptz, last_repair_run_id = $3,
           updated_at = $2::timestamptz
         WHERE company_id = $1`,
        [companyId, at, runId],
      );
    },
  };
}
