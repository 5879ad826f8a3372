/**
 * Procore's request budget per token: a spike window and an hourly window
 * (https://developers.procore.com/documentation/rate-limiting, procore-platform.md §8, §18).
 * Procore's headers describe only the window closest to running out, so the hourly window is
 * invisible until it nears exhaustion: until then its limit is the last one seen (or Procore's
 * historical 3,600) and its reset is assumed to come an hour after our first request in it, the
 * latest an hourly window can reset. Estimates from this are therefore never optimistic.
 */

/** Requests per hour per token, historically (§18); assumed until a response shows the limit. */
export const DEFAULT_HOURLY_LIMIT = 3600;
/** Procore's documented example spike window (§8), until headers show the real one. */
export const DEFAULT_SPIKE_LIMIT = 25;
export const DEFAULT_SPIKE_WINDOW_MS = 10_000;
export const HOUR_MS = 3600_000;

/** What one token may still send, as far as we know. */
export interface BudgetView {
  spikeLimit: number;
  spikeWindowMs: number;
  hourlyLimit: number;
  /** True when no response has shown the hourly limit: it is the default or a stored figure. */
  hourlyAssumed: boolean;
  /** Requests left in the current hourly window. */
  hourlyRemaining: number;
  /** Local ms when the current hourly window resets (at the latest). */
  hourlyResetAt: number;
}

export function defaultBudget(now: number, hourlyLimit = DEFAULT_HOURLY_LIMIT): BudgetView {
  return {
    spikeLimit: DEFAULT_SPIKE_LIMIT,
    spikeWindowMs: DEFAULT_SPIKE_WINDOW_MS,
    hourlyLimit,
    hourlyAssumed: true,
    hourlyRemaining: hourlyLimit,
    hourlyResetAt: now + HOUR_MS,
  };
}

/**
 * How long `requests` take from `now` under both windows: at the spike rate while the hourly
 * window has room, then waiting for it to reset, hour after hour.
 */
export function estimateMs(requests: number, budget: BudgetView, now: number): number {
  const perMs = budget.spikeLimit / budget.spikeWindowMs;
  let left = Math.max(0, requests);
  let elapsed = 0;
  let room = Math.max(0, budget.hourlyRemaining);
  let resetIn = Math.max(0, budget.hourlyResetAt - now);
  for (let hours = 0; left > 0 && hours < 10_000; hours++) {
    // What the spike rate allows before this hourly window resets, capped by its room.
    const canSend = Math.min(room, Math.max(0, resetIn - elapsed) * perMs);
    if (left <= canSend) return Math.ceil(elapsed + left / perMs);
    left -= canSend;
    elapsed = Math.max(elapsed + canSend / perMs, resetIn);
    room = budget.hourlyLimit;
    resetIn += HOUR_MS;
  }
  return Math.ceil(elapsed);
}
