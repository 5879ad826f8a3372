import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import pg from 'pg';

/** Something SQL can be sent to: the database itself, or one open transaction. */
export interface Queryable {
  /** Runs one statement with `$1…` parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs one or more statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
   * Called on a transaction, it joins that transaction.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export interface Db extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /**
   * What the job queue (pg-boss, `src/server/jobs/queue.ts`) connects with: the same PGlite
   * instance (one process, one connection), or the PostgreSQL connection string (a small pool
   * of its own, which LISTEN/NOTIFY needs).
   */
  readonly native: { engine: 'pglite'; lite: PGlite } | { engine: 'postgres'; url: string };
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string (`DATABASE_URL`). Unset: the embedded engine. */
  url?: string;
  /**
   * Where the embedded engine keeps its files, e.g. `.data/pglite` (created if missing; one
   * process at a time). Unset or `memory://`: in memory.
   */
  dataDir?: string;
  /** Pool size on PostgreSQL. */
  maxConnections?: number;
  /** PostgreSQL time limits; each defaults to `DEFAULT_DB_TIMEOUTS`. */
  timeouts?: Partial<DbTimeouts>;
}

/**
 * How long the PostgreSQL pool waits before it gives up, so an unresponsive database fails
 * requests instead of hanging them (and shutdown). Milliseconds.
 */
export interface DbTimeouts {
  /** Opening a connection (pool `connectionTimeoutMillis`; also a wait for a free one). */
  connectMs: number;
  /** The server cancels a statement running longer (`statement_timeout`). */
  statementMs: number;
  /** The client stops waiting for an answer (`query_timeout`): a silent server or network. */
  queryMs: number;
  /** The server ends a session idle inside a transaction this long. */
  idleInTransactionMs: number;
}

export const DEFAULT_DB_TIMEOUTS: DbTimeouts = {
  connectMs: 5_000,
  statementMs: 15_000,
  queryMs: 20_000,
  idleInTransactionMs: 30_000,
};

/**
 * Opens the store's database: PostgreSQL through a `pg` pool when `url` is set, otherwise
 * embedded PGlite (PostgreSQL compiled to WASM), so the same SQL runs on both.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Db> {
  if (options.url) {
    const timeouts = { ...DEFAULT_DB_TIMEOUTS, ...options.timeouts };
    return openPostgres(options.url, options.maxConnections ?? 10, timeouts);
  }
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  return openPglite(dataDir);
}

type Runner = Pick<Queryable, 'query' | 'exec'>;

/** A transaction's own handle: nested `transaction` calls join it. */
function joinable(runner: Runner): Queryable {
  const tx: Queryable = { ...runner, transaction: (fn) => fn(tx) };
  return tx;
}

function pgRunner(client: pg.Pool | pg.PoolClient): Runner {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

function openPostgres(url: string, max: number, timeouts: DbTimeouts): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.queryMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    keepAlive: true,
  });
  // An idle client that loses its connection emits here; without a listener the process dies.
  pool.on('error', (error) => console.error('PostgreSQL pool error:', error.message));
  return {
    engine: 'postgres',
    native: { engine: 'postgres', url },
    ...pgRunner(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A connection whose ROLLBACK failed (or timed out) is in an unknown state: discard it.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(joinable(pgRunner(client)));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

function liteRunner(handle: Pick<PGlite, 'query' | 'exec'>): Runner {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const result = await handle.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await handle.exec(sql);
    },
  };
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  // PGlite is a single connection. It already queues other queries behind an open transaction,
  // so transactions are serialised; code inside one must use the `tx` it is given or it waits
  // on itself.
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lite = dataDir ? await PGlite.create({ dataDir }) : await PGlite.create();
  return {
    engine: 'pglite',
    native: { engine: 'pglite', lite },
    ...liteRunner(lite),
    transaction: (fn) => lite.transaction((liteTx) => fn(joinable(liteRunner(liteTx)))),
    close: () => lite.close(),
  };
}
