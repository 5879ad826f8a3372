import type { Id } from '../procore/index.ts';
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
