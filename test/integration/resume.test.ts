import { afterEach, describe, expect, it } from 'vitest';
import type { CompanyStatus, RunProgress } from '../../src/api/contract.ts';
import { freshDatabase } from '../setup/engines.ts';
import {
  startAppHarness,
  tempDir,
  until,
  type AppHarness,
  type StoreSpec,
} from '../support/app-harness.ts';

/**
 * A run survives a server restart (issue 4, "Plan and apply"): the app is stopped mid-run as on
 * SIGTERM, a new one starts on the same store, picks the run up from the ledger and finishes it
 * without adding any project twice. On the embedded store (a PGlite data directory) and, when
 * available, PostgreSQL.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function storeFor(engine: 'pglite' | 'postgres'): Promise<StoreSpec> {
  if (engine === 'pglite') {
    const { dir, remove } = tempDir('salus-resume-');
    cleanups.push(remove);
    return { dataDir: dir };
  }
  const { url, drop } = await freshDatabase(process.env.TEST_DATABASE_URL!);
  cleanups.push(drop);
  return { url };
}

const engines: ('pglite' | 'postgres')[] = [
  'pglite',
  ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : []),
];

describe.each(engines)('resume after a restart [%s]', (engine) => {
  it('finishes the run from the ledger with no duplicate adds', async () => {
    const store = await storeFor(engine);
    const h: AppHarness = await startAppHarness({
      scenario: 'fresh-install',
      // One add per project, so the run is mid-way for a while.
      knobs: { betaEndpoints: { bulkAdd: false } },
      store,
    });
    cleanups.push(() => h.close());
    const { facts } = h.fake;
    const { sessionId } = await h.signIn();
    const cid = facts.companyId;
    expect((await h.client(sessionId).get(`/api/companies/${cid}/plan`)).status).toBe(200);

    h.fake.setKnobs({ latencyMs: 20 });
    const started = await h.client(sessionId).apply<RunProgress>(cid);
    expect(started.status).toBe(201);
    const { runId } = started.body;
    const adds = () => h.fake.writeLog.filter((w) => w.kind === 'membership.add');
    await until(() => adds().length >= 5, 'the first adds');

    const before = await h.server.store.ledger.counts(runId);
    expect(before.pending).toBeGreaterThan(0);
    await h.stopApp();
    expect(adds().length).toBeLessThan(facts.activeProjects);

    h.fake.setKnobs({ latencyMs: 0 });
    // The stopped process parked the run ('running', lease released) and queued a `run-drive`
    // job for it: nothing scans at start, the new process takes that job and drives the run.
    const restarted = await h.startApp();
    await until(
      async () => (await restarted.store.runs.get(runId))?.status === 'succeeded',
      'the restarted instance to finish the run',
      60_000,
    );
    // Two drive jobs: the start's, and the one the shutdown queued; each worked to completion.
    const driveJobs = await restarted.store.db.query<{ state: string }>(
      `SELECT state FROM pgboss.job WHERE name = 'run-drive' AND data->>'runId' = $1`,
      [runId],
    );
    expect(driveJobs.map((j) => j.state)).toEqual(['completed', 'completed']);

    const run = await h.client(sessionId).get<RunProgress>(`/api/runs/${runId}`);
    expect(run.body).toMatchObject({ status: 'succeeded', phase: 'done', total: 40 });
    expect(run.body.counts).toMatchObject({ pending: 0, failed: 0, added: 40 });
    const ledger = await restarted.store.ledger.page(runId, { limit: 100 });
    expect(ledger.items).toHaveLength(40);
    for (const item of ledger.items) expect(item.outcome).toBe('added');

    // Each project added exactly once, and no add was even sent twice.
    const added = adds().map((w) => w.projectId!);
    expect(added).toHaveLength(facts.activeProjects);
    expect(new Set(added).size).toBe(facts.activeProjects);
    const sent = h.fake.requestLog.filter((r) => r.method === 'POST' && r.path.endsWith('/add'));
    expect(new Set(sent.map((r) => r.path)).size).toBe(sent.length);
    expect(h.fake.writeLog.filter((w) => w.kind === 'user.patch')).toHaveLength(1);

    const status = await h.client(sessionId).get<CompanyStatus>(`/api/companies/${cid}/status`);
    expect(status.body.complete).toBe(true);
    expect(status.body.completion?.runId).toBe(runId);
  });
});
