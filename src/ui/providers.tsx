import { I18nProvider } from '@procore/core-react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from './api/http.ts';
import { locale } from './i18n/t.ts';
import { GlobalStyle } from './theme.ts';

/**
 * Retries only what may succeed on a second try (network, Procore 5xx, rate limits); a 4xx
 * answer is an answer.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) =>
          failures < 2 &&
          error instanceof ApiError &&
          (error.status === 0 || error.status >= 500 || error.code === 'rate-limited'),
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function AppProviders({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <I18nProvider locale={locale}>
        <GlobalStyle />
        {children}
      </I18nProvider>
    </QueryClientProvider>
  );
}
