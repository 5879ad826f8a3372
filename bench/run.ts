/**
 * `npm run bench`: how many Procore requests, round trips and how much time the status check and
 * the fix take for 100, 1,000 and 5,000 missing projects, for our strategy and a naive one, with
 * Procore's beta bulk endpoints on and off. Prints a table and writes bench/results.json.
 *
 * The fake Procore runs over real HTTP on loopback with 100 ms latency and a spike limit of 25
 * requests per 10 s. Runs bound by the rate limit are time-scaled: both sides run on a clock
 * SCALE (default 20) times faster than the wall clock, so a 33-minute fix takes under 2 minutes
 * to measure; their figures are simulated time, and local processing (a few ms a request) is
 * scaled up with it. Runs with the bulk endpoints never wait on the limit and run in real time.
 * Which is which is the table's `time ×` column.
 * A figure printer, not a test: nothing here passes or fails.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { RateLimitKnobs } from '../src/fake-procore/knobs.ts';
import { startFakeProcoreServer } from '../src/fake-procore/server.ts';
import { SALUS_CLIENT_ID } from '../src/fake-procore/scenario-kit.ts';
import {
  createProcoreClient,
  createProcoreHttp,
  createRatePacer,
  FAN_OUT_CONCURRENCY,
  type Clock,
  type Id,
  type ProcoreClient,
} from '../src/procore/index.ts';
import type { SetupContext } from '../src/setup/context.ts';
import { buildPlan } from '../src/setup/plan.ts';
import { executeRun, type JournalItem, type RunJournal } from '../src/setup/run.ts';
import { checkCompany } from '../src/setup/check.ts';
import { measureBundle, printBundle } from './bundle-size.ts';
import { measureAutoRepair } from './auto-repair.ts';
import { measureKeepSetUp } from './keep-set-up.ts';
import { measureOpenToBadge, memorySampler, type FlowRow } from './open-to-badge.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 20);
const LATENCY_MS = 100;
const SPIKE = 25;
const SPIKE_WINDOW_S = 10;
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').map(Number);
const ALLOWED_PER_MS = SPIKE / (SPIKE_WINDOW_S * 1000);

interface Row {
  strategy: 'ours' | 'naive';
  bulk: boolean;
  projects: number;
  phase: 'status' | 'fix';
  requests: number;
  roundTrips: number;
  wallMs: number;
  floorMs: number;
  ratioToFloor: number;
  status429: number;
  duplicates: number;
  lost: number;
  peakRssMb: number;
}

/** Simulated time: `scale` times faster than the wall clock, shared by the fake and the client. */
function scaledClock(scale: number): Clock & { elapsed(since: number): number } {
  const realStart = performance.now();
  const simStart = Date.UTC(2026, 10, 25, 9);
  const now = () => simStart + (performance.now() - realStart) * scale;
  return {
    now,
    elapsed: (since) => now() - since,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, Math.max(0, ms) / scale);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      }),
  };
}

/** Records every request's simulated start and end, to count requests and round trips. */
function recordingFetch(clock: Clock) {
  const intervals: [number, number][] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const start = clock.now();
    try {
      return await fetch(input, init);
    } finally {
      intervals.push([start, clock.now()]);
    }
  };
  return {
    fetch: wrapped,
    reset: () => (intervals.length = 0),
    requests: () => intervals.length,
    /** The longest chain of requests that did not overlap: the sequential round trips. */
    roundTrips: () => {
      let count = 0;
      let end = -Infinity;
      for (const [s, e] of [...intervals].sort((a, b) => a[1] - b[1])) {
        if (s >= end) {
          count += 1;
          end = e;
        }
      }
      return count;
    },
  };
}

function memoryJournal(items: JournalItem[]): RunJournal & { pending(): number } {
  const byId = new Map(items.map((i) => [i.projectId, { ...i, outcome: 'pending' }]));
  return {
    listPending: async (limit) =>
      [...byId.values()].filter((i) => i.outcome === 'pending').slice(0, limit),
    markSent: async (ids) => ids.forEach((id) => (byId.get(id)!.sentAt = new Date())),
    settle: async (id, outcome) => void (byId.get(id)!.outcome = outcome),
    audit: async () => undefined,
    recordEvidence: async () => undefined,
    resolveTemplate: async () => undefined,
    pending: () =>
      [...byId.values()].filter((i) => i.outcome === 'pending' || i.outcome === 'failed').length,
  };
}

/** The naive strategy: list every project's users to find the account, then add it one by one. */
async function naiveStatus(client: ProcoreClient, companyId: Id, accountId: Id) {
  const projects = await client.listProjects(companyId, { status: 'Active' });
  const missing: Id[] = [];
  for (const project of projects) {
    const users = await client.listProjectUsers(companyId, project.id);
    if (!users.some((u) => u.id === accountId)) missing.push(project.id);
  }
  return missing;
}

/** How Procore's windows move and round their reset (UNCONFIRMED; knobs of the fake). */
interface WindowModel {
  window: RateLimitKnobs['window'];
  resetRounding: RateLimitKnobs['resetRounding'];
}
const DEFAULT_WINDOW: WindowModel = { window: 'aligned', resetRounding: 'up' };

/**
 * Only runs that wait on the rate limit need a faster clock; the others run in real time, so the
 * fake's own CPU time (serialising thousands of rows) is not multiplied.
 */
const scaleFor = (bulk: boolean, strategy: Row['strategy']) =>
  bulk && strategy === 'ours' ? 1 : SCALE;

async function measure(
  projects: number,
  bulk: boolean,
  strategy: Row['strategy'],
  model: WindowModel = DEFAULT_WINDOW,
): Promise<Row[]> {
  const scale = scaleFor(bulk, strategy);
  const clock = scaledClock(scale);
  const server = await startFakeProcoreServer({
    scenario: 'fresh-install',
    scenarioOverrides: { activeProjects: projects, inactiveProjects: 0 },
    clock,
    knobs: {
      latencyMs: LATENCY_MS / scale,
      rateLimits: {
        spike: SPIKE,
        spikeWindowSeconds: SPIKE_WINDOW_S,
        hourly: 10_000_000,
        ...model,
      },
      betaEndpoints: { bulkAdd: bulk, projectAssignments: bulk },
      expiresIn: 100 * 3600,
    },
  });
  const { fake } = server;
  const recorder = recordingFetch(clock);
  const client = (token: string) =>
    createProcoreClient(
      createProcoreHttp({
        apiBaseUrl: server.url,
        getAccessToken: async () => token,
        clock,
        fetch: recorder.fetch,
        pacer: createRatePacer({ concurrency: FAN_OUT_CONCURRENCY }),
      }),
    );
  const ctx: SetupContext = {
    companyId: fake.facts.companyId,
    user: client(fake.issueUserToken().access_token),
    app: client(fake.issueClientToken().access_token),
    clientId: SALUS_CLIENT_ID,
    names: {
      companyTemplate: 'SALUS Integration Account',
      projectTemplate: 'SALUS Project Integration',
      accountPrefix: 'salus-integration-',
    },
  };
  const accountId = fake.facts.serviceAccountId!;
  const rows: Row[] = [];
  const phase = async (name: Row['phase'], work: () => Promise<void>) => {
    recorder.reset();
    fake.requestLog.length = 0;
    const peak = memorySampler();
    const start = clock.now();
    await work();
    const wallMs = Math.round(clock.elapsed(start));
    const requests = recorder.requests();
    const floorMs = Math.round(requests / ALLOWED_PER_MS);
    const adds = fake.writeLog.filter((w) => w.kind === 'membership.add');
    rows.push({
      strategy,
      bulk,
      projects,
      phase: name,
      requests,
      roundTrips: recorder.roundTrips(),
      wallMs,
      floorMs,
      ratioToFloor: Number((wallMs / floorMs).toFixed(2)),
      status429: fake.requestLog.filter((r) => r.status === 429).length,
      duplicates: adds.length - new Set(adds.map((w) => w.projectId)).size,
      lost: name === 'fix' ? fake.missingProjects(fake.facts.companyId, accountId).length : 0,
      peakRssMb: peak(),
    });
  };

  if (strategy === 'ours') {
    let check: Awaited<ReturnType<typeof checkCompany>> | undefined;
    await phase('status', async () => {
      check = await checkCompany(ctx);
    });
    await phase('fix', async () => {
      const plan = buildPlan(ctx, check!.facts, check!.steps);
      const items: JournalItem[] = plan.add.map((p) => ({
        projectId: p.id,
        projectName: p.name,
        action: 'add',
        templateId: plan.projectTemplateId!,
        sentAt: null,
      }));
      await executeRun({ ctx, plan, journal: memoryJournal(items) });
    });
  } else {
    let missing: Id[] = [];
    await phase('status', async () => {
      missing = await naiveStatus(ctx.user, ctx.companyId, accountId);
    });
    const template = fake.facts.salusProjectTemplateId!;
    await phase('fix', async () => {
      for (const projectId of missing)
        await ctx.user.addUserToProject(ctx.companyId, projectId, accountId, template);
    });
  }
  await server.close();
  return rows;
}

function report(r: Row, label = '') {
  console.error(
    `measured ${r.strategy} bulk=${r.bulk} ${r.projects} ${r.phase}${label}: ${r.requests} requests, ${(r.wallMs / 1000).toFixed(1)} s`,
  );
}

type TableRow = Row & { model?: string };
type Column = [string, (r: TableRow) => string];

function printTable(title: string, rows: TableRow[]) {
  const modelColumn: Column[] = rows.some((r) => r.model)
    ? [['windows', (r) => r.model ?? '']]
    : [];
  const columns: Column[] = [
    ...modelColumn,
    ['time ×', (r) => String(scaleFor(r.bulk, r.strategy))],
    ['strategy', (r) => r.strategy],
    ['bulk', (r) => (r.bulk ? 'on' : 'off')],
    ['projects', (r) => String(r.projects)],
    ['phase', (r) => r.phase],
    ['requests', (r) => String(r.requests)],
    ['roundTrips', (r) => String(r.roundTrips)],
    ['wall s', (r) => (r.wallMs / 1000).toFixed(1)],
    ['floor s', (r) => (r.floorMs / 1000).toFixed(1)],
    ['ratio', (r) => r.ratioToFloor.toFixed(2)],
    ['429s', (r) => String(r.status429)],
    ['dup', (r) => String(r.duplicates)],
    ['lost', (r) => String(r.lost)],
    ['peak RSS MB', (r) => String(r.peakRssMb)],
  ];
  const table = rows.map((r) => columns.map(([, cell]) => cell(r)));
  const widths = columns.map(([h], i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(columns.map(([h]) => h)));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
}

/**
 * `BENCH_ONLY=open-to-badge` measures only the whole flow; `parts` only the parts; `bundle` only
 * the SPA's bundle sizes (seconds, where the rest takes hours); `watch` only keeping it set up
 * (issue 19: events, daily checks, 1,000 companies; a few minutes) and then automatic repair;
 * `repair` only automatic repair (issue 20: 200 events on 50 companies with grants).
 */
const ONLY = process.env.BENCH_ONLY ?? 'all';
const FLOW_SIZES = (process.env.BENCH_FLOW_SIZES ?? '1000,5000').split(',').map(Number);
const HOUR_LIMIT = 3600;

const resultsFile = new URL('./results.json', import.meta.url);
/** Rows of what was measured replace the same rows (by phase) of the last run; the rest are kept. */
function saveResults(measured: { phase: string }[]) {
  const replaced = new Set<string>(measured.map((r) => r.phase));
  const kept = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { phase: string }[]).filter(
        (r) => !replaced.has(r.phase),
      )
    : [];
  writeFileSync(resultsFile, `${JSON.stringify([...kept, ...measured], null, 2)}\n`);
}

if (ONLY === 'watch' || ONLY === 'repair') {
  saveResults([...(ONLY === 'watch' ? await measureKeepSetUp() : []), await measureAutoRepair()]);
  process.exit(0);
}

const bundle = await measureBundle();
printBundle(bundle);
const bundleRow = {
  phase: 'bundle',
  buildMs: Math.round(bundle.buildMs),
  firstScreenBytes: bundle.firstScreen.bytes,
  firstScreenGzipBytes: bundle.firstScreen.gzipBytes,
  chunks: [...bundle.firstScreen.chunks, ...bundle.later],
};
if (ONLY === 'bundle') {
  saveResults([bundleRow]);
  process.exit(0);
}

// Warm up (JIT, sockets) so the first measured row is not paying for start-up.
await measure(50, true, 'ours');

const flows: FlowRow[] = [];
if (ONLY !== 'parts') {
  for (const projects of FLOW_SIZES) {
    for (const bulk of [false, true]) {
      for (const setup of ['fresh', 'partly'] as const) {
        const scale = bulk ? 1 : SCALE;
        const row = await measureOpenToBadge({
          projects,
          bulk,
          setup,
          strategy: 'ours',
          clock: scaledClock(scale),
          scale,
          latencyMs: LATENCY_MS,
          spike: SPIKE,
          spikeWindowS: SPIKE_WINDOW_S,
          hourLimit: HOUR_LIMIT,
        });
        flows.push(row);
        console.error(
          `measured open-to-badge ${projects} bulk=${bulk} ${setup}: ${row.requests} requests (user ${row.requestsByToken.user}, app ${row.requestsByToken.app}), ${(row.wallMs / 1000).toFixed(0)} s, estimate ${(row.etaFirstMs / 1000).toFixed(0)} s`,
        );
      }
    }
  }
  // The naive strategy under the same windows, for the smallest size (it reads every project).
  const naiveSize = Math.min(...FLOW_SIZES);
  const naive = await measureOpenToBadge({
    projects: naiveSize,
    bulk: false,
    setup: 'fresh',
    strategy: 'naive',
    clock: scaledClock(SCALE),
    scale: SCALE,
    latencyMs: LATENCY_MS,
    spike: SPIKE,
    spikeWindowS: SPIKE_WINDOW_S,
    hourLimit: HOUR_LIMIT,
  });
  flows.push(naive);
  printFlows(flows);
}

function printFlows(list: FlowRow[]) {
  const columns: [string, (r: FlowRow) => string][] = [
    ['strategy', (r) => r.strategy],
    ['beta', (r) => (r.bulk ? 'on' : 'off')],
    ['setup', (r) => r.setup],
    ['projects', (r) => String(r.projects)],
    ['missing', (r) => String(r.missing)],
    ['check req', (r) => String(r.checkRequests)],
    ['requests', (r) => String(r.requests)],
    ['user', (r) => String(r.requestsByToken.user)],
    ['app', (r) => String(r.requestsByToken.app)],
    ['wall', (r) => formatMinutes(r.wallMs)],
    ['floor', (r) => formatMinutes(r.floorMs)],
    ['ratio', (r) => r.ratioToFloor.toFixed(2)],
    ['estimate', (r) => (r.etaFirstMs ? formatMinutes(r.etaFirstMs) : '–')],
    ['fix took', (r) => formatMinutes(r.fixMs)],
    ['fix/est', (r) => (r.etaFirstMs ? r.etaRatio.toFixed(2) : '–')],
    ['429s', (r) => String(r.status429)],
    ['dup', (r) => String(r.duplicates)],
    ['lost', (r) => String(r.lost)],
    ['badge', (r) => (r.badge ? 'yes' : 'no')],
    ['RSS MB', (r) => String(r.peakRssMb)],
  ];
  const table = list.map((r) => columns.map(([, cell]) => cell(r)));
  const widths = columns.map(([h], i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(
    `\nOpen to badge (hourly limit ${HOUR_LIMIT}/h and ${SPIKE} per ${SPIKE_WINDOW_S} s per token; no-beta rows ×${SCALE} time):`,
  );
  console.log(line(columns.map(([h]) => h)));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
}

function formatMinutes(ms: number) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

const rows: Row[] = [];
for (const projects of ONLY === 'open-to-badge' ? [] : SIZES) {
  for (const bulk of [true, false]) {
    for (const strategy of ['ours', 'naive'] as const) {
      // The naive strategy never uses the bulk endpoints: measure it once per size.
      if (strategy === 'naive' && bulk) continue;
      const measured = await measure(projects, bulk, strategy);
      rows.push(...measured);
      measured.forEach((r) => report(r));
    }
  }
}

/**
 * How Procore's windows move is UNCONFIRMED: the fix without bulk endpoints (the rate-bound case)
 * again under the other shapes the fake can take, for the smallest size that fills many windows.
 */
const SENSITIVITY_PROJECTS = Math.min(1000, Math.max(...SIZES));
const models: WindowModel[] = [
  { window: 'anchored', resetRounding: 'up' },
  { window: 'anchored', resetRounding: 'down' },
  { window: 'rolling', resetRounding: 'up' },
  { window: 'rolling', resetRounding: 'down' },
];
const sensitivity: (Row & { model: string })[] = [];
for (const model of ONLY === 'open-to-badge' ? [] : models) {
  const name = `${model.window}, reset rounded ${model.resetRounding}`;
  const measured = await measure(SENSITIVITY_PROJECTS, false, 'ours', model);
  const fix = measured.find((r) => r.phase === 'fix')!;
  report(fix, ` (${name})`);
  sensitivity.push({ model: name, ...fix });
}

console.log(
  `Time × ${SCALE}: simulated time ${SCALE}x faster than the wall clock (rows bound by the rate limit); latency ${LATENCY_MS} ms; spike limit ${SPIKE} per ${SPIKE_WINDOW_S} s.`,
);
if (ONLY !== 'open-to-badge') {
  printTable("Windows aligned on the clock (the fake's default):", rows);
  printTable('The fix without bulk endpoints under the other window shapes:', sensitivity);
  writeFileSync(
    new URL('./window-models.json', import.meta.url),
    `${JSON.stringify(sensitivity, null, 2)}\n`,
  );
}
const watchRows = ONLY === 'all' ? [...(await measureKeepSetUp()), await measureAutoRepair()] : [];
saveResults([bundleRow, ...rows, ...flows, ...watchRows]);
