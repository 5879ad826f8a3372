import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA: index.html at the root loads src/ui/main.tsx; the server serves dist/ (with CSP
// `script-src 'self'`, so the build must not inline scripts).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One chunk of about 950 kB (265 kB gzipped), mostly core-react and its i18n tables; known
    // and accepted for an app that loads once per visit.
    chunkSizeWarningLimit: 1024,
  },
});
