import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { chooseLocale } from './i18n/locale.tsx';
import { loadLocale } from './i18n/t.ts';
import { AppProviders, createQueryClient } from './providers.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The page's language is chosen once; its words (a chunk of their own unless English) come first.
const locale = chooseLocale();
await loadLocale(locale).catch(() => undefined); // unreachable chunk: English rather than nothing
createRoot(root).render(
  <StrictMode>
    <AppProviders client={createQueryClient()} locale={locale}>
      <App />
    </AppProviders>
  </StrictMode>,
);
