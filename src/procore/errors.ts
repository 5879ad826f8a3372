/**
 * The one error type of the Procore client, and the header arithmetic behind its retry hints.
 *
 * Procore documents its status codes but not one body shape ("often contains a `message` or
 * `errors` field"), so the message is dug out of every shape seen in the reference and SDKs.
 * https://developers.procore.com/documentation/error-reference (procore-platform.md §8, §9)
 */

export type ProcoreErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'unprocessable'
  | 'rate-limited'
  | 'server'
  | 'network'
  /** Procore answered 2xx with a body we cannot use (not JSON, wrong shape, too large). */
  | 'invalid-response';

export interface ProcoreApiErrorInit {
  kind: ProcoreErrorKind;
  /** The HTTP status, or null when no response arrived. */
  status: number | null;
  method: string;
  path: string;
  /** Procore's own words, or a generic sentence when the body has none. */
  procoreMessage: string;
  requestId?: string | null;
  retryAfterMs?: number | null;
  ambiguous?: boolean;
  cause?: unknown;
}

export class ProcoreApiError extends Error {
  override readonly name = 'ProcoreApiError';
  readonly kind: ProcoreErrorKind;
  readonly status: number | null;
  readonly method: string;
  readonly path: string;
  readonly procoreMessage: string;
  /** Procore's `X-Request-Id`, for support tickets. */
  readonly requestId: string | null;
  /** How long Procore asked us to wait (`Retry-After`, else `X-Rate-Limit-Reset`), capped. */
  readonly retryAfterMs: number | null;
  /**
   * A write whose outcome is unknown: it may have reached Procore (lost response, timeout, 5xx
   * from a gateway). Read the resource before repeating it (procore-platform.md §15).
   */
  readonly ambiguous: boolean;

  constructor(init: ProcoreApiErrorInit) {
    super(
      `${init.method} ${init.path} failed (${init.status ?? init.kind}): ${init.procoreMessage}`,
      { cause: init.cause },
    );
    this.kind = init.kind;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.procoreMessage = init.procoreMessage;
    this.requestId = init.requestId ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.ambiguous = init.ambiguous ?? false;
  }
}

export function isProcoreApiError(err: unknown, kind?: ProcoreErrorKind): err is ProcoreApiError {
  return err instanceof ProcoreApiError && (kind === undefined || err.kind === kind);
}

/**
 * 403 "App is not connected to this company": an admin disconnected or uninstalled the app in
 * App Management and must reconnect it (procore-platform.md §6.2).
 */
export function isAppNotConnected(err: unknown): boolean {
  return isProcoreApiError(err, 'forbidden') && /not connected/i.test(err.procoreMessage);
}

export function kindForStatus(status: number): ProcoreErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  // 400, 406, 409, 422 and any other client error: the request itself was refused.
  return 'unprocessable';
}

/** Longest wait we accept from a header: Procore's longest window is an hour. */
export const MAX_WAIT_MS = 60 * 60 * 1000;

const clampWait = (ms: number): number | null =>
  Number.isNaN(ms) ? null : Math.min(MAX_WAIT_MS, Math.max(0, Math.ceil(ms)));

/** The server's "now" from its `Date` header, else ours. */
export function serverNow(dateHeader: string | null | undefined, nowMs: number): number {
  const date = dateHeader ? Date.parse(dateHeader) : NaN;
  return Number.isFinite(date) ? date : nowMs;
}

/**
 * `Retry-After` in milliseconds from now: delta seconds, or an HTTP date measured against the
 * response's `Date` (so our clock's skew does not matter). Never negative, NaN or above
 * {@link MAX_WAIT_MS}; null when missing or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  dateHeader: string | null | undefined,
  nowMs: number,
): number | null {
  const text = value?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(text)) return clampWait(Number(text) * 1000);
  // HTTP dates (IMF-fixdate, RFC 850, asctime) all start with a day name.
  if (!/^(mon|tue|wed|thu|fri|sat|sun)/i.test(text)) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? clampWait(at - serverNow(dateHeader, nowMs)) : null;
}

/**
 * Milliseconds until one second after `X-Rate-Limit-Reset` (Unix seconds), measured against the
 * response's `Date`. Same bounds as {@link parseRetryAfter}.
 */
export function parseRateLimitReset(
  value: string | null | undefined,
  dateHeader: string | null | undefined,
  nowMs: number,
): number | null {
  const text = value?.trim() ?? '';
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return clampWait(Number(text) * 1000 + 1000 - serverNow(dateHeader, nowMs));
}

const MAX_MESSAGE = 500;
const clip = (text: string) =>
  text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function joined(parts: (string | null)[]): string | null {
  const kept = parts.filter((p): p is string => p !== null);
  return kept.length > 0 ? kept.join('; ') : null;
}

/** `errors: {field: [msg]}` as Rails writes it; `base` holds messages about the whole record. */
function fieldErrors(map: Record<string, unknown>): string | null {
  return joined(
    Object.entries(map).map(([field, value]) => {
      const text = messageOf(value);
      return text === null ? null : field === 'base' ? text : `${field} ${text}`;
    }),
  );
}

function messageOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) return joined(value.map(messageOf));
  if (!isRecord(value)) return null;
  const direct =
    messageOf(value.error_description) ?? messageOf(value.message) ?? messageOf(value.error);
  if (direct !== null) return direct;
  return isRecord(value.errors) ? fieldErrors(value.errors) : messageOf(value.errors);
}

function genericMessage(status: number | null): string {
  if (status === null) return 'Procore could not be reached.';
  if (status === 429) return 'Procore rate limit reached.';
  if (status >= 500) return `Procore had a problem (HTTP ${status}).`;
  return `Procore refused the request (HTTP ${status}).`;
}

/**
 * Procore's message from an error body of any shape: `{errors:"..."}`, `{errors:{field:[msg]}}`,
 * `{error:{code,message}}`, `{message}`, `{error:"..."}`, OAuth's `{error, error_description}`,
 * or plain text. HTML pages and empty bodies give a generic sentence.
 */
export function extractProcoreMessage(body: string | null | undefined, status: number | null) {
  const text = body?.trim() ?? '';
  if (text === '' || text.startsWith('<')) return genericMessage(status);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return clip(text);
  }
  return clip(messageOf(json) ?? genericMessage(status));
}

/** Builds the error for a non-2xx response. */
export function errorFromResponse(input: {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: string | null;
  nowMs: number;
  ambiguous?: boolean;
}): ProcoreApiError {
  const { headers, nowMs } = input;
  const date = headers.get('date');
  return new ProcoreApiError({
    kind: kindForStatus(input.status),
    status: input.status,
    method: input.method,
    path: input.path,
    procoreMessage: extractProcoreMessage(input.body, input.status),
    requestId: headers.get('x-request-id'),
    retryAfterMs:
      parseRetryAfter(headers.get('retry-after'), date, nowMs) ??
      parseRateLimitReset(headers.get('x-rate-limit-reset'), date, nowMs),
    ambiguous: input.ambiguous ?? false,
  });
}
