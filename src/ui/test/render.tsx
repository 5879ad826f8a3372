import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { App } from '../app.tsx';
import type { Locale } from '../i18n/locale.tsx';
import { AppProviders, createQueryClient } from '../providers.tsx';

/**
 * Renders with the app's providers and a fresh QueryClient without retries. The locale is the
 * app's own choice (`?locale=`, then the browser's) unless the test fixes it.
 */
export function renderUi(ui: ReactElement, options: { locale?: Locale } = {}) {
  const client = createQueryClient();
  client.setDefaultOptions({
    queries: { ...client.getDefaultOptions().queries, retry: false },
    mutations: { retry: false },
  });
  const user = userEvent.setup();
  const result = render(ui, {
    wrapper: ({ children }) => (
      <AppProviders client={client} locale={options.locale}>
        {children}
      </AppProviders>
    ),
  });
  return { ...result, user, client };
}

/** The whole app at a URL, as Procore's iframe would open it. */
export function renderApp(url = '/?company_id=4207', options: { locale?: Locale } = {}) {
  window.history.replaceState(null, '', url);
  return renderUi(<App />, options);
}
