import { DEMO_PAGE_PATH } from '../fake-procore/company-tools-page.ts';
import { SALUS_CLIENT_ID, SALUS_CLIENT_SECRET } from '../fake-procore/scenario-kit.ts';
import { isScenarioName } from '../fake-procore/scenarios.ts';
import { startFakeProcoreServer } from '../fake-procore/server.ts';
import { DEMO_SUPPORT_PERSON, startFakeSalusIdentity } from '../fake-salus-identity/provider.ts';

/**
 * Demo mode: the fake Procore on loopback, playing both Procore's login and API hosts, and the
 * simulated Company Tools page that frames the app; and a simulated SALUS identity provider for
 * the support view's sign-in. The browser reaches the fake as `localhost`
 * and the app as `127.0.0.1`, so the iframe is cross-site as it is inside Procore.
 * The only production module that imports the fake (DESIGN.md §4).
 */
/**
 * The fake Procore's port when DEMO_PROCORE_PORT is unset: fixed, so a bookmarked demo page keeps
 * working across starts; when something else holds it, any free port (and the printed URL says
 * which). A port set explicitly is used or start-up fails.
 */
export const DEFAULT_DEMO_PROCORE_PORT = 3001;

const isPortTaken = (error: unknown) =>
  (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';

export async function startDemoProcore(env: NodeJS.ProcessEnv) {
  const host = env.HOST ?? '127.0.0.1';
  const port = Number(env.PORT ?? 3000);
  const appBaseUrl = (env.APP_BASE_URL ?? `http://${host}:${port}`).replace(/\/+$/, '');
  const scenario = env.DEMO_SCENARIO ?? 'fresh-install';
  if (!isScenarioName(scenario)) throw new Error(`Unknown DEMO_SCENARIO "${scenario}"`);
  const start = (port: number) =>
    startFakeProcoreServer({
      host: '127.0.0.1',
      port,
      scenario,
      redirectUris: [`${appBaseUrl}/auth/callback`],
      appUrl: appBaseUrl,
    });
  const chosen = env.DEMO_PROCORE_PORT;
  const server = chosen
    ? await start(Number(chosen))
    : await start(DEFAULT_DEMO_PROCORE_PORT).catch((error: unknown) => {
        if (!isPortTaken(error)) throw error;
        console.log(
          `Port ${DEFAULT_DEMO_PROCORE_PORT} is taken: the simulated Procore uses another one this time.`,
        );
        return start(0);
      });
  const browserOrigin = server.url.replace('127.0.0.1', 'localhost');
  // SALUS's own identity provider, simulated, for the support view's sign-in (/support).
  const identity = await startFakeSalusIdentity({
    host: '127.0.0.1',
    port: 0,
    redirectUris: [`${appBaseUrl}/auth/support/callback`],
  });
  return {
    server,
    identity,
    demo: {
      clientId: SALUS_CLIENT_ID,
      clientSecret: SALUS_CLIENT_SECRET,
      procoreUrl: server.url,
      frameAncestors: [browserOrigin],
      supportSignIn: {
        issuer: identity.issuer,
        clientId: identity.clientId,
        clientSecret: identity.clientSecret,
        allowedEmails: [DEMO_SUPPORT_PERSON.email],
        allowedDomain: null,
        requiredGroup: null,
      },
    },
    openUrl: `${browserOrigin}${DEMO_PAGE_PATH}`,
    /** The scenario picker starts the app's demo state afresh with `handler` too. */
    onScenarioSwitch: server.onScenarioSwitch,
    close: async () => {
      await identity.close();
      await server.close();
    },
  };
}
