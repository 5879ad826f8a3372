import type { Queryable } from './db.ts';
import { ts, type Clock } from './shared.ts';

/**
 * Purges a disconnected company's personal data (names and emails of people) once its retention
 * period is over. What remains is what support needs to see that setup once happened: ids,
 * times, step states and the per-project outcomes. Sessions bound only to the company are ended
 * by the caller, which also revokes their tokens at Procore.
 */
export function retentionRepository(db: Queryable, now: Clock) {
  return {
    /**
     * Ends the sessions that can see no company but this one: they are deleted outright (name,
     * login and sealed tokens with them). Returns their sealed refresh tokens, for the caller to
     * revoke at Procore.
     */
    async endSessionsOnlyFor(companyId: string): Promise<string[]> {
      const rows = await db.query<{ refresh_token_enc: string | null }>(
        `DELETE FROM sessions
         WHERE jsonb_array_length(companies) = 1 AND companies -> 0 ->> 'id' = $1
         RETURNING refresh_token_enc`,
        [companyId],
      );
      return rows.flatMap((r) => (r.refresh_token_enc ? [r.refresh_token_enc] : []));
    },

    async purgeCompany(companyId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const removed = 'removed';
        await tx.query(
          `UPDATE completions SET completed_by_name = NULL,
             record = jsonb_set(record, '{completed_by}', 'null'::jsonb, false)
           WHERE company_id = $1`,
          [companyId],
        );
        await tx.query(`UPDATE company_status SET completed_by_name = NULL WHERE company_id = $1`, [
          companyId,
        ]);
        await tx.query(`UPDATE audit SET actor_name = $2 WHERE company_id = $1`, [
          companyId,
          removed,
        ]);
        // Who started and who resumed; the sealed reference to the acting sign-in goes too (a
        // paused run then needs an admin to sign in and resume it).
        await tx.query(
          `UPDATE runs SET started_by_name = $2,
             resumed_by_name = CASE WHEN resumed_by_name IS NULL THEN NULL ELSE $2 END,
             plan = plan - 'sessionRef'
           WHERE company_id = $1`,
          [companyId, removed],
        );
        // Reviews keep the account's name and email and who reviewed: short-lived, gone now.
        await tx.query(`DELETE FROM plans WHERE company_id = $1`, [companyId]);
        // Ended sessions that saw this company among others: nothing in them is needed any more.
        await tx.query(
          `DELETE FROM sessions
           WHERE revoked_at IS NOT NULL AND companies @> jsonb_build_array(jsonb_build_object('id', $1::text))`,
          [companyId],
        );
        await tx.query(
          `UPDATE outbox SET payload = jsonb_set(payload, '{completed_by}', 'null'::jsonb, false)
           WHERE company_id = $1`,
          [companyId],
        );
        // Nothing is watched for a company gone this long: what the watch kept goes.
        // A repair grant's row names its admin; its tokens went with the sessions ended above.
        await tx.query(`DELETE FROM repair_grants WHERE company_id = $1`, [companyId]);
        for (const table of ['company_watch', 'watch_projects', 'watch_drift', 'webhook_events'])
          await tx.query(`DELETE FROM ${table} WHERE company_id = $1`, [companyId]);
        await tx.query(
          `UPDATE company_settings SET purged_at = $2::timestamptz, updated_at = $2::timestamptz
           WHERE company_id = $1`,
          [companyId, ts(now())],
        );
      });
    },
  };
}
