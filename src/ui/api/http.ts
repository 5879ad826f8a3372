import {
  CSRF_HEADER,
  CSRF_VALUE,
  type ApiError as ApiErrorBody,
  type ApiErrorCode,
  type PlanStale,
  type ProcoreAnswer,
  type ProcoreBusy,
} from '../../api/contract.ts';
import { authStore } from './auth-store.ts';

/**
 * The one way the SPA talks to our server: same origin, cookie plus bearer session, the CSRF
 * header on every POST, and every failure thrown as an `ApiError` (never a bare Response).
 */

export type ApiFailureCode = ApiErrorCode | 'network' | 'unknown';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ApiFailureCode,
    message: string,
    details: { busy?: ProcoreBusy; procore?: ProcoreAnswer; stale?: PlanStale } = {},
  ) {
    super(message);
    this.busy = details.busy ?? null;
    this.procore = details.procore ?? null;
    this.stale = details.stale ?? null;
  }

  /** With `procore-busy`: when to ask again, and what the last finished check found. */
  readonly busy: ProcoreBusy | null;
  /** Procore's own answer, when the error is Procore's. */
  readonly procore: ProcoreAnswer | null;
  /** With `plan-stale`: why the reviewed plan was refused. */
  readonly stale: PlanStale | null;

  /** The session is gone: sign in again (nothing else is lost). */
  get sessionLost(): boolean {
    return (
      this.status === 401 && (this.code === 'unauthenticated' || this.code === 'session-expired')
    );
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal;
  /**
   * A bearer other than the session (the support token; '' sends none, as the support view's
   * cookie sign-in does); a 401 then does not end the session.
   */
  bearer?: string;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as Partial<ApiErrorBody> | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const { method = 'GET', body, signal, bearer } = options;
  const headers: Record<string, string> = {};
  const token = bearer ?? authStore.get().sessionId;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (method === 'POST') {
    headers[CSRF_HEADER] = CSRF_VALUE;
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(new URL(path, window.location.origin), {
      method,
      headers,
      credentials: 'include',
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
  }
  if (response.ok) return response;

  const payload: unknown = await response.json().catch(() => null);
  const error = isErrorBody(payload)
    ? new ApiError(response.status, payload.error.code, payload.error.message, payload.error)
    : new ApiError(response.status, 'unknown', `HTTP ${response.status}`);
  // Only the app API holds a session; a 401 from a sign-in step (/auth/…) or for the support
  // token says nothing about it.
  if (error.sessionLost && bearer === undefined && path.startsWith('/api/')) authStore.expire();
  throw error;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  return (response.status === 204 ? undefined : await response.json()) as T;
}
