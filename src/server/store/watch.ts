import { randomUUID } from 'node:crypto';
import type { WatchDrift, WatchDriftKind } from '../../api/contract.ts';
import type { Queryable } from './db.ts';
import { json, ts, type Clock } from './shared.ts';

/**
 * Keeping it set up (issue 19): per company, what SALUS Setup expects of the SALUS account, how it
 * hears of changes, the projects the account was seen on, what drifted, and Procore's deliveries.
 * Ids, project and template names only: nothing here names a person.
 */

export type WatchEvents = 'pending' | 'on' | 'not-allowed' | 'unavailable';

export interface CompanyWatch {
  companyId: string;
  state: 'watching' | 'stopped';
  accountId: string;
  companyTemplateId: string | null;
  projectTemplateId: string | null;
  templateNames: Record<string, string>;
  events: WatchEvents;
  hookId: string | null;
  hookSecretHash: string | null;
  hookCheckedAt: Date | null;
  appId: string | null;
  appVersionId: string | null;
  updatePending: boolean;
  listsAllProjects: boolean;
  projectsVerifiedAt: Date;
  unverifiedSince: Date | null;
  lastVerifiedAt: Date;
  lastEventAt: Date | null;
  nextCheckAt: Date;
  stoppedAt: Date | null;
}

export interface DriftRecord {
  id: string;
  companyId: string;
  kind: WatchDriftKind;
  subject: string;
  projectName: string | null;
  value: string | boolean | null;
  since: Date;
  seenAt: Date;
  foundBy: 'event' | 'schedule';
  notifiedAt: Date | null;
  resolvedAt: Date | null;
}

export type DriftFinding = Pick<DriftRecord, 'kind' | 'subject' | 'projectName' | 'value'> & {
  since: Date;
  foundBy: DriftRecord['foundBy'];
};

export interface WebhookEventRecord {
  ulid: string;
  companyId: string;
  resourceName: string;
  eventType: string;
  resourceId: string;
  happenedAt: Date;
  receivedAt: Date;
  own: boolean;
  verifiedAt: Date | null;
}

interface WatchRow {
  company_id: string;
  state: CompanyWatch['state'];
  account_id: string;
  company_template_id: string | null;
  project_template_id: string | null;
  template_names: Record<string, string>;
  events: WatchEvents;
  hook_id: string | null;
  hook_secret_hash: string | null;
  hook_checked_at: Date | null;
  app_id: string | null;
  app_version_id: string | null;
  update_pending: boolean;
  lists_all_projects: boolean;
  projects_verified_at: Date;
  unverified_since: Date | null;
  last_verified_at: Date;
  last_event_at: Date | null;
  next_check_at: Date;
  stopped_at: Date | null;
}

const toWatch = (r: WatchRow): CompanyWatch => ({
  companyId: r.company_id,
  state: r.state,
  accountId: r.account_id,
  companyTemplateId: r.company_template_id,
  projectTemplateId: r.project_template_id,
  templateNames: r.template_names ?? {},
  events: r.events,
  hookId: r.hook_id,
  hookSecretHash: r.hook_secret_hash,
  hookCheckedAt: r.hook_checked_at && new Date(r.hook_checked_at),
  appId: r.app_id,
  appVersionId: r.app_version_id,
  updatePending: r.update_pending,
  listsAllProjects: r.lists_all_projects,
  projectsVerifiedAt: new Date(r.projects_verified_at),
  unverifiedSince: r.unverified_since && new Date(r.unverified_since),
  lastVerifiedAt: new Date(r.last_verified_at),
  lastEventAt: r.last_event_at && new Date(r.last_event_at),
  nextCheckAt: new Date(r.next_check_at),
  stoppedAt: r.stopped_at && new Date(r.stopped_at),
});

interface DriftRow {
  id: string;
  company_id: string;
  kind: WatchDriftKind;
  subject: string;
  project_name: string | null;
  value: string | boolean | null;
  since: Date;
  seen_at: Date;
  found_by: DriftRecord['foundBy'];
  notified_at: Date | null;
  resolved_at: Date | null;
}

const toDrift = (r: DriftRow): DriftRecord => ({
  id: r.id,
  companyId: r.company_id,
  kind: r.kind,
  subject: r.subject,
  projectName: r.project_name,
  value: r.value,
  since: new Date(r.since),
  seenAt: new Date(r.seen_at),
  foundBy: r.found_by,
  notifiedAt: r.notified_at && new Date(r.notified_at),
  resolvedAt: r.resolved_at && new Date(r.resolved_at),
});

/** A drift record as the company status and the support view show it. */
export function driftView(d: DriftRecord): WatchDrift {
  const since = d.since.toISOString();
  switch (d.kind) {
    case 'not-on-project':
      return { kind: d.kind, since, project: { id: d.subject, name: d.projectName } };
    case 'left-project':
      return { kind: d.kind, since, project: { id: d.subject, name: d.projectName ?? '' } };
    case 'project-template':
      return {
        kind: d.kind,
        since,
        project: { id: d.subject, name: d.projectName ?? '' },
        templateName: typeof d.value === 'string' ? d.value : null,
      };
    case 'account-setting':
      return {
        kind: d.kind,
        since,
        field: d.subject as Extract<WatchDrift, { kind: 'account-setting' }>['field'],
        now: d.value,
      };
  }
}

export interface EnrollInput {
  companyId: string;
  accountId: string;
  companyTemplateId: string | null;
  projectTemplateId: string | null;
  templateNames: Record<string, string>;
  appId: string | null;
  appVersionId: string | null;
  listsAllProjects: boolean;
  /** Every active project the account is on with the SALUS project template, as just checked. */
  projects: { id: string; name: string }[];
  /** When the first daily check is due, if this is a new watch. */
  firstCheckAt: Date;
}

export function watchRepository(db: Queryable, now: Clock) {
  return {
    async get(companyId: string): Promise<CompanyWatch | null> {
      const [row] = await db.query<WatchRow>(`SELECT * FROM company_watch WHERE company_id = $1`, [
        companyId,
      ]);
      return row ? toWatch(row) : null;
    },

    /**
     * Starts watching (or refreshes what is expected) from an admin's check that found setup
     * complete: every project was seen, so the baseline is replaced and nothing is unverified.
     */
    async enroll(input: EnrollInput): Promise<{ created: boolean; watch: CompanyWatch }> {
      const at = ts(now());
      const [row] = await db.query<WatchRow & { created: boolean }>(
        `INSERT INTO company_watch AS w (company_id, state, account_id, company_template_id,
           project_template_id, template_names, projects_verified_at, last_verified_at,
           next_check_at, created_at, updated_at, app_id, app_version_id, lists_all_projects)
         VALUES ($1, 'watching', $2, $3, $4, $5::jsonb, $6::timestamptz, $6::timestamptz,
           $7::timestamptz, $6::timestamptz, $6::timestamptz, $8, $9, $10)
         ON CONFLICT (company_id) DO UPDATE SET
           state = 'watching', stopped_at = NULL,
           account_id = EXCLUDED.account_id,
           company_template_id = EXCLUDED.company_template_id,
           project_template_id = EXCLUDED.project_template_id,
           template_names = EXCLUDED.template_names,
           app_id = COALESCE(EXCLUDED.app_id, w.app_id),
           app_version_id = COALESCE(EXCLUDED.app_version_id, w.app_version_id),
           update_pending = false,
           lists_all_projects = EXCLUDED.lists_all_projects,
           projects_verified_at = EXCLUDED.projects_verified_at,
           unverified_since = NULL,
           last_verified_at = EXCLUDED.last_verified_at,
           next_check_at = CASE WHEN w.state = 'stopped' THEN EXCLUDED.next_check_at
                                ELSE w.next_check_at END,
           updated_at = EXCLUDED.updated_at
         RETURNING *, (xmax = 0) AS created`,
        [
          input.companyId,
          input.accountId,
          input.companyTemplateId,
          input.projectTemplateId,
          json(input.templateNames),
          at,
          ts(input.firstCheckAt),
          input.appId,
          input.appVersionId,
          input.listsAllProjects,
        ],
      );
      await db.query(`DELETE FROM watch_projects WHERE company_id = $1`, [input.companyId]);
      await this.keepProjects(input.companyId, input.projects);
      return { created: row!.created, watch: toWatch(row!) };
    },

    /** Changes some of the watch's own fields. */
    async update(
      companyId: string,
      changes: Partial<
        Pick<
          CompanyWatch,
          | 'events'
          | 'hookId'
          | 'hookSecretHash'
          | 'hookCheckedAt'
          | 'appVersionId'
          | 'updatePending'
          | 'projectsVerifiedAt'
          | 'unverifiedSince'
          | 'lastVerifiedAt'
          | 'lastEventAt'
          | 'nextCheckAt'
        >
      >,
    ): Promise<void> {
      const columns: Record<string, [string, unknown]> = {
        events: ['events', changes.events],
        hookId: ['hook_id', changes.hookId],
        hookSecretHash: ['hook_secret_hash', changes.hookSecretHash],
        hookCheckedAt: ['hook_checked_at', changes.hookCheckedAt],
        appVersionId: ['app_version_id', changes.appVersionId],
        updatePending: ['update_pending', changes.updatePending],
        projectsVerifiedAt: ['projects_verified_at', changes.projectsVerifiedAt],
        unverifiedSince: ['unverified_since', changes.unverifiedSince],
        lastVerifiedAt: ['last_verified_at', changes.lastVerifiedAt],
        lastEventAt: ['last_event_at', changes.lastEventAt],
        nextCheckAt: ['next_check_at', changes.nextCheckAt],
      };
      const sets: string[] = [];
      const params: unknown[] = [companyId];
      for (const [key, [column, value]] of Object.entries(columns)) {
        if (!(key in changes)) continue;
        params.push(value instanceof Date ? ts(value) : value);
        sets.push(`${column} = $${params.length}`);
      }
      if (sets.length === 0) return;
      params.push(ts(now()));
      sets.push(`updated_at = $${params.length}::timestamptz`);
      await db.query(`UPDATE company_watch SET ${sets.join(', ')} WHERE company_id = $1`, params);
    },

    /** Stops watching a company (its app was uninstalled or disconnected). */
    async stop(companyId: string): Promise<boolean> {
      const rows = await db.query(
        `UPDATE company_watch SET state = 'stopped', stopped_at = $2::timestamptz,
           updated_at = $2::timestamptz
         WHERE company_id = $1 AND state = 'watching' RETURNING company_id`,
        [companyId, ts(now())],
      );
      return rows.length > 0;
    },

    /** Watched companies whose daily check is due, most overdue first. */
    async due(limit: number): Promise<string[]> {
      const rows = await db.query<{ company_id: string }>(
        `SELECT company_id FROM company_watch
         WHERE state = 'watching' AND next_check_at <= $1::timestamptz
         ORDER BY next_check_at LIMIT $2`,
        [ts(now()), limit],
      );
      return rows.map((r) => r.company_id);
    },

    async projects(companyId: string): Promise<Map<string, { name: string; verifiedAt: Date }>> {
      const rows = await db.query<{ project_id: string; project_name: string; verified_at: Date }>(
        `SELECT project_id, project_name, verified_at FROM watch_projects WHERE company_id = $1`,
        [companyId],
      );
      return new Map(
        rows.map((r) => [
          r.project_id,
          { name: r.project_name, verifiedAt: new Date(r.verified_at) },
        ]),
      );
    },

    /** Adds (or re-verifies) projects the account is on with the SALUS project template. */
    async keepProjects(companyId: string, projects: readonly { id: string; name: string }[]) {
      const at = ts(now());
      for (let i = 0; i < projects.length; i += 500) {
        const chunk = projects.slice(i, i + 500);
        const params: string[] = [companyId, at];
        const values = chunk.map((p) => {
          params.push(p.id, p.name);
          return `($1, $${params.length - 1}, $${params.length}, $2::timestamptz)`;
        });
        await db.query(
          `INSERT INTO watch_projects (company_id, project_id, project_name, verified_at)
           VALUES ${values.join(', ')}
           ON CONFLICT (company_id, project_id) DO UPDATE SET
             project_name = EXCLUDED.project_name, verified_at = EXCLUDED.verified_at`,
          params,
        );
      }
    },

    async forgetProjects(companyId: string, projectIds: readonly string[]) {
      if (projectIds.length === 0) return;
      await db.query(
        `DELETE FROM watch_projects
         WHERE company_id = $1 AND project_id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
        [companyId, json(projectIds)],
      );
    },

    async openDrift(companyId: string): Promise<DriftRecord[]> {
      const rows = await db.query<DriftRow>(
        `SELECT * FROM watch_drift WHERE company_id = $1 AND resolved_at IS NULL
         ORDER BY since, id`,
        [companyId],
      );
      return rows.map(toDrift);
    },

    /**
     * Keeps the names an admin's check read for open problems about projects the SALUS account
     * could not read, so support (which has no Procore sign-in) sees them too.
     */
    async nameProjects(companyId: string, projects: readonly { id: string; name: string }[]) {
      if (projects.length === 0) return;
      await db.query(
        `UPDATE watch_drift SET project_name = p.name
         FROM jsonb_to_recordset($2::jsonb) AS p(id text, name text)
         WHERE company_id = $1 AND resolved_at IS NULL AND project_name IS NULL
           AND subject = p.id`,
        [companyId, json(projects)],
      );
    },

    /**
     * Records a finding. A problem already open keeps its first `since` (and its notice); only
     * what it is now is updated. `created` says whether it is new.
     */
    async found(
      companyId: string,
      finding: DriftFinding,
    ): Promise<{ drift: DriftRecord; created: boolean }> {
      const [row] = await db.query<DriftRow & { created: boolean }>(
        `INSERT INTO watch_drift (id, company_id, kind, subject, project_name, value, since,
           seen_at, found_by)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::timestamptz, $8::timestamptz, $9)
         ON CONFLICT (company_id, kind, subject) WHERE resolved_at IS NULL DO UPDATE SET
           project_name = COALESCE(EXCLUDED.project_name, watch_drift.project_name),
           value = EXCLUDED.value
         RETURNING *, (xmax = 0) AS created`,
        [
          randomUUID(),
          companyId,
          finding.kind,
          finding.subject,
          finding.projectName,
          json(finding.value),
          ts(finding.since),
          ts(now()),
          finding.foundBy,
        ],
      );
      return { drift: toDrift(row!), created: row!.created };
    },

    /**
     * Open problems support has not been told of, marked told in the same statement: the caller
     * writes their notice in the same transaction.
     */
    async takeUntold(companyId: string): Promise<DriftRecord[]> {
      const rows = await db.query<DriftRow>(
        `UPDATE watch_drift SET notified_at = $2::timestamptz
         WHERE company_id = $1 AND resolved_at IS NULL AND notified_at IS NULL
         RETURNING *`,
        [companyId, ts(now())],
      );
      return rows.map(toDrift).sort((a, b) => a.since.getTime() - b.since.getTime());
    },

    /** Closes open problems: all of the company's, or those of some kinds about some subjects. */
    async resolve(
      companyId: string,
      which?: { kinds: readonly WatchDriftKind[]; subjects: readonly string[] },
    ): Promise<number> {
      if (which && (which.kinds.length === 0 || which.subjects.length === 0)) return 0;
      const params: unknown[] = [companyId, ts(now())];
      let where = '';
      if (which) {
        params.push(json(which.kinds), json(which.subjects));
        where = `AND kind IN (SELECT jsonb_array_elements_text($3::jsonb))
                 AND subject IN (SELECT jsonb_array_elements_text($4::jsonb))`;
      }
      const rows = await db.query(
        `UPDATE watch_drift SET resolved_at = $2::timestamptz
         WHERE company_id = $1 AND resolved_at IS NULL ${where} RETURNING id`,
        params,
      );
      return rows.length;
    },

    /**
     * How many deliveries since `since` were about this company's watch (a project created, or
     * the SALUS account changed) and not SALUS Setup's own changes.
     */
    async countEvents(companyId: string, q: { since: Date; accountId: string }): Promise<number> {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_events
         WHERE company_id = $1 AND received_at > $2::timestamptz AND NOT own
           AND (resource_name = 'Projects' OR resource_id = $3)`,
        [companyId, ts(q.since), q.accountId],
      );
      return row!.n;
    },

    /** Records a delivery once: false when its ulid was seen before. */
    async recordEvent(event: Omit<WebhookEventRecord, 'verifiedAt'>): Promise<boolean> {
      const rows = await db.query(
        `INSERT INTO webhook_events (ulid, company_id, resource_name, event_type, resource_id,
           happened_at, received_at, own)
         VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8)
         ON CONFLICT (ulid) DO NOTHING RETURNING ulid`,
        [
          event.ulid,
          event.companyId,
          event.resourceName,
          event.eventType,
          event.resourceId,
          ts(event.happenedAt),
          ts(event.receivedAt),
          event.own,
        ],
      );
      return rows.length > 0;
    },

    async event(ulid: string): Promise<WebhookEventRecord | null> {
      const [r] = await db.query<{
        ulid: string;
        company_id: string;
        resource_name: string;
        event_type: string;
        resource_id: string;
        happened_at: Date;
        received_at: Date;
        own: boolean;
        verified_at: Date | null;
      }>(`SELECT * FROM webhook_events WHERE ulid = $1`, [ulid]);
      if (!r) return null;
      return {
        ulid: r.ulid,
        companyId: r.company_id,
        resourceName: r.resource_name,
        eventType: r.event_type,
        resourceId: r.resource_id,
        happenedAt: new Date(r.happened_at),
        receivedAt: new Date(r.received_at),
        own: r.own,
        verifiedAt: r.verified_at && new Date(r.verified_at),
      };
    },

    async eventVerified(ulid: string): Promise<void> {
      await db.query(`UPDATE webhook_events SET verified_at = $2::timestamptz WHERE ulid = $1`, [
        ulid,
        ts(now()),
      ]);
    },

    /** Deletes deliveries received before `before` (the sign-in sweep). */
    async deleteEventsBefore(before: Date): Promise<number> {
      const rows = await db.query(
        `DELETE FROM webhook_events WHERE received_at < $1::timestamptz RETURNING ulid`,
        [ts(before)],
      );
      return rows.length;
    },

    /** Every watched company's summary for the support list, with its open problems. */
    async summaries(
      companyIds: readonly string[],
    ): Promise<Map<string, { watch: CompanyWatch; drift: DriftRecord[] }>> {
      const out = new Map<string, { watch: CompanyWatch; drift: DriftRecord[] }>();
      if (companyIds.length === 0) return out;
      const ids = json(companyIds);
      const watches = await db.query<WatchRow>(
        `SELECT * FROM company_watch WHERE company_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
        [ids],
      );
      for (const w of watches) out.set(w.company_id, { watch: toWatch(w), drift: [] });
      const drift = await db.query<DriftRow>(
        `SELECT * FROM watch_drift WHERE company_id IN (SELECT jsonb_array_elements_text($1::jsonb))
           AND resolved_at IS NULL
         ORDER BY since, id`,
        [ids],
      );
      for (const d of drift) out.get(d.company_id)?.drift.push(toDrift(d));
      return out;
    },
  };
}

export type WatchRepository = ReturnType<typeof watchRepository>;
