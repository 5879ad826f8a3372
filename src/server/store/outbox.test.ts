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

  it('records attempts and failures (the job queue retries), gives up, releases', async () => {
    const clock = testClock();
    const { outbox } = createRepositories(ctx.db, { now: clock });
    const companyId = `c-${key()}`;
    const enqueue = (extra = {}) =>
      outbox.enqueue({ kind: 'k', companyId, payload: {}, idempotencyKey: key(), ...extra });

    const { item } = await enqueue();
    await outbox.markAttempt(item.id, 1);
    expect(
      await outbox.markFailed(item.id, 'HTTP 503', { attempts: 1, final: false }),
    ).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503' });
    expect(
      await outbox.markFailed(item.id, 'HTTP 503 (2)', { attempts: 2, final: true }),
    ).toMatchObject({ status: 'failed', attempts: 2 });
    // Given up: nothing more is recorded until an operator releases it.
    expect(await outbox.markFailed(item.id, 'late', { attempts: 3, final: false })).toBeNull();
    expect(await outbox.release(item.id)).toEqual([item.id]);
    expect(await outbox.get(item.id)).toMatchObject({ status: 'pending', attempts: 0 });
    await outbox.markDelivered(item.id);
    expect(await outbox.get(item.id)).toMatchObject({
      status: 'delivered',
      deliveredAt: clock(),
      lastError: null,
    });
    const delivered = await outbox.list({ companyId, status: 'delivered' });
    expect(delivered).toMatchObject({ total: 1, items: [{ id: item.id }] });
    expect(await outbox.getByKey(item.idempotencyKey)).toMatchObject({ id: item.id });
    expect(await outbox.getByKey('no-such-key')).toBeNull();

    const { item: held } = await enqueue({ held: true });
    expect(await outbox.get(held.id)).toMatchObject({ status: 'held', attempts: 0 });
    expect(await outbox.releaseHeld()).toContain(held.id);
    expect(await outbox.get(held.id)).toMatchObject({ status: 'pending' });
  });
});
