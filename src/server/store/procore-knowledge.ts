import type { SharedWindow } from '../../procore/index.ts';
import type { KnownTemplate, TemplateFact } from '../../setup/memory.ts';
import type { Queryable } from './db.ts';
import { json, ts, type Clock } from './shared.ts';

/**
 * What the app has learnt about Procore that outlives a check and is shared by every instance:
 * beta endpoints a company's Procore does not offer (until when), the service account's
 * project templates as last verified, and the hourly limit last seen per token kind (Procore's
 * headers show it only near exhaustion). Ids only: nothing here names a person.
 */
export function procoreKnowledgeRepository(db: Queryable, now: Clock) {
  return {
    /** A fact about a company still valid now, or null. */
    async companyFact<T>(companyId: string, environment: string, fact: string): Promise<T | null> {
      const [row] = await db.query<{ value: T }>(
        `SELECT value FROM procore_company_facts
         WHERE company_id = $1 AND environment = $2 AND fact = $3 AND until > $4::timestamptz`,
        [companyId, environment, fact, ts(now())],
      );
      return row ? row.value : null;
    },

    async rememberCompanyFact(
      companyId: string,
      environment: string,
      fact: string,
      value: unknown,
      until: Date,
    ) {
      await db.query(
        `INSERT INTO procore_company_facts (company_id, environment, fact, value, until)
         VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz)
         ON CONFLICT (company_id, environment, fact) DO UPDATE SET
           value = EXCLUDED.value, until = EXCLUDED.until`,
        [companyId, environment, fact, json(value), ts(until)],
      );
    },

    async knownTemplates(
      companyId: string,
      accountId: string,
    ): Promise<Map<string, KnownTemplate>> {
      const rows = await db.query<{
        project_id: string;
        template_id: string | null;
        verified_at: Date;
        source: KnownTemplate['source'];
      }>(
        `SELECT project_id, template_id, verified_at, source FROM membership_templates
         WHERE company_id = $1 AND account_id = $2`,
        [companyId, accountId],
      );
      return new Map(
        rows.map((r) => [
          r.project_id,
          { templateId: r.template_id, verifiedAt: new Date(r.verified_at), source: r.source },
        ]),
      );
    },

    async recordTemplates(companyId: string, accountId: string, entries: readonly TemplateFact[]) {
      // One statement per 500 rows: a first check may verify hundreds at once.
      for (let i = 0; i < entries.length; i += 500) {
        const chunk = entries.slice(i, i + 500);
        const params: string[] = [companyId, accountId];
        const values = chunk.map((e) => {
          params.push(e.projectId, e.templateId ?? '', ts(e.verifiedAt), e.source);
          const n = params.length;
          return `($1, $2, $${n - 3}, NULLIF($${n - 2}, ''), $${n - 1}::timestamptz, $${n})`;
        });
        await db.query(
          `INSERT INTO membership_templates
             (company_id, account_id, project_id, template_id, verified_at, source)
           VALUES ${values.join(', ')}
           ON CONFLICT (company_id, account_id, project_id) DO UPDATE SET
             template_id = EXCLUDED.template_id, verified_at = EXCLUDED.verified_at,
             source = EXCLUDED.source`,
          params,
        );
      }
    },

    async forgetTemplates(companyId: string, accountId: string, projectIds: readonly string[]) {
      if (projectIds.length === 0) return;
      await db.query(
        `DELETE FROM membership_templates
         WHERE company_id = $1 AND account_id = $2 AND project_id = ANY ($3::text[])`,
        [companyId, accountId, projectIds],
      );
    },

    async templateReadsSince(companyId: string, accountId: string, since: Date) {
      const [row] = await db.query<{ n: number | string }>(
        `SELECT count(*) AS n FROM membership_templates
         WHERE company_id = $1 AND account_id = $2 AND source = 'read'
           AND verified_at >= $3::timestamptz`,
        [companyId, accountId, ts(since)],
      );
      return Number(row?.n ?? 0);
    },

    /**
     * The windows other instances saw for one token (`key`: identity and company), still open
     * at `nowUnix`: the latest report per window kind, the fewest remaining within one window.
     */
    async windows(key: string, nowUnix: number): Promise<SharedWindow[]> {
      const rows = await db.query<{ rate_limit: number | null; remaining: number; reset: string }>(
        `SELECT rate_limit, remaining, reset FROM procore_windows
         WHERE key IN ($1, $2) AND reset > $3`,
        [`${key}|spike`, `${key}|hourly`, nowUnix],
      );
      return rows.map((r) => ({
        limit: r.rate_limit === null ? null : Number(r.rate_limit),
        remaining: Number(r.remaining),
        reset: Number(r.reset),
      }));
    },

    async recordWindow(key: string, kind: 'spike' | 'hourly', w: SharedWindow) {
      await db.query(
        `INSERT INTO procore_windows (key, rate_limit, remaining, reset, updated_at)
         VALUES ($1, $2, $3, $4, $5::timestamptz)
         ON CONFLICT (key) DO UPDATE SET
           rate_limit = EXCLUDED.rate_limit,
           remaining = CASE WHEN procore_windows.reset = EXCLUDED.reset
             THEN LEAST(procore_windows.remaining, EXCLUDED.remaining) ELSE EXCLUDED.remaining END,
           reset = EXCLUDED.reset,
           updated_at = EXCLUDED.updated_at
         WHERE EXCLUDED.reset >= procore_windows.reset`,
        [`${key}|${kind}`, w.limit, w.remaining, w.reset, ts(now())],
      );
    },

    /** The hourly limit last seen for a kind of token ('user' or 'app'), if any. */
    async hourlyLimit(tokenKind: 'user' | 'app'): Promise<number | null> {
      const [row] = await db.query<{ hourly_limit: number }>(
        `SELECT hourly_limit FROM procore_budgets WHERE token_kind = $1`,
        [tokenKind],
      );
      return row ? Number(row.hourly_limit) : null;
    },

    async recordHourlyLimit(tokenKind: 'user' | 'app', limit: number) {
      await db.query(
        `INSERT INTO procore_budgets (token_kind, hourly_limit, seen_at)
         VALUES ($1, $2, $3::timestamptz)
         ON CONFLICT (token_kind) DO UPDATE SET
           hourly_limit = EXCLUDED.hourly_limit, seen_at = EXCLUDED.seen_at`,
        [tokenKind, limit, ts(now())],
      );
    },
  };
}
