import { ConfigError } from './config.ts';
import type { startDemoProcore as startDemo } from './demo.ts';

/**
 * Stands in for demo.ts in the compiled server (scripts/build-server.mjs): a production build
 * carries no simulated Procore, and its install has none of the fake's dependencies.
 */
export const startDemoProcore: typeof startDemo = async () => {
  throw new ConfigError(
    'PROCORE_CLIENT_ID is not set, and this compiled server has no demo mode (no simulated Procore). ' +
      'Set PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET, APP_BASE_URL and SESSION_SECRET; for the demo, run `npm install` then `npm start` in a checkout.',
  );
};
