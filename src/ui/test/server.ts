import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ApiError } from '../../api/contract.ts';
import { buildPlan, buildRun, buildSession, buildStatus, COMPANY_ID } from './builders.ts';

/**
 * Our own app API, mocked for component tests (never Procore's). The happy path is the base;
 * tests override what they are about with `server.use(...)`. Its lifecycle and the per-test
 * hygiene (unhandled requests and `console.error` fail the test) are in setup.ts.
 */

const company = `/api/companies/${COMPANY_ID}`;

export const handlers = [
  http.get('/api/session', () => HttpResponse.json(buildSession())),
  http.post('/auth/prepare', () =>
    HttpResponse.json({ state: 'state-1', startUrl: '/auth/start?state=state-1' }),
  ),
  http.post('/auth/poll', () => HttpResponse.json({ status: 'pending' })),
  http.get(`${company}/status`, () => HttpResponse.json(buildStatus())),
  // The watch alone says what the status (as this test answers it) says.
  http.get(`${company}/watch`, async ({ request }) => {
    const status = (await (await fetch(new URL(`${company}/status`, request.url))).json()) as {
      watch: unknown;
    };
    return HttpResponse.json({ watch: status.watch });
  }),
  http.get(`${company}/plan`, () => HttpResponse.json(buildPlan())),
  http.post(`${company}/runs`, () => HttpResponse.json(buildRun())),
  http.get('/api/runs/:runId', () => HttpResponse.json(buildRun())),
];

export const server = setupServer(...handlers);

export function apiError(status: number, code: ApiError['error']['code'], message: string = code) {
  return HttpResponse.json<ApiError>({ error: { code, message } }, { status });
}

/** Every request the app made, as "METHOD /path", for asserting what was (not) sent. */
export function recordRequests(): string[] {
  const seen: string[] = [];
  server.events.on('request:start', ({ request }) => {
    seen.push(`${request.method} ${new URL(request.url).pathname}`);
  });
  return seen;
}
