import type { RateLimitKnobs } from './knobs.ts';

/** What `X-Rate-Limit-*` report: the window closest to exhaustion (procore-platform.md §8). */
export interface RateLimitStatus {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the reported window resets. */
  reset: number;
}

interface Window {
  startedAt: number;
  count: number;
}

/**
 * Two fixed windows per key (an hourly one and a 10-second spike one). A window opens with the
 * first request after the previous one ended. A refused request is not counted, so a client that
 * waits for `X-Rate-Limit-Reset` gets through.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { hourly: Window; spike: Window }>();

  consume(key: string, now: number, limits: RateLimitKnobs): RateLimitStatus {
    const entry = this.entry(key, now, limits);
    const hourly = this.describe(entry.hourly, limits.hourly, limits.hourlyWindowSeconds);
    const spike = this.describe(entry.spike, limits.spike, limits.spikeWindowSeconds);
    if (hourly.remaining <= 0 || spike.remaining <= 0) {
      const blocking = hourly.remaining <= 0 ? hourly : spike;
      return { allowed: false, limit: blocking.limit, remaining: 0, reset: blocking.reset };
    }
    entry.hourly.count += 1;
    entry.spike.count += 1;
    hourly.remaining -= 1;
    spike.remaining -= 1;
    // Report whichever window runs out first; ties go to the spike window ("usually spike").
    const closer = hourly.remaining < spike.remaining ? hourly : spike;
    return { allowed: true, ...closer };
  }

  /** Headers for a response refused before counting (e.g. a simulated 429). */
  peek(key: string, now: number, limits: RateLimitKnobs): RateLimitStatus {
    const entry = this.entry(key, now, limits);
    const spike = this.describe(entry.spike, limits.spike, limits.spikeWindowSeconds);
    return { allowed: false, limit: spike.limit, remaining: 0, reset: spike.reset };
  }

  clear(): void {
    this.windows.clear();
  }

  private entry(key: string, now: number, limits: RateLimitKnobs) {
    let entry = this.windows.get(key);
    if (!entry) {
      entry = { hourly: { startedAt: now, count: 0 }, spike: { startedAt: now, count: 0 } };
      this.windows.set(key, entry);
    }
    if (now >= entry.hourly.startedAt + limits.hourlyWindowSeconds * 1000) {
      entry.hourly = { startedAt: now, count: 0 };
    }
    if (now >= entry.spike.startedAt + limits.spikeWindowSeconds * 1000) {
      entry.spike = { startedAt: now, count: 0 };
    }
    return entry;
  }

  private describe(window: Window, limit: number, seconds: number) {
    return {
      limit,
      remaining: Math.max(0, limit - window.count),
      reset: Math.ceil((window.startedAt + seconds * 1000) / 1000),
    };
  }
}
