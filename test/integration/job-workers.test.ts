import { afterEach, describe, expect, it, vi } from 'vitest';
import { TestClock } from 'pg-boss';
import type { RunProgress } from '../../src/api/contract.ts';
import { POLLING_SECONDS, QUEUES } from '../../src/server/jobs/queue.ts';
import { retryJob } from '../../src/server/jobs/retry.ts';
import { openStore } from '../../src/server/store/index.ts';
import {
  startAppHarness,
  startWebhookReceiver,
  until,
  type AppHarness,
  type AppHarnessOptions,
} from '../support/app-harness.ts';
import { ownStore } from '../support/engines.ts';

/**
 * How this instance works the job queue (issue 18, review): runs reach an instance only through
 * their `run-drive` job (started, resumed, parked, found again), never through a status poll; a
 * stopping instance takes no job before it parks its runs; the cron queues poll rarely; notices
 * without a job are queued again; the counts scan nothing; an operator's retry is all or nothing.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(options: Partial<AppHarnessOptions> = {}) {
  const h = await startAppHarness({
    scenario: 'fresh-install',
    knobs: { betaEndpoints: { bulkAdd: false } },
    ...options,
  });
  cleanups.push(() => h.close());
  const cid = h.fake.facts.companyId;
  const api = h.client((await h.signIn()).sessionId);
  expect((await api.get(`/api/companies/${cid}/plan`)).status).toBe(200);
  const adds = () => h.fake.writeLog.filter((w) => w.kind === 'membership.add');
  return { h, cid, api, adds };
}

const driveJobs = (h: AppHarness, runId: string) =>
  h.server.store.db.query<{ state: string }>(
    `SELECT state FROM pgboss.job WHERE name = 'run-drive' AND data->>'runId' = $1`,
    [runId],
  );

/** Works the `run-drive` jobs due, as a worker would (background work is off). */
const workDrives = (h: AppHarness) =>
  h.server.jobs.workDue<{ runId: string }>(QUEUES.runDrive, (job) =>
    h.server.runs.drive(job.data.runId),
  );

describe('runs reach an instance through their job only', () => {
  it('starting and resuming queue the run; neither they nor a status poll drive it here', async () => {
    const { h, cid, api, adds } = await harness({ background: false });
    const lease = () => h.server.store.leases.get(`run:${cid}`);

    const started = await api.apply<RunProgress>(cid, { trial: true });
    expect(started.status).toBe(201);
    const { runId } = started.body;
    expect(await driveJobs(h, runId)).toEqual([{ state: 'created' }]);
    // The screen's status poll shows the run and leaves it to its job.
    expect((await api.get(`/api/companies/${cid}/status`)).status).toBe(200);
    expect(await lease()).toBeNull();
    expect(adds()).toHaveLength(0);

    expect(await workDrives(h)).toBe(1);
    await h.server.runs.settled(runId);
    expect((await h.server.runs.get(runId))?.status).toBe('trial-done');

    expect((await api.post(`/api/runs/${runId}/resume`)).status).toBe(200);
    expect(await lease()).toBeNull();
    expect(adds()).toHaveLength(1);
    expect(await workDrives(h)).toBe(1);
    await h.server.runs.settled(runId);
    expect(await h.server.runs.get(runId)).toMatchObject({
      status: 'succeeded',
      counts: { added: h.fake.facts.activeProjects, pending: 0 },
    });
  });

  it('a run started here is taken at once by the local worker, whatever its poll', async () => {
    // The queue's clock stands still: the workers' polls never come round, only the nudge a
    // start gives them wakes them.
    const { h, cid, api } = await harness({ jobClock: new TestClock() });
    const started = await api.apply<RunProgress>(cid);
    await h.server.runs.settled(started.body.runId);
    expect(await h.server.runs.get(started.body.runId)).toMatchObject({ status: 'succeeded' });
  });

  it('the reconcile schedule finds the runs nobody drives, in as many statements for any number', async () => {
    const { h } = await harness({ background: false });
    const { store } = h.server;
    const run = (companyId: string) =>
      store.runs.create({ companyId, startedBy: { id: '1', name: 'Ada' }, plan: {} });
    const [, , parked] = [await run('c-1'), await run('c-2'), await run('c-3'), await run('c-4')];
    await store.leases.acquire('run:c-2', 'another-instance', 60_000);
    // Parked by its instance's shutdown: its job waits already.
    await h.server.jobs.send(QUEUES.runDrive, { runId: parked!.id });
    const query = vi.spyOn(store.db, 'query');
    expect(await h.server.runs.reconcile()).toBe(2);
    // The runs without a lease, then which of them have a job waiting (the jobs it sends go
    // through the queue's own connection).
    expect(query).toHaveBeenCalledTimes(2);
    query.mockRestore();
    expect(await h.server.runs.reconcile()).toBe(0);
  });
});

describe('shutdown', () => {
  it('stops taking jobs before it parks its runs, which go to the next instance', async () => {
    const store = await ownStore('pglite', cleanups);
    const { h, cid, api, adds } = await harness({ store });
    h.fake.setKnobs({ latencyMs: 20 });
    const { runId } = (await api.apply<RunProgress>(cid)).body;
    await until(() => adds().length >= 3, 'the first adds');

    const { runs, jobs, store: open } = h.server;
    const lease = () => open.leases.get(`run:${cid}`);
    const park = runs.shutdown.bind(runs);
    const seen: { workers?: string[]; leaseAfterDrive?: unknown } = {};
    vi.spyOn(runs, 'shutdown').mockImplementation(async () => {
      seen.workers = jobs.boss.getWipData().map((w) => w.name);
      await park();
      // A drive asked for once shutdown began (a job in hand, a request) starts nothing.
      await runs.drive(runId);
      seen.leaseAfterDrive = await lease();
    });
    await h.stopApp();
    expect(seen).toEqual({ workers: [], leaseAfterDrive: null });

    // Parked: still running, its lease free, its job waiting for whichever instance comes.
    const between = await openStore(store);
    expect((await between.runs.get(runId))?.status).toBe('running');
    expect(
      await between.db.query(
        `SELECT state FROM pgboss.job WHERE name = 'run-drive' AND state = 'created'
         AND data->>'runId' = $1`,
        [runId],
      ),
    ).toEqual([{ state: 'created' }]);
    await between.close();
    h.fake.setKnobs({ latencyMs: 0 });
    const restarted = await h.startApp();
    await restarted.runs.settled(runId);
    expect(await restarted.runs.get(runId)).toMatchObject({
      status: 'succeeded',
      counts: { added: h.fake.facts.activeProjects, pending: 0 },
    });
    expect(new Set(adds().map((w) => w.projectId)).size).toBe(adds().length);
  });
});

describe('polling', () => {
  it('the cron queues poll rarely; notices and run drives stay prompt', async () => {
    const { h } = await harness();
    const polls = Object.fromEntries(
      h.server.jobs.boss
        .getWipData()
        .map((w) => [w.name, w.options.pollingIntervalSeconds] as const),
    );
    expect(polls).toEqual(POLLING_SECONDS);
    expect(polls).toMatchObject({ 'support-notice': 2, 'run-drive': 2 });
    for (const cron of [QUEUES.runsReconcile, QUEUES.signInSweep, QUEUES.retentionSweep])
      expect(polls[cron]).toBeGreaterThanOrEqual(30);
  });
});

describe('support notices that have no job', () => {
  it('are queued by the reconcile pass, once, keyed by the notice, and delivered', async () => {
    const receiver = await startWebhookReceiver();
    cleanups.push(receiver.close);
    const h = await startAppHarness({
      scenario: 'complete',
      knobs: { addToNewProjectsOnRead: true },
      background: false,
      env: { SUPPORT_WEBHOOK_URL: receiver.url },
    });
    cleanups.push(() => h.close());
    const api = h.client((await h.signIn()).sessionId);
    await api.get(`/api/companies/${h.fake.facts.companyId}/status`);
    const [item] = (await h.server.store.outbox.list()).items;
    expect(item).toMatchObject({ status: 'pending' });
    const { notifier, store } = h.server;
    // Its job is there: nothing to do.
    expect(await notifier.reconcile()).toBe(0);

    // As a notice recorded before the job queue: pending, and no job anywhere.
    await store.db.query(`DELETE FROM pgboss.job WHERE name = 'support-notice'`);
    expect(await notifier.reconcile()).toBe(1);
    expect(await notifier.reconcile()).toBe(0);
    expect(
      await store.db.query(`SELECT singleton_key AS key FROM pgboss.job WHERE name = $1`, [
        QUEUES.supportNotice,
      ]),
    ).toEqual([{ key: item!.id }]);
    expect(await notifier.deliverDue()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    expect(await store.outbox.get(item!.id)).toMatchObject({ status: 'delivered' });
    expect(await notifier.reconcile()).toBe(0);
  });
});

describe('the queue counts', () => {
  it('are read from pg-boss’s cache; dead letters are counted once and have no age', async () => {
    const clock = new TestClock();
    const token = 'metrics-token-0123456789';
    const h = await startAppHarness({
      scenario: 'fresh-install',
      background: false,
      jobClock: clock,
      env: { METRICS_TOKEN: token },
    });
    cleanups.push(() => h.close());
    const { jobs } = h.server;
    await jobs.send(QUEUES.supportNotice, { outboxId: 'n-1' });
    await jobs.send(QUEUES.supportNotice, { outboxId: 'n-2' });
    await jobs.send(QUEUES.supportNoticeDead, { outboxId: 'n-0' });
    // Not due yet (a retry's backoff): waiting, but not waiting for a worker.
    await jobs.send(QUEUES.runDrive, { runId: 'r-1' }, { startAfter: new Date(jobs.now() + 3e6) });
    const count = async (queue: string) => (await jobs.counts()).find((c) => c.queue === queue);

    // Nothing scanned: the counts are as the supervisor last took them (never, here).
    expect(await count(QUEUES.supportNotice)).toMatchObject({ queued: 0 });
    await jobs.refreshCounts();
    await clock.tick(600_000);
    expect(await count(QUEUES.supportNotice)).toEqual({
      queue: QUEUES.supportNotice,
      queued: 2,
      active: 0,
      failed: 0,
      oldestSeconds: 600,
    });
    expect(await count(QUEUES.runDrive)).toMatchObject({ queued: 1, oldestSeconds: null });
    expect(await count(QUEUES.supportNoticeDead)).toMatchObject({ queued: 1, oldestSeconds: null });

    const metrics = await fetch(`${h.server.url}/metrics`, {
      headers: { Authorization: `Bearer ${token}` },
    }).then((r) => r.text());
    expect(metrics).toMatch(/^salus_jobs_queued\{queue="support-notice"\} 2$/m);
    expect(metrics).toMatch(/^salus_jobs_oldest_age_seconds\{queue="support-notice"\} 600$/m);
    expect(metrics).toMatch(/^salus_jobs_dead_letters\{queue="support-notice-dead"\} 1$/m);
    expect(metrics).not.toMatch(/^salus_jobs_(?!dead_letters)\w+\{queue="[\w-]+-dead"\}/m);
    expect(metrics).not.toMatch(/^salus_jobs_oldest_age_seconds\{queue="run-drive"\}/m);
  });
});

describe('an operator’s retry', () => {
  it('makes the notice pending again only with a job queued for it', async () => {
    const h = await startAppHarness({ scenario: 'fresh-install', background: false });
    cleanups.push(() => h.close());
    const { store, jobs } = h.server;
    const { item } = await store.outbox.enqueue({
      kind: 'salus.setup.completed',
      payload: {},
      idempotencyKey: 'retry-test',
    });
    await store.outbox.markFailed(item.id, 'HTTP 400', { attempts: 1, final: true });
    const queued = await jobs.send(QUEUES.supportNotice, { outboxId: item.id });

    // Not failed (it waits): refused, and the notice stays as it was.
    expect(await retryJob(store, jobs, queued!)).toEqual({
      retried: false,
      reason: `${queued} is created, not failed`,
    });
    expect(await store.outbox.get(item.id)).toMatchObject({ status: 'failed' });

    // A dead letter: back to its queue, the notice pending again, in one go.
    const dead = await jobs.send(QUEUES.supportNoticeDead, { outboxId: item.id });
    expect(await retryJob(store, jobs, dead!)).toEqual({ retried: true });
    expect(await store.outbox.get(item.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(
      await store.db.query(
        `SELECT name, state FROM pgboss.job WHERE data->>'outboxId' = $1 ORDER BY created_on`,
        [item.id],
      ),
    ).toEqual([
      { name: 'support-notice', state: 'created' },
      { name: 'support-notice', state: 'created' },
    ]);
  });
});
