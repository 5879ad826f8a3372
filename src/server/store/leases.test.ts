import { describeEachEngine, testClock } from '../../../test/setup/engines.ts';
import { createRepositories } from './index.ts';

let n = 0;
const leaseName = () => `run:${++n}-${Math.random().toString(36).slice(2)}`;

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
    const clock = testClock();
    const { leases } = createRepositories(ctx.db, { now: clock });
    const name = leaseName();
    expect(await leases.acquire(name, 'a', 10_000)).not.toBeNull();
    clock.advance(9_000);
    expect(await leases.acquire(name, 'b', 10_000)).toBeNull();
    expect(await leases.renew(name, 'a', 10_000)).toMatchObject({ owner: 'a' });
    clock.advance(9_000);
    expect(await leases.acquire(name, 'b', 10_000)).toBeNull();
    expect(await leases.acquire(name, 'a', 10_000)).toMatchObject({ owner: 'a' });
    expect(await leases.renew(name, 'b', 10_000)).toBeNull();
  });

  it('can be taken over once it expires, after which the old owner cannot renew it', async () => {
    const clock = testClock();
    const { leases } = createRepositories(ctx.db, { now: clock });
    const name = leaseName();
    await leases.acquire(name, 'a', 10_000);
    clock.advance(10_000);
    expect(await leases.get(name)).toBeNull();
    expect(await leases.acquire(name, 'b', 10_000)).toMatchObject({ owner: 'b' });
    expect(await leases.renew(name, 'a', 10_000)).toBeNull();
    expect(await leases.release(name, 'a')).toBe(false);
    expect(await leases.release(name, 'b')).toBe(true);
    expect(await leases.acquire(name, 'a', 10_000)).toMatchObject({ owner: 'a' });
  });
});
