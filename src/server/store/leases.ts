import type { Queryable } from './db.ts';

/**
 * A named, expiring lock held by one owner, e.g. 'run:<company_id>' held by one server process.
 * `fence` grows by one with every acquisition: a holder proves it still holds the lease by its
 * fence, so one that was taken over (even by the same owner name) is refused.
 */
export interface Lease {
  name: string;
  owner: string;
  fence: number;
  expiresAt: Date;
}

interface Row {
  name: string;
  owner: string;
  fence: number;
  expires_at: Date;
}

const toLease = (row: Row): Lease => ({
  name: row.name,
  owner: row.owner,
  fence: Number(row.fence),
  expiresAt: row.expires_at,
});

/** Expiry is on the database's clock: instances whose clocks disagree still agree on it. */
const expiry = (param: number) => `clock_timestamp() + $${param}::int * interval '1 millisecond'`;

/**
 * Leases make sure one instance works on a company's run at a time. Each operation is a single
 * statement, so it is atomic across server instances sharing PostgreSQL, and every time in it is
 * the database's (`clock_timestamp()`), never an instance's. The holder must renew before
 * `expiresAt`; after that anyone may take the lease over, which increments its fence.
 */
export function leasesRepository(db: Queryable) {
  return {
    /**
     * Takes the lease if it is free, expired or already ours, with a new fence; null if someone
     * else holds it.
     */
    async acquire(name: string, owner: string, ttlMs: number): Promise<Lease | null> {
      const [row] = await db.query<Row>(
        `INSERT INTO leases AS l (name, owner, fence, expires_at) VALUES ($1, $2, 1, ${expiry(3)})
         ON CONFLICT (name) DO UPDATE
           SET owner = EXCLUDED.owner, fence = l.fence + 1, expires_at = EXCLUDED.expires_at
         WHERE l.expires_at <= clock_timestamp() OR l.owner = EXCLUDED.owner
         RETURNING *`,
        [name, owner, Math.round(ttlMs)],
      );
      return row ? toLease(row) : null;
    },

    /** Extends a lease we still hold (same fence, unexpired); null if it lapsed or was taken. */
    async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
      const [row] = await db.query<Row>(
        `UPDATE leases SET expires_at = ${expiry(4)}
         WHERE name = $1 AND owner = $2 AND fence = $3 AND expires_at > clock_timestamp()
         RETURNING *`,
        [lease.name, lease.owner, lease.fence, Math.round(ttlMs)],
      );
      return row ? toLease(row) : null;
    },

    /**
     * Whether `lease` is still held: same owner and fence, not expired. Inside a transaction it
     * locks the lease's row, so a takeover waits until the transaction's writes are committed,
     * and every write after a takeover is refused: the fencing check for ledger writes.
     */
    async holds(lease: Lease): Promise<boolean> {
      const rows = await db.query(
        `SELECT 1 FROM leases
         WHERE name = $1 AND owner = $2 AND fence = $3 AND expires_at > clock_timestamp()
         FOR UPDATE`,
        [lease.name, lease.owner, lease.fence],
      );
      return rows.length === 1;
    },

    /** Gives the lease up if we still hold it. */
    async release(lease: Lease): Promise<boolean> {
      const rows = await db.query(
        `DELETE FROM leases WHERE name = $1 AND owner = $2 AND fence = $3 RETURNING 1`,
        [lease.name, lease.owner, lease.fence],
      );
      return rows.length === 1;
    },

    /** The current, unexpired holder. */
    async get(name: string): Promise<Lease | null> {
      const [row] = await db.query<Row>(
        `SELECT * FROM leases WHERE name = $1 AND expires_at > clock_timestamp()`,
        [name],
      );
      return row ? toLease(row) : null;
    },
  };
}
