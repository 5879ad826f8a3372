import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ApiError } from '../../api/contract.ts';
import { authStore } from '../api/auth-store.ts';
import { loadLocale, setLocale } from '../i18n/t.ts';
import { buildPlan, buildRun, buildSession, buildStatus, COMPANY_ID } from './builders.ts';

/**
 * Our own app API, mocked for component tests (never Procore's). The happy path is the base;
 * tests override what they are about with `server.use(...)`. Importing this file also wires the
 * per-test hygiene: unhandled requests and `console.error` fail the test.
 */

const company = `/api/companies/${COMPANY_ID}`;

export const handlers = [
  http.get('/api/session', () => HttpResponse.json(buildSession())),
  http.post('/auth/prepare', () =>
    HttpResponse.json({ state: 'state-1', startUrl: '/auth/start?state=state-1' }),
  ),
  http.post('/auth/poll', () => HttpResponse.json({ status: 'pending' })),
  http.get(`${company}/status`, () => HttpResponse.json(buildStatus())),
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

// jsdom has no layout: core-react's Modal scroll lock calls window.scrollTo, which jsdom only
// reports as "not implemented".
window.scrollTo = () => {};

// A `findBy…` or `waitFor` waits for the state it names, not for a time. Testing Library's default
// bound (1 s) is a time: on a loaded 2-core machine the first render of a file (core-react,
// styled-components, the first queries) alone can take longer, and a test that passes alone then
// fails in the suite. The bound stays only so that a state that never comes fails with the DOM
// printed, well within the test's own timeout (vitest.config.ts).
configure({ asyncUtilTimeout: 15_000 });

// The app loads a locale before its first render (main.tsx); tests render in any of them.
await Promise.all([loadLocale('es'), loadLocale('fr')]);

let consoleError: ReturnType<typeof vi.spyOn>;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error');
});
afterEach(() => {
  // Unmount first, so resetting shared state below cannot re-render anything.
  cleanup();
  const errors = consoleError.mock.calls;
  vi.restoreAllMocks();
  server.resetHandlers();
  server.events.removeAllListeners();
  authStore.reset();
  window.history.replaceState(null, '', '/');
  // `t` outside a render (test expectations) speaks English unless a test says otherwise.
  setLocale('en');
  document.documentElement.lang = 'en';
  expect(errors, 'console.error was called').toEqual([]);
});
afterAll(() => server.close());
