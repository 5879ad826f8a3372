import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  engineContext,
  memoryJournal,
  server,
  useFakeProcore,
  virtualClock,
} from '../../test/support/engine-harness.ts';
import { buildPlan } from './plan.ts';
import { executeRun } from './run.ts';
import { checkCompany } from './check.ts';

/**
 * Scale and reliability of a fix (issue 6), in process against the fake Procore with one
 * virtual clock: rate-limit windows close and reopen for real, without waiting.
 */

type Fake = ReturnType<typeof useFakeProcore>;

const ADD_PATH = /\/actions\/add$/;

/** The invariants every run must keep, whatever went wrong on the way. */
function expectNothingLostOrDuplicated(
  fake: Fake,
  ledger: ReturnType<typeof memoryJournal>,
  accountId: string,
) {
  const items = [...ledger.items.values()];
  // 100 % terminal.
  expect(items.filter((i) => i.outcome === 'pending')).toEqual([]);
  // 0 duplicate adds: Procore applied each project's membership once, and accepted one add each.
  const adds = fake.writeLog.filter((w) => w.kind === 'membership.add');
  expect(new Set(adds.map((w) => w.projectId)).size).toBe(adds.length);
  const accepted = fake.requestLog.filter(
    (r) => r.method === 'POST' && ADD_PATH.test(r.path) && r.status === 201,
  );
  expect(accepted.length).toBeLessThanOrEqual(adds.length);
  // 0 lost, and the ledger equals the fake's membership.
  for (const item of items) {
    const member = fake.membership(fake.facts.companyId, item.projectId, accountId);
    if (
      item.outcome === 'added' ||
      item.outcome === 'already_member' ||
      item.outcome === 'retemplated'
    ) {
      expect(member, `project ${item.projectId} (${item.outcome})`).toBeTruthy();
    } else {
      expect(member, `project ${item.projectId} (${item.outcome})`).toBeFalsy();
    }
  }
}

describe('a fix under rate limits', () => {
  it.each([
    ['client clock 10 minutes ahead', 10 * 60_000],
    ['client clock 10 minutes behind', -10 * 60_000],
  ])(
    '429 storm on 5,000 projects (%s): nothing lost or duplicated, nothing sent into a closed window',
    async (_name, skewMs) => {
      const time = virtualClock();
      const fake = useFakeProcore({
        scenario: 'enterprise',
        clock: time,
        random: mulberry32(7),
        knobs: {
          betaEndpoints: { bulkAdd: false },
          rateLimits: { spike: 25, hourly: 100_000 },
          faults: { rateLimitedRate: 0.3 },
          expiresIn: 24 * 3600,
        },
      });
      const ctx = engineContext(fake, { clock: time.client(skewMs) });
      const check = await checkCompany(ctx);
      const plan = buildPlan(ctx, check.facts, check.steps);
      expect(plan.add.length).toBe(
        fake.facts.activeProjects - fake.facts.serviceAccountActiveProjects,
      );
      fake.requestLog.length = 0;
      const ledger = memoryJournal(plan);
      const result = await executeRun({ ctx, plan, journal: ledger.journal });
      expect(result).toEqual({ status: 'finished' });
      expect(ledger.outcomes()).toEqual({ added: plan.add.length });
      expectNothingLostOrDuplicated(fake, ledger, plan.accountId!);
      const refused = fake.requestLog.filter((r) => r.status === 429);
      expect(refused.filter((r) => r.fault === 'rate-limited').length).toBeGreaterThan(
        plan.add.length * 0.2,
      );
      // Every 429 was a random one: the client never sent into a window it knew was closed.
      expect(refused.filter((r) => r.fault === undefined)).toEqual([]);
    },
    120_000,
  );

  it('lost write responses and dropped connections: verified by reading, never sent twice', async () => {
    const time = virtualClock();
    const fake = useFakeProcore({
      scenario: 'fresh-install',
      clock: time,
      random: mulberry32(11),
      knobs: {
        betaEndpoints: { bulkAdd: false },
        faults: { lostWriteRate: 0.2, dropRate: 0.1, serverErrorRate: 0.1, scope: 'writes' },
      },
    });
    const ctx = engineContext(fake, { clock: time.client() });
    const check = await checkCompany(ctx);
    const plan = buildPlan(ctx, check.facts, check.steps);
    const ledger = memoryJournal(plan);
    // Like an admin pressing "Retry failed" (or "Resume" after a pause) until nothing is left.
    let rounds = 0;
    for (; rounds < 10; rounds += 1) {
      const result = await executeRun({ ctx, plan, journal: ledger.journal });
      const failed = [...ledger.items.values()].filter((i) => i.outcome === 'failed');
      if (result.status === 'finished' && failed.length === 0) break;
      for (const item of failed) item.outcome = 'pending';
    }
    expect(rounds).toBeLessThan(10);
    expectNothingLostOrDuplicated(fake, ledger, plan.accountId!);
    expect(fake.missingProjects(fake.facts.companyId, plan.accountId!)).toEqual([]);
  });

  it('kill and resume at any item: every project ends in exactly one outcome, none added twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 39 }), fc.boolean(), async (killAt, bulk) => {
        server.resetHandlers();
        const fake = useFakeProcore({
          scenario: 'fresh-install',
          knobs: { betaEndpoints: { bulkAdd: bulk, projectAssignments: bulk } },
        });
        const ctx = engineContext(fake);
        const check = await checkCompany(ctx);
        const plan = buildPlan(ctx, check.facts, check.steps);
        const ledger = memoryJournal(plan);
        const controller = new AbortController();
        let settled = 0;
        const dying = {
          ...ledger.journal,
          settle: async (...args: Parameters<typeof ledger.journal.settle>) => {
            settled += 1;
            // The process dies after sending this write but before recording its outcome.
            if (settled >= killAt) return controller.abort(new Error('killed'));
            return ledger.journal.settle(...args);
          },
        };
        const killed = await executeRun({
          ctx: { ...ctx, signal: controller.signal },
          plan,
          journal: dying,
        });
        expect(killed.status).toBe(settled >= killAt ? 'aborted' : 'finished');
        const resumed = await executeRun({ ctx, plan, journal: ledger.journal });
        expect(resumed).toEqual({ status: 'finished' });
        expectNothingLostOrDuplicated(fake, ledger, plan.accountId!);
        expect(fake.missingProjects(fake.facts.companyId, plan.accountId!)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it('a slow Procore and an aborted run (the process stops): stops promptly, resumes without loss', async () => {
    const fake = useFakeProcore({
      scenario: 'fresh-install',
      knobs: { betaEndpoints: { bulkAdd: false }, latencyMs: 20 },
    });
    const ctx = engineContext(fake);
    const check = await checkCompany(ctx);
    const plan = buildPlan(ctx, check.facts, check.steps);
    const ledger = memoryJournal(plan);
    const controller = new AbortController();
    const running = executeRun({
      ctx: { ...ctx, signal: controller.signal },
      plan,
      journal: ledger.journal,
    });
    await expect.poll(() => ledger.outcomes().added ?? 0).toBeGreaterThan(3);
    controller.abort(new Error('server shutting down'));
    expect(await running).toEqual({ status: 'aborted' });
    const addedAtCancel = fake.writeLog.filter((w) => w.kind === 'membership.add').length;
    expect(addedAtCancel).toBeLessThan(plan.add.length);
    fake.setKnobs({ latencyMs: 0 });
    expect(await executeRun({ ctx, plan, journal: ledger.journal })).toEqual({
      status: 'finished',
    });
    expectNothingLostOrDuplicated(fake, ledger, plan.accountId!);
  });

  it("an admin's Cancel: the writes in flight finish and are recorded, nothing more is sent", async () => {
    const fake = useFakeProcore({
      scenario: 'fresh-install',
      knobs: { betaEndpoints: { bulkAdd: false }, latencyMs: 20 },
    });
    const ctx = engineContext(fake);
    const check = await checkCompany(ctx);
    const plan = buildPlan(ctx, check.facts, check.steps);
    const ledger = memoryJournal(plan);
    const running = executeRun({ ctx, plan, journal: ledger.journal });
    await expect.poll(() => ledger.outcomes().added ?? 0).toBeGreaterThan(3);
    ledger.requestStop();
    expect(await running).toEqual({ status: 'cancelled' });

    const adds = fake.writeLog.filter((w) => w.kind === 'membership.add');
    const items = [...ledger.items.values()];
    // Every write sent was recorded: what Procore did is exactly what the ledger says.
    expect(
      items
        .filter((i) => i.outcome === 'added')
        .map((i) => i.projectId)
        .sort(),
    ).toEqual(adds.map((w) => w.projectId).sort());
    // The rest was never started (the server records those as cancelled).
    expect(items.filter((i) => i.outcome === 'pending').length).toBeGreaterThan(0);
    expect(adds.length).toBeLessThan(plan.add.length);
  });

  it('a Cancel before the account is changed sends nothing at all', async () => {
    const fake = useFakeProcore({ scenario: 'fresh-install' });
    const ctx = engineContext(fake);
    const check = await checkCompany(ctx);
    const plan = buildPlan(ctx, check.facts, check.steps);
    const ledger = memoryJournal(plan);
    ledger.requestStop();
    expect(await executeRun({ ctx, plan, journal: ledger.journal })).toEqual({
      status: 'cancelled',
    });
    expect(fake.writeLog).toEqual([]);
  });
});

describe('pacing against each window shape Procore may use (UNCONFIRMED, §8)', () => {
  const SPIKE = 25;
  it.each([
    ['aligned', 'up', 0],
    ['anchored', 'up', 0],
    ['rolling', 'up', 0],
    ['anchored', 'down', 1],
    ['rolling', 'down', 1],
  ] as const)(
    '%s windows, reset rounded %s: at most %i refusal, no window left half used',
    async (window, resetRounding, refusals) => {
      const time = virtualClock(Date.UTC(2026, 10, 25, 8, 0, 3, 700));
      const fake = useFakeProcore({
        scenario: 'fresh-install',
        scenarioOverrides: { activeProjects: 300, inactiveProjects: 0 },
        clock: time,
        knobs: {
          betaEndpoints: { bulkAdd: false, projectAssignments: false },
          rateLimits: { spike: SPIKE, hourly: 100_000, window, resetRounding },
          expiresIn: 24 * 3600,
        },
      });
      // Our clock four minutes ahead: the reset is read on the server's clock, not ours.
      const ctx = engineContext(fake, { clock: time.client(4 * 60_000 + 321) });
      const check = await checkCompany(ctx);
      const plan = buildPlan(ctx, check.facts, check.steps);
      const ledger = memoryJournal(plan);
      fake.requestLog.length = 0;
      const started = time.now();
      expect(await executeRun({ ctx, plan, journal: ledger.journal })).toEqual({
        status: 'finished',
      });
      const elapsed = time.now() - started;
      expectNothingLostOrDuplicated(fake, ledger, plan.accountId!);

      // A refusal can only be the one probe that taught the pacer a reset comes early; that may
      // have happened during the status check, so the whole run is counted.
      const all429 = fake.requestLog.filter((r) => r.status === 429).length;
      expect(all429).toBeLessThanOrEqual(refusals);
      const accepted = fake.requestLog.filter((r) => r.status !== 429);
      const windows = Math.ceil(accepted.length / SPIKE);
      if (window === 'aligned') {
        // Every window between the first and the last carried all it allows.
        const perWindow = new Map<number, number>();
        for (const r of accepted) {
          const key = Math.floor(r.time / 10_000);
          perWindow.set(key, (perWindow.get(key) ?? 0) + 1);
        }
        const counts = [...perWindow.values()];
        expect(counts.slice(1, -1).every((n) => n === SPIKE)).toBe(true);
        expect(elapsed).toBeLessThanOrEqual(windows * 10_000);
      } else {
        // Whole-second resets cost at most a second a window (the reset margin included).
        expect(elapsed).toBeLessThanOrEqual(windows * 11_300);
      }
    },
    60_000,
  );
});

/** A small seeded PRNG so fault patterns repeat run to run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
