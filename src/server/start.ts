import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, startupWarnings, type Config } from './config.ts';
import { buildApp, closeWithin } from './app.ts';
import { nodeVersionProblem } from './node-version.ts';
import { readStampedBuild } from './build-info.ts';
import { assertSpaBuiltWith, ensureSpaBuilt } from './spa-build.ts';

/**
 * `npm start`: loads `.env` (without overriding the environment), builds the SPA when missing or
 * stale, and serves the app. Without PROCORE_CLIENT_ID it is demo mode: an embedded fake Procore
 * starts on loopback too, and the last line printed is the simulated Procore page to open.
 */

/** Below the usual 30 s grace period of container orchestrators before SIGKILL. */
const SHUTDOWN_DEADLINE_MS = 20_000;

async function main() {
  const tooOld = nodeVersionProblem();
  if (tooOld) throw new ConfigError(tooOld);
  if (existsSync('.env')) process.loadEnvFile('.env');
  const demo = !process.env.PROCORE_CLIENT_ID;
  let config: Config;
  let stopFake: (() => Promise<void>) | null = null;
  let onScenarioSwitch: ((handler: () => Promise<void>) => void) | null = null;
  let openUrl: string;

  // Fail fast on configuration before any slow work.
  if (!demo || process.env.NODE_ENV === 'production') loadConfig(process.env);
  // The compiled server (`npm run build`) runs on the SPA built with it; from a checkout, the SPA is
  // built here when missing or stale.
  const stamped = readStampedBuild();
  if (stamped) assertSpaBuiltWith(stamped.buildId);
  else await ensureSpaBuilt();

  if (demo) {
    // The only production import of the fake Procore, and only in demo mode (DESIGN.md §4).
    const { startDemoProcore } = await import('./demo.ts');
    const fake = await startDemoProcore(process.env);
    stopFake = fake.close;
    onScenarioSwitch = fake.onScenarioSwitch;
    config = loadConfig(process.env, fake.demo);
    openUrl = fake.openUrl;
  } else {
    config = loadConfig(process.env);
    openUrl = `${config.appBaseUrl}/`;
  }

  const { app, startAfresh } = await buildApp({ config });
  for (const warning of startupWarnings(config)) app.log.warn(warning);
  // Switching the demo scenario starts the app afresh too (no old runs, completions, sessions).
  onScenarioSwitch?.(startAfresh);
  await app.listen({ host: config.host, port: config.port });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Runs park and requests finish, within a deadline: a hung database cannot hold the exit.
    const { forced } = await closeWithin(app, SHUTDOWN_DEADLINE_MS);
    if (forced) app.log.warn({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown deadline passed');
    await stopFake?.();
    process.exit(forced ? 1 : 0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const build = stamped ? ` (${stamped.version}, commit ${stamped.commit})` : '';
  console.log(
    `SALUS Setup${build} is running ${demo ? 'in demo mode (simulated Procore)' : 'against Procore'} at ${config.appBaseUrl}`,
  );
  console.log(`Open ${openUrl}`);
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
