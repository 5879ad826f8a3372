import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const LAZY_CORE_TABLE = '\0core-react-table-loaded-lazily';

/**
 * core-react's I18nProvider imports its strings in 17 languages (about 200 kB). The app speaks
 * English, Spanish and French: English stays in the entry, and src/ui/i18n/t.ts loads Spanish or
 * French (with our own catalog) in a chunk of its own when the page speaks it.
 */
function coreReactEnglishOnly(): Plugin {
  return {
    name: 'core-react-english-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (
        importer?.includes('/@procore/core-react/dist/_hooks/I18n.js') &&
        /^\.\.\/_locales\/(?!en\.json$)[\w-]+\.json$/.test(source)
      )
        return LAZY_CORE_TABLE;
      return null;
    },
    load(id) {
      return id === LAZY_CORE_TABLE ? 'export default {};' : null;
    },
  };
}

// The SPA: index.html at the root loads src/ui/main.tsx; the server serves dist/ (with CSP
// `script-src 'self'`, so the build must not inline scripts). Files in public/ are copied as they
// are (not hashed). The first screen (the entry and its static imports, as dist/.vite/manifest.json
// lists them) must stay within 200 kB gzip: `npm run bench -- bundle` prints it, a test holds it.
export default defineConfig({
  plugins: [react(), coreReactEnglishOnly()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    // Vite's warning is about minified size; the budget that matters is the gzip one above (the
    // vendor chunk is about 560 kB minified, 170 kB gzip).
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // core-icons declares no `sideEffects`, so every one of its ~900 icons was kept (200 kB)
      // for the few core-react draws; its modules only define components.
      treeshake: {
        moduleSideEffects: [{ test: /\/node_modules\/@procore\/core-icons\//, sideEffects: false }],
      },
    },
  },
});
