import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PauseReason, RunPhase, RunStatus } from '../../api/contract.ts';
import type { Queryable } from './db.ts';
import { isUniqueViolation, json, ts, type Actor, type Clock } from './shared.ts';

export type { RunPhase, RunStatus };
/** A company has at most one run in these states: it is not finished yet. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['running', 'paused', 'trial-done'];
const ACTIVE_SQL = `('running', 'paused', 'trial-done')`;

const answer = z.object({ status: z.number().nullable(), message: z.string() });
const accountField = z.enum([
  'company_permission_template_id',
  'default_permission_template_id',
  'add_to_new_projects',
]);
/** The stored pause reason, checked on the way out and in answers (contract.ts `PauseReason`). */
export const pauseReasonSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('app-not-connected') }),
  z.object({ code: z.literal('session-expired') }),
  z.object({ code: z.literal('account-not-updated'), field: accountField }),
  z.object({ code: z.literal('systemic-failure'), count: z.number(), procore: answer }),
  z.object({
    code: z.literal('template-not-created'),
    name: z.string(),
    procore: answer.nullable(),
  }),
  z.object({ code: z.literal('trial-failed'), project: z.string(), procore: answer.nullable() }),
  z.object({ code: z.literal('interrupted') }),
]) satisfies z.ZodType<PauseReason>;

/** A reason stored by an older version reads as "interrupted": resuming it is always safe. */
function parseReason(value: unknown): PauseReason | null {
  if (value === null || value === undefined) return null;
  const parsed = pauseReasonSchema.safeParse(value);
  return parsed.success ? parsed.data : { code: 'interrupted' };
}

/** One "Fix permissions" run for a company. Its per-project ledger lives in `run_items`. */
export interface Run {
  id: string;
  companyId: string;
  startedBy: Actor;
  /** The admin who last resumed the run: its changes from `at` on are made with their sign-in. */
  resumedBy: (Actor & { at: Date }) | null;
  /** A fix, or an undo of one. */
  kind: 'fix' | 'undo';
  /**
   * Who decided it: a person (Apply, Undo), or the repair rule acting on an admin's repair
   * grant (issue 20), `startedBy` being that admin, on whose behalf it acts.
   */
  origin: 'person' | 'rule';
  status: RunStatus;
  phase: RunPhase;
  /** A trial: one project, re-checked, then 'trial-done'. Off once the admin continues. */
  trial: boolean;
  plan: unknown;
  /** Set exactly while the run is paused. */
  pausedReason: PauseReason | null;
  /** When an admin asked to cancel it while it was running (it stops at its next item). */
  cancelRequestedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  summary: unknown;
}

export interface RunUpdate {
  status?: RunStatus;
  phase?: RunPhase;
  trial?: boolean;
  /** Kept only while the run is paused. */
  pausedReason?: PauseReason | null;
  summary?: unknown;
}

/** A company has at most one running or paused run; starting another throws this. */
export class ActiveRunExistsError extends Error {
  constructor(readonly companyId: string) {
    super(`Company ${companyId} already has an active run`);
    this.name = 'ActiveRunExistsError';
  }
}

interface Row {
  id: string;
  company_id: string;
  started_by_id: string;
  started_by_name: string;
  resumed_by_id: string | null;
  resumed_by_name: string | null;
  resumed_at: Date | null;
  kind: 'fix' | 'undo';
  origin: 'person' | 'rule';
  status: RunStatus;
  phase: RunPhase;
  trial: boolean;
  plan: unknown;
  paused_reason: unknown;
  cancel_requested_at: Date | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  summary: unknown;
}

const toRun = (row: Row): Run => ({
  id: row.id,
  companyId: row.company_id,
  startedBy: { id: row.started_by_id, name: row.started_by_name },
  resumedBy:
    row.resumed_by_id !== null && row.resumed_at !== null
      ? { id: row.resumed_by_id, name: row.resumed_by_name ?? '', at: row.resumed_at }
      : null,
  kind: row.kind,
  origin: row.origin,
  status: row.status,
  phase: row.phase,
  trial: row.trial,
  plan: row.plan,
  pausedReason: row.status === 'paused' ? parseReason(row.paused_reason) : null,
  cancelRequestedAt: row.cancel_requested_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  finishedAt: row.finished_at,
  summary: row.summary,
});

export function runsRepository(db: Queryable, now: Clock) {
  return {
    /** Starts a run in 'running'. Throws ActiveRunExistsError if the company has one. */
    async create(input: {
      companyId: string;
      startedBy: Actor;
      kind?: 'fix' | 'undo';
      phase?: RunPhase;
      trial?: boolean;
      origin?: Run['origin'];
      plan: unknown;
      id?: string;
    }): Promise<Run> {
      try {
        const [row] = await db.query<Row>(
          `INSERT INTO runs (id, company_id, started_by_id, started_by_name, status, kind, phase,
             trial, plan, created_at, updated_at, origin)
           VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8::jsonb, $9::timestamptz,
             $9::timestamptz, $10)
           RETURNING *`,
          [
            input.id ?? randomUUID(),
            input.companyId,
            input.startedBy.id,
            input.startedBy.name,
            input.kind ?? 'fix',
            input.phase ?? 'account',
            input.trial ?? false,
            json(input.plan),
            ts(now()),
            input.origin ?? 'person',
          ],
        );
        return toRun(row!);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ActiveRunExistsError(input.companyId);
        throw error;
      }
    },

    async get(id: string): Promise<Run | null> {
      const [row] = await db.query<Row>(`SELECT * FROM runs WHERE id = $1`, [id]);
      return row ? toRun(row) : null;
    },

    /** The company's unfinished run (running, paused, or its trial done), if any. */
    async getActive(companyId: string): Promise<Run | null> {
      const [row] = await db.query<Row>(
        `SELECT * FROM runs WHERE company_id = $1 AND status IN ${ACTIVE_SQL}`,
        [companyId],
      );
      return row ? toRun(row) : null;
    },

    /** Every unfinished run: what a restarted server may resume. */
    async listActive(): Promise<Run[]> {
      const rows = await db.query<Row>(
        `SELECT * FROM runs WHERE status IN ${ACTIVE_SQL} ORDER BY created_at`,
      );
      return rows.map(toRun);
    },

    /**
     * The running runs whose lease nobody holds (`leasePrefix` + company id, unexpired on the
     * database's clock): those no instance drives. One statement, however many runs there are.
     */
    async listRunningUnleased(leasePrefix: string): Promise<Run[]> {
      const rows = await db.query<Row>(
        `SELECT * FROM runs r WHERE r.status = 'running' AND NOT EXISTS (
           SELECT 1 FROM leases l
           WHERE l.name = $1 || r.company_id AND l.expires_at > clock_timestamp())
         ORDER BY r.created_at`,
        [leasePrefix],
      );
      return rows.map(toRun);
    },

    /** Newest first. */
    async listForCompany(
      companyId: string,
      options: { limit?: number; offset?: number } = {},
    ): Promise<Run[]> {
      const rows = await db.query<Row>(
        `SELECT * FROM runs WHERE company_id = $1 ORDER BY created_at DESC, id
         LIMIT $2 OFFSET $3`,
        [companyId, options.limit ?? 20, options.offset ?? 0],
      );
      return rows.map(toRun);
    },

    /**
     * Hands the run to the admin who resumes it: replaces its stored plan and records them as
     * acting for it from now on; who started it stays on record. Null for an unknown id.
     */
    async rebind(id: string, plan: unknown, actor: Actor): Promise<Run | null> {
      const [row] = await db.query<Row>(
        `UPDATE runs SET plan = $2::jsonb, resumed_by_id = $3, resumed_by_name = $4,
           resumed_at = $5::timestamptz, updated_at = $5::timestamptz
         WHERE id = $1 RETURNING *`,
        [id, json(plan), actor.id, actor.name, ts(now())],
      );
      return row ? toRun(row) : null;
    },

    /**
     * Asks a running run to stop at its next item (whichever instance drives it reads this);
     * null when it is not running. Asking twice keeps the first time.
     */
    async requestCancel(id: string): Promise<Run | null> {
      const [row] = await db.query<Row>(
        `UPDATE runs SET cancel_requested_at = COALESCE(cancel_requested_at, $2::timestamptz),
           updated_at = $2::timestamptz
         WHERE id = $1 AND status = 'running' RETURNING *`,
        [id, ts(now())],
      );
      return row ? toRun(row) : null;
    },

    /** Whether an admin asked to cancel the run (one cheap read, before each item). */
    async cancelRequested(id: string): Promise<boolean> {
      const [row] = await db.query<{ asked: boolean }>(
        `SELECT cancel_requested_at IS NOT NULL AS asked FROM runs WHERE id = $1`,
        [id],
      );
      return row?.asked ?? false;
    },

    /**
     * Changes status and/or summary. Entering a finished status stamps finished_at. With
     * `from`, the update happens only if the run is currently in one of those statuses
     * (e.g. cancel only what is still running); otherwise, and for an unknown id, null.
     */
    async update(
      id: string,
      change: RunUpdate,
      options: { from?: readonly RunStatus[] } = {},
    ): Promise<Run | null> {
      const sql = `UPDATE runs SET
           status = COALESCE($2, status),
           paused_reason = CASE WHEN COALESCE($2, status) = 'paused'
                                THEN COALESCE($3::jsonb,
                                              CASE WHEN $4 THEN NULL ELSE paused_reason END)
                                ELSE NULL END,
           summary = CASE WHEN $5 THEN $6::jsonb ELSE summary END,
           updated_at = $7::timestamptz,
           finished_at = CASE WHEN COALESCE($2, status) IN ('succeeded', 'failed', 'cancelled')
                              THEN COALESCE(finished_at, $7::timestamptz) ELSE NULL END,
           phase = COALESCE($9, phase),
           trial = COALESCE($10, trial)
         WHERE id = $1 AND ($8::text[] IS NULL OR status = ANY ($8::text[]))
         RETURNING *`;
      try {
        const [row] = await db.query<Row>(sql, [
          id,
          change.status ?? null,
          change.pausedReason ? json(change.pausedReason) : null,
          change.pausedReason === null,
          change.summary !== undefined,
          json(change.summary),
          ts(now()),
          options.from ? [...options.from] : null,
          change.phase ?? null,
          change.trial ?? null,
        ]);
        return row ? toRun(row) : null;
      } catch (error) {
        // Reopening a finished run while the company already has another active one.
        if (!isUniqueViolation(error)) throw error;
        const [run] = await db.query<Row>(`SELECT * FROM runs WHERE id = $1`, [id]);
        throw new ActiveRunExistsError(run?.company_id ?? 'unknown');
      }
    },
  };
}
