import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan, RunProgress } from '../../src/api/contract.ts';
import { realClock, type Clock } from '../../src/procore/pacer.ts';
import { buildApp } from '../../src/server/app.ts';
import { openStore } from '../../src/server/store/index.ts';
import { appClient, startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { integrationEngines, ownStore } from '../support/engines.ts';

/**
 * Apply changes does exactly what was reviewed (issue 14, item 2): the review's plan is a record
 * in the store, so Apply runs it on whichever instance the request lands; Apply refuses a plan
 * older than 10 minutes, made for another sign-in or company, already applied, or one whose
 * `from` values Procore no longer shows, and the screen is offered a fresh review.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Real time, moved ahead by hand: the server's Procore clock. */
function shiftableClock(): Clock & { shift(ms: number): void } {
  let offset = 0;
  return {
    now: () => realClock.now() + offset,
    sleep: (ms, signal) => realClock.sleep(ms, signal),
    shift: (ms) => {
      offset += ms;
    },
  };
}

async function harness(
  engine: 'pglite' | 'postgres',
  options: { clock?: Clock } = {},
): Promise<AppHarness & { databaseUrl: string | undefined }> {
  const store = await ownStore(engine, cleanups);
  const h = await startAppHarness({
    scenario: 'fresh-install',
    // One add per project, and an add for someone already on the project is refused (§5.3).
    knobs: { betaEndpoints: { bulkAdd: false }, addExistingMember: 'error' },
    store,
    ...options,
  });
  cleanups.push(() => h.close());
  return Object.assign(h, { databaseUrl: store.url });
}

const stale = (reason: string) => ({
  status: 409,
  body: { error: { code: 'plan-stale', stale: reason } },
});

describe.each(integrationEngines)('the reviewed plan [%s]', (engine) => {
  it('a review on one instance and Apply on another run exactly the reviewed plan', async () => {
    const h = await harness(engine);
    const { fake } = h;
    const cid = fake.facts.companyId;
    const account = fake.facts.serviceAccountId!;
    const { sessionId } = await h.signIn();

    // A second instance on the same database (its own connections on PostgreSQL).
    const store = engine === 'postgres' ? await openStore({ url: h.databaseUrl }) : h.server.store;
    const second = await buildApp({
      config: h.server.config,
      store,
      logger: false,
      background: false,
    });
    await second.app.listen({ host: '127.0.0.1', port: 0 });
    cleanups.push(async () => {
      await second.app.close();
      if (store !== h.server.store) await store.close();
    });
    const one = h.client(sessionId);
    const other = appClient(
      `http://127.0.0.1:${(second.app.server.address() as AddressInfo).port}`,
      sessionId,
    );

    const plan = await one.get<Plan>(`/api/companies/${cid}/plan`);
    expect(plan.body).toMatchObject({ addProjects: fake.facts.activeProjects });
    // After the review, someone adds the account to one project by hand: a fresh plan would
    // leave that project out; the reviewed one still lists it, and the run finds it done.
    const [first] = [...fake.state.projects.values()].filter(
      (p) => p.companyId === cid && p.active,
    );
    fake.state.addMember(first!.id, account, null, 'Directory');
    fake.clearLogs();

    const started = await other.post<RunProgress>(`/api/companies/${cid}/runs`, {
      planId: plan.body.planId,
    });
    expect(started.status).toBe(201);
    // The second instance queued the run; the first, which works the queue, drives it.
    await h.server.runs.settled(started.body.runId);
    const done = await second.runs.get(started.body.runId);
    expect(done).toMatchObject({
      status: 'succeeded',
      counts: { added: fake.facts.activeProjects - 1, already_member: 1, pending: 0 },
    });
    expect(fake.writeLog.filter((w) => w.kind === 'membership.add')).toHaveLength(
      fake.facts.activeProjects - 1,
    );

    // A plan is applied once: the same review again, on either instance, is refused.
    for (const api of [one, other])
      expect(
        await api.post(`/api/companies/${cid}/runs`, { planId: plan.body.planId }),
      ).toMatchObject(stale('unknown'));
  });

  it('two Applies of one review at once: one run, the other refused', async () => {
    const h = await harness(engine);
    const cid = h.fake.facts.companyId;
    const api = h.client((await h.signIn()).sessionId);
    const plan = await api.get<Plan>(`/api/companies/${cid}/plan`);
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        api.post<RunProgress>(`/api/companies/${cid}/runs`, { planId: plan.body.planId }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const started = answers.find((a) => a.status === 201)!;
    await h.server.runs.settled(started.body.runId);
    expect(await h.server.store.runs.listForCompany(cid)).toHaveLength(1);
    // Once the run is over, the same review still cannot run again.
    expect(
      await api.post(`/api/companies/${cid}/runs`, { planId: plan.body.planId }),
    ).toMatchObject(stale('unknown'));
  });

  it('refuses a review older than 10 minutes, and a fresh review applies', async () => {
    const clock = shiftableClock();
    const h = await harness(engine, { clock });
    const cid = h.fake.facts.companyId;
    const api = h.client((await h.signIn()).sessionId);
    const plan = await api.get<Plan>(`/api/companies/${cid}/plan`);
    clock.shift(10 * 60_000 + 1_000);
    h.fake.clearLogs();

    const refused = await api.post(`/api/companies/${cid}/runs`, { planId: plan.body.planId });
    expect(refused).toMatchObject(stale('expired'));
    expect(h.fake.writeLog).toEqual([]);
    expect(await h.server.store.runs.listForCompany(cid)).toEqual([]);

    const fresh = await api.apply<RunProgress>(cid);
    expect(fresh.status).toBe(201);
  });

  it('refuses a review when Procore no longer shows what it showed, and writes nothing', async () => {
    const h = await harness(engine);
    const { fake } = h;
    const cid = fake.facts.companyId;
    const api = h.client((await h.signIn()).sessionId);
    const plan = await api.get<Plan>(`/api/companies/${cid}/plan`);
    const from = plan.body.userChanges.find((c) => c.field === 'company_permission_template_id');
    expect(from).toBeDefined();

    // Someone else gives the account another company template meanwhile.
    const other = [...fake.state.templates.values()].find(
      (t) => t.companyId === cid && t.type === 'company_tools' && !/SALUS/.test(t.name),
    )!;
    expect(other.id).not.toBe(from!.from);
    fake.state.patchCompanyUser(
      cid,
      fake.facts.serviceAccountId!,
      { companyPermissionTemplateId: other.id },
      'Directory',
    );
    fake.clearLogs();
    const refused = await api.post(`/api/companies/${cid}/runs`, { planId: plan.body.planId });
    expect(refused).toMatchObject(stale('changed'));
    expect(fake.writeLog).toEqual([]);
    // The re-read is cheap: the viewer's permissions, the account and the two template lists.
    expect(fake.requestLog.filter((r) => r.host === 'api').length).toBeLessThanOrEqual(5);

    // The fresh review shows the template it would replace now, and applies.
    const fresh = await api.get<Plan>(`/api/companies/${cid}/plan`);
    expect(
      fresh.body.userChanges.find((c) => c.field === 'company_permission_template_id'),
    ).toMatchObject({ from: other.id });
    const started = await api.post<RunProgress>(`/api/companies/${cid}/runs`, {
      planId: fresh.body.planId,
    });
    expect(started.status).toBe(201);
    await h.server.runs.settled(started.body.runId);
  });

  it("refuses someone else's review, and a review of another company", async () => {
    const h = await harness(engine);
    const { facts } = h.fake;
    const cid = facts.companyId;
    const admin = h.client((await h.signIn()).sessionId);
    const plan = await admin.get<Plan>(`/api/companies/${cid}/plan`);
    h.fake.clearLogs();

    // Riley can see the company but did not make this review.
    const riley = h.client((await h.signIn({ userId: facts.nonAdminUserId })).sessionId);
    expect(
      await riley.post(`/api/companies/${cid}/runs`, { planId: plan.body.planId }),
    ).toMatchObject(stale('unknown'));
    // The admin's own review, sent for their other company.
    expect(
      await admin.post(`/api/companies/${facts.secondCompanyId}/runs`, {
        planId: plan.body.planId,
      }),
    ).toMatchObject(stale('unknown'));
    expect(h.fake.writeLog).toEqual([]);
    expect(await h.server.store.runs.listActive()).toEqual([]);
  });
});
