import { ProcoreApiError, errorFromResponse } from './errors.ts';
import { parseProcoreJson, stringifyProcoreJson } from './json.ts';
import { createRatePacer, realClock, type Clock, type RatePacer } from './pacer.ts';
import type { Id } from './types.ts';

/**
 * The request core every Procore call goes through: auth and company headers, lossless JSON,
 * pacing, retries, timeouts and one error type.
 *
 * - `Procore-Company-Id` on every call; only `/me` and `/companies` with a user token may omit
 *   it (https://developers.procore.com/documentation/tutorial-mpz, procore-platform.md §1).
 * - Retries follow procore-platform.md §15: 429 and 503 wait for `Retry-After` / the rate-limit
 *   reset (or full jitter, whichever is longer); other 5xx and network failures back off with full
 *   jitter, for reads only. A write that may have reached Procore is never repeated blindly: it
 *   fails as `ambiguous` so the caller reads before writing again.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';
export type QueryValue =
  string | number | boolean | null | undefined | readonly (string | number)[];
/** Query parameters; an array repeats its key (write `filters[id][]` for Procore arrays). */
export type Query = Record<string, QueryValue>;

/** The only paths Procore answers without `Procore-Company-Id`, and only for a user token. */
export type CompanyFreePath = '/rest/v1.0/me' | '/rest/v1.0/companies';
const COMPANY_FREE_PATHS: ReadonlySet<string> = new Set<CompanyFreePath>([
  '/rest/v1.0/me',
  '/rest/v1.0/companies',
]);

interface RequestCommon {
  method?: HttpMethod;
  query?: Query;
  /** Serialised with lossless JSON: ID-like decimal strings go out as exact JSON numbers. */
  body?: unknown;
  signal?: AbortSignal;
  /** An absolute URL on the API origin that replaces path + query (a `Link: rel="next"`). */
  url?: string;
}

/** A request must name its company, except the two company-free paths (user token only). */
export type ProcoreRequest = RequestCommon &
  ({ path: string; companyId: Id } | { path: CompanyFreePath; companyId?: undefined });

export interface ProcoreResponse {
  method: HttpMethod;
  status: number;
  headers: Headers;
  /** Parsed lossless JSON (IDs as strings), or null for an empty body. */
  body: unknown;
  url: string;
}

export interface ProcoreHttpEvent {
  type: 'response' | 'network-error' | 'retry';
  method: HttpMethod;
  /** The URL path, without the query (search terms can be personal data). Never the token. */
  path: string;
  attempt: number;
  status: number | null;
  requestId: string | null;
  durationMs: number;
  /** For `retry`: how long we wait before the next attempt. */
  delayMs?: number;
}

export interface ProcoreHttpOptions {
  apiBaseUrl: string;
  getAccessToken: () => Promise<string>;
  /**
   * Called once per request after a 401 with the token that failed; return a fresh token to
   * retry once, or null to give up. Making the refresh single-flight is the caller's job.
   */
  onUnauthorized?: (failedToken: string) => Promise<string | null>;
  clock?: Clock;
  fetch?: typeof fetch;
  /** Per attempt, including reading the body (default 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 5), within the pacer's retry budget. */
  maxRetries?: number;
  logger?: (event: ProcoreHttpEvent) => void;
  random?: () => number;
  /** Share one pacer per token + company across clients (default: a new one per client). */
  pacer?: RatePacer;
  /** Largest body we read (default 50 MB). */
  maxBodyBytes?: number;
  /**
   * Ends every request of this client, waits for the rate limit included, when it aborts (with
   * each request's own signal, if any): a background job's client, on shutdown.
   */
  signal?: AbortSignal;
}

export interface ProcoreHttp {
  readonly apiBaseUrl: string;
  request(req: ProcoreRequest): Promise<ProcoreResponse>;
}

const MB = 1024 * 1024;
/** Connection errors that prove the request never left: safe to retry even for a write. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Full jitter (AWS): a random wait in [0, min(cap, base·2^n)). */
export function fullJitter(retry: number, baseMs: number, capMs: number, random: () => number) {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** retry));
}

export function buildUrl(apiBaseUrl: string, path: string, query: Query = {}): string {
  const url = new URL(apiBaseUrl.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const values: readonly (string | number | boolean)[] = Array.isArray(value) ? value : [value];
    for (const v of values) url.searchParams.append(key, String(v));
  }
  return url.href;
}

/** Reads at most `maxBytes`; null when the body is larger. */
async function readBody(res: Response, maxBytes: number): Promise<string | null> {
  // Cancelling is fire-and-forget: some streams only settle once the peer closes.
  if (Number(res.headers.get('content-length')) > maxBytes) {
    res.body?.cancel().catch(() => {});
    return null;
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
}

function errorCode(cause: unknown): unknown {
  const inner: unknown = cause instanceof Error ? cause.cause : undefined;
  return inner instanceof Error && 'code' in inner ? inner.code : undefined;
}

type Outcome = { ok: true; response: ProcoreResponse } | { ok: false; error: ProcoreApiError };

export function createProcoreHttp(options: ProcoreHttpOptions): ProcoreHttp {
  const apiBaseUrl = options.apiBaseUrl.replace(/\/+$/, '');
  const apiOrigin = new URL(apiBaseUrl).origin;
  const clock = options.clock ?? realClock;
  // Late-bound so test interceptors that patch globalThis.fetch see our calls.
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 5;
  const random = options.random ?? Math.random;
  const pacer = options.pacer ?? createRatePacer();
  const maxBodyBytes = options.maxBodyBytes ?? 50 * MB;
  const log = options.logger ?? (() => {});

  async function attempt(
    req: ProcoreRequest,
    method: HttpMethod,
    url: string,
    token: string,
    attemptNo: number,
  ): Promise<Outcome> {
    const path = new URL(url).pathname;
    const write = method !== 'GET' && method !== 'HEAD';
    const headers = new Headers({ Authorization: `Bearer ${token}`, Accept: 'application/json' });
    if (req.companyId !== undefined) headers.set('Procore-Company-Id', req.companyId);
    let body: string | undefined;
    if (req.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = stringifyProcoreJson(req.body);
    }

    const slot = await pacer.acquire(clock, req.signal);
    const started = clock.now();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let status: number | null = null;
    try {
      const res = await fetchFn(url, { method, headers, body, signal });
      status = res.status;
      const text = method === 'HEAD' ? '' : await readBody(res, maxBodyBytes);
      slot.observe(res.headers, res.status);
      const requestId = res.headers.get('x-request-id');
      const durationMs = clock.now() - started;
      log({ type: 'response', method, path, attempt: attemptNo, status, requestId, durationMs });

      if (!res.ok) {
        // 503 is a refusal under load; any other 5xx on a write may have been applied.
        const ambiguous = write && res.status >= 500 && res.status !== 503;
        const nowMs = clock.now();
        return {
          ok: false,
          error: errorFromResponse({
            method,
            path,
            status,
            headers: res.headers,
            body: text,
            nowMs,
            ambiguous,
          }),
        };
      }
      const invalid = (procoreMessage: string, cause?: unknown) =>
        new ProcoreApiError({
          kind: 'invalid-response',
          status,
          method,
          path,
          procoreMessage,
          requestId,
          cause,
        });
      if (text === null) {
        throw invalid(`Procore sent a body larger than ${Math.round(maxBodyBytes / MB)} MB.`);
      }
      let parsed: unknown = null;
      try {
        if (text.trim() !== '') parsed = parseProcoreJson(text);
      } catch (cause) {
        throw invalid('Procore sent a body that is not JSON.', cause);
      }
      return { ok: true, response: { method, status, headers: res.headers, body: parsed, url } };
    } catch (cause) {
      if (cause instanceof ProcoreApiError) throw cause;
      if (req.signal?.aborted) throw req.signal.reason;
      const timedOut = timeout.aborted;
      const durationMs = clock.now() - started;
      log({
        type: 'network-error',
        method,
        path,
        attempt: attemptNo,
        status,
        requestId: null,
        durationMs,
      });
      return {
        ok: false,
        error: new ProcoreApiError({
          kind: 'network',
          status: null,
          method,
          path,
          procoreMessage: timedOut
            ? `Procore did not answer within ${timeoutMs / 1000} s.`
            : 'Procore could not be reached.',
          ambiguous: write && !NOT_SENT_CODES.has(String(errorCode(cause))),
          cause,
        }),
      };
    } finally {
      slot.release();
    }
  }

  /** How to retry, or null when this failure must reach the caller. */
  function retryPlan(err: ProcoreApiError, retry: number) {
    if (err.kind === 'rate-limited' || err.status === 503) {
      const jitter = fullJitter(retry, 500, 60_000, random);
      return { cost: 5, delayMs: Math.max(err.retryAfterMs ?? 0, jitter), pauseAll: true };
    }
    if (err.ambiguous) return null;
    if (err.kind === 'server' || err.kind === 'network') {
      return { cost: 10, delayMs: fullJitter(retry, 250, 20_000, random), pauseAll: false };
    }
    return null;
  }

  async function request(given: ProcoreRequest): Promise<ProcoreResponse> {
    const stop = options.signal;
    const req: ProcoreRequest = !stop
      ? given
      : { ...given, signal: given.signal ? AbortSignal.any([given.signal, stop]) : stop };
    const method = req.method ?? 'GET';
    const url = req.url ?? buildUrl(apiBaseUrl, req.path, req.query);
    const path = new URL(url).pathname;
    if (new URL(url).origin !== apiOrigin) {
      throw new ProcoreApiError({
        kind: 'invalid-response',
        status: null,
        method,
        path,
        procoreMessage: `Refusing to send the Procore token to ${new URL(url).origin}.`,
      });
    }
    if (req.companyId === undefined && !COMPANY_FREE_PATHS.has(path)) {
      throw new TypeError(`${method} ${path} needs a company id (Procore-Company-Id).`);
    }

    let token = await options.getAccessToken();
    let refreshed = false;
    let retries = 0;
    let lastRetryCost = 0;
    for (let attemptNo = 1; ; attemptNo++) {
      const outcome = await attempt(req, method, url, token, attemptNo);
      if (outcome.ok) {
        pacer.refundRetry(lastRetryCost || 1);
        return outcome.response;
      }
      const err = outcome.error;
      if (err.kind === 'unauthorized') {
        if (refreshed || !options.onUnauthorized) throw err;
        refreshed = true;
        const fresh = await options.onUnauthorized(token);
        if (fresh === null) throw err;
        token = fresh;
        continue;
      }
      const plan = retryPlan(err, retries);
      if (!plan || retries >= maxRetries || !pacer.spendRetry(plan.cost)) throw err;
      retries += 1;
      lastRetryCost = plan.cost;
      log({
        type: 'retry',
        method,
        path,
        attempt: attemptNo,
        status: err.status,
        requestId: err.requestId,
        durationMs: 0,
        delayMs: plan.delayMs,
      });
      if (plan.pauseAll) pacer.pauseUntil(clock.now() + plan.delayMs);
      else await clock.sleep(plan.delayMs, req.signal);
    }
  }

  return { apiBaseUrl, request };
}
