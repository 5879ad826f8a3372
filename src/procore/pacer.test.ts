import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRatePacer,
  createServerClock,
  INITIAL_RESET_MARGIN_MS,
  type RatePacer,
  type SharedWindow,
  type SharedWindows,
} from './pacer.ts';
import { fakeClock, T0, type FakeClock } from './test-utils.ts';

/** Headers of a Procore response generated at `serverMs`. */
function limits(serverMs: number, remaining: number, reset: number, limit = 25) {
  return new Headers({
    Date: new Date(serverMs).toUTCString(),
    'X-Rate-Limit-Limit': String(limit),
    'X-Rate-Limit-Remaining': String(remaining),
    'X-Rate-Limit-Reset': String(reset),
  });
}

/** Sends one request through the pacer and answers it with the headers for its arrival. */
async function exchange(
  pacer: RatePacer,
  clock: FakeClock,
  headers: (now: number) => Headers,
  status = 200,
) {
  const slot = await pacer.acquire(clock);
  slot.observe(headers(clock.now()), status);
  slot.release();
}

describe('the server clock from whole-second Date headers', () => {
  it('never puts the server ahead of where it is, and closes in on it within the latency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -15 * 60_000, max: 15 * 60_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 120 })), {
          minLength: 40,
          maxLength: 80,
        }),
        (trueOffset, requests) => {
          const server = createServerClock();
          let local = T0 + 123;
          let worstLatency = 0;
          for (const [gap, latency] of requests) {
            local += gap;
            const generatedAt = local + latency / 2;
            const date = Math.floor((generatedAt + trueOffset) / 1000) * 1000;
            server.observe(date, local, local + latency);
            worstLatency = Math.max(worstLatency, latency);
            expect(server.offset()).toBeLessThanOrEqual(trueOffset);
          }
          // Forty responses at scattered instants pin the offset down far below a second.
          expect(trueOffset - server.offset()).toBeLessThan(Math.max(worstLatency, 1) + 500);
        },
      ),
    );
  });

  it('learns a clock that jumped from the next response instead of trusting the old ones', () => {
    const server = createServerClock();
    for (let i = 0; i < 10; i++) server.observe(T0 + i * 1000, T0 + i * 1000, T0 + i * 1000 + 50);
    expect(server.offset()).toBeGreaterThan(-60);
    // Our clock jumps ten minutes ahead: the server now looks ten minutes behind.
    const jumped = T0 + 20_000 + 600_000;
    server.observe(T0 + 20_000, jumped, jumped + 50);
    expect(server.offset()).toBeLessThanOrEqual(-600_000);
    expect(server.offset()).toBeGreaterThan(-601_000);
  });
});

describe('reopening after a closed window', () => {
  it('waits for the reset, sends one probe alone, then opens up to the concurrency', async () => {
    const clock = fakeClock(T0);
    const pacer = createRatePacer({ concurrency: 4 });
    await exchange(pacer, clock, () => limits(T0, 0, T0 / 1000 + 10));

    const granted: number[] = [];
    const slots = [1, 2, 3].map((n) =>
      pacer.acquire(clock).then((slot) => {
        granted.push(n);
        return slot;
      }),
    );
    await expect.poll(() => granted.length).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted).toHaveLength(1);
    // The window closed at T0 + 10 s; nothing went before it (plus the margin) on either clock.
    expect(clock.now()).toBeGreaterThanOrEqual(T0 + 10_000 + INITIAL_RESET_MARGIN_MS);
    expect(pacer.state(clock.now()).inFlight).toBe(1);

    const probe = await slots[granted[0]! - 1]!;
    probe.observe(limits(clock.now(), 24, T0 / 1000 + 20), 200);
    probe.release();
    await expect.poll(() => granted.length).toBe(3);
    expect(pacer.state(clock.now())).toMatchObject({ inFlight: 2, remaining: 22 });
  });

  it('learns a bigger margin when Procore refuses the probe for the window it said had reset', async () => {
    const clock = fakeClock(T0);
    const pacer = createRatePacer();
    const reset = T0 / 1000 + 10;
    await exchange(pacer, clock, () => limits(T0, 0, reset));

    // Procore rounded its reset down: the window it counted in is still the old one.
    await exchange(pacer, clock, (now) => limits(now, 0, reset), 429);
    expect(pacer.state(clock.now()).resetMarginMs).toBe(1000);

    const next = await pacer.acquire(clock);
    expect(clock.now()).toBeGreaterThanOrEqual(reset * 1000 + 1000);
    next.observe(limits(clock.now(), 24, reset + 10), 200);
    next.release();
    expect(pacer.state(clock.now()).resetMarginMs).toBe(1000);
  });

  it('keeps its margin when a 429 after the reset belongs to a new window', async () => {
    const clock = fakeClock(T0);
    const pacer = createRatePacer();
    const reset = T0 / 1000 + 10;
    await exchange(pacer, clock, () => limits(T0, 0, reset));
    // Refused, but for the next window: another reason (say 503-style throttling), not our margin.
    await exchange(pacer, clock, (now) => limits(now, 0, reset + 10), 429);
    expect(pacer.state(clock.now()).resetMarginMs).toBe(INITIAL_RESET_MARGIN_MS);
  });
});

describe('counting a window', () => {
  it('spends every request of a window it learned from a probe, without guessing low', async () => {
    const clock = fakeClock(T0);
    const pacer = createRatePacer({ concurrency: 5 });
    await exchange(pacer, clock, () => limits(T0, 0, T0 / 1000 + 10));
    const reset = T0 / 1000 + 20;
    await exchange(pacer, clock, (now) => limits(now, 24, reset));
    let used = 1;
    while (used < 25) {
      // Exactly what Procore has left: every one of our requests counted, none assumed twice.
      expect(pacer.state(clock.now()).remaining).toBe(25 - used);
      const burst = await Promise.all(
        Array.from({ length: Math.min(5, 25 - used) }, () => pacer.acquire(clock)),
      );
      used += burst.length;
      // Procore counts every request of the burst before it answers any of them.
      for (const slot of burst) {
        slot.observe(limits(clock.now(), 25 - used, reset), 200);
        slot.release();
      }
    }
    expect(used).toBe(25);
    expect(clock.now()).toBeLessThan(T0 + 11_000);
    expect(pacer.state(clock.now())).toMatchObject({ remaining: 0, inFlight: 0 });
  });

  it('counts a request from another client on the same quota', async () => {
    const clock = fakeClock(T0);
    const pacer = createRatePacer();
    const reset = T0 / 1000 + 10;
    await exchange(pacer, clock, () => limits(T0, 20, reset));
    expect(pacer.state(clock.now()).remaining).toBe(20);
    // Three other requests were counted between ours.
    await exchange(pacer, clock, () => limits(T0, 16, reset));
    expect(pacer.state(clock.now()).remaining).toBe(16);
  });
});

describe('windows shared between server instances (PostgreSQL)', () => {
  /** What the store does: the latest report per window, the fewest remaining within one. */
  function memoryShared(): SharedWindows & { reports: SharedWindow[] } {
    const reports: SharedWindow[] = [];
    return {
      reports,
      read: async () => {
        const latest = new Map<number, SharedWindow>();
        for (const w of reports) {
          const had = latest.get(w.reset);
          if (!had || w.remaining < had.remaining) latest.set(w.reset, w);
        }
        return [...latest.values()];
      },
      write: (w) => void reports.push(w),
    };
  }

  it('a window one instance was refused in is not sent into by the other', async () => {
    const clock = fakeClock();
    const shared = memoryShared();
    const first = createRatePacer({ shared });
    const second = createRatePacer({ shared });
    const reset = Math.floor(clock.now() / 1000) + 8;
    // The first instance meets a 429: its window is closed until `reset`.
    await exchange(first, clock, (now) => limits(now, 0, reset), 429);
    expect(shared.reports).toEqual([{ limit: 25, remaining: 0, reset }]);
    // The second has never talked to Procore with this token: it waits for the reset anyway.
    const before = clock.now();
    await exchange(second, clock, (now) => limits(now, 24, reset + 10));
    expect(clock.now()).toBeGreaterThanOrEqual(reset * 1000);
    expect(clock.now() - before).toBeGreaterThan(0);
  });

  it('without a shared store, a fresh instance knows nothing and sends at once', async () => {
    const clock = fakeClock();
    const first = createRatePacer();
    const second = createRatePacer();
    const reset = Math.floor(clock.now() / 1000) + 8;
    await exchange(first, clock, (now) => limits(now, 0, reset), 429);
    const before = clock.now();
    await exchange(second, clock, (now) => limits(now, 24, reset + 10));
    expect(clock.now()).toBe(before);
  });

  it('requests each instance sends count against the window they share', async () => {
    const clock = fakeClock();
    const shared = memoryShared();
    const first = createRatePacer({ shared });
    const second = createRatePacer({ shared });
    const reset = Math.floor(clock.now() / 1000) + 9;
    // Procore's view: 25 a window, counted across both instances.
    let left = 25;
    const answer = (now: number) => limits(now, --left, reset);
    await exchange(first, clock, answer);
    for (let i = 0; i < 24; i++) await exchange(i % 2 ? first : second, clock, answer);
    expect(left).toBe(0);
    // Both know the window is spent: the next request from either waits for the reset.
    await exchange(second, clock, (now) => limits(now, 24, reset + 10));
    expect(clock.now()).toBeGreaterThanOrEqual(reset * 1000);
  });
});
