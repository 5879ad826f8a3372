import { createProcoreHttp, type ProcoreHttpOptions } from './http.ts';
import type { Clock } from './pacer.ts';

/** Helpers for the procore/ tests only. */

export const API = 'https://api.procore.test';
export const TOKEN = 'user-access-token-secret';
/** 2026-01-05T12:00:00Z: a whole second, so `Date` headers are exact. */
export const T0 = Date.UTC(2026, 0, 5, 12);

export interface FakeClock extends Clock {
  /** Every wait, in order. */
  readonly sleeps: number[];
}

/** A clock whose sleeps advance time at once, so pacing and backoff run instantly. */
export function fakeClock(start = T0): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
    },
  };
}

export function testHttp(overrides: Partial<ProcoreHttpOptions> = {}) {
  const clock = fakeClock();
  const http = createProcoreHttp({
    apiBaseUrl: API,
    getAccessToken: async () => TOKEN,
    clock,
    random: () => 0.5,
    ...overrides,
  });
  return { http, clock: (overrides.clock as FakeClock | undefined) ?? clock };
}

/** Rate-limit and date headers as Procore sends them. */
export function procoreHeaders(serverNowMs: number, extra: Record<string, string> = {}) {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    Date: new Date(serverNowMs).toUTCString(),
    'X-Request-Id': `req-${serverNowMs}`,
    ...extra,
  };
}
