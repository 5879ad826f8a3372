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
  updatedAt: Date;
}

interface Row {
  company_id: string;
  chosen_account_id: string | null;
  evidence: AddToNewProjectsEvidence | null;
  updated_at: Date;
}

const toSettings = (row: Row): CompanySettings => ({
  companyId: row.company_id,
  chosenAccountId: row.chosen_account_id,
  evidence: row.evidence,
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
  };
}
