import { afterEach, describe, expect, it } from 'vitest';
import type {
  CompanyWatch,
  SupportCompanyDetail,
  SupportCompanyRow,
} from '../../src/api/contract.ts';
import { updateSalusApp } from '../../src/fake-procore/ui-actions.ts';
import { ulidFactory } from '../../src/fake-procore/webhooks.ts';
import type { KnobsPatch } from '../../src/fake-procore/knobs.ts';
import { QUEUES } from '../../src/server/jobs/queue.ts';
import {
  EVENT_CHECKS_PER_HOUR,
  EVENT_GRACE_MS,
  HOOK_NAMESPACE,
} from '../../src/server/watch/service.ts';
import { SUPPORT_TOKEN } from '../support/app-harness.ts';
import { startCompletedCompany } from '../support/watched-company.ts';

/**
 * Keeping it set up (issue 19), over real HTTP: the fake Procore delivers its company webhook
 * events to our server, the queue's clock is driven past the grace period (nothing sleeps), and
 * the daily check runs as the SALUS account.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function watchedCompany(knobs: KnobsPatch = {}) {
  const base = await startCompletedCompany(cleanups, knobs);
  const { h, fake, cid, clock, status } = base;
  const run = base.work;
  const received = () =>
    h.server.store.db.query<{ ulid: string; resource_name: string; own: boolean }>(
      `SELECT ulid, resource_name, own FROM webhook_events ORDER BY received_at`,
    );
  const drift = async () => (await status()).watch?.drift ?? [];
  const supportRow = async () =>
    (await h.client(SUPPORT_TOKEN).get<SupportCompanyRow[]>('/api/support/companies')).body.find(
      (r) => r.companyId === cid,
    )!;
  const notices = async () =>
    (await h.server.store.outbox.list({ limit: 100 })).items
      .filter((item) => item.kind === 'salus.setup.drift')
      .map((item) => item.payload as { code: string; step: string; findings?: unknown[] });
  /**
   * Moves the queue's clock past the grace period of every delivery received so far. They were
   * stamped on the real clock: however long getting here took on a busy machine.
   */
  const pastGrace = () => clock.setTime(Math.max(clock.now(), Date.now()) + EVENT_GRACE_MS + 1_000);
  /** Waits until Procore has sent everything it will send now. */
  const delivered = async () => {
    await fake.webhooksIdle();
  };
  return {
    ...base,
    pastGrace,
    run,
    received,
    drift,
    supportRow,
    notices,
    delivered,
  };
}

describe('keeping it set up', () => {
  it('registers one company hook on the app token, with the two triggers, at most daily', async () => {
    const w = await watchedCompany();
    expect(await w.run.hooks()).toBe(1);
    const hooks = w.fake.webhookHooks(w.cid);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({
      namespace: HOOK_NAMESPACE,
      destinationUrl: `${w.h.server.url}/webhooks/procore`,
    });
    expect(hooks[0]!.triggers.map((t) => `${t.resourceName}/${t.eventType}`).sort()).toEqual([
      'Company Users/update',
      'Projects/create',
    ]);
    // Made with the app's own token (its budget), not the admin's.
    const hookCalls = w.fake.requestLog.filter((r) => r.path.startsWith('/rest/v1.0/webhooks'));
    expect(new Set(hookCalls.map((r) => r.tokenKind))).toEqual(new Set(['client']));
    expect((await w.status()).watch).toMatchObject({ state: 'watching', events: 'on', drift: [] });
    // Visiting again does not touch the hook.
    await w.status();
    expect(await w.run.hooks()).toBe(0);
  });

  it('flags a project created without the SALUS account: checklist, support view and notice', async () => {
    const w = await watchedCompany();
    await w.run.hooks();
    // In Procore: the account stops joining new projects, then a project is created.
    w.fake.state.patchCompanyUser(
      w.cid,
      w.account,
      { addToNewProjects: false },
      w.fake.uiOrigin('directory'),
    );
    const project = w.fake.createProject(w.cid, 'Harbor Tower');
    await w.delivered();
    expect((await w.received()).map((e) => e.resource_name).sort()).toEqual([
      'Company Users',
      'Projects',
    ]);
    // Nothing is judged before the grace period: Procore may still be adding the account.
    expect(await w.run.events()).toBe(0);
    await w.pastGrace();
    expect(await w.run.events()).toBe(2);

    const drift = await w.drift();
    expect(drift).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'not-on-project',
          project: { id: project.id, name: 'Harbor Tower' },
        }),
        expect.objectContaining({
          kind: 'account-setting',
          field: 'add_to_new_projects',
          now: false,
        }),
      ]),
    );
    const row = await w.supportRow();
    expect(row.watch).toMatchObject({ state: 'watching', events: 'on', openDrift: 2 });
    expect(row.watch?.driftKinds.sort()).toEqual(['account-setting', 'not-on-project']);
    expect(row.watch?.lastEventAt).toEqual(expect.any(String));
    // Support hears of each once, however often the admin looks.
    await w.status();
    const told = await w.notices();
    // The watch's notice (with its findings); the admin's check tells other steps its own way.
    const codes = told.flatMap(
      (n) => (n.findings as { kind: string }[] | undefined)?.map((f) => f.kind) ?? [],
    );
    expect(codes.sort()).toEqual(['account-setting', 'not-on-project']);

    // What an open checklist polls: the same findings from our store, without asking Procore.
    const asked = w.fake.requestLog.length;
    const polled = (await w.api.get<CompanyWatch>(`/api/companies/${w.cid}/watch`)).body.watch;
    expect(w.fake.requestLog).toHaveLength(asked);
    expect(polled?.drift.map((d) => d.kind).sort()).toEqual(['account-setting', 'not-on-project']);
    // The SALUS account cannot read the project: the admin's check named it, and the name is kept,
    // for the poll and for support (who have no Procore sign-in).
    expect(polled?.drift.find((d) => d.kind === 'not-on-project')).toMatchObject({
      project: { id: project.id, name: 'Harbor Tower' },
    });
    const detail = (
      await w.h.client(SUPPORT_TOKEN).get<SupportCompanyDetail>(`/api/support/companies/${w.cid}`)
    ).body;
    expect(detail.watchDrift).toContainEqual(
      expect.objectContaining({
        kind: 'not-on-project',
        project: { id: project.id, name: 'Harbor Tower' },
      }),
    );
  });

  it('handles a delivery Procore sends twice once', async () => {
    const w = await watchedCompany({ webhookDuplicateRate: 1 });
    await w.run.hooks();
    w.fake.state.patchCompanyUser(
      w.cid,
      w.account,
      { addToNewProjects: false },
      w.fake.uiOrigin('directory'),
    );
    w.fake.createProject(w.cid, 'Twice Tower');
    await w.delivered();
    const sent = w.fake.webhookDeliveries.filter((d) => d.outcome === 'delivered');
    expect(sent.filter((d) => d.duplicate).length).toBeGreaterThan(0);
    expect(await w.received()).toHaveLength(new Set(sent.map((d) => d.ulid)).size);
    await w.pastGrace();
    expect(await w.run.events()).toBe(2);
    expect(await w.run.events()).toBe(0);
    expect(await w.notices()).toHaveLength(2);
  });

  it('refuses a forged delivery and handles a replayed one once', async () => {
    const w = await watchedCompany();
    await w.run.hooks();
    w.fake.createProject(w.cid, 'Replay Plaza');
    await w.delivered();
    const [first] = w.fake.webhookDeliveries;
    const hook = w.fake.webhookHooks(w.cid)[0]!;
    const secret = hook.destinationHeaders.Authorization!;
    const post = (body: unknown, authorization?: string) =>
      fetch(`${w.h.server.url}/webhooks/procore`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(authorization ? { Authorization: authorization } : {}),
        },
        body: JSON.stringify(body),
      });
    const event = first!.event;
    expect((await post(event)).status).toBe(401);
    expect(
      (
        await post(
          event,
          secret.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A')),
        )
      ).status,
    ).toBe(401);
    expect((await post(event, `Bearer 1.${'x'.repeat(43)}`)).status).toBe(401);
    // The company's own secret does not vouch for another company's event.
    expect((await post({ ...event, company_id: 42 }, secret)).status).toBe(401);
    // A replay of a real delivery: accepted (Procore retries look the same) but handled once.
    expect((await post(event, secret)).status).toBe(202);
    expect(await w.received()).toHaveLength(1);
    // An old event (Procore stops retrying after 12 hours) changes nothing.
    const old = {
      ...event,
      ulid: `${event.ulid.slice(0, -1)}Z`,
      timestamp: '2020-01-01T00:00:00Z',
    };
    expect((await post(old, secret)).status).toBe(202);
    expect(await w.received()).toHaveLength(1);
    // The same delivery with its ulid in lower case is still the same delivery.
    expect((await post({ ...event, ulid: event.ulid.toLowerCase() }, secret)).status).toBe(202);
    expect(await w.received()).toHaveLength(1);
    // What no Procore event carries: a date from the future, a date that is none, an id that is
    // not a Procore ID (it would reach support's notice and a query).
    const fresh = (n: number) => `${event.ulid.slice(0, -2)}${'0123456789'[n]}A`;
    const future = { ...event, ulid: fresh(1), timestamp: '9999-12-31T00:00:00Z' };
    expect((await post(future, secret)).status).toBe(400);
    expect((await post({ ...event, ulid: fresh(2), timestamp: 'garbage' }, secret)).status).toBe(
      400,
    );
    const notAnId = { ...event, ulid: fresh(3), resource_id: '<img src=x> 888' };
    expect((await post(notAnId, secret)).status).toBe(400);
    expect(await w.received()).toHaveLength(1);
    // Not a browser's request: no CSRF header needed, but no session or cookie helps either.
    const csrfLess = await fetch(`${w.h.server.url}/webhooks/procore`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify(event),
    });
    expect(csrfLess.status).toBe(401);
  });

  it('checks a burst of deliveries once, within the app token’s budget', async () => {
    const w = await watchedCompany();
    await w.run.hooks();
    w.fake.createProject(w.cid, 'Burst Base');
    await w.delivered();
    const [first] = w.fake.webhookDeliveries;
    const secret = w.fake.webhookHooks(w.cid)[0]!.destinationHeaders.Authorization!;
    const ulid = ulidFactory(() => 0.5);
    // Someone with the secret (or an import of many projects): more than an hour's share.
    for (let i = 0; i < EVENT_CHECKS_PER_HOUR + 5; i += 1) {
      const response = await fetch(`${w.h.server.url}/webhooks/procore`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: secret },
        body: JSON.stringify({ ...first!.event, ulid: ulid(Date.now()) }),
      });
      expect(response.status).toBe(202);
    }
    await w.pastGrace();
    // One check per event up to the hour's share; the rest is one daily check.
    let checked = 0;
    for (let n = await w.run.events(); n > 0; n = await w.run.events()) checked += n;
    expect(checked).toBe(EVENT_CHECKS_PER_HOUR);
    // The daily check is brought forward to the end of the grace period, for the schedule
    // (every ten minutes) to queue; no job is queued per event beyond the share.
    const next = Date.parse((await w.status()).watch!.nextCheckAt!);
    expect(next).toBeLessThanOrEqual(Date.now() + EVENT_GRACE_MS);
    expect(next).toBeGreaterThan(Date.now());
    expect(await w.run.daily()).toBe(0);
  });

  it('ignores the changes SALUS Setup makes itself', async () => {
    const w = await watchedCompany();
    await w.run.hooks();
    // An account change made through the SALUS app (its token): Procore names our app.
    const viaApp = {
      via: 'PATCH /rest/v1.3/companies/users',
      userId: w.fake.facts.adminUserId,
      clientId: w.h.server.config.clientId,
    };
    w.fake.state.patchCompanyUser(w.cid, w.account, { addToNewProjects: false }, viaApp);
    await w.delivered();
    expect(await w.received()).toEqual([expect.objectContaining({ own: true })]);
    await w.pastGrace();
    expect(await w.run.events()).toBe(0);
  });

  it('the daily check catches a membership lost without an event, and says what it cannot see', async () => {
    const w = await watchedCompany({ webhookDropRate: 1 });
    await w.run.hooks();
    const project = [...w.fake.state.projects.values()].find(
      (p) => p.companyId === w.cid && p.active && w.fake.membership(w.cid, p.id, w.account),
    )!;
    w.fake.state.removeMember(project.id, w.account, w.fake.uiOrigin('directory'));
    await w.delivered();
    expect(await w.received()).toHaveLength(0);
    await w.h.server.jobs.send(QUEUES.watchCompany, { companyId: w.cid });
    expect(await w.run.daily()).toBe(1);
    expect(await w.drift()).toEqual([
      expect.objectContaining({
        kind: 'left-project',
        project: { id: project.id, name: project.name },
      }),
    ]);
    expect((await w.supportRow()).watch).toMatchObject({
      openDrift: 1,
      driftKinds: ['left-project'],
    });
    // Its checks ran on the app token, within a tenth of its hourly budget.
    const appCalls = w.fake.requestLog.filter(
      (r) => r.tokenKind === 'client' && !r.path.startsWith('/rest/v1.0/webhooks'),
    );
    expect(appCalls.length).toBeGreaterThan(0);
    // Put right in Procore: the next daily check closes it.
    w.fake.state.addMember(
      project.id,
      w.account,
      w.fake.state.companyUser(w.cid, w.account)!.defaultPermissionTemplateId,
      w.fake.uiOrigin('directory'),
    );
    await w.h.server.jobs.send(QUEUES.watchCompany, { companyId: w.cid });
    await w.run.daily();
    expect(await w.drift()).toEqual([]);
  });

  it('an app update is re-checked: the account taken off its projects is flagged', async () => {
    const w = await watchedCompany();
    await w.run.hooks();
    updateSalusApp(w.fake, w.cid);
    // The admin opens SALUS Setup: the check sees the new version and queues the daily check.
    const seen = await w.status();
    expect(seen.complete).toBe(false);
    expect(await w.run.daily()).toBe(1);
    const drift = await w.drift();
    expect(drift.length).toBeGreaterThan(0);
    expect(new Set(drift.map((d) => d.kind))).toEqual(new Set(['left-project']));
    // The watch tells support once for the whole update, not once per project.
    const watchNotices = (await w.notices()).filter((n) => n.findings);
    expect(watchNotices).toHaveLength(1);
    expect(watchNotices[0]!.findings).toHaveLength(drift.length);
  });

  it('stops watching a company whose app is uninstalled', async () => {
    const w = await watchedCompany();
    await w.run.hooks();
    const installation = w.fake.state.activeInstallation(w.cid, w.h.server.config.clientId)!;
    w.fake.state.setInstallationStatus(installation.id, 'uninstalled', 'control');
    await w.h.server.jobs.send(QUEUES.watchCompany, { companyId: w.cid });
    await w.run.daily();
    const row = await w.supportRow();
    expect(row.watch?.state).toBe('stopped');
    // Nothing more is checked for it.
    expect(await w.h.server.watch.queueDue()).toBe(0);
  });
});
