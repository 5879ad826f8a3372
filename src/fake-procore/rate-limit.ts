import type { RateLimitKnobs } from './knobs.ts';

/** What `X-Rate-Limit-*` report: the window closest to exhaustion (procore-platform.md §8). */
export interface RateLimitStatus {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the reported window resets. */
  reset: number;
}

/** The requests one window counts: when it opened and how many (fixed), or each one's time (rolling). */
interface Counter {
  startedAt: number;
  count: number;
  /** Rolling windows only: when each counted request arrived, oldest first. */
  times: number[];
}

type Windows = { hourly: Counter; spike: Counter };
const KINDS = ['hourly', 'spike'] as const;

/**
 * An hourly and a 10-second spike window per key. How a window moves is UNCONFIRMED (knob
 * `rateLimits.window`): fixed windows on the clock (the default; the doc's "the Unix timestamp for
 * when the next window begins"), fixed windows that open with the first request after the
 * previous one ended, or rolling windows where each request counts for the window's length
 * (the current doc's "Remaining may increase again ... as the window rolls forward"). A refused
 * request is not counted, so a client that waits for `X-Rate-Limit-Reset` gets through.
 */
export class RateLimiter {
  private readonly counters = new Map<string, Windows>();

  consume(key: string, now: number, limits: RateLimitKnobs): RateLimitStatus {
    const entry = this.entry(key, now, limits);
    const before = this.report(entry, now, limits);
    if (before.hourly.remaining <= 0 || before.spike.remaining <= 0) {
      const blocking = before.hourly.remaining <= 0 ? before.hourly : before.spike;
      return { allowed: false, limit: blocking.limit, remaining: 0, reset: blocking.reset };
    }
    for (const kind of KINDS) {
      entry[kind].count += 1;
      if (limits.window === 'rolling') entry[kind].times.push(now);
    }
    const after = this.report(entry, now, limits);
    // Report whichever window runs out first; ties go to the spike window ("usually spike").
    const closer = after.hourly.remaining < after.spike.remaining ? after.hourly : after.spike;
    return { allowed: true, ...closer };
  }

  /** Headers for a response refused before counting (e.g. a simulated 429). */
  peek(key: string, now: number, limits: RateLimitKnobs): RateLimitStatus {
    const spike = this.report(this.entry(key, now, limits), now, limits).spike;
    return { allowed: false, limit: spike.limit, remaining: 0, reset: spike.reset };
  }

  clear(): void {
    this.counters.clear();
  }

  private entry(key: string, now: number, limits: RateLimitKnobs): Windows {
    const entry = this.counters.get(key) ?? { hourly: opened(now), spike: opened(now) };
    for (const kind of KINDS) entry[kind] = roll(entry[kind], now, limits, seconds(limits, kind));
    this.counters.set(key, entry);
    return entry;
  }

  private report(entry: Windows, now: number, limits: RateLimitKnobs) {
    return {
      hourly: describe(entry.hourly, now, limits, limits.hourly, limits.hourlyWindowSeconds),
      spike: describe(entry.spike, now, limits, limits.spike, limits.spikeWindowSeconds),
    };
  }
}

const seconds = (limits: RateLimitKnobs, kind: (typeof KINDS)[number]) =>
  kind === 'hourly' ? limits.hourlyWindowSeconds : limits.spikeWindowSeconds;

const opened = (startedAt: number): Counter => ({ startedAt, count: 0, times: [] });

const alignedStart = (now: number, length: number) => Math.floor(now / length) * length;

/** The counter as it stands at `now`: what has aged out is dropped. */
function roll(counter: Counter, now: number, limits: RateLimitKnobs, windowSeconds: number) {
  const length = windowSeconds * 1000;
  switch (limits.window) {
    case 'rolling': {
      const aged = counter.times.findIndex((t) => t > now - length);
      counter.times.splice(0, aged === -1 ? counter.times.length : aged);
      return {
        startedAt: counter.times[0] ?? now,
        count: counter.times.length,
        times: counter.times,
      };
    }
    case 'aligned': {
      const start = alignedStart(now, length);
      return start === counter.startedAt ? counter : opened(start);
    }
    case 'anchored':
      return now >= counter.startedAt + length ? opened(now) : counter;
  }
}

function describe(
  counter: Counter,
  now: number,
  limits: RateLimitKnobs,
  limit: number,
  windowSeconds: number,
) {
  const length = windowSeconds * 1000;
  const remaining = Math.max(0, limit - counter.count);
  if (limits.window === 'aligned') {
    // Windows start on whole multiples of their length: the reset is an exact Unix second.
    return { limit, remaining, reset: (alignedStart(now, length) + length) / 1000 };
  }
  // Anchored: the window ends `length` after it opened. Rolling: the next slot frees when the
  // oldest counted request ages out. Either instant falls inside a second; the header rounds it.
  const resetMs = (counter.times[0] ?? counter.startedAt) + length;
  const reset =
    limits.resetRounding === 'down' ? Math.floor(resetMs / 1000) : Math.ceil(resetMs / 1000);
  return { limit, remaining, reset };
}
