import { describeEachEngine, testClock } from '../../../test/setup/engines.ts';
import type { Db } from './db.ts';
import { createRepositories } from './index.ts';

let n = 0;
const leaseName = () => `run:${++n}-${Math.random().toString(36).slice(2)}`;

/** Time passing, on the database's clock: the lease's expiry moves into the past. */
const expire = (db: Db, name: string) =>
  db.query(
    `UPDATE leases SET expires_at = clock_timestamp() - interval '1 second' WHERE name = $1`,
    [name],
  );

describeEachEngine('leases', (ctx) => {
  it('goes to exactly one of two owners racing for it, every time', async () => {
    const { leases } = createRepositories(ctx.db, { now: testClock() });
    for (let round = 0; round < 20; round++) {
      const name = leaseName();
      const [a, b] = await Promise.all([
        leases.acquire(name, 'instance-a', 30_000),
        leases.acquire(name, 'instance-b', 30_000),
      ]);
      expect([a, b].filter((l) => l !== null)).toHaveLength(1);
      const holder = (a ?? b)!.owner;
      expect((await leases.get(name))?.owner).toBe(holder);
    }
  });

  it('is renewed and re-acquired by its owner but not taken by another while live', async () => {
    const { leases } = createRepositories(ctx.db);
    const name = leaseName();
    const first = (await leases.acquire(name, 'a', 10_000))!;
    expect(first).toMatchObject({ owner: 'a', fence: 1 });
    expect(await leases.acquire(name, 'b', 10_000)).toBeNull();
    expect(await leases.renew(first, 10_000)).toMatchObject({ owner: 'a', fence: 1 });
    expect(await leases.holds(first)).toBe(true);
    // Re-acquiring is a new holding: the earlier one is fenced off.
    const again = (await leases.acquire(name, 'a', 10_000))!;
    expect(again.fence).toBe(2);
    expect(await leases.holds(first)).toBe(false);
    expect(await leases.renew(first, 10_000)).toBeNull();
    expect(await leases.release(first)).toBe(false);
    expect(await leases.holds(again)).toBe(true);
  });

  it('can be taken over once it expires, with a new fence the old holder cannot pass', async () => {
    const { leases } = createRepositories(ctx.db);
    const name = leaseName();
    const a = (await leases.acquire(name, 'a', 10_000))!;
    await expire(ctx.db, name);
    expect(await leases.get(name)).toBeNull();
    expect(await leases.holds(a)).toBe(false);
    const b = (await leases.acquire(name, 'b', 10_000))!;
    expect(b).toMatchObject({ owner: 'b', fence: a.fence + 1 });
    expect(await leases.renew(a, 10_000)).toBeNull();
    expect(await leases.release(a)).toBe(false);
    expect(await leases.release(b)).toBe(true);
    expect(await leases.acquire(name, 'a', 10_000)).toMatchObject({ owner: 'a' });
  });

  it("keeps time on the database's clock, whatever an instance's clock says", async () => {
    const name = leaseName();
    const behind = createRepositories(ctx.db, { now: testClock(new Date('2020-01-01')) });
    const ahead = testClock(new Date());
    ahead.advance(365 * 24 * 60 * 60_000);
    const jumped = createRepositories(ctx.db, { now: ahead });
    const lease = (await behind.leases.acquire(name, 'a', 60_000))!;
    // An instance whose clock jumped a year ahead still sees the lease live, and cannot take it.
    expect(await jumped.leases.get(name)).toMatchObject({ owner: 'a' });
    expect(await jumped.leases.acquire(name, 'b', 60_000)).toBeNull();
    expect(lease.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });
});
