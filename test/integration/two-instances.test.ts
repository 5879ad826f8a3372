import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../src/api/contract.ts';
import { buildApp } from '../../src/server/app.ts';
import { startAppHarness, until, type AppHarness } from '../support/app-harness.ts';

/**
 * Two server instances on one store (issue 6, "Durable runs"): only the instance holding the
 * company's lease works on its run, the other one reports the same progress, and no project is
 * added twice.
 */

let h: AppHarness | null = null;
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await h?.close();
  h = null;
});

describe('two server instances racing for one company', () => {
  it('one runner works the run; the other shows its progress; nothing is added twice', async () => {
    h = await startAppHarness({
      scenario: 'fresh-install',
      knobs: { betaEndpoints: { bulkAdd: false } },
    });
    const { fake } = h;
    const cid = fake.facts.companyId;
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    await api.get(`/api/companies/${cid}/plan`);
    // Slow enough that the run is still going when the second instance tries to take it.
    fake.setKnobs({ latencyMs: 50 });
    const started = await api.apply<RunProgress>(cid);
    expect(started.status).toBe(201);
    // Its drive job taken: this instance holds the company's lease.
    await until(() => h!.server.store.leases.get(`run:${cid}`), 'the run under way');

    // A second instance on the same store: it tries to drive the same run and must not.
    const second = await buildApp({
      config: h.server.config,
      store: h.server.store,
      logger: false,
      background: false,
    });
    closers.push(() => second.app.close());
    const seen = await second.runs.activeFor(cid);
    expect(seen).toMatchObject({ runId: started.body.runId, status: 'running' });
    await second.runs.resumeAll();
    // The contest happened while there was work left to take.
    expect((await second.runs.get(started.body.runId))?.counts.pending).toBeGreaterThan(0);

    // Its view follows the first instance's work.
    await until(async () => {
      const progress = await second.runs.get(started.body.runId);
      return progress && progress.counts.added >= 10 ? progress : null;
    }, 'progress visible to the second instance');

    await h.server.runs.settled(started.body.runId);
    await second.runs.settled(started.body.runId);
    const done = await second.runs.get(started.body.runId);
    expect(done).toMatchObject({
      status: 'succeeded',
      counts: { added: fake.facts.activeProjects, pending: 0 },
    });
    const adds = fake.writeLog.filter((w) => w.kind === 'membership.add');
    expect(adds).toHaveLength(fake.facts.activeProjects);
    const sent = fake.requestLog.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/actions/add'),
    );
    expect(sent).toHaveLength(fake.facts.activeProjects);
  });
});
