import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from 'pg-boss';
import type { CompanyStatus, RunProgress, SupportOutbox } from '../../src/api/contract.ts';
import { buildApp } from '../../src/server/app.ts';
import { openStore } from '../../src/server/store/index.ts';
import {
  SUPPORT_TOKEN,
  startAppHarness,
  startWebhookReceiver,
  until,
  type AppHarness,
} from '../support/app-harness.ts';
import { integrationEngines, ownStore } from '../support/engines.ts';

/**
 * Background work on the job queue (issue 18): support notices retried by the queue with its
 * backoff and dead-lettered after its limit (the queue's clock is driven, nothing sleeps), runs
 * queued to start and resume, shared by instances that never work one company's run at once.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const deadLetters = (h: AppHarness, outboxId: string) =>
  h.server.store.db.query<{ state: string }>(
    `SELECT state FROM pgboss.job WHERE name = 'support-notice-dead' AND data->>'outboxId' = $1`,
    [outboxId],
  );

describe.each(integrationEngines)('support notices on the job queue [%s]', (engine) => {
  async function completed(answers: number[], clock: TestClock) {
    const receiver = await startWebhookReceiver(() => answers.shift() ?? 503);
    cleanups.push(receiver.close);
    const h = await startAppHarness({
      scenario: 'complete',
      knobs: { addToNewProjectsOnRead: true },
      background: false,
      env: { SUPPORT_WEBHOOK_URL: receiver.url },
      store: await ownStore(engine, cleanups),
      jobClock: clock,
      noticeRetry: { retryLimit: 2 },
    });
    cleanups.push(() => h.close());
    const api = h.client((await h.signIn()).sessionId);
    await api.get<CompanyStatus>(`/api/companies/${h.fake.facts.companyId}/status`);
    const [item] = (await h.server.store.outbox.list()).items;
    expect(item).toMatchObject({ status: 'pending' });
    // The notice's job was queued on the real clock (in the store's transaction, a session the
    // test clock does not reach on PostgreSQL): the queue's clock starts from there.
    await clock.setTime(Date.now() + 1_000);
    return { h, receiver, item: item! };
  }

  it('retries with growing backoff, then dead-letters the notice after its limit', async () => {
    const clock = new TestClock();
    const { h, receiver, item } = await completed([], clock);

    // Attempt 1 now; each retry only once the queue's backoff (30 s doubling, jitter) has passed.
    expect(await h.server.notifier.deliverDue()).toBe(0);
    await clock.tick(29_000);
    expect(await h.server.notifier.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    await clock.tick(31_001); // 60 s: the first retry's latest
    await h.server.notifier.deliverDue();
    expect(receiver.received).toHaveLength(2);
    await clock.tick(59_000); // the second waits at least 60 s
    expect(await h.server.notifier.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(2);
    await clock.tick(61_001); // 120 s: its latest
    await h.server.notifier.deliverDue();
    expect(receiver.received).toHaveLength(3);

    // Its limit spent (3 attempts): given up, in the dead letter queue, shown to support.
    expect(await h.server.store.outbox.get(item.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'HTTP 503',
    });
    expect(await deadLetters(h, item.id)).toEqual([{ state: 'created' }]);
    await clock.tick(3_600_000);
    expect(await h.server.notifier.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(3);
    // The footer reads the queue's counts as its supervisor last took them (every minute).
    await h.server.jobs.refreshCounts();
    const outbox = await h
      .client()
      .get<SupportOutbox>('/api/support/outbox', { Authorization: `Bearer ${SUPPORT_TOKEN}` });
    // What waits is the watch's hook registration (background work is off here), no notice.
    expect(outbox.body.jobs).toMatchObject({ deadLetters: 1, queued: 1 });
    expect(outbox.body.notices).toEqual([
      expect.objectContaining({ id: item.id, status: 'failed', attempts: 3 }),
    ]);
    // The job holds the notice's id only: names stay in the outbox row.
    const [job] = await h.server.store.db.query<{ data: unknown }>(
      `SELECT data FROM pgboss.job WHERE name = 'support-notice'`,
    );
    expect(job?.data).toEqual({ outboxId: item.id });
  });

  it('a refusal (4xx) is not retried: pg-boss dead-letters it at once', async () => {
    const clock = new TestClock();
    const { h, receiver, item } = await completed([400], clock);
    expect(await h.server.notifier.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(await h.server.store.outbox.get(item.id)).toMatchObject({
      status: 'failed',
      lastError: 'HTTP 400',
    });
    // The queue's own dead letter (it names where it came from), its retries left unspent.
    const jobs = await h.server.store.db.query<{ name: string; state: string; source: unknown }>(
      `SELECT name, state, source_name AS source FROM pgboss.job
       WHERE data->>'outboxId' = $1 ORDER BY name`,
      [item.id],
    );
    expect(jobs).toEqual([
      { name: 'support-notice', state: 'failed', source: null },
      { name: 'support-notice-dead', state: 'created', source: 'support-notice' },
    ]);
    // Long past any backoff, nothing is tried again.
    await clock.tick(3_600_000);
    expect(await h.server.notifier.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });
});

describe('runs on the job queue, two instances on one PostgreSQL store', () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'share the queue: the other instance resumes a parked run; nothing is worked twice',
    async () => {
      const store = await ownStore('postgres', cleanups);
      const h = await startAppHarness({
        scenario: 'fresh-install',
        knobs: { betaEndpoints: { bulkAdd: false } },
        store,
      });
      cleanups.push(() => h.close());
      const cid = h.fake.facts.companyId;
      const api = h.client((await h.signIn()).sessionId);
      await api.get(`/api/companies/${cid}/plan`);

      // Instance B: its own pool on the same database, its own workers on the same queue.
      const storeB = await openStore({ url: store.url });
      const b = await buildApp({ config: h.server.config, store: storeB, logger: false });
      await b.app.ready();
      cleanups.push(async () => {
        await b.app.close();
        await storeB.close();
      });

      // Slow enough that the run outlasts the flood of jobs below.
      h.fake.setKnobs({ latencyMs: 200 });
      const started = await api.apply<RunProgress>(cid);
      expect(started.status).toBe(201);
      const { runId } = started.body;
      const adds = () => h.fake.writeLog.filter((w) => w.kind === 'membership.add');
      await until(() => adds().length >= 3, 'the first adds');
      // A flood of drive jobs for the run while A holds its lease: B takes some, A others;
      // only the lease holder works it.
      for (let i = 0; i < 5; i++) await b.jobs.send('run-drive', { runId });
      await until(
        async () =>
          (
            await storeB.db.query(
              `SELECT 1 FROM pgboss.job WHERE name = 'run-drive' AND state IN ('created', 'active')`,
            )
          ).length === 0,
        'the flood of drive jobs to be worked',
      );
      expect(await storeB.leases.get(`run:${cid}`)).toMatchObject({
        owner: expect.any(String),
      });
      const holderBefore = (await storeB.leases.get(`run:${cid}`))!.owner;
      expect(holderBefore).not.toBe(b.runs.instanceId);

      // A stops mid-run (SIGTERM): it parks the run and queues it; B takes the job and finishes.
      expect((await storeB.ledger.counts(runId)).pending).toBeGreaterThan(0);
      await h.stopApp();
      h.fake.setKnobs({ latencyMs: 0 });
      await until(
        async () => (await storeB.runs.get(runId))?.status === 'succeeded',
        'instance B to finish the run',
        60_000,
      );
      const added = adds().map((w) => w.projectId);
      expect(added).toHaveLength(h.fake.facts.activeProjects);
      expect(new Set(added).size).toBe(added.length);
      const sent = h.fake.requestLog.filter(
        (r) => r.method === 'POST' && r.path.endsWith('/actions/add'),
      );
      expect(sent).toHaveLength(h.fake.facts.activeProjects);
    },
  );
});

describe.each(integrationEngines)('a run whose instance died [%s]', (engine) => {
  it('is found by the reconcile schedule and queued; the queue finishes it', async () => {
    const store = await ownStore(engine, cleanups);
    // The test works the schedule's and the queue's jobs itself (background off).
    const h = await startAppHarness({
      scenario: 'fresh-install',
      knobs: { betaEndpoints: { bulkAdd: false } },
      store,
      background: false,
    });
    cleanups.push(() => h.close());
    const cid = h.fake.facts.companyId;
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    await api.get(`/api/companies/${cid}/plan`);
    h.fake.setKnobs({ latencyMs: 20 });
    const { runId } = (await api.apply<RunProgress>(cid)).body;
    await h.server.jobs.workDue<{ runId: string }>('run-drive', (job) =>
      h.server.runs.drive(job.data.runId),
    );
    await until(
      () => h.fake.writeLog.filter((w) => w.kind === 'membership.add').length >= 3,
      'the first adds',
    );
    await h.stopApp();
    h.fake.setKnobs({ latencyMs: 0 });
    // As if it had been killed: no job queued for the run (its lease is gone, as an expired one).
    const between = await openStore(store);
    await between.db.query(`DELETE FROM pgboss.job WHERE name = 'run-drive'`);
    await between.close();
    const restarted = await h.startApp();
    expect((await restarted.store.runs.get(runId))?.status).toBe('running');

    expect(await restarted.runs.reconcile()).toBe(1);
    // One job a minute per run: a second pass while its job waits adds none.
    expect(await restarted.runs.reconcile()).toBe(0);
    const queued = await restarted.store.db.query(
      `SELECT 1 FROM pgboss.job WHERE name = 'run-drive' AND state = 'created'`,
    );
    expect(queued).toHaveLength(1);
    expect(
      await restarted.jobs.workDue<{ runId: string }>('run-drive', (job) =>
        restarted.runs.drive(job.data.runId),
      ),
    ).toBe(1);
    await restarted.runs.settled(runId);
    const run = await restarted.runs.get(runId);
    expect(run).toMatchObject({ status: 'succeeded', counts: { pending: 0, failed: 0 } });
    const added = h.fake.writeLog.filter((w) => w.kind === 'membership.add');
    expect(new Set(added.map((w) => w.projectId)).size).toBe(added.length);
  });
});
