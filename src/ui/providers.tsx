import { I18nProvider } from '@procore/core-react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useLayoutEffect, useState, type ReactNode } from 'react';
import { ApiError } from './api/http.ts';
import { chooseLocale, coreLocale, type Locale } from './i18n/locale.tsx';
import { coreTranslations, setLocale, t } from './i18n/t.ts';
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

/**
 * Everything the app runs inside. The locale is chosen once per page (`chooseLocale`) unless a
 * caller fixes it; it is applied before the children render, since `t` reads it.
 */
export function AppProviders(props: { client: QueryClient; locale?: Locale; children: ReactNode }) {
  const [chosen] = useState(chooseLocale);
  const locale = props.locale ?? chosen;
  setLocale(locale);
  useLayoutEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('app.name');
  }, [locale]);
  return (
    <QueryClientProvider client={props.client}>
      <I18nProvider
        locale={coreLocale[locale]}
        translations={coreTranslations(locale, coreLocale[locale])}
      >
        <GlobalStyle />
        {props.children}
      </I18nProvider>
    </QueryClientProvider>
  );
}
