/**
 * Helpers for tests that talk to the fake over msw (`setupServer`), as the product's tests do.
 * Not a test file itself.
 */
import { server } from '../../test/support/msw.ts';
import { parseProcoreJson, stringifyProcoreJson } from '../procore/json.ts';
import { createFakeProcore, type FakeProcore, type FakeProcoreOptions } from './fake.ts';
import { createProcoreHandlers } from './handlers.ts';
import { SALUS_CLIENT_ID, SALUS_CLIENT_SECRET } from './scenario-kit.ts';

export const BASE = 'http://procore.test';
export { SALUS_CLIENT_ID, SALUS_CLIENT_SECRET };

export interface CallOptions {
  token?: string | null;
  companyId?: string | null;
  /** JSON body (IDs as decimal strings are sent as numbers). */
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed with `parseProcoreJson` when the response is JSON. */
  body: unknown;
}

export async function call(method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  if (o.companyId) headers['Procore-Company-Id'] = o.companyId;
  let body: string | undefined;
  if (o.json !== undefined) {
    body = stringifyProcoreJson(o.json);
    headers['Content-Type'] = 'application/json';
  } else if (o.form) {
    body = new URLSearchParams(o.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(`${BASE}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  const isJson = res.headers.get('Content-Type')?.includes('json') ?? false;
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: isJson && text ? parseProcoreJson(text) : text,
  };
}

/**
 * The unit tests' msw server (test/support/msw.ts); `use()` gives each test its own fake company.
 *
 * @example
 *   const procore = setupFakeProcoreServer();
 *   it('…', async () => { const fake = procore.use({ scenario: 'complete' }); … });
 */
export function setupFakeProcoreServer() {
  return {
    server,
    use(options: FakeProcoreOptions = {}): FakeProcore {
      const fake = createFakeProcore(options);
      server.resetHandlers(...createProcoreHandlers(fake, { baseUrl: BASE }));
      return fake;
    },
  };
}

/** A controllable clock for expiry and rate-limit tests. */
export function manualClock(start = Date.UTC(2026, 0, 5, 12, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

export function asArray(body: unknown): Record<string, unknown>[] {
  if (!Array.isArray(body)) throw new Error(`expected an array, got ${JSON.stringify(body)}`);
  return body as Record<string, unknown>[];
}

export function asObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new Error(`expected an object, got ${JSON.stringify(body)}`);
  }
  return body as Record<string, unknown>;
}
