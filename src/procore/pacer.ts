/**
 * Client-side pacing for one Procore token + company: a small concurrency limit, the rate-limit
 * window Procore reports in `X-Rate-Limit-*`, pauses after 429/503, and an AWS-style retry budget.
 *
 * Procore's headers are the source of truth: when `X-Rate-Limit-Remaining` reaches 0 we send
 * nothing until one second after `X-Rate-Limit-Reset`. The reset is a server timestamp, so it is
 * converted to our clock through the offset between the response's `Date` and our clock: a local
 * clock minutes off must still never send into a closed window.
 * https://developers.procore.com/documentation/rate-limiting (procore-platform.md §8, §15)
 */

/** Time, injectable so tests can run pacing and backoff instantly. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * In flight at once for one identity and company when reads fan out (a status check's
 * independent reads and the pages after the first). The rate limit, not concurrency, is Procore's
 * constraint (§8); fix writes run two at a time on top of this (setup/run.ts).
 */
export const FAN_OUT_CONCURRENCY = 6;

export interface RatePacerOptions {
  /** Requests in flight at once (default 2, as §15 suggests for one token + company). */
  concurrency?: number;
  /** Retry tokens (default 500; a throttled retry costs 5, a transient one 10, success refunds). */
  retryBudget?: number;
}

export interface RatePacerState {
  limit: number | null;
  /** Requests we may still send in the current window; null when no window is known. */
  remaining: number | null;
  /** Milliseconds until we may send again (closed window or pause); 0 when open. */
  waitMs: number;
  inFlight: number;
}

export interface RatePacer {
  /** Waits for an open window and a free slot; resolves with the function that frees the slot. */
  acquire(clock: Clock, signal?: AbortSignal): Promise<() => void>;
  /** Reads `Date` and `X-Rate-Limit-*` from a response. Call before releasing its slot. */
  observe(headers: Headers, localNowMs: number): void;
  /** Holds every request until `localMs` (after a 429 or 503). */
  pauseUntil(localMs: number): void;
  /** Takes `cost` retry tokens; false when the budget is spent (stop retrying). */
  spendRetry(cost: number): boolean;
  refundRetry(amount: number): void;
  state(localNowMs: number): RatePacerState;
}

interface Window {
  limit: number | null;
  remaining: number;
  /** One second after the server's reset, on our clock. */
  resetAt: number;
}

const numberHeader = (headers: Headers, name: string): number | null => {
  const text = headers.get(name)?.trim() ?? '';
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
};

/** One pacer per token + company; share it between client instances that use the same pair. */
export function createRatePacer(options: RatePacerOptions = {}): RatePacer {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const budgetCap = options.retryBudget ?? 500;
  let budget = budgetCap;
  let inFlight = 0;
  let pausedUntil = 0;
  let window: Window | null = null;
  /** serverNow - localNow, from the latest `Date` header. */
  let offset = 0;
  const slotWaiters: (() => void)[] = [];

  function waitMs(now: number): number {
    if (window && now >= window.resetAt) window = null;
    const closedUntil = window && window.remaining <= 0 ? window.resetAt : 0;
    return Math.max(0, pausedUntil - now, closedUntil - now);
  }

  function waitForSlot(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        slotWaiters.splice(slotWaiters.indexOf(wake), 1);
        reject(signal?.reason);
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      slotWaiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    async acquire(clock, signal) {
      for (;;) {
        signal?.throwIfAborted();
        const wait = waitMs(clock.now());
        if (wait > 0) {
          await clock.sleep(wait, signal);
        } else if (inFlight < concurrency) {
          inFlight += 1;
          if (window) window.remaining -= 1;
          let released = false;
          return () => {
            if (released) return;
            released = true;
            inFlight -= 1;
            slotWaiters.shift()?.();
          };
        } else {
          await waitForSlot(signal);
        }
      }
    },

    observe(headers, localNowMs) {
      const date = Date.parse(headers.get('date') ?? '');
      if (Number.isFinite(date)) offset = date - localNowMs;
      const remaining = numberHeader(headers, 'x-rate-limit-remaining');
      const reset = numberHeader(headers, 'x-rate-limit-reset');
      if (remaining === null || reset === null) return;
      const resetAt = reset * 1000 + 1000 - offset;
      if (resetAt <= localNowMs) return;
      // Requests still in flight may not be counted in this report yet: assume they are not.
      const estimate = remaining - Math.max(0, inFlight - 1);
      const limit = numberHeader(headers, 'x-rate-limit-limit');
      if (!window || resetAt > window.resetAt) window = { limit, remaining: estimate, resetAt };
      else window.remaining = Math.min(window.remaining, estimate);
    },

    pauseUntil(localMs) {
      pausedUntil = Math.max(pausedUntil, localMs);
    },

    spendRetry(cost) {
      if (budget < cost) return false;
      budget -= cost;
      return true;
    },

    refundRetry(amount) {
      budget = Math.min(budgetCap, budget + amount);
    },

    state(localNowMs) {
      const wait = waitMs(localNowMs);
      return {
        limit: window?.limit ?? null,
        remaining: window ? Math.max(0, window.remaining) : null,
        waitMs: wait,
        inFlight,
      };
    },
  };
}
