/**
 * Client-side pacing for one Procore token + company: a small concurrency limit, the rate-limit
 * window Procore reports in `X-Rate-Limit-*`, pauses after 429/503, and an AWS-style retry budget.
 *
 * Procore's headers are the source of truth: when `X-Rate-Limit-Remaining` reaches 0 we send
 * nothing until just after `X-Rate-Limit-Reset`. The reset is a server timestamp, so it is put on
 * our clock through the server's `Date` headers (see {@link createServerClock}): a local clock
 * minutes off must still never send into a closed window.
 *
 * Whether Procore's reset can come before its window really ends (a rounded timestamp) is
 * UNCONFIRMED. After a closed window, one request goes alone as a probe; if Procore refuses it for
 * the window we waited out, the margin after each reset grows (to the 1 s that §15 suggests, then
 * more), so a server that reports early costs one 429, not one per window.
 * https://developers.procore.com/documentation/rate-limiting (procore-platform.md §8, §15)
 */

import {
  DEFAULT_SPIKE_LIMIT,
  DEFAULT_SPIKE_WINDOW_MS,
  HOUR_MS,
  type BudgetView,
} from './budget.ts';

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

/** Waited after a reset before the probe, until Procore shows its resets can come early. */
export const INITIAL_RESET_MARGIN_MS = 200;
const LEARNED_RESET_MARGIN_MS = 1000;
const MAX_RESET_MARGIN_MS = 4000;

/** One report of a window, as `X-Rate-Limit-*` gave it (reset in Unix seconds). */
export interface SharedWindow {
  limit: number | null;
  remaining: number;
  reset: number;
}

/**
 * Where several server instances share what Procore told each of them about one token's
 * windows (the store, with PostgreSQL): the latest report is read before every request and
 * every report is written, so a window one instance found closed is not sent into by another.
 */
export interface SharedWindows {
  /** The latest report of each window (spike, hourly) that is not over yet. */
  read(): Promise<SharedWindow[]>;
  /** Fire and forget: pacing must not wait on the store. */
  write(window: SharedWindow): void;
}

export interface RatePacerOptions {
  /** Requests in flight at once (default 2, as §15 suggests for one token + company). */
  concurrency?: number;
  /** Windows shared with other instances; unset: this process's own knowledge only. */
  shared?: SharedWindows;
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
  /** Waited after each reset before sending again. */
  resetMarginMs: number;
}

/** One request's place in the pacer, from just before it is sent until its response is read. */
export interface PacerSlot {
  /** Reads `Date` and `X-Rate-Limit-*` from this request's response. Call before `release`. */
  observe(headers: Headers, status: number): void;
  release(): void;
}

export interface RatePacer {
  /** Waits for an open window and a free slot. */
  acquire(clock: Clock, signal?: AbortSignal): Promise<PacerSlot>;
  /** Holds every request until `localMs` (after a 429 or 503); the next one goes alone. */
  pauseUntil(localMs: number): void;
  /** Takes `cost` retry tokens; false when the budget is spent (stop retrying). */
  spendRetry(cost: number): boolean;
  refundRetry(amount: number): void;
  state(localNowMs: number): RatePacerState;
  /**
   * Both windows as far as this token's responses have shown them: the spike window from the
   * headers, the hourly one from the last report of it (its limit, else `hourlyLimit`) and our
   * own requests this hour (for its room and, at the latest, its reset).
   */
  budget(localNowMs: number, hourlyLimit: number): BudgetView;
}

/** A reported window that resets further ahead than this is the hourly one, not the spike. */
const HOURLY_WINDOW_MIN_MS = 60_000;

const numberHeader = (headers: Headers, name: string): number | null => {
  const text = headers.get(name)?.trim() ?? '';
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
};

/**
 * The server's clock as seen from ours. `Date` has whole seconds, so one response only says the
 * server read [D, D + 1 s) at some instant between sending and receiving: offset (server - local)
 * lies in (D - receivedAt, D + 1 s - sentAt). Intersecting the recent responses narrows that to
 * about the network latency; we use the low end, which never puts a server time early on our
 * clock. A response that contradicts the rest means our clock jumped: start over from it.
 */
export function createServerClock(keep = 64) {
  const samples: { low: number; high: number }[] = [];
  let low = 0;
  let high = 0;
  return {
    observe(dateMs: number, sentAt: number, receivedAt: number) {
      const sample = { low: dateMs - receivedAt, high: dateMs + 1000 - sentAt };
      if (samples.length > 0 && (sample.low >= high || sample.high <= low)) samples.length = 0;
      samples.push(sample);
      if (samples.length > keep) samples.shift();
      low = Math.max(...samples.map((s) => s.low));
      high = Math.min(...samples.map((s) => s.high));
    },
    /** server - local in ms, never above the truth (0 before any `Date`). */
    offset: () => low,
  };
}

interface Window {
  limit: number | null;
  /** The server's `X-Rate-Limit-Reset`, Unix seconds. */
  reset: number;
  /** What the window allows in all: the limit, or what one report implied when it had none. */
  capacity: number;
  /** Our requests sent since we learned of the window: all may count in it. */
  spent: number;
  /** Requests Procore counted beyond ours (another client on the same quota), at least. */
  foreign: number;
}

const remainingIn = (w: Window) => w.capacity - w.spent - w.foreign;

/** One pacer per token + company; share it between client instances that use the same pair. */
export function createRatePacer(options: RatePacerOptions = {}): RatePacer {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const budgetCap = options.retryBudget ?? 500;
  const serverClock = createServerClock();
  let budget = budgetCap;
  let inFlight = 0;
  let pausedUntil = 0;
  let margin = INITIAL_RESET_MARGIN_MS;
  let window: Window | null = null;
  /** After a closed window or a pause, the next request goes alone. */
  let probe: 'none' | 'next' | 'in-flight' = 'none';
  /** The reset the probe was sent after. */
  let awaitedReset = 0;
  let slotWaiters: (() => void)[] = [];
  /** When each of our requests in the last hour was sent (local ms), oldest first. */
  const sentTimes: number[] = [];
  /** The hourly window as last reported (Procore shows it only when it is the closer one). */
  let hourly: { limit: number; remaining: number; resetLocal: number } | null = null;
  /** The spike window's limit as last reported. */
  let spikeLimit: number | null = null;

  const resetAtLocal = (reset: number) => reset * 1000 + margin - serverClock.offset();

  function waitMs(now: number): number {
    if (window && now >= resetAtLocal(window.reset)) {
      if (remainingIn(window) <= 0) {
        probe = 'next';
        awaitedReset = window.reset;
      }
      window = null;
    }
    const closedUntil = window && remainingIn(window) <= 0 ? resetAtLocal(window.reset) : 0;
    return Math.max(0, pausedUntil - now, closedUntil - now);
  }

  function waitForSlot(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        slotWaiters = slotWaiters.filter((w) => w !== wake);
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

  function observe(headers: Headers, sentAt: number, receivedAt: number) {
    const date = Date.parse(headers.get('date') ?? '');
    if (Number.isFinite(date)) serverClock.observe(date, sentAt, receivedAt);
    const remaining = numberHeader(headers, 'x-rate-limit-remaining');
    const reset = numberHeader(headers, 'x-rate-limit-reset');
    if (remaining === null || reset === null) return;
    const limit = numberHeader(headers, 'x-rate-limit-limit');
    if (learn({ limit, remaining, reset }, receivedAt, true))
      options.shared?.write({ limit, remaining, reset });
  }

  /**
   * Takes in one report of a window, from our own response (`own`: it counted that request) or
   * another instance's (it may have counted none of ours); false when the window is over.
   */
  function learn(
    { limit, remaining, reset }: SharedWindow,
    receivedAt: number,
    own: boolean,
  ): boolean {
    if (resetAtLocal(reset) <= receivedAt) return false;
    if (resetAtLocal(reset) - receivedAt > HOURLY_WINDOW_MIN_MS) {
      if (limit !== null) hourly = { limit, remaining, resetLocal: resetAtLocal(reset) };
    } else if (limit !== null) {
      spikeLimit = limit;
    }
    if (window && reset === window.reset) {
      // Procore counted at least `capacity - remaining`; of those, at most `spent` were ours.
      const used = window.capacity - remaining;
      window.foreign = Math.max(window.foreign, used - window.spent);
      return true;
    }
    // A window we have not seen: our other requests still in flight will count in it, and
    // Procore's report may not include them yet.
    const capacity = limit ?? remaining + 1;
    const fresh = {
      limit,
      reset,
      capacity,
      spent: inFlight,
      foreign: Math.max(0, capacity - remaining - (own ? 1 : 0)),
    };
    if (!window || reset > window.reset || remainingIn(fresh) < remainingIn(window)) {
      window = fresh;
    }
    return true;
  }

  return {
    async acquire(clock, signal) {
      for (;;) {
        signal?.throwIfAborted();
        // What another instance saw of this token's windows, before we send into them.
        for (const seen of (await options.shared?.read()) ?? []) learn(seen, clock.now(), false);
        const wait = waitMs(clock.now());
        const free = probe === 'next' ? inFlight === 0 : probe === 'none' && inFlight < concurrency;
        if (wait > 0) {
          await clock.sleep(wait, signal);
        } else if (free) {
          const isProbe = probe === 'next';
          if (isProbe) probe = 'in-flight';
          inFlight += 1;
          if (window) window.spent += 1;
          const sentAt = clock.now();
          sentTimes.push(sentAt);
          while (sentTimes.length > 0 && sentTimes[0]! <= sentAt - HOUR_MS) sentTimes.shift();
          let released = false;
          return {
            observe(headers, status) {
              const receivedAt = clock.now();
              if (isProbe && status === 429) {
                const refusedUntil = numberHeader(headers, 'x-rate-limit-reset');
                // Refused for the window we waited out: Procore's reset came early.
                if (refusedUntil !== null && refusedUntil <= awaitedReset) {
                  margin = Math.min(
                    MAX_RESET_MARGIN_MS,
                    Math.max(LEARNED_RESET_MARGIN_MS, margin * 2),
                  );
                }
              }
              observe(headers, sentAt, receivedAt);
            },
            release() {
              if (released) return;
              released = true;
              inFlight -= 1;
              if (isProbe && probe === 'in-flight') {
                // The probe is answered: as many as may now go try again; each later release
                // wakes the next.
                probe = 'none';
                for (let i = 0; i < concurrency; i++) slotWaiters.shift()?.();
              } else {
                slotWaiters.shift()?.();
              }
            },
          };
        } else {
          await waitForSlot(signal);
        }
      }
    },

    pauseUntil(localMs) {
      if (localMs > pausedUntil) {
        pausedUntil = localMs;
        probe = 'next';
      }
    },

    spendRetry(cost) {
      if (budget < cost) return false;
      budget -= cost;
      return true;
    },

    refundRetry(amount) {
      budget = Math.min(budgetCap, budget + amount);
    },

    budget(localNowMs, hourlyLimit) {
      while (sentTimes.length > 0 && sentTimes[0]! <= localNowMs - HOUR_MS) sentTimes.shift();
      const seen = hourly && hourly.resetLocal > localNowMs ? hourly : null;
      const limit = hourly?.limit ?? hourlyLimit;
      return {
        spikeLimit: spikeLimit ?? DEFAULT_SPIKE_LIMIT,
        spikeWindowMs: DEFAULT_SPIKE_WINDOW_MS,
        hourlyLimit: limit,
        hourlyAssumed: hourly === null,
        hourlyRemaining: seen ? seen.remaining : Math.max(0, limit - sentTimes.length),
        hourlyResetAt: seen ? seen.resetLocal : (sentTimes[0] ?? localNowMs) + HOUR_MS,
      };
    },

    state(localNowMs) {
      const wait = waitMs(localNowMs);
      return {
        limit: window?.limit ?? null,
        remaining: window ? Math.max(0, remainingIn(window)) : null,
        waitMs: wait,
        inFlight,
        resetMarginMs: margin,
      };
    },
  };
}
