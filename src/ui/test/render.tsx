import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { App } from '../app.tsx';
import { AppProviders, createQueryClient } from '../providers.tsx';

/** Renders with the app's providers and a fresh QueryClient without retries. */
export function renderUi(ui: ReactElement) {
  const client = createQueryClient();
  client.setDefaultOptions({
    queries: { ...client.getDefaultOptions().queries, retry: false },
    mutations: { retry: false },
  });
  const user = userEvent.setup();
  const result = render(ui, {
    wrapper: ({ children }) => <AppProviders client={client}>{children}</AppProviders>,
  });
  return { ...result, user, client };
}

/** The whole app at a URL, as Procore's iframe would open it. */
export function renderApp(url = '/?company_id=4207') {
  window.history.replaceState(null, '', url);
  return renderUi(<App />);
}
