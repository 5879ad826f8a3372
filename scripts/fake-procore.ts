/**
 * A fake Procore from the development tree, for scripts/prod-check.sh: the production install
 * has none, so CI starts it here and points the compiled server at it in real mode.
 * Usage: tsx scripts/fake-procore.ts <app base URL>. Prints one line of JSON (its URL and the
 * app's credentials there), then serves until SIGTERM.
 */
import { SALUS_CLIENT_ID, SALUS_CLIENT_SECRET } from '../src/fake-procore/scenario-kit.ts';
import { startFakeProcoreServer } from '../src/fake-procore/server.ts';

const appBaseUrl = process.argv[2];
if (!appBaseUrl) throw new Error('usage: tsx scripts/fake-procore.ts <app base URL>');
const server = await startFakeProcoreServer({
  host: '127.0.0.1',
  port: 0,
  scenario: 'fresh-install',
  redirectUris: [`${appBaseUrl}/auth/callback`],
  appUrl: appBaseUrl,
});
console.log(
  JSON.stringify({ url: server.url, clientId: SALUS_CLIENT_ID, clientSecret: SALUS_CLIENT_SECRET }),
);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
