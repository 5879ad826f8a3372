import type { Queryable } from './db.ts';
import { json, ts, type Clock } from './shared.ts';

/** Procore's own word on `add_to_new_projects`, from a PATCH response (reads may omit it). */
export interface AddToNewProjectsEvidence {
  value: boolean;
  at: string;
}

/** Per-company choices and evidence that outlive a single check. */
export interface CompanySettings {
  companyId: string;
  /** The directory user an admin picked as the SALUS account when several matched. */
  chosenAccountId: string | null;
  evidence: AddToNewProjectsEvidence | null;
  /** Since when the SALUS app has been found uninstalled or disconnected; null while connected. */
  disconnectedAt: Date | null;
  purgedAt: Date | null;
  updatedAt: Date;
}

interface Row {
  company_id: string;
  chosen_account_id: string | null;
  evidence: AddToNewProjectsEvidence | null;
  disconnected_at: Date | null;
  purged_at: Date | null;
  updated_at: Date;
}

const toSettings = (row: Row): CompanySettings => ({
  companyId: row.company_id,
  chosenAccountId: row.chosen_account_id,
  evidence: row.evidence,
  disconnectedAt: row.disconnected_at,
  purgedAt: row.purged_at,
  updatedAt: row.updated_at,
});

export function companySettingsRepository(db: Queryable, now: Clock) {
  const set = async (
    companyId: string,
    column: 'chosen_account_id' | 'evidence',
    value: string | null,
  ) => {
    const cast = column === 'evidence' ? '::jsonb' : '';
    await db.query(
      `INSERT INTO company_settings (company_id, ${column}, updated_at)
       VALUES ($1, $2${cast}, $3::timestamptz)
       ON CONFLICT (company_id) DO UPDATE SET ${column} = EXCLUDED.${column},
         updated_at = EXCLUDED.updated_at`,
      [companyId, value, ts(now())],
    );
  };

  return {
    async get(companyId: string): Promise<CompanySettings | null> {
      const [row] = await db.query<Row>(`SELECT * FROM company_settings WHERE company_id = $1`, [
        companyId,
      ]);
      return row ? toSettings(row) : null;
    },

    /** Null forgets the choice. */
    setChosenAccount: (companyId: string, userId: string | null) =>
      set(companyId, 'chosen_account_id', userId),

    setEvidence: (companyId: string, evidence: AddToNewProjectsEvidence | null) =>
      set(companyId, 'evidence', evidence === null ? null : json(evidence)),

    /** Records that the app is gone from the company (keeps the first time it was seen). */
    async markDisconnected(companyId: string): Promise<void> {
      await db.query(
        `INSERT INTO company_settings (company_id, disconnected_at, updated_at)
         VALUES ($1, $2::timestamptz, $2::timestamptz)
         ON CONFLICT (company_id) DO UPDATE SET
           disconnected_at = COALESCE(company_settings.disconnected_at, EXCLUDED.disconnected_at),
           updated_at = EXCLUDED.updated_at`,
        [companyId, ts(now())],
      );
    },

    /** The app is back: nothing is due for purging any more. */
    async markConnected(companyId: string): Promise<void> {
      await db.query(
        `UPDATE company_settings SET disconnected_at = NULL, purged_at = NULL, updated_at = $2::timestamptz
         WHERE company_id = $1 AND disconnected_at IS NOT NULL`,
        [companyId, ts(now())],
      );
    },

    /** Companies disconnected before `before` whose personal data is still here. */
    async dueForPurge(before: Date): Promise<string[]> {
      const rows = await db.query<{ company_id: string }>(
        `SELECT company_id FROM company_settings
         WHERE disconnected_at <= $1::timestamptz AND purged_at IS NULL ORDER BY company_id`,
        [ts(before)],
      );
      return rows.map((r) => r.company_id);
    },
  };
}
