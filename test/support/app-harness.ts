/**
 * The whole product over real HTTP: the fake Procore server and our app, each listening on
 * 127.0.0.1, and a test client that signs in the way the popup and the iframe do (plain fetch,
 * redirects followed by hand, the consent form read from Procore's HTML). Each test starts its
 * own pair, so each test owns its fake company.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE, type RedeemedSession } from '../../src/api/contract.ts';
import { seededRandom } from '../../src/fake-procore/ids.ts';
import type { KnobsPatch } from '../../src/fake-procore/knobs.ts';
import { SALUS_CLIENT_ID, SALUS_CLIENT_SECRET } from '../../src/fake-procore/scenario-kit.ts';
import type { ScenarioName, ScenarioOverrides } from '../../src/fake-procore/scenarios.ts';
import { startFakeProcoreServer, type FakeProcoreServer } from '../../src/fake-procore/server.ts';
import {
  startFakeSalusIdentity,
  type FakeSalusIdentity,
  type SalusPerson,
} from '../../src/fake-salus-identity/provider.ts';
import type { Clock } from '../../src/procore/index.ts';
import { buildApp, type AppOptions } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { openStore, type DbTimeouts, type Store } from '../../src/server/store/index.ts';
import type { Clock as StoreClock } from '../../src/server/store/shared.ts';

export const SESSION_SECRET = 'integration-tests-session-secret-0123456789abcdef';
export const SUPPORT_TOKEN = 'support-token-for-integration-tests';

export { instantClock } from './engine-harness.ts';

/** A store clock the test moves by hand (OAuth state and handoff TTLs, outbox backoff). */
export function movableNow(): StoreClock & { advance(ms: number): void } {
  let offset = 0;
  return Object.assign(() => new Date(Date.now() + offset), {
    advance(ms: number) {
      offset += ms;
    },
  });
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starting embedded PostgreSQL takes about a second, so tests that need no store options share
 * one in-memory PGlite per test file, emptied before each test: every app still starts on a
 * clean database.
 */
let sharedStore: Promise<Store> | null = null;
afterAll(async () => {
  const store = await sharedStore;
  sharedStore = null;
  await store?.close();
});

async function emptySharedStore(): Promise<Store> {
  sharedStore ??= openStore();
  const store = await sharedStore;
  const tables = await store.db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  await store.db.exec(`TRUNCATE ${tables.map((t) => t.name).join(', ')} CASCADE`);
  // The job queue's schema stays installed (fast starts); its jobs go with the rest.
  await store.db.exec(`DO $$ BEGIN
    IF to_regclass('pgboss.job') IS NOT NULL THEN DELETE FROM pgboss.job; END IF;
  END $$`);
  return store;
}

export interface StoreSpec {
  /** PostgreSQL (a database of the test's own); unset: PGlite. */
  url?: string;
  /** PGlite's data directory; unset: in memory. */
  dataDir?: string;
  now?: StoreClock;
  /** PostgreSQL pool time limits (default: production's). */
  timeouts?: Partial<DbTimeouts>;
}

export interface AppHarnessOptions {
  scenario: ScenarioName;
  /** Passed to the scenario builder, e.g. `{ activeProjects: 300 }`. */
  scenarioOverrides?: ScenarioOverrides;
  knobs?: KnobsPatch;
  /** Extra environment for `loadConfig`, e.g. `SUPPORT_WEBHOOK_URL`. */
  env?: Record<string, string>;
  store?: StoreSpec;
  /** The server's Procore clock (default: real time). */
  clock?: Clock;
  /** Seeds the fake's fault injection, so a flaky run is the same every time. */
  seed?: number;
  /** Background work (the job queue's workers and schedules); default on, as in production. */
  background?: boolean;
  /** The job queue's clock: pg-boss's `TestClock`, which the test moves (retries, backoff). */
  jobClock?: AppOptions['jobClock'];
  /** The support notices' retry policy (default: production's). */
  noticeRetry?: AppOptions['noticeRetry'];
  /** How long an interactive request waits for Procore before "busy" (default: production's). */
  interactiveDeadlineMs?: number;
  /** The built SPA to serve (default: `dist/`, when it has been built). */
  distDir?: string;
  /** Where the app's JSON logs go, at info level, as in production (default: no logs). */
  logStream?: NodeJS.WritableStream;
  /**
   * Support sign-in through the simulated SALUS identity provider, which offers these people
   * (default: support@salus.example); the allow-list is SUPPORT_ALLOWED_EMAILS
   * (default: support@salus.example) unless `env` says otherwise.
   */
  identity?: { people?: SalusPerson[] };
}

/** Our app as one server process runs it; `stopApp` + `startApp` is a restart. */
export interface RunningApp {
  url: string;
  config: Config;
  store: Store;
  app: Awaited<ReturnType<typeof buildApp>>['app'];
  runs: Awaited<ReturnType<typeof buildApp>>['runs'];
  notifier: Awaited<ReturnType<typeof buildApp>>['notifier'];
  jobs: Awaited<ReturnType<typeof buildApp>>['jobs'];
  access: Awaited<ReturnType<typeof buildApp>>['access'];
  sweeper: Awaited<ReturnType<typeof buildApp>>['sweeper'];
  watch: Awaited<ReturnType<typeof buildApp>>['watch'];
  repairs: Awaited<ReturnType<typeof buildApp>>['repairs'];
  janitor: Awaited<ReturnType<typeof buildApp>>['janitor'];
  /** Every route as declared (method and path pattern). */
  routes: Awaited<ReturnType<typeof buildApp>>['routes'];
  /** Whether this app's store is its own (closed with it) or the file's shared one. */
  owned: boolean;
}

export async function startAppHarness(options: AppHarnessOptions) {
  const procore: FakeProcoreServer = await startFakeProcoreServer({
    host: '127.0.0.1',
    port: 0,
    scenario: options.scenario,
    scenarioOverrides: options.scenarioOverrides,
    knobs: options.knobs,
    random: seededRandom(options.seed ?? 1),
  });
  const { fake } = procore;
  const identity: FakeSalusIdentity | null = options.identity
    ? await startFakeSalusIdentity({ people: options.identity.people })
    : null;
  const identityEnv: Record<string, string> = identity
    ? {
        SUPPORT_OIDC_ISSUER: identity.issuer,
        SUPPORT_OIDC_CLIENT_ID: identity.clientId,
        SUPPORT_OIDC_CLIENT_SECRET: identity.clientSecret,
        SUPPORT_ALLOWED_EMAILS: 'support@salus.example',
      }
    : {};
  const storeSpec = options.store ?? {};
  let current: RunningApp | null = null;

  async function launch(): Promise<RunningApp> {
    // The config needs our own URL (redirect URI, CSRF origin) before the server listens.
    for (let attempt = 0; ; attempt += 1) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      // An empty value leaves a variable out (e.g. `SUPPORT_TOKEN: ''`: no break-glass token).
      const env = Object.fromEntries(
        Object.entries({
          SUPPORT_TOKEN,
          ...identityEnv,
          ...options.env,
        }).filter(([, value]) => value !== ''),
      );
      const config = loadConfig({
        NODE_ENV: 'test',
        PROCORE_CLIENT_ID: SALUS_CLIENT_ID,
        PROCORE_CLIENT_SECRET: SALUS_CLIENT_SECRET,
        PROCORE_LOGIN_URL: procore.url,
        PROCORE_API_URL: procore.url,
        APP_BASE_URL: url,
        HOST: '127.0.0.1',
        PORT: String(port),
        SESSION_SECRET,
        ...env,
      });
      fake.addRedirectUri(`${url}/auth/callback`);
      identity?.addRedirectUri(`${url}/auth/support/callback`);
      const owned = Boolean(storeSpec.url || storeSpec.dataDir || storeSpec.now);
      const store = owned
        ? await openStore({
            url: storeSpec.url,
            dataDir: storeSpec.dataDir,
            now: storeSpec.now,
            timeouts: storeSpec.timeouts,
          })
        : await emptySharedStore();
      const built = await buildApp({
        config,
        store,
        clock: options.clock,
        // The production logger (info, redactions) into the test's stream, or none.
        ...(options.logStream ? { logStream: options.logStream } : { logger: false }),
        background: options.background,
        jobClock: options.jobClock,
        noticeRetry: options.noticeRetry,
        interactiveDeadlineMs: options.interactiveDeadlineMs,
        distDir: options.distDir,
      });
      try {
        await built.app.listen({ host: '127.0.0.1', port });
      } catch (error) {
        await built.app.close();
        if (owned) await store.close();
        if ((error as { code?: string }).code === 'EADDRINUSE' && attempt < 5) continue;
        throw error;
      }
      return {
        url,
        config,
        store,
        owned,
        app: built.app,
        runs: built.runs,
        notifier: built.notifier,
        jobs: built.jobs,
        access: built.access,
        sweeper: built.sweeper,
        watch: built.watch,
        repairs: built.repairs,
        janitor: built.janitor,
        routes: built.routes,
      };
    }
  }

  async function stop() {
    if (!current) return;
    const { app, store, owned } = current;
    current = null;
    await app.close();
    if (owned) await store.close();
  }

  current = await launch();
  const self = {
    procore,
    fake,
    /** The simulated SALUS identity provider (with `identity`). */
    identity,
    get server(): RunningApp {
      if (!current) throw new Error('the app is not running');
      return current;
    },
    /** Stops the app as SIGTERM would: in-flight runs are parked, the store is closed. */
    stopApp: stop,
    /** Starts a new app process on the same store (and the same fake Procore). */
    async startApp() {
      if (current) throw new Error('the app is already running');
      current = await launch();
      return current;
    },
    async close() {
      await stop();
      await procore.close();
      await identity?.close();
    },
    /** A browser-like client of our app, optionally signed in (bearer session id). */
    client(sessionId?: string) {
      return appClient(self.server.url, sessionId);
    },
    /** Signs in through the consent page and returns the iframe's session. */
    async signIn(options: { userId?: string; companyId?: string } = {}) {
      const flow = await startSignIn(self.server.url, { companyId: options.companyId });
      const consent = await flow.consent({ userId: options.userId });
      const popup = await flow.callback(consent.callbackUrl);
      if (popup.status !== 200 || !popup.handoff) {
        throw new Error(`sign-in failed: ${popup.status} ${popup.error}`);
      }
      const redeemed = await flow.redeem(popup.handoff);
      if (redeemed.status !== 200) throw new Error(`redeem failed: ${redeemed.status}`);
      return redeemed.body as RedeemedSession;
    },
    /** Requests the fake Procore saw from the login host for a path, e.g. `/oauth/token`. */
    loginRequests(pathname: string) {
      return fake.requestLog.filter((r) => r.host === 'login' && r.path === pathname);
    },
  };
  return self;
}

export type AppHarness = Awaited<ReturnType<typeof startAppHarness>>;

/** A temporary directory removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** The SPA's side of our API: JSON, the CSRF header on writes, the session as a bearer. */
export function appClient(baseUrl: string, sessionId?: string) {
  async function request<T = unknown>(
    method: string,
    pathname: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonResponse<T>> {
    const write = method !== 'GET' && method !== 'HEAD';
    const response = await fetch(new URL(pathname, baseUrl), {
      method,
      redirect: 'manual',
      headers: {
        ...(write ? { [CSRF_HEADER]: CSRF_VALUE } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(sessionId ? { Authorization: `Bearer ${sessionId}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: (type.includes('json') && text ? JSON.parse(text) : text) as T,
    };
  }
  return {
    get: <T = unknown>(pathname: string, headers?: Record<string, string>) =>
      request<T>('GET', pathname, undefined, headers),
    post: <T = unknown>(pathname: string, body?: unknown, headers?: Record<string, string>) =>
      request<T>('POST', pathname, body ?? {}, headers),
    /**
     * What Apply changes does: review (`GET /plan`), then `POST /runs` with that plan's id. A
     * plan with nothing to apply has no id: a made-up one is sent, which the server refuses.
     */
    async apply<T = unknown>(cid: string, body: { trial?: boolean } = {}) {
      const plan = await request<{ planId?: string | null }>('GET', `/api/companies/${cid}/plan`);
      const planId = plan.status === 200 ? plan.body.planId : null;
      return request<T>('POST', `/api/companies/${cid}/runs`, {
        planId: planId ?? randomUUID(),
        ...body,
      });
    },
    request,
  };
}

export const newNonce = () => randomBytes(32).toString('base64url');

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return String.fromCodePoint(code);
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)(?:\s*=\s*"([^"]*)")?/g)) {
    out[m[1]!.toLowerCase()] = decodeHtml(m[2] ?? '');
  }
  return out;
}

/** What a browser would submit from the consent page's form when Allow (or Deny) is clicked. */
export function readConsentForm(html: string) {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error('no form on the consent page');
  const action = attributes(form[1]!).action;
  if (!action) throw new Error('the consent form has no action');
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input\b([^>]*)>/gi)) {
    const a = attributes(input[1]!);
    if (a.name && (a.type ?? 'text') === 'hidden') fields[a.name] = a.value ?? '';
  }
  const select = /<select\b([^>]*)>([\s\S]*?)<\/select>/i.exec(form[2]!);
  const users: { id: string; label: string; selected: boolean }[] = [];
  if (select) {
    for (const option of select[2]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)) {
      const a = attributes(option[1]!);
      users.push({ id: a.value ?? '', label: decodeHtml(option[2]!), selected: 'selected' in a });
    }
  }
  const userField = select ? attributes(select[1]!).name : undefined;
  const buttons = [...form[2]!.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((b) => {
    const a = attributes(b[1]!);
    return { name: a.name, value: a.value ?? '', text: decodeHtml(b[2]!).trim() };
  });
  return { action, fields, users, userField, buttons };
}

/** The popup's last page: the result travels in data attributes (no inline script). */
export function readPopupPage(html: string) {
  const main = /<main\b([^>]*)>/i.exec(html);
  if (!main) throw new Error('no result on the popup page');
  const a = attributes(main[1]!);
  const code = /<p id="code-value"[^>]*>([^<]*)<\/p>/.exec(html);
  return {
    type: a['data-type'] as 'success' | 'failure',
    state: a['data-state'] || null,
    handoff: a['data-handoff'] || null,
    /** The short code shown when the popup has no opener to post to. */
    code: code ? decodeHtml(code[1]!) : null,
    error: a['data-error'] || null,
  };
}

async function getManual(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), response };
}

/**
 * One sign-in, step by step, as the iframe and the popup drive it: prepare (iframe) → start
 * (popup) → Procore's consent page → Allow → our callback → redeem (iframe).
 */
export async function startSignIn(
  appUrl: string,
  options: { nonce?: string; companyId?: string } = {},
) {
  const nonce = options.nonce ?? newNonce();
  const api = appClient(appUrl);
  const prepared = await api.post<{ state: string; startUrl: string }>('/auth/prepare', {
    nonce,
    ...(options.companyId ? { companyId: options.companyId } : {}),
  });
  if (prepared.status !== 200) throw new Error(`prepare failed: ${prepared.status}`);
  const { state, startUrl } = prepared.body;

  return {
    nonce,
    state,
    startUrl: new URL(startUrl, appUrl).href,

    /** Opens the popup and answers Procore's consent page; returns where Procore redirects. */
    async consent(choice: { userId?: string; decision?: 'allow' | 'deny' } = {}) {
      const start = await getManual(new URL(startUrl, appUrl).href);
      if (start.status !== 302 || !start.location) {
        throw new Error(`/auth/start answered ${start.status}`);
      }
      const page = await fetch(start.location, { redirect: 'manual' });
      if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
      const form = readConsentForm(await page.text());
      const decision = choice.decision ?? 'allow';
      const button = form.buttons.find((b) => b.value === decision);
      if (!button?.name) throw new Error(`no ${decision} button on the consent page`);
      const fields = new URLSearchParams(form.fields);
      if (form.userField) {
        const user = choice.userId ?? form.users.find((u) => u.selected)?.id;
        if (!user || !form.users.some((u) => u.id === user)) {
          throw new Error(`user ${choice.userId} is not offered on the consent page`);
        }
        fields.set(form.userField, user);
      }
      fields.set(button.name, button.value);
      const decided = await fetch(new URL(form.action, start.location), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: fields,
      });
      const location = decided.headers.get('location');
      if (decided.status !== 302 || !location) {
        throw new Error(`the consent form answered ${decided.status}`);
      }
      return { callbackUrl: location, authorizeUrl: start.location };
    },

    /** Loads our callback in the popup and reads the page it ends on. */
    async callback(callbackUrl: string) {
      const response = await fetch(callbackUrl, { redirect: 'manual' });
      const html = await response.text();
      return { status: response.status, headers: response.headers, html, ...readPopupPage(html) };
    },

    /** The iframe redeems the handoff with its nonce. */
    redeem(handoff: string, override: { nonce?: string; state?: string } = {}) {
      return api.post<RedeemedSession>('/auth/redeem', {
        state: override.state ?? state,
        nonce: override.nonce ?? nonce,
        handoff,
      });
    },

    /** The person typed the popup's code into the iframe, which redeems it with its nonce. */
    redeemCode(code: string, override: { nonce?: string; state?: string } = {}) {
      return api.post<RedeemedSession>('/auth/redeem', {
        state: override.state ?? state,
        nonce: override.nonce ?? nonce,
        code,
      });
    },

    /** The iframe's fallback when the popup could not post back. */
    poll(override: { nonce?: string } = {}) {
      return api.post<{ status: string; error?: string }>('/auth/poll', {
        state,
        nonce: override.nonce ?? nonce,
      });
    },
  };
}

/** One request the support receiver got. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A tiny HTTP server standing in for SALUS support's webhook. */
export async function startWebhookReceiver(
  answer: () => number | { status: number; headers: Record<string, string> } = () => 204,
) {
  const received: Received[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const given = answer();
      const { status, headers } =
        typeof given === 'number' ? { status: given, headers: {} } : given;
      res.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/salus/setup-completed`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls until `check` returns a value (not a fixed sleep: it stops as soon as it holds). */
export async function until<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
