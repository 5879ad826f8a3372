import { LosslessNumber } from 'lossless-json';
import { HttpResponse } from 'msw';
import { stringifyProcoreJson } from '../procore/json.ts';
import type { Id } from './model.ts';

/**
 * What a route handler returns. `body` is serialised with `stringifyProcoreJson` (IDs become
 * exact JSON numbers); `text` is sent as-is, e.g. the plain-text 429 body.
 */
export interface ApiResult {
  status: number;
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Rewrites the serialised JSON, for the rare field the wire types differently. */
  rewrite?: (json: string) => string;
}

/** Thrown by handlers and guards; becomes a response with Procore's error shape (§9). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** Procore's 404, for unknown routes and for what the caller cannot see (§9). */
export const notFound = () => new ApiError(404, { errors: 'Not Found' });

export const forbidden = (message = 'You do not have permission to perform this action.') =>
  new ApiError(403, { errors: message });

/** The `{error:{code,message}}` shape some 400s use (§9). */
export const badRequest = (message: string) =>
  new ApiError(400, { error: { code: 'bad_request', message } });

/** Rails' message for a missing resource key, e.g. `{user:{…}}`. */
export const paramMissing = (key: string) =>
  new ApiError(400, { errors: `param is missing or the value is empty: ${key}` });

/** 422 with a message (`{errors:"…"}`) or field errors (`{errors:{field:[msg]}}`). */
export const unprocessable = (errors: string | Record<string, string[]>) =>
  new ApiError(422, { errors });

export const MISSING_COMPANY_HEADER = 'Missing Procore-Company-Id header!';
export const APP_NOT_CONNECTED = 'App is not connected to this company';
export const TOKEN_EXPIRED =
  'Your access token has expired, please use your refresh token to obtain a fresh token.';
export const TOKEN_INVALID = 'The access token is invalid';
export const RATE_LIMITED =
  'You have surpassed the max number of requests for an hour. Please wait until your limit resets.';

/** A top-level array of IDs (`view=ids_only`): exact JSON numbers, not strings. */
export function idList(ids: readonly Id[]): LosslessNumber[] {
  return ids.map((id) => new LosslessNumber(id));
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ApiResult {
  return { status, body, headers };
}

export function toHttpResponse(result: ApiResult, extraHeaders: Record<string, string>): Response {
  const headers = new Headers({ ...extraHeaders, ...result.headers });
  if (result.status === 204) return new HttpResponse(null, { status: 204, headers });
  if (result.text !== undefined) {
    headers.set('Content-Type', result.contentType ?? 'text/plain; charset=utf-8');
    return new HttpResponse(result.text, { status: result.status, headers });
  }
  let text = stringifyProcoreJson(result.body ?? {});
  if (result.rewrite) text = result.rewrite(text);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  return new HttpResponse(text, { status: result.status, headers });
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
