import type { Id } from '../../src/procore/index.ts';
import type { SeenResponse } from './recorder.ts';
import { result, type FactResult } from './types.ts';

/**
 * Rate-limit headers (procore-platform.md §8, §15): which of `X-Rate-Limit-*` Procore sends (and
 * `Retry-After` on a 429, if the run met one), and whether CORS exposes them to browser code.
 * Read-only.
 */

export const RATE_HEADERS = ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset'];

/** Judged on every API response the run saw. */
export function rateLimitHeadersFact(seen: readonly SeenResponse[]): FactResult {
  const api = seen.filter((r) => r.path.startsWith('/rest/'));
  if (api.length === 0) {
    return result('rate-limit-headers', 'could-not-tell', 'no API response seen');
  }
  const present = RATE_HEADERS.filter((h) => api.some((r) => r.headers.has(h)));
  const everywhere = RATE_HEADERS.filter((h) => api.every((r) => r.headers.has(h)));
  const limited = api.filter((r) => r.status === 429);
  const retryAfter = limited.filter((r) => r.headers.has('retry-after')).length;
  const evidence = [
    `${api.length} API answers`,
    `present: ${present.join(', ') || 'none'}`,
    `on every answer: ${everywhere.join(', ') || 'none'}`,
    limited.length === 0 ? 'no 429 seen' : `429 × ${limited.length}, Retry-After on ${retryAfter}`,
  ].join('; ');
  const complete = present.length === RATE_HEADERS.length && retryAfter === limited.length;
  const names = [...present, ...(retryAfter > 0 ? ['retry-after'] : [])];
  return result('rate-limit-headers', complete ? 'confirmed' : 'differs', evidence, names);
}

/**
 * How the spike window moves (the fake's `rateLimits.window`), read from the answers with the
 * smallest `X-Rate-Limit-Limit`: a reset that moves while Remaining keeps falling is a rolling
 * window; a reset that is not a multiple of 10 s opened with a request (anchored); resets on the
 * 10 s in two windows or more are fixed on the clock (aligned). Whether Procore rounds an
 * in-between reset up or down would take a 429 to show; the pacer learns that itself.
 */
export function rateLimitWindowFact(seen: readonly SeenResponse[]): FactResult {
  const reports = seen
    .filter((r) => r.path.startsWith('/rest/'))
    .map((r) => ({
      quota: r.quota,
      limit: Number(r.headers.get('x-rate-limit-limit')),
      remaining: Number(r.headers.get('x-rate-limit-remaining')),
      reset: Number(r.headers.get('x-rate-limit-reset')),
    }))
    .filter((r) => [r.limit, r.reset].every((n) => Number.isInteger(n) && n > 0))
    .filter((r) => Number.isInteger(r.remaining) && r.remaining >= 0);
  if (reports.length < 2) {
    return result(
      'rate-limit-window',
      'could-not-tell',
      `${reports.length} answers with all three headers`,
    );
  }
  const spike = Math.min(...reports.map((r) => r.limit));
  const inSpike = reports.filter((r) => r.limit === spike);
  const resets = [...new Set(inSpike.map((r) => r.reset))].sort((a, b) => a - b);
  const evidence =
    `${inSpike.length} answers reporting the limit of ${spike}; resets ` +
    `${resets.slice(0, 6).join(', ')}${resets.length > 6 ? ', …' : ''}`;
  // Within one quota, answers in the order they came: a reset less than a window later while
  // Remaining did not rise means the old requests aged out one by one.
  const rolled = inSpike.some((r, i) => {
    const before = inSpike.slice(0, i).findLast((b) => b.quota === r.quota);
    if (!before) return false;
    const moved = r.reset - before.reset;
    return moved > 0 && moved < 10 && r.remaining <= before.remaining;
  });
  if (rolled) {
    return result(
      'rate-limit-window',
      'differs',
      `${evidence}; a reset moved while Remaining did not rise`,
      'rolling',
    );
  }
  if (resets.some((reset) => reset % 10 !== 0)) {
    return result(
      'rate-limit-window',
      'differs',
      `${evidence}; a reset off the 10 s: windows opened by a request (or rolling ones, which a run longer than 10 s would show)`,
      'anchored',
    );
  }
  if (resets.length < 2) {
    return result(
      'rate-limit-window',
      'could-not-tell',
      `${evidence}; one window seen, on the 10 s as aligned windows are`,
    );
  }
  return result('rate-limit-window', 'confirmed', evidence, 'aligned');
}

const NODE_CAVEAT = 'a Node process sees the header Procore sends, not what a browser does with it';

export interface CorsProbe {
  apiBaseUrl: string;
  accessToken: () => Promise<string>;
  /** The browser origin to claim (`VERIFY_ORIGIN`). */
  origin: string;
  fetch?: typeof fetch;
}

/** One GET `/rest/v1.0/me` with an `Origin` header: what CORS headers come back? */
export async function corsExposeFact(probe: CorsProbe, companyId: Id): Promise<FactResult> {
  const fetchFn = probe.fetch ?? globalThis.fetch;
  const url = new URL(`${probe.apiBaseUrl.replace(/\/+$/, '')}/rest/v1.0/me`);
  const res = await fetchFn(url, {
    headers: {
      Authorization: `Bearer ${await probe.accessToken()}`,
      'Procore-Company-Id': companyId,
      Origin: probe.origin,
      Accept: 'application/json',
    },
    signal: AbortSignal.timeout(30_000),
  });
  await res.body?.cancel();
  const allow = res.headers.get('access-control-allow-origin');
  const expose = (res.headers.get('access-control-expose-headers') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const exposed = RATE_HEADERS.filter((h) => expose.includes(h) || expose.includes('*'));
  const evidence =
    `GET /me with Origin ${probe.origin} → ${res.status}; Access-Control-Allow-Origin ${allow ?? 'absent'}; ` +
    `Access-Control-Expose-Headers ${expose.length ? expose.join(', ') : 'absent'}; ${NODE_CAVEAT}`;
  if (allow === null) {
    return result(
      'cors-expose-headers',
      'could-not-tell',
      `${evidence}; the origin is not allow-listed, so a browser would be refused before any header`,
    );
  }
  return result(
    'cors-expose-headers',
    exposed.length === 0 ? 'confirmed' : 'differs',
    evidence,
    exposed,
  );
}
