import { describeEachEngine, testClock } from '../../../test/setup/engines.ts';
import { createRepositories, storeOver } from './index.ts';

const admin = { id: '9007199254740993', name: 'Ada Admin' };
let n = 0;
const unique = (prefix: string) => `${prefix}${++n}${Math.floor(Math.random() * 1e6)}`;

describeEachEngine('company status', (ctx) => {
  it('upserts, keeps the last completion through drift, and lists with search and state', async () => {
    const clock = testClock();
    const { companyStatus } = createRepositories(ctx.db, { now: clock });
    const tag = unique('Zeta');
    const acme = unique('9');
    await companyStatus.upsert({
      companyId: acme,
      companyName: `${tag} Acme Builders`,
      state: 'complete',
      completedAt: clock(),
      completedBy: admin,
      snapshot: { projects: 3 },
    });
    clock.advance(60_000);
    const drifted = await companyStatus.upsert({
      companyId: acme,
      companyName: `${tag} Acme Builders`,
      state: 'needs-attention',
      problems: [{ step: 'projects', missing: ['123'] }],
    });
    expect(drifted).toMatchObject({
      state: 'needs-attention',
      checkedAt: clock(),
      completedAt: new Date(+clock() - 60_000),
      completedBy: admin,
      problems: [{ step: 'projects', missing: ['123'] }],
      snapshot: null,
    });
    for (const [name, state] of [
      ['Bravo_Co', 'complete'],
      ['Charlie 100% Ltd', 'cannot-check'],
    ] as const) {
      await companyStatus.upsert({ companyId: unique('8'), companyName: `${tag} ${name}`, state });
    }

    expect((await companyStatus.list({ search: tag })).total).toBe(3);
    const complete = await companyStatus.list({ search: tag, state: 'complete' });
    expect(complete.items.map((c) => c.companyName)).toEqual([`${tag} Bravo_Co`]);
    expect((await companyStatus.list({ search: `${tag} charlie 100%` })).total).toBe(1);
    expect((await companyStatus.list({ search: 'o_C' })).items.map((c) => c.companyName)).toEqual([
      `${tag} Bravo_Co`,
    ]);
    expect((await companyStatus.list({ search: acme })).items.map((c) => c.companyId)).toEqual([
      acme,
    ]);
    const page = await companyStatus.list({ search: tag, limit: 1, offset: 5 });
    expect(page).toEqual({ items: [], total: 3 });
    expect(await companyStatus.get(unique('none'))).toBeNull();
  });
});

describeEachEngine('audit and completions', (ctx) => {
  it('appends changes in order and lists them by company and by run', async () => {
    const clock = testClock();
    const { audit, runs } = createRepositories(ctx.db, { now: clock });
    const companyId = unique('7');
    const run = await runs.create({ companyId, startedBy: admin, plan: {} });
    await audit.append({
      companyId,
      actor: admin,
      target: 'user:9007199254740995',
      field: 'company_permission_template_id',
      oldValue: null,
      newValue: { id: '9007199254740997', name: 'SALUS Integration Account' },
    });
    await audit.append(
      Array.from({ length: 3 }, (_, i) => ({
        companyId,
        runId: run.id,
        actor: admin,
        target: `project:${1000 + i}`,
        field: 'membership',
        oldValue: false,
        newValue: true,
      })),
    );
    await audit.append([]);

    const all = await audit.listForCompany(companyId);
    expect(all.map((e) => e.target)).toEqual([
      'project:1002',
      'project:1001',
      'project:1000',
      'user:9007199254740995',
    ]);
    expect(all[3]).toMatchObject({
      runId: null,
      actor: admin,
      at: clock(),
      oldValue: null,
      newValue: { id: '9007199254740997', name: 'SALUS Integration Account' },
    });
    expect(typeof all[0]!.id).toBe('string');
    const older = await audit.listForCompany(companyId, { beforeId: all[1]!.id, limit: 1 });
    expect(older.map((e) => e.target)).toEqual(['project:1000']);
    expect((await audit.listForRun(run.id)).map((e) => e.target)).toEqual([
      'project:1000',
      'project:1001',
      'project:1002',
    ]);
  });

  it('records completions and returns the latest', async () => {
    const clock = testClock();
    const { completions } = createRepositories(ctx.db, { now: clock });
    const companyId = unique('6');
    expect(await completions.latest(companyId)).toBeNull();
    await completions.insert({ companyId, completedBy: admin, record: { checks: 6 } });
    clock.advance(1000);
    const second = await completions.insert({
      companyId,
      completedBy: null,
      record: { checks: 6 },
    });
    expect(await completions.latest(companyId)).toEqual(second);
    expect(second.completedBy).toBeNull();
    expect(await completions.listForCompany(companyId)).toHaveLength(2);
  });
});

describeEachEngine('company settings', (ctx) => {
  it('keeps the chosen account and the add-to-new-projects evidence independently', async () => {
    const clock = testClock();
    const { companySettings } = createRepositories(ctx.db, { now: clock });
    const companyId = unique('5');
    expect(await companySettings.get(companyId)).toBeNull();
    await companySettings.setChosenAccount(companyId, '9007199254740995');
    const evidence = { value: true, at: '2026-11-01T12:00:00.000Z' };
    clock.advance(1000);
    await companySettings.setEvidence(companyId, evidence);
    expect(await companySettings.get(companyId)).toEqual({
      companyId,
      chosenAccountId: '9007199254740995',
      evidence,
      disconnectedAt: null,
      purgedAt: null,
      updatedAt: clock(),
    });
    await companySettings.setChosenAccount(companyId, null);
    expect(await companySettings.get(companyId)).toMatchObject({ chosenAccountId: null, evidence });
  });
});

describeEachEngine("the demo's fresh start", (ctx) => {
  it('wipe deletes every row of every table but the migrations’ record', async () => {
    const store = storeOver(ctx.db);
    const companyId = unique('7');
    await store.companyStatus.upsert({ companyId, companyName: 'Acme', state: 'complete' });
    await store.outbox.enqueue({
      kind: 'salus.setup.completed',
      companyId,
      payload: {},
      idempotencyKey: unique('k'),
      held: true,
    });
    const migrations = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM schema_migrations',
    );
    await store.wipe();
    expect(await store.companyStatus.get(companyId)).toBeNull();
    expect((await store.outbox.list()).total).toBe(0);
    expect(
      await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations'),
    ).toEqual(migrations);
    expect(await store.ready(2_000)).toEqual({ ready: true });
  });
});
