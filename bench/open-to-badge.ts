/**
 * The flow a person goes through, measured end to end: opening the app signed in, the
 * checklist, the review, Apply changes, the progress view's polling (at the intervals the UI
 * exports), and the re-check that shows the badge. Our real server (Fastify, PGlite store,
 * run manager) against the fake Procore over loopback HTTP, with Procore's spike window AND its
 * hourly window on, on one time-scaled clock. Counts every request per token.
 */
import {
  CSRF_HEADER,
  CSRF_VALUE,
  type CompanyStatus,
  type Plan,
  type RunProgress,
} from '../src/api/contract.ts';
import { startFakeProcoreServer, type FakeProcoreServer } from '../src/fake-procore/server.ts';
import { SALUS_CLIENT_ID, SALUS_CLIENT_SECRET } from '../src/fake-procore/scenario-kit.ts';
import {
  createProcoreClient,
  createProcoreHttp,
  createRatePacer,
  estimateMs,
  FAN_OUT_CONCURRENCY,
  HOUR_MS,
  type Clock,
  type Id,
} from '../src/procore/index.ts';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createTokenCipher } from '../src/server/crypto.ts';
import { openStore } from '../src/server/store/index.ts';
import { RUN_POLL_MS } from '../src/ui/api/company.ts';

export interface FlowOptions {
  projects: number;
  bulk: boolean;
  /** fresh: the account is on no project; partly: on 5 % with SALUS's template, 1 % another. */
  setup: 'fresh' | 'partly';
  strategy: 'ours' | 'naive';
  clock: Clock & { elapsed(since: number): number };
  scale: number;
  latencyMs: number;
  spike: number;
  spikeWindowS: number;
  hourLimit: number;
}

export interface FlowRow {
  phase: 'open-to-badge';
  strategy: 'ours' | 'naive';
  bulk: boolean;
  setup: 'fresh' | 'partly';
  projects: number;
  hourLimit: number;
  /** Active projects the account lacked at the start. */
  missing: number;
  requests: number;
  requestsByToken: { user: number; app: number };
  /** Requests the first checklist made. */
  checkRequests: number;
  wallMs: number;
  /** The least time both windows allow for the busier token's requests. */
  floorMs: number;
  ratioToFloor: number;
  /** The estimate the review showed. */
  etaFirstMs: number;
  /** Actual time from Apply changes to the badge, against the estimate. */
  fixMs: number;
  etaRatio: number;
  status429: number;
  duplicates: number;
  lost: number;
  badge: boolean;
  peakRssMb: number;
}

const SESSION_SECRET = 'benchmark-session-secret-0123456789abcdef-0123';

/** 5 % of active projects with the SALUS template, 1 % with another template. */
function partlyConfigure(server: FakeProcoreServer): number {
  const { fake } = server;
  const { companyId, serviceAccountId, salusProjectTemplateId } = fake.facts;
  const active = fake.state.projectsOf(companyId).filter((p) => p.active);
  const other = fake.state
    .templatesOf(companyId)
    .find((t) => t.type === 'global' && t.id !== salusProjectTemplateId)!;
  active.forEach((project, i) => {
    if (i % 20 === 0)
      fake.state.addMember(project.id, serviceAccountId!, salusProjectTemplateId!, 'bench');
    else if (i % 100 === 1) fake.state.addMember(project.id, serviceAccountId!, other.id, 'bench');
  });
  // What the bench put there is not the app's doing.
  return fake.writeLog.length;
}

/** The peak resident memory from now until the returned function is called, in MB. */
export function memorySampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024);
  };
}

export async function measureOpenToBadge(o: FlowOptions): Promise<FlowRow> {
  const { clock } = o;
  const server = await startFakeProcoreServer({
    scenario: 'fresh-install',
    scenarioOverrides: {
      activeProjects: o.projects,
      inactiveProjects: Math.round(o.projects * 0.02),
    },
    clock,
    knobs: {
      latencyMs: o.latencyMs / o.scale,
      rateLimits: {
        spike: o.spike,
        spikeWindowSeconds: o.spikeWindowS,
        hourly: o.hourLimit,
      },
      betaEndpoints: { bulkAdd: o.bulk, projectAssignments: o.bulk },
      expiresIn: 100 * 3600,
    },
  });
  const { fake } = server;
  const seeded = o.setup === 'partly' ? partlyConfigure(server) : 0;
  const companyId = fake.facts.companyId;
  const accountId = fake.facts.serviceAccountId!;
  const missing = fake.missingProjects(companyId, accountId).length;
  const peak = memorySampler();
  fake.requestLog.length = 0;
  // The flow starts when the person opens the app: after our server has started.
  let start = clock.now();
  let checkRequests = 0;
  let etaFirstMs = 0;
  let fixStart = start;
  let badge = false;

  if (o.strategy === 'ours') {
    const port = 0;
    const config = loadConfig({
      NODE_ENV: 'test',
      PROCORE_CLIENT_ID: SALUS_CLIENT_ID,
      PROCORE_CLIENT_SECRET: SALUS_CLIENT_SECRET,
      PROCORE_LOGIN_URL: server.url,
      PROCORE_API_URL: server.url,
      APP_BASE_URL: 'http://127.0.0.1:3999',
      HOST: '127.0.0.1',
      PORT: String(port),
      SESSION_SECRET,
    });
    const store = await openStore();
    const built = await buildApp({ config, store, clock, logger: false });
    const address = await built.app.listen({ host: '127.0.0.1', port: 0 });
    start = clock.now();
    // Signed in as the popup leaves it: the tokens sealed in a server-side session. Sign-in's
    // own Procore reads (the user's companies and /me) are made as the server makes them.
    const tokens = fake.issueUserToken(fake.facts.signInUserId);
    const signInClient = createProcoreClient(
      createProcoreHttp({
        apiBaseUrl: server.url,
        getAccessToken: async () => tokens.access_token,
        clock,
        pacer: createRatePacer({ concurrency: FAN_OUT_CONCURRENCY }),
      }),
    );
    const companies = await signInClient.companies();
    const me = await signInClient.me(companyId);
    const cipher = createTokenCipher(SESSION_SECRET);
    const session = await store.sessions.create({
      procoreUserId: me.id,
      login: me.login,
      name: me.name ?? me.login,
      accessTokenEnc: cipher.encrypt(tokens.access_token),
      refreshTokenEnc: cipher.encrypt(tokens.refresh_token!),
      accessExpiresAt: new Date(clock.now() + 90 * 3600_000),
      companies: companies.map((c) => ({ id: c.id, name: c.name })),
    });
    const api = async <T>(method: 'GET' | 'POST', path: string, body: unknown = {}): Promise<T> => {
      const res = await fetch(new URL(path, address), {
        method,
        headers: {
          authorization: `Bearer ${session.id}`,
          [CSRF_HEADER]: CSRF_VALUE,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        body: method === 'POST' ? JSON.stringify(body) : undefined,
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const base = `/api/companies/${companyId}`;
    const before = fake.requestLog.length;
    await api<CompanyStatus>('GET', `${base}/status`);
    checkRequests = fake.requestLog.length - before;
    await api('GET', `${base}/projects?filter=missing&search=&page=1`);
    const plan = await api<Plan>('GET', `${base}/plan`);
    etaFirstMs = plan.estimatedSeconds * 1000;
    fixStart = clock.now();
    let run = await api<RunProgress>('POST', `${base}/runs`, { planId: plan.planId });
    while (run.status === 'running') {
      await clock.sleep(RUN_POLL_MS.running);
      run = await api<RunProgress>('GET', `/api/runs/${run.runId}`);
    }
    const after = await api<CompanyStatus>('GET', `${base}/status`);
    badge = after.complete;
    await built.app.close();
    await store.close();
  } else {
    // The naive strategy: every project's users read to find the account, then one add each.
    const client = (token: string) =>
      createProcoreClient(
        createProcoreHttp({
          apiBaseUrl: server.url,
          getAccessToken: async () => token,
          clock,
          pacer: createRatePacer({ concurrency: FAN_OUT_CONCURRENCY }),
        }),
      );
    const user = client(fake.issueUserToken(fake.facts.signInUserId).access_token);
    const projects = await user.listProjects(companyId, { status: 'Active' });
    const toAdd: Id[] = [];
    for (const project of projects) {
      const users = await user.listProjectUsers(companyId, project.id);
      if (!users.some((u) => u.id === accountId)) toAdd.push(project.id);
    }
    checkRequests = fake.requestLog.length;
    etaFirstMs = 0;
    fixStart = clock.now();
    for (const projectId of toAdd)
      await user.addUserToProject(
        companyId,
        projectId,
        accountId,
        fake.facts.salusProjectTemplateId!,
      );
    badge = fake.missingProjects(companyId, accountId).length === 0;
  }

  const end = clock.now();
  const api = fake.requestLog.filter((r) => r.host === 'api');
  const byToken = {
    user: api.filter((r) => r.tokenKind === 'user').length,
    app: api.filter((r) => r.tokenKind === 'client').length,
  };
  const busier = Math.max(byToken.user, byToken.app);
  const floorMs = estimateMs(
    busier,
    {
      spikeLimit: o.spike,
      spikeWindowMs: o.spikeWindowS * 1000,
      hourlyLimit: o.hourLimit,
      hourlyAssumed: false,
      hourlyRemaining: o.hourLimit,
      // The fake's windows are aligned on the clock: the first resets at the next full hour.
      hourlyResetAt: Math.floor(start / HOUR_MS) * HOUR_MS + HOUR_MS,
    },
    start,
  );
  const adds = fake.writeLog.slice(seeded).filter((w) => w.kind === 'membership.add');
  const wallMs = Math.round(end - start);
  const fixMs = Math.round(end - fixStart);
  const row: FlowRow = {
    phase: 'open-to-badge',
    strategy: o.strategy,
    bulk: o.bulk,
    setup: o.setup,
    projects: o.projects,
    hourLimit: o.hourLimit,
    missing,
    requests: api.length,
    requestsByToken: byToken,
    checkRequests,
    wallMs,
    floorMs,
    ratioToFloor: Number((wallMs / floorMs).toFixed(2)),
    etaFirstMs,
    fixMs,
    etaRatio: etaFirstMs > 0 ? Number((fixMs / etaFirstMs).toFixed(2)) : 0,
    status429: api.filter((r) => r.status === 429).length,
    duplicates: adds.length - new Set(adds.map((w) => w.projectId)).size,
    lost: fake.missingProjects(companyId, accountId).length,
    badge,
    peakRssMb: peak(),
  };
  await server.close();
  return row;
}
