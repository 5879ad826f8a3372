/**
 * Runs a block of tests against both store engines: embedded PGlite in memory and real
 * PostgreSQL (TEST_DATABASE_URL, see test/setup/postgres.ts). Each block gets a database of
 * its own, so test files can run in parallel against one server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openDatabase, type Db } from '../../src/server/store/db.ts';
import { migrate } from '../../src/server/store/migrations.ts';

export type EngineName = 'pglite' | 'postgres';

export interface EngineContext {
  readonly engine: EngineName;
  /** The block's database, migrated unless `migrate: false`. */
  readonly db: Db;
  /** PostgreSQL only: another pool on the same database (closed after the block); else null. */
  openAnother(): Promise<Db | null>;
}

const NO_POSTGRES = [
  '!'.repeat(78),
  '!! TEST_DATABASE_URL is not set: the PostgreSQL half of these store tests is SKIPPED.',
  '!! Wire test/setup/postgres.ts as a vitest globalSetup, install postgresql, or set',
  '!! TEST_DATABASE_URL. With REQUIRE_POSTGRES=1 (CI) this is a failure instead.',
  '!'.repeat(78),
].join('\n');
let warned = false;

export function describeEachEngine(
  title: string,
  body: (ctx: EngineContext) => void,
  options: { migrate?: boolean } = {},
): void {
  describeOn('pglite', title, body, options);
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    describeOn('postgres', title, body, options, url);
  } else if (process.env.REQUIRE_POSTGRES === '1') {
    describe(`${title} [postgres]`, () => {
      it('needs PostgreSQL (REQUIRE_POSTGRES=1)', () => {
        throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
      });
    });
  } else {
    if (!warned) console.warn(NO_POSTGRES);
    warned = true;
    describe.skip(`${title} [postgres]`, () => body(unavailable));
  }
}

const unavailable: EngineContext = {
  engine: 'postgres',
  get db(): Db {
    throw new Error('PostgreSQL is not available');
  },
  openAnother: async () => null,
};

function describeOn(
  engine: EngineName,
  title: string,
  body: (ctx: EngineContext) => void,
  options: { migrate?: boolean },
  serverUrl?: string,
): void {
  let db: Db | undefined;
  let url: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  const others: Db[] = [];

  const ctx: EngineContext = {
    engine,
    get db() {
      if (!db) throw new Error('the database opens in beforeAll');
      return db;
    },
    async openAnother() {
      if (!url) return null;
      const other = await openDatabase({ url });
      others.push(other);
      return other;
    },
  };

  describe(`${title} [${engine}]`, () => {
    beforeAll(async () => {
      if (serverUrl) ({ url, drop } = await freshDatabase(serverUrl));
      db = await openDatabase(url ? { url } : {});
      if (options.migrate !== false) await migrate(db);
    });
    afterAll(async () => {
      await Promise.all([db, ...others].map((d) => d?.close()));
      await drop?.();
    });
    body(ctx);
  });
}

/** A new empty database on the server; a schema of its own if CREATE DATABASE is not allowed. */
export async function freshDatabase(
  serverUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `salus_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { url: url.href, drop: () => onServer(serverUrl, `DROP DATABASE ${name} WITH (FORCE)`) };
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
    await admin.query(`CREATE SCHEMA ${name}`);
    const url = new URL(serverUrl);
    url.searchParams.set('options', `-c search_path=${name}`);
    return { url: url.href, drop: () => onServer(serverUrl, `DROP SCHEMA ${name} CASCADE`) };
  } finally {
    await admin.end();
  }
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A clock the test moves by hand. */
export function testClock(start = new Date('2026-11-01T12:00:00.000Z')) {
  let current = start.getTime();
  const now = () => new Date(current);
  return Object.assign(now, {
    advance(ms: number) {
      current += ms;
    },
  });
}
