/**
 * Keeping it set up automatically (issue 20), measured on the same world as the watch's bench
 * (`keep-set-up.ts`: our real server with its workers, crons and polls, the fake Procore over
 * loopback HTTP with Procore's per-token limits, one simulated clock moved on in steps with
 * everything in flight finished between steps). Here the run workers run too: a repair is a run.
 *
 * Every company has a repair grant (the admin's consent, kept as the callback keeps it: a token
 * chain of its own, sealed, one per company). Projects are then created in Procore's UI without
 * the SALUS account, as if its "Add to all new projects" had been ignored, at random times; each
 * one's event is judged after the grace period, the drift queues a repair, the repair checks as
 * the admin and a run made by rule adds the account. Measured: creation → the account on the
 * project with the SALUS project template, and every write the admins' tokens made, sorted into
 * the SALUS account's own (its settings, its memberships) and the rest, which must be none.
 * A figure printer, not a test.
 */
import type { Id } from '../src/fake-procore/model.ts';
import { SALUS_PROJECT_TEMPLATE } from '../src/fake-procore/scenario-kit.ts';
import { createProjectInUi } from '../src/fake-procore/ui-actions.ts';
import { seededRandom } from '../src/fake-procore/ids.ts';
import { POLLING_SECONDS, QUEUES } from '../src/server/jobs/queue.ts';
import { EVENT_GRACE_MS } from '../src/server/watch/service.ts';
import { HOURLY_LIMIT, percentile, seconds, startWorld } from './keep-set-up.ts';

const SECOND = 1000;
const HOUR = 3600 * SECOND;

export interface RepairRow {
  phase: 'keep-set-up-repairs';
  companies: number;
  arrivalsPerHour: number;
  graceSeconds: number;
  dropRate: number;
  created: number;
  /** Delivered: their events reached us. */
  delivered: number;
  repaired: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Lost deliveries: repaired by the daily check (the grant's admin sees every project). */
  lost: number;
  lostRepaired: number;
  lostRepairedAfterMs: number | null;
  /** Runs started by rule, and how many of them joined more than one project. */
  repairRuns: number;
  /** Writes by the admins' tokens (the grants'): the SALUS account's own, and any other. */
  accountWrites: number;
  otherWrites: number;
  otherWritePaths: string[];
  /** Requests on each grant's token in the busiest hour, against Procore's hourly limit. */
  grantRequestsMaxHour: number;
  grantRequestsPerRepair: number;
  hourlyLimit: number;
}

/** The SALUS account's own writes: its settings and its project memberships, nothing else. */
function accountWrite(path: string, companyId: Id | null, accountOf: Map<Id, Id>): boolean {
  const account = companyId ? accountOf.get(companyId) : undefined;
  if (!account) return false;
  return [
    new RegExp(`/companies/${companyId}/users/${account}$`),
    new RegExp(`/projects/\\d+/users/${account}/actions/add$`),
    new RegExp(`/companies/${companyId}/users/bulk_add$`),
    /\/projects\/\d+\/permission_template_assignments$/,
  ].some((allowed) => allowed.test(path));
}

export async function measureRepairs(o: {
  companies: number;
  events: number;
  arrivalsPerHour: number;
  dropRate: number;
  seed: number;
}): Promise<RepairRow> {
  const w = await startWorld({
    companies: o.companies,
    activeProjects: 3,
    seed: o.seed,
    runs: true,
    knobs: { webhookDropRate: o.dropRate },
  });
  const { fake, clock, store, cipher } = w;
  const complete = await w.enrollAll();
  if (complete !== o.companies) throw new Error(`only ${complete} companies complete`);
  await w.hooksRegistered(2 * 24 * HOUR);

  // Each company's grant, as the consent's callback keeps it (`RepairService.complete`).
  const admin = { id: fake.facts.adminUserId, name: 'Alex Morgan' };
  const accountOf = new Map<Id, Id>();
  for (const cid of w.companyIds) {
    accountOf.set(cid, fake.serviceAccountId(cid)!);
    const tokens = fake.issueUserToken(admin.id);
    const grant = await store.sessions.create(
      {
        procoreUserId: admin.id,
        login: fake.facts.adminLogin,
        name: admin.name,
        accessTokenEnc: cipher.encrypt(tokens.access_token),
        refreshTokenEnc: cipher.encrypt(tokens.refresh_token!),
        accessExpiresAt: new Date(clock.now() + 90 * 24 * HOUR),
        companies: [{ id: cid, name: fake.state.companies.get(cid)!.name }],
      },
      'grant',
    );
    await store.transaction((repos) =>
      repos.repairGrants.put({ companyId: cid, grantRef: cipher.encrypt(grant.id), admin }),
    );
  }
  // The first repair of each: the check right after ticking, which finds nothing to do.
  for (const cid of w.companyIds) await w.built.repairs.queue(cid);
  await w.advanceUntil(
    async () =>
      (await w.built.jobs.unfinished([QUEUES.repairCompany], 'companyId', w.companyIds)).size === 0,
    POLLING_SECONDS[QUEUES.repairCompany] * SECOND,
    HOUR,
  );
  const runsBefore = await ruleRuns();

  const random = seededRandom(o.seed + 1);
  const created: {
    projectId: Id;
    companyId: Id;
    at: number;
    delivered: boolean;
    repairedAt: number | null;
  }[] = [];
  let nextAt = clock.now() + 10 * SECOND;
  const meanGapMs = HOUR / o.arrivalsPerHour;
  const from = fake.requestLog.length;
  /** Until `events` project events were delivered (lost ones are counted apart). */
  const deliveredCount = () => created.filter((c) => c.delivered).length;
  const createDue = async () => {
    while (deliveredCount() < o.events && clock.now() >= nextAt) {
      const companyId = w.companyIds[Math.floor(random() * w.companyIds.length)]!;
      const project = createProjectInUi(fake, `Bench Project ${created.length + 1}`, {
        companyId,
        withoutSalusAccount: true,
      });
      const delivered = fake.webhookDeliveries.some(
        (d) =>
          d.resourceName === 'Projects' && d.resourceId === project.id && d.outcome !== 'dropped',
      );
      created.push({
        projectId: project.id,
        companyId,
        at: clock.now(),
        delivered,
        repairedAt: null,
      });
      nextAt += -Math.log(1 - random()) * meanGapMs;
    }
  };
  const repairedNow = () => {
    for (const c of created) {
      if (c.repairedAt !== null) continue;
      const m = fake.membership(c.companyId, c.projectId, accountOf.get(c.companyId)!);
      if (m?.permissionTemplateName === SALUS_PROJECT_TEMPLATE) c.repairedAt = clock.now();
    }
  };
  await w.advanceUntil(
    async () =>
      deliveredCount() >= o.events && created.every((c) => !c.delivered || c.repairedAt !== null),
    SECOND,
    12 * HOUR,
    async () => {
      await createDue();
      repairedNow();
    },
  );
  repairedNow();
  const latencies = created
    .filter((c) => c.delivered && c.repairedAt !== null)
    .map((c) => c.repairedAt! - c.at)
    .sort((a, b) => a - b);

  // Lost deliveries: each company's next daily check, as the grant's admin, sees every project.
  const lost = created.filter((c) => !c.delivered);
  await w.advanceUntil(
    async () => lost.every((c) => c.repairedAt !== null),
    POLLING_SECONDS[QUEUES.watchCompany] * SECOND,
    2 * 24 * HOUR,
    async () => repairedNow(),
  );
  const lostAfter = lost.filter((c) => c.repairedAt !== null).map((c) => c.repairedAt! - c.at);

  const userRequests = fake.requestLog
    .slice(from)
    .filter((r) => r.host === 'api' && r.tokenKind === 'user');
  const writes = userRequests.filter((r) => r.method !== 'GET');
  const other = writes.filter((r) => !accountWrite(r.path, r.companyId, accountOf));
  // Per grant (one per company): requests in each clock hour, the busiest.
  const perHour = new Map<string, number>();
  for (const r of userRequests) {
    const key = `${r.companyId}:${Math.floor(r.time / HOUR)}`;
    perHour.set(key, (perHour.get(key) ?? 0) + 1);
  }
  const repairRuns = (await ruleRuns()) - runsBefore;
  await w.close();
  return {
    phase: 'keep-set-up-repairs',
    companies: o.companies,
    arrivalsPerHour: o.arrivalsPerHour,
    graceSeconds: EVENT_GRACE_MS / 1000,
    dropRate: o.dropRate,
    created: created.length,
    delivered: created.filter((c) => c.delivered).length,
    repaired: latencies.length,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    maxMs: latencies.at(-1) ?? NaN,
    lost: lost.length,
    lostRepaired: lostAfter.length,
    lostRepairedAfterMs: lostAfter.length ? Math.max(...lostAfter) : null,
    repairRuns,
    accountWrites: writes.length - other.length,
    otherWrites: other.length,
    otherWritePaths: [...new Set(other.map((r) => `${r.method} ${r.path}`))].slice(0, 10),
    grantRequestsMaxHour: Math.max(0, ...perHour.values()),
    grantRequestsPerRepair: Number((userRequests.length / Math.max(1, repairRuns)).toFixed(1)),
    hourlyLimit: HOURLY_LIMIT,
  };

  async function ruleRuns() {
    const [row] = await store.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM runs WHERE origin = 'rule'`,
    );
    return Number(row!.n);
  }
}

export function printRepairs(r: RepairRow) {
  const rows: [string, string][] = [
    ['projects created without the account / events delivered', `${r.created} / ${r.delivered}`],
    [
      'repaired from the event (the account on it, SALUS template)',
      `${r.repaired} of ${r.delivered}`,
    ],
    [
      'creation → repaired p50 / p95 / max',
      `${seconds(r.p50Ms)} / ${seconds(r.p95Ms)} / ${seconds(r.maxMs)}`,
    ],
    [
      'lost deliveries repaired by the next daily check',
      `${r.lostRepaired} of ${r.lost}` +
        (r.lostRepairedAfterMs !== null
          ? ` (at most ${(r.lostRepairedAfterMs / HOUR).toFixed(1)} h after creation)`
          : ''),
    ],
    ['repair runs (made by rule)', String(r.repairRuns)],
    [
      "writes by the grants' tokens",
      `${r.accountWrites} to the SALUS account's settings and memberships, ${r.otherWrites} elsewhere` +
        (r.otherWritePaths.length ? ` (${r.otherWritePaths.join(', ')})` : ''),
    ],
    [
      'grant requests per repair run (checks included) / one grant, busiest hour',
      `${r.grantRequestsPerRepair} / ${r.grantRequestsMaxHour} (limit ${r.hourlyLimit} an hour)`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(
    `\nAutomatic repair (issue 20): ${r.companies} companies with a repair grant; ${r.arrivalsPerHour} projects ` +
      `an hour created in Procore without the SALUS account (Poisson), ${r.dropRate * 100} % of their events lost; ` +
      `grace ${r.graceSeconds} s included:`,
  );
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

/** `BENCH_ONLY=repair`, and part of `watch` and the full bench. */
export async function measureAutoRepair() {
  const started = performance.now();
  const row = await measureRepairs({
    companies: 50,
    events: Number(process.env.BENCH_REPAIR_EVENTS ?? 200),
    arrivalsPerHour: 200,
    dropRate: 0.05,
    seed: 21,
  });
  console.error(
    `measured automatic repair: p95 ${seconds(row.p95Ms)}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  printRepairs(row);
  return row;
}
