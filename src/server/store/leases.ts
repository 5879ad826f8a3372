import type { Queryable } from './db.ts';
import { ms, ts, type Clock } from './shared.ts';

/** A named, expiring lock held by one owner, e.g. 'run:<company_id>' held by one server process. */
export interface Lease {
  name: string;
  owner: string;
  expiresAt: Date;
}

interface Row {
  name: string;
  owner: string;
  expires_at: Date;
}

const toLease = (row: Row): Lease => ({
  name: row.name,
  owner: row.owner,
  expiresAt: row.expires_at,
});

/**
 * Leases make sure one instance works on a company's run at a time. Each operation is a single
 * statement, so it is atomic across server instances sharing PostgreSQL. The holder must renew
 * before `expiresAt`; after that anyone may take the lease over.
 */
export function leasesRepository(db: Queryable, now: Clock) {
  return {
    /** Takes the lease if it is free, expired or already ours; null if someone else holds it. */
    async acquire(name: string, owner: string, ttlMs: number): Promise<Lease | null> {
      const at = now();
      const [row] = await db.query<Row>(
        `INSERT INTO leases AS l (name, owner, expires_at) VALUES ($1, $2, $3::timestamptz)
         ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
         WHERE l.expires_at <= $4::timestamptz OR l.owner = EXCLUDED.owner
         RETURNING *`,
        [name, owner, ms(at, ttlMs), ts(at)],
      );
      return row ? toLease(row) : null;
    },

    /** Extends a lease we still hold; null if it lapsed or was taken over. */
    async renew(name: string, owner: string, ttlMs: number): Promise<Lease | null> {
      const at = now();
      const [row] = await db.query<Row>(
        `UPDATE leases SET expires_at = $3::timestamptz
         WHERE name = $1 AND owner = $2 AND expires_at > $4::timestamptz RETURNING *`,
        [name, owner, ms(at, ttlMs), ts(at)],
      );
      return row ? toLease(row) : null;
    },

    /** Gives the lease up if we hold it. */
    async release(name: string, owner: string): Promise<boolean> {
      const rows = await db.query(`DELETE FROM leases WHERE name = $1 AND owner = $2 RETURNING 1`, [
        name,
        owner,
      ]);
      return rows.length === 1;
    },

    /** The current, unexpired holder. */
    async get(name: string): Promise<Lease | null> {
      const [row] = await db.query<Row>(
        `SELECT * FROM leases WHERE name = $1 AND expires_at > $2::timestamptz`,
        [name, ts(now())],
      );
      return row ? toLease(row) : null;
    },
  };
}
