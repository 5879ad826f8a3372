import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { authStore } from '../api/auth-store.ts';
import { loadLocale, setLocale } from '../i18n/t.ts';
import { server } from './server.ts';

/**
 * Every UI test's setup (the `ui` Vitest project, jsdom): our API mocked by msw, and the
 * per-test hygiene: an unhandled request or a `console.error` fails the test, and shared state
 * (session, URL, locale) starts afresh.
 */

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
