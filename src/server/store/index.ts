import { auditRepository } from './audit.ts';
import { companySettingsRepository } from './company-settings.ts';
import { companyStatusRepository } from './company-status.ts';
import { completionsRepository } from './completions.ts';
import {
  openDatabase,
  type Db,
  type DbTimeouts,
  type OpenDatabaseOptions,
  type Queryable,
} from './db.ts';
import { handoffsRepository } from './handoffs.ts';
import { leasesRepository } from './leases.ts';
import { ledgerRepository } from './ledger.ts';
import { MIGRATIONS, migrate } from './migrations.ts';
import { oauthStatesRepository } from './oauth-states.ts';
import { outboxRepository } from './outbox.ts';
import { plansRepository } from './plans.ts';
import { repairGrantsRepository } from './repair-grants.ts';
import { retentionRepository } from './retention.ts';
import { runsRepository } from './runs.ts';
import { sessionsRepository, type SessionPolicy } from './sessions.ts';
import { signInResultsRepository } from './sign-in-results.ts';
import { supportSessionsRepository, type SupportSessionPolicy } from './support-sessions.ts';
import { procoreKnowledgeRepository } from './procore-knowledge.ts';
import { watchRepository } from './watch.ts';
import type { Clock } from './shared.ts';

export interface RepositoryOptions {
  now?: Clock;
  sessions?: SessionPolicy;
  supportSessions?: SupportSessionPolicy;
}

/**
 * Every repository over one database or one transaction. Cheap to build, so a unit of work
 * can do `db.transaction((tx) => { const r = createRepositories(tx, options); … })`.
 */
export function createRepositories(db: Queryable, options: RepositoryOptions = {}) {
  const now = options.now ?? (() => new Date());
  return {
    /** The database or transaction these repositories write to (e.g. to queue a job with them). */
    sql: db,
    oauthStates: oauthStatesRepository(db, now),
    signInResults: signInResultsRepository(db, now),
    handoffs: handoffsRepository(db, now),
    sessions: sessionsRepository(db, now, options.sessions),
    companyStatus: companyStatusRepository(db, now),
    companySettings: companySettingsRepository(db, now),
    retention: retentionRepository(db, now),
    runs: runsRepository(db, now),
    ledger: ledgerRepository(db, now),
    leases: leasesRepository(db),
    audit: auditRepository(db, now),
    completions: completionsRepository(db, now),
    outbox: outboxRepository(db, now),
    procoreKnowledge: procoreKnowledgeRepository(db, now),
    plans: plansRepository(db, now),
    supportSessions: supportSessionsRepository(db, now, options.supportSessions),
    watch: watchRepository(db, now),
    repairGrants: repairGrantsRepository(db, now),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

export interface Store extends Repositories {
  db: Db;
  /**
   * One unit of work: every repository over one transaction (committed when `fn` resolves,
   * rolled back when it throws), with the store's own clock and policies. Never hold one across
   * a Procore call: on PGlite it freezes the whole store, on PostgreSQL it pins a connection.
   */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Whether the store can serve requests: it answers within `deadlineMs` and every migration this
   * code knows is applied. Never throws.
   */
  ready(deadlineMs: number): Promise<{ ready: true } | { ready: false; reason: string }>;
  /**
   * Deletes every row of every table but the migrations' record: the demo's fresh start when its
   * scenario is switched. Never called in real mode.
   */
  wipe(): Promise<void>;
  close(): Promise<void>;
}

async function wipe(db: Db) {
  const tables = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables
      WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  if (tables.length === 0) return;
  const names = tables.map((t) => `"${t.name.replace(/"/g, '""')}"`).join(', ');
  await db.query(`TRUNCATE ${names} CASCADE`);
}

async function readiness(db: Db, deadlineMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    const rows = await Promise.race([
      db.query<{ id: number }>('SELECT id FROM schema_migrations'),
      deadline,
    ]);
    const applied = new Set(rows.map((r) => Number(r.id)));
    const missing = MIGRATIONS.filter((m) => !applied.has(m.id));
    return missing.length === 0
      ? ({ ready: true } as const)
      : ({ ready: false, reason: `migrations not applied: ${missing.map((m) => m.id)}` } as const);
  } catch (error) {
    return {
      ready: false,
      reason: error instanceof Error ? error.message : String(error),
    } as const;
  } finally {
    clearTimeout(timer);
  }
}

/** Opens the database (PostgreSQL when `url` is set, embedded otherwise) and migrates it. */
export async function openStore(
  options: OpenDatabaseOptions & RepositoryOptions = {},
): Promise<Store> {
  const db = await openDatabase(options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return storeOver(db, options);
}

/** A store over an open database (closing it closes the database). */
export function storeOver(db: Db, options: RepositoryOptions = {}): Store {
  return {
    db,
    ...createRepositories(db, options),
    transaction: (fn) => db.transaction((tx) => fn(createRepositories(tx, options))),
    ready: (deadlineMs) => readiness(db, deadlineMs),
    wipe: () => wipe(db),
    close: () => db.close(),
  };
}

export { openDatabase, migrate };
export type { Db, DbTimeouts, OpenDatabaseOptions, Queryable };
export type { Actor, Clock, Page } from './shared.ts';
export type { AuditEntry, NewAuditEntry } from './audit.ts';
export { SUPPORT_VIEW_TARGET } from './audit.ts';
export type { AddToNewProjectsEvidence, CompanySettings } from './company-settings.ts';
export type { CompanyStatus, CompanyStatusInput } from './company-status.ts';
export type { Completion } from './completions.ts';
export type { Lease } from './leases.ts';
export type { GrantPauseReason, RepairGrant } from './repair-grants.ts';
export type {
  LedgerAction,
  LedgerCounts,
  LedgerItem,
  LedgerOutcome,
  NewLedgerItem,
} from './ledger.ts';
export type { OAuthState } from './oauth-states.ts';
export type { OutboxItem, OutboxStatus } from './outbox.ts';
export type { SupportSession, SupportSessionPolicy } from './support-sessions.ts';
export type { PlanMaker, StoredPlanRecord } from './plans.ts';
export type { Run, RunStatus, RunUpdate } from './runs.ts';
export type { SignInResult } from './sign-in-results.ts';
export type {
  NewSession,
  Session,
  SessionCompany,
  SessionPolicy,
  SessionTokens,
} from './sessions.ts';
export { ActiveRunExistsError } from './runs.ts';
export { hashSecret, newSecret } from './shared.ts';
