import { describeEachEngine, testClock } from '../../../test/setup/engines.ts';
import { ActiveRunExistsError, createRepositories, type NewLedgerItem } from './index.ts';

const admin = { id: '9007199254740993', name: 'Ada Admin' };
let n = 0;
const company = () => `5629499534${String(++n).padStart(5, '0')}${Math.floor(Math.random() * 1e4)}`;

const items = (count: number): NewLedgerItem[] =>
  Array.from({ length: count }, (_, i) => ({
    projectId: String(9_007_199_254_740_000n + BigInt(i)),
    projectName: `Project ${String(i).padStart(5, '0')}`,
    action: i % 10 === 0 ? 'retemplate' : 'add',
    templateId: '7001',
  }));

describeEachEngine('runs', (ctx) => {
  it('allows one active run per company and finishes it', async () => {
    const clock = testClock();
    const { runs } = createRepositories(ctx.db, { now: clock });
    const companyId = company();
    const run = await runs.create({ companyId, startedBy: admin, plan: { steps: ['add'] } });
    expect(run).toMatchObject({ status: 'running', startedBy: admin, plan: { steps: ['add'] } });
    await expect(runs.create({ companyId, startedBy: admin, plan: {} })).rejects.toBeInstanceOf(
      ActiveRunExistsError,
    );
    expect((await runs.getActive(companyId))?.id).toBe(run.id);

    clock.advance(1000);
    const reason = { code: 'account-not-updated', field: 'add_to_new_projects' } as const;
    const paused = await runs.update(run.id, { status: 'paused', pausedReason: reason });
    expect(paused).toMatchObject({ status: 'paused', pausedReason: reason, finishedAt: null });
    expect((await runs.get(run.id))?.pausedReason).toEqual(reason);
    const resumed = await runs.update(run.id, { status: 'running' });
    expect(resumed?.pausedReason).toBeNull();

    clock.advance(1000);
    const done = await runs.update(run.id, { status: 'succeeded', summary: { added: 3 } });
    expect(done).toMatchObject({ status: 'succeeded', summary: { added: 3 } });
    expect(done?.finishedAt).toEqual(clock());
    expect(await runs.update(run.id, { status: 'cancelled' }, { from: ['running'] })).toBeNull();
    expect(await runs.getActive(companyId)).toBeNull();

    const next = await runs.create({ companyId, startedBy: admin, plan: {} });
    expect((await runs.listForCompany(companyId)).map((r) => r.id)).toEqual([next.id, run.id]);
    expect((await runs.listActive()).map((r) => r.id)).toContain(next.id);
  });

  it('is handed to the admin who resumes it, keeping who started it, and cannot reopen beside another active run', async () => {
    const { runs } = createRepositories(ctx.db);
    const companyId = company();
    const run = await runs.create({ companyId, startedBy: admin, plan: { v: 1 } });
    const other = { id: '2', name: 'Bo Admin' };
    expect(run.resumedBy).toBeNull();
    const rebound = await runs.rebind(run.id, { v: 2 }, other);
    expect(rebound).toMatchObject({ plan: { v: 2 }, startedBy: admin, resumedBy: other });
    expect(rebound!.resumedBy!.at).toBeInstanceOf(Date);
    expect(await runs.get(run.id)).toMatchObject({ startedBy: admin, resumedBy: other });
    await runs.update(run.id, { status: 'failed' });
    const second = await runs.create({ companyId, startedBy: admin, plan: {} });
    await expect(runs.update(run.id, { status: 'running' })).rejects.toBeInstanceOf(
      ActiveRunExistsError,
    );
    await runs.update(second.id, { status: 'cancelled' });
    expect(await runs.update(run.id, { status: 'running' }, { from: ['failed'] })).toMatchObject({
      status: 'running',
      finishedAt: null,
    });
  });

  it('lists the running runs nobody holds the lease of, in one statement', async () => {
    const { runs, leases } = createRepositories(ctx.db);
    const [held, lapsed, free, paused] = [company(), company(), company(), company()];
    const started: Record<string, string> = {};
    for (const companyId of [held, lapsed, free, paused])
      started[companyId] = (await runs.create({ companyId, startedBy: admin, plan: {} })).id;
    await runs.update(started[paused]!, { status: 'paused' });
    await leases.acquire(`run:${held}`, 'instance-a', 60_000);
    await leases.acquire(`run:${lapsed}`, 'instance-b', 60_000);
    await ctx.db.query(
      `UPDATE leases SET expires_at = clock_timestamp() - interval '1 second' WHERE name = $1`,
      [`run:${lapsed}`],
    );
    const ours = new Set(Object.values(started));
    const unleased = (await runs.listRunningUnleased('run:')).filter((r) => ours.has(r.id));
    expect(unleased.map((r) => r.companyId).sort()).toEqual([lapsed, free].sort());
  });

  it('lets exactly one of two racing starts win', async () => {
    const { runs } = createRepositories(ctx.db);
    const companyId = company();
    const results = await Promise.allSettled([
      runs.create({ companyId, startedBy: admin, plan: {} }),
      runs.create({ companyId, startedBy: admin, plan: {} }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});

describeEachEngine('run ledger', (ctx) => {
  it('inserts 5,000 items quickly, idempotently, and counts them by outcome', async () => {
    const { runs, ledger } = createRepositories(ctx.db);
    const run = await runs.create({ companyId: company(), startedBy: admin, plan: {} });
    const all = items(5000);
    const started = performance.now();
    expect(await ledger.insertMany(run.id, all)).toBe(5000);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(10_000); // generous for CI; typically well under a second
    expect(await ledger.insertMany(run.id, all.slice(0, 10))).toBe(0);

    await ledger.setOutcome(run.id, all[0]!.projectId, { outcome: 'retemplated' });
    await ledger.setOutcome(run.id, all[1]!.projectId, { outcome: 'added' });
    await ledger.setOutcome(run.id, all[2]!.projectId, { outcome: 'already_member' });
    await ledger.setOutcome(run.id, all[3]!.projectId, {
      outcome: 'failed',
      code: 'unprocessable',
      message: 'Template not assignable',
    });
    await ledger.setOutcome(run.id, all[4]!.projectId, { outcome: 'skipped', code: 'not-found' });

    expect(await ledger.counts(run.id)).toEqual({
      pending: 4995,
      added: 1,
      already_member: 1,
      retemplated: 1,
      removed: 0,
      failed: 1,
      skipped: 1,
      cancelled: 0,
      total: 5000,
    });
  });

  it('a cancel: asked only of a running run, and the items not started recorded cancelled', async () => {
    const { runs, ledger } = createRepositories(ctx.db);
    const run = await runs.create({ companyId: company(), startedBy: admin, plan: {} });
    const all = items(4);
    await ledger.insertMany(run.id, all);
    await ledger.setOutcome(run.id, all[0]!.projectId, { outcome: 'added' });
    expect(await runs.cancelRequested(run.id)).toBe(false);
    const asked = await runs.requestCancel(run.id);
    expect(asked?.cancelRequestedAt).toBeInstanceOf(Date);
    expect(await runs.cancelRequested(run.id)).toBe(true);
    // Asking again keeps the first time.
    expect((await runs.requestCancel(run.id))?.cancelRequestedAt).toEqual(asked?.cancelRequestedAt);
    expect(await ledger.cancelPending(run.id)).toBe(3);
    await runs.update(run.id, { status: 'cancelled', phase: 'done' });
    expect(await ledger.counts(run.id)).toMatchObject({ added: 1, cancelled: 3, pending: 0 });
    // A finished run is not asked.
    expect(await runs.requestCancel(run.id)).toBeNull();
  });

  it('marks a write as sent before it goes out, so a resumed run can tell', async () => {
    const clock = testClock();
    const { runs, ledger } = createRepositories(ctx.db, { now: clock });
    const run = await runs.create({ companyId: company(), startedBy: admin, plan: {} });
    await ledger.insertMany(run.id, items(3));
    const [first] = await ledger.listPending(run.id, { limit: 1 });
    expect(first).toMatchObject({ outcome: 'pending', sentAt: null, attempts: 0 });

    const sent = await ledger.markSent(run.id, first!.projectId);
    expect(sent).toMatchObject({ sentAt: clock(), attempts: 1, outcome: 'pending' });
    // After a crash here, the pending item still carries sent_at: check before re-sending.
    const pending = await ledger.listPending(run.id);
    expect(pending.map((i) => i.sentAt !== null)).toEqual([true, false, false]);

    await ledger.setOutcome(run.id, first!.projectId, { outcome: 'added' });
    expect((await ledger.listPending(run.id)).map((i) => i.projectName)).toEqual([
      'Project 00001',
      'Project 00002',
    ]);
    expect(await ledger.get(run.id, first!.projectId)).toMatchObject({ outcome: 'added' });
  });

  it('marks a batch as sent and puts failed items back for a retry', async () => {
    const { runs, ledger } = createRepositories(ctx.db);
    const run = await runs.create({ companyId: company(), startedBy: admin, plan: {} });
    const all = items(4);
    await ledger.insertMany(run.id, all);
    const ids = all.slice(0, 3).map((i) => i.projectId);
    await ledger.markSentMany(run.id, ids);
    await ledger.markSentMany(run.id, []);
    expect((await ledger.listPending(run.id)).map((i) => i.attempts)).toEqual([1, 1, 1, 0]);
    await ledger.setOutcome(run.id, ids[0]!, { outcome: 'failed', code: 'server' });
    await ledger.setOutcome(run.id, ids[1]!, { outcome: 'added' });
    expect(await ledger.resetFailed(run.id)).toBe(1);
    expect(await ledger.get(run.id, ids[0]!)).toMatchObject({
      outcome: 'pending',
      code: null,
      attempts: 1,
      sentAt: expect.any(Date),
    });
    expect((await ledger.counts(run.id)).pending).toBe(3);
  });

  it('pages through the report with search and outcome filters', async () => {
    const { runs, ledger } = createRepositories(ctx.db);
    const run = await runs.create({ companyId: company(), startedBy: admin, plan: {} });
    const all = items(120);
    await ledger.insertMany(run.id, all, { chunkSize: 7 });
    await ledger.setOutcome(run.id, all[5]!.projectId, { outcome: 'failed' });

    const page2 = await ledger.page(run.id, { limit: 50, offset: 50 });
    expect(page2.total).toBe(120);
    expect(page2.items).toHaveLength(50);
    expect(page2.items[0]!.projectName).toBe('Project 00050');

    const search = await ledger.page(run.id, { search: 'project 0001' });
    expect(search.total).toBe(10);
    const byId = await ledger.page(run.id, { search: all[7]!.projectId });
    expect(byId.items.map((i) => i.projectName)).toEqual(['Project 00007']);
    const literal = await ledger.page(run.id, { search: '%' });
    expect(literal.total).toBe(0);

    const failed = await ledger.page(run.id, { outcome: ['failed', 'skipped'] });
    expect(failed.items.map((i) => i.projectId)).toEqual([all[5]!.projectId]);
  });
});
