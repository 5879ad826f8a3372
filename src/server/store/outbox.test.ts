import { describeEachEngine, testClock } from '../../../test/setup/engines.ts';
import { createRepositories } from './index.ts';

let n = 0;
const key = () => `completion:${++n}-${Math.random().toString(36).slice(2)}`;

describeEachEngine('outbox', (ctx) => {
  it('enqueues once per idempotency key, even when the same event races', async () => {
    const { outbox } = createRepositories(ctx.db, { now: testClock() });
    const idempotencyKey = key();
    const message = {
      kind: 'support.completed',
      companyId: '42',
      payload: { a: 1 },
      idempotencyKey,
    };
    const results = await Promise.all([outbox.enqueue(message), outbox.enqueue(message)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results[0]!.item.id).toBe(results[1]!.item.id);
    const again = await outbox.enqueue({ ...message, payload: { a: 2 } });
    expect(again).toMatchObject({ created: false, item: { payload: { a: 1 } } });
  });

  it('retries with doubling delays, then gives up', async () => {
    const clock = testClock();
    const { outbox } = createRepositories(ctx.db, {
      now: clock,
      outbox: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 3_000 },
    });
    const companyId = `c-${key()}`;
    const { item } = await outbox.enqueue({
      kind: 'support.completed',
      companyId,
      payload: {},
      idempotencyKey: key(),
    });
    const claimMine = async () =>
      (await outbox.claimDue({ limit: 100 })).filter((i) => i.companyId === companyId);

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const [claimed] = await claimMine();
      expect(claimed).toMatchObject({ id: item.id, attempts: attempt });
      expect(await claimMine()).toEqual([]); // claimed items are invisible to other claimers
      const failed = await outbox.markFailed(item.id, `HTTP 503 (${attempt})`);
      if (attempt < 4) {
        delays.push(+failed!.nextAttemptAt - +clock());
        clock.advance(delays.at(-1)! - 1);
        expect(await claimMine()).toEqual([]);
        clock.advance(1);
      } else {
        expect(failed).toMatchObject({ status: 'failed', lastError: 'HTTP 503 (4)' });
      }
    }
    expect(delays).toEqual([1_000, 2_000, 3_000]);
    clock.advance(60 * 60_000);
    expect(await claimMine()).toEqual([]);

    expect(await outbox.release(item.id)).toBe(1);
    const [retried] = await claimMine();
    await outbox.markDelivered(retried!.id);
    expect(await outbox.get(item.id)).toMatchObject({
      status: 'delivered',
      deliveredAt: clock(),
      lastError: null,
    });
    const delivered = await outbox.list({ companyId, status: 'delivered' });
    expect(delivered).toMatchObject({ total: 1, items: [{ id: item.id }] });
    expect(await outbox.getByKey(item.idempotencyKey)).toMatchObject({ id: item.id });
    expect(await outbox.getByKey('no-such-key')).toBeNull();
  });

  it('honours Retry-After, permanent failures, held items, and reclaims after a crash', async () => {
    const clock = testClock();
    const { outbox } = createRepositories(ctx.db, { now: clock });
    const companyId = `c-${key()}`;
    const enqueue = (extra = {}) =>
      outbox.enqueue({ kind: 'k', companyId, payload: {}, idempotencyKey: key(), ...extra });
    const claimMine = async (visibilityMs?: number) =>
      (await outbox.claimDue({ limit: 100, visibilityMs })).filter(
        (i) => i.companyId === companyId,
      );

    const { item: later } = await enqueue();
    await claimMine();
    const retryAt = new Date(+clock() + 90_000);
    expect((await outbox.markFailed(later.id, '429', { retryAt }))?.nextAttemptAt).toEqual(retryAt);

    const { item: bad } = await enqueue();
    const { item: held } = await enqueue({ held: true });
    const claimed = await claimMine(10_000);
    expect(claimed.map((i) => i.id)).toEqual([bad.id]);
    expect(await outbox.markFailed(bad.id, '400', { permanent: true })).toMatchObject({
      status: 'failed',
    });

    // A deliverer that claimed and died: the item comes back after the visibility timeout.
    const { item: orphan } = await enqueue();
    expect((await claimMine(10_000)).map((i) => i.id)).toEqual([orphan.id]);
    clock.advance(10_000);
    expect((await claimMine()).map((i) => i.id)).toEqual([orphan.id]);

    expect(await outbox.get(held.id)).toMatchObject({ status: 'held', attempts: 0 });
    expect(await outbox.releaseHeld()).toBe(1);
    expect((await claimMine()).map((i) => i.id)).toEqual([held.id]);
  });
});
