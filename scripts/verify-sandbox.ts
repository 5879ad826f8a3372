/**
 * `npm run verify:sandbox`: settles, in a Procore sandbox company, every UNCONFIRMED fact the code
 * handles both ways (README, "Verify in a Procore sandbox"), prints one line per fact and writes a
 * JSON report. Changes nothing it does not put back (see scripts/verify-sandbox/membership-facts.ts).
 *
 * Environment: PROCORE_CLIENT_ID, PROCORE_CLIENT_SECRET (required); PROCORE_LOGIN_URL,
 * PROCORE_API_URL (default: the Developer Sandbox); VERIFY_COMPANY_ID; PROCORE_REFRESH_TOKEN
 * (else a one-off sign-in on localhost); VERIFY_USER_ID, VERIFY_ORIGIN, VERIFY_REDIRECT_URI,
 * VERIFY_TOKEN_FILE, SALUS_ACCOUNT_PREFIX; VERIFY_WEBHOOK_URL (a public https URL forwarded to a
 * receiver this script starts on 127.0.0.1:VERIFY_WEBHOOK_PORT, default 8787), VERIFY_WEBHOOK_WAIT
 * (seconds to wait for deliveries, default 60). `.env` is not read, so a production setting there
 * cannot leak into a sandbox run. `--out <file>` sets the report path (default
 * verify-report.json).
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  PROCORE_ENVIRONMENTS,
  createProcoreOAuth,
  type ProcoreOAuth,
  type TokenSet,
} from '../src/procore/index.ts';
import { localhostLogin, type ChainProbe } from './verify-sandbox/oauth-facts.ts';
import { recordingFetch } from './verify-sandbox/recorder.ts';
import { formatResult, identity, runVerification } from './verify-sandbox/runner.ts';
import { KNOB_FOR_FACT, reportToKnobs } from './verify-sandbox/to-knobs.ts';
import type { Identity, LoginObservation } from './verify-sandbox/types.ts';
import type { WebhookProbe } from './verify-sandbox/webhook-facts.ts';
import { startWebhookReceiver } from './verify-sandbox/webhook-receiver.ts';

const env = process.env;
const say = (line: string) => process.stdout.write(`${line}\n`);

function required(name: string): string {
  const value = env[name]?.trim();
  if (!value) {
    process.stderr.write(`${name} is required (see README, "Verify in a Procore sandbox").\n`);
    process.exit(2);
  }
  return value;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A rotated refresh token is written at once (mode 600): the one just used is dead. Never
 * printed.
 */
async function keepRefreshToken(file: string, tokens: TokenSet) {
  if (!tokens.refresh_token) return;
  await writeFile(file, `${tokens.refresh_token}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  say(`The refresh token rotated; the new one is in ${file} (mode 600). Keep it private.`);
}

async function userTokens(
  oauth: ProcoreOAuth,
  tokenFile: string,
  login: () => Promise<{
    tokens: TokenSet | null;
    observation: LoginObservation;
    problem: string | null;
  }>,
) {
  const saved = await readFile(tokenFile, 'utf8').then(
    (t) => t.trim(),
    () => '',
  );
  const candidates = [
    ...(saved ? [[tokenFile, saved] as const] : []),
    ...(env.PROCORE_REFRESH_TOKEN?.trim()
      ? [['PROCORE_REFRESH_TOKEN', env.PROCORE_REFRESH_TOKEN.trim()] as const]
      : []),
  ];
  const problems: string[] = [];
  for (const [source, refreshToken] of candidates) {
    try {
      const tokens = await oauth.refresh(refreshToken);
      await keepRefreshToken(tokenFile, tokens);
      return { tokens, observation: null, problem: null };
    } catch (err) {
      problems.push(`refresh with ${source} failed: ${errorText(err)}`);
    }
  }
  problems.forEach((p) => say(p));
  const signIn = await login();
  if (signIn.tokens) await keepRefreshToken(tokenFile, signIn.tokens);
  return signIn;
}

/**
 * The webhook receiver, when the operator gave a public https URL that reaches this machine
 * (a tunnel to VERIFY_WEBHOOK_PORT): Procore cannot POST to localhost.
 */
async function webhookProbe(): Promise<WebhookProbe | null> {
  const destinationUrl = env.VERIFY_WEBHOOK_URL?.trim();
  if (!destinationUrl) {
    say('No VERIFY_WEBHOOK_URL: webhook hooks are checked, deliveries are not.');
    return null;
  }
  if (!destinationUrl.startsWith('https://')) {
    process.stderr.write('VERIFY_WEBHOOK_URL must be an https URL (Procore posts over HTTPS).\n');
    process.exit(2);
  }
  const port = Number(env.VERIFY_WEBHOOK_PORT?.trim() || 8787);
  const waitSeconds = Number(env.VERIFY_WEBHOOK_WAIT?.trim() || 60);
  const receiver = await startWebhookReceiver({ host: '127.0.0.1', port });
  say(`Webhook receiver on ${receiver.localUrl}; Procore posts to ${destinationUrl}.`);
  return { destinationUrl, receiver, waitMs: waitSeconds * 1000, onNotice: say };
}

async function main() {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: 'verify-report.json' } },
  });
  const clientId = required('PROCORE_CLIENT_ID');
  const clientSecret = required('PROCORE_CLIENT_SECRET');
  const loginBaseUrl = env.PROCORE_LOGIN_URL?.trim() || PROCORE_ENVIRONMENTS.sandbox.loginBaseUrl;
  const apiBaseUrl = env.PROCORE_API_URL?.trim() || PROCORE_ENVIRONMENTS.sandbox.apiBaseUrl;
  const tokenFile = env.VERIFY_TOKEN_FILE?.trim() || '.verify-refresh-token';
  const accountPrefix = env.SALUS_ACCOUNT_PREFIX?.trim() || 'salus-integration-';
  if (apiBaseUrl === PROCORE_ENVIRONMENTS.production.apiBaseUrl) {
    say('Warning: PROCORE_API_URL is production. This run writes (and undoes) memberships.');
  }
  say(`Procore: ${loginBaseUrl} / ${apiBaseUrl}`);

  const oauth = createProcoreOAuth({
    loginBaseUrl,
    clientId,
    clientSecret,
    allowInsecureHttp: true,
  });
  /** A sign-in in the browser on this machine, introduced by `intro`. */
  const browserLogin = (intro: string) =>
    localhostLogin({
      loginBaseUrl,
      clientId,
      clientSecret,
      redirectUri: env.VERIFY_REDIRECT_URI?.trim() || undefined,
      onAuthorizeUrl: (url) => {
        say(intro);
        say(url);
        say('Waiting for the callback (10 minutes)…');
      },
    });
  const signIn = await userTokens(oauth, tokenFile, () =>
    browserLogin('No refresh token: sign in once in a browser on this machine:'),
  );
  if (signIn.problem) say(`Sign-in: ${signIn.problem}`);

  // Two authorizations side by side (VERIFY_SECOND_CONSENT=1): a second consent now; the run then
  // acts with it (the newer chain is valid either way), and the earlier chain is checked last.
  let chains: ChainProbe | null = null;
  let tokens = signIn.tokens;
  const earlierRefreshToken = tokens?.refresh_token;
  if (env.VERIFY_SECOND_CONSENT?.trim() === '1' && earlierRefreshToken) {
    const second = await browserLogin(
      'Second consent (two authorizations side by side): sign in again in a browser:',
    );
    if (second.tokens?.refresh_token) {
      await keepRefreshToken(tokenFile, second.tokens);
      tokens = second.tokens;
      let newer = second.tokens;
      chains = {
        loginBaseUrl,
        clientId,
        clientSecret,
        earlierRefreshToken,
        refreshNewer: async () => {
          try {
            newer = await oauth.refresh(newer.refresh_token!);
            await keepRefreshToken(tokenFile, newer);
            return true;
          } catch {
            return false;
          }
        },
      };
    } else say(`Second consent: ${second.problem ?? 'no refresh token'}`);
  }

  const recorder = recordingFetch();
  const user: Identity | null = tokens
    ? identity(apiBaseUrl, tokens.access_token, recorder.fetch)
    : null;
  let app: Identity | null = null;
  let appProblem: string | null = null;
  try {
    app = identity(apiBaseUrl, (await oauth.clientCredentials()).access_token, recorder.fetch);
  } catch (err) {
    appProblem = errorText(err);
  }

  let companyId = env.VERIFY_COMPANY_ID?.trim() ?? '';
  if (!companyId && user) {
    const companies = await user.client.companies();
    if (companies.length !== 1) {
      say('Set VERIFY_COMPANY_ID to one of:');
      companies.forEach((c) => say(`  ${c.id}  ${c.name}`));
      process.exit(2);
    }
    companyId = companies[0]!.id;
  }
  if (!companyId) required('VERIFY_COMPANY_ID');
  say(`Company ${companyId}\n`);

  const accessToken = tokens?.access_token;
  const webhooks = await webhookProbe();
  const report = await runVerification({
    loginBaseUrl,
    apiBaseUrl,
    companyId,
    clientId,
    accountPrefix,
    user,
    userProblem: signIn.problem,
    app,
    appProblem,
    seen: recorder.seen,
    cors: accessToken
      ? {
          apiBaseUrl,
          accessToken: async () => accessToken,
          origin: env.VERIFY_ORIGIN?.trim() || 'http://localhost:3000',
        }
      : null,
    login: signIn.observation,
    subjectUserId: env.VERIFY_USER_ID?.trim() || null,
    webhooks,
    chains,
    onResult: (r) => say(formatResult(r)),
  }).finally(() => webhooks?.receiver.close());
  await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
  const knobs = reportToKnobs(report);
  say(`\nReport: ${values.out}`);
  say(`Fake knobs from this report: ${JSON.stringify(knobs)}`);
  const mapped = Object.entries(KNOB_FOR_FACT).filter(([, k]) => k).length;
  say(`(${mapped} facts map to knobs; see README, "Running the verification".)`);
}

main().catch((err: unknown) => {
  process.stderr.write(`verify:sandbox failed: ${errorText(err)}\n`);
  process.exit(1);
});
