import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { AppProviders, createQueryClient } from './providers.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppProviders client={createQueryClient()}>
      <App />
    </AppProviders>
  </StrictMode>,
);
