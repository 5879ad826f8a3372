import { afterEach, describe, expect, it } from 'vitest';
import type {
  AutoRepair,
  AutoRepairStart,
  CompanyStatus,
  RunProgress,
  RunReport,
  SupportCompanyDetail,
  UndoPlanSummary,
} from '../../src/api/contract.ts';
import type { KnobsPatch } from '../../src/fake-procore/knobs.ts';
import { changeSalusTemplate, createProjectInUi } from '../../src/fake-procore/ui-actions.ts';
import { QUEUES } from '../../src/server/jobs/queue.ts';
import {
  REPAIR_PAUSED_KIND,
  REPAIR_STARTED_KIND,
  REPAIRS_IN_A_ROW,
  AUTO_REPAIR_TARGET,
} from '../../src/server/watch/repair.ts';
import { ACCOUNT_EVENT_DELAY_MS, EVENT_GRACE_MS } from '../../src/server/watch/service.ts';
import { createTokenCipher } from '../../src/server/crypto.ts';
import {
  SESSION_SECRET,
  SUPPORT_TOKEN,
  readConsentForm,
  readPopupPage,
  startAppHarness,
} from '../support/app-harness.ts';
import { startCompletedCompany } from '../support/watched-company.ts';

/**
 * Keep SALUS set up automatically (issue 20), over real HTTP: the admin ticks the box (a consent
 * of its own in the popup), Procore's events and the daily check find drift, and a run made by
 * rule repairs it on the admin's behalf. The queue's clock is moved; nothing sleeps.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Company = { companyId: string };

async function completedCompany(knobs: KnobsPatch = {}) {
  const base = await startCompletedCompany(cleanups, knobs);
  const { h, fake, cid, account, admin, api, status, clock } = base;
  const { jobs, repairs, runs } = h.server;
  const work = {
    ...base.work,
    repairs: () =>
      jobs.workDue<Company>(QUEUES.repairCompany, (j) => repairs.repair(j.data.companyId)),
    /** Drives the queued runs to their end, as the run-drive workers would. */
    async runs() {
      const ids: string[] = [];
      await jobs.workDue<{ runId: string }>(QUEUES.runDrive, async (j) => {
        ids.push(j.data.runId);
        await runs.drive(j.data.runId);
      });
      for (const id of ids) await runs.settled(id);
      return ids;
    },
  };
  await work.hooks();

  /** Ticks the box: the popup's consent (Allow, as `userId`), then our callback's page. */
  async function turnOn(userId?: string) {
    const started = await api.post<AutoRepairStart>(`/api/companies/${cid}/auto-repair`);
    expect(started.status).toBe(201);
    const start = await fetch(new URL(started.body.startUrl, h.server.url), { redirect: 'manual' });
    const authorize = start.headers.get('location')!;
    const form = readConsentForm(await (await fetch(authorize)).text());
    const fields = new URLSearchParams(form.fields);
    if (form.userField)
      fields.set(form.userField, userId ?? form.users.find((u) => u.selected)!.id);
    const allow = form.buttons.find((b) => b.value === 'allow')!;
    fields.set(allow.name!, allow.value);
    const decided = await fetch(new URL(form.action, authorize), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: fields,
    });
    const callback = await fetch(decided.headers.get('location')!, { redirect: 'manual' });
    const html = await callback.text();
    return { status: callback.status, html, ...readPopupPage(html) };
  }

  const autoRepair = async () => (await status()).autoRepair;
  const notices = async (kind: string) =>
    (await h.server.store.outbox.list({ limit: 100 })).items.filter((i) => i.kind === kind);
  /** The admin's chains at Procore: the browser session's first, then the grant's. */
  const chains = () => fake.oauth.chainsOf(admin);
  /** Whether a chain's newest refresh token is revoked (by index: 0 browser, 1 the grant). */
  const revoked = (index: number) => chains()[index]!.at(-1)!.refreshRevoked;
  /** The admin is no longer a Directory admin in Procore. */
  const demote = () => {
    const user = fake.state.companyUser(cid, admin)!;
    user.companyAdmin = false;
    user.directory = 'read_only';
  };
  const writes = (since: number) =>
    fake.requestLog.filter((r) => r.seq > since && r.host !== 'login' && r.method !== 'GET');
  /** A project created in Procore's UI without the SALUS account; its event is delivered. */
  async function projectWithoutAccount(name: string) {
    const project = createProjectInUi(fake, name, { companyId: cid, withoutSalusAccount: true });
    await fake.webhooksIdle();
    return project;
  }
  /** After the grace period: the events due are judged; returns how many. */
  async function judgeEvents() {
    await clock.tick(EVENT_GRACE_MS + 1_000);
    return work.events();
  }

  return {
    h,
    fake,
    cid,
    account,
    admin,
    api,
    status,
    work,
    turnOn,
    autoRepair,
    notices,
    chains,
    revoked,
    demote,
    writes,
    clock,
    projectWithoutAccount,
    judgeEvents,
  };
}

type Setup = Awaited<ReturnType<typeof completedCompany>>;

/** The rows holding a repair grant's tokens. */
const grantRows = async (w: Setup) =>
  Number(
    (
      await w.h.server.store.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sessions WHERE kind = 'grant'`,
      )
    )[0]!.n,
  );

/** The SALUS account's writes a repair may make: its settings and its memberships, nothing else. */
function onlyTheAccount(w: Setup, requests: { method: string; path: string }[]) {
  const allowed = [
    new RegExp(`/companies/${w.cid}/users/${w.account}$`),
    new RegExp(`/projects/\\d+/users/${w.account}/actions/add$`),
    new RegExp(`/companies/${w.cid}/users/bulk_add$`),
    /\/projects\/\d+\/permission_template_assignments$/,
  ];
  return requests.filter((r) => !allowed.some((a) => a.test(r.path)));
}

describe('keep SALUS set up automatically', () => {
  it('is off by default; ticking it keeps a grant of its own, and no token reaches the browser', async () => {
    const w = await completedCompany();
    expect(await w.autoRepair()).toEqual({
      state: 'off',
      admin: null,
      since: null,
      pausedReason: null,
      lastRepair: null,
    });
    const popup = await w.turnOn();
    expect(popup.status).toBe(200);
    expect(popup.type).toBe('success');
    expect(popup.html).toContain('<h1>Automatic repair allowed</h1>');
    // Nothing to redeem: the grant stays on the server.
    expect(popup.handoff).toBeNull();
    expect(await w.autoRepair()).toMatchObject({
      state: 'on',
      admin: { id: w.admin },
      pausedReason: null,
    });
    // A consent of its own: the browser session's chain and the grant's are two chains.
    expect(w.chains()).toHaveLength(2);
    const tokens = w.chains().flat();
    const exposed = JSON.stringify(await w.status()) + popup.html;
    for (const t of tokens) {
      expect(exposed).not.toContain(t.accessToken);
      expect(exposed).not.toContain(t.refreshToken!);
    }
  });

  it('repairs a project created while the account was not added to new projects', async () => {
    const w = await completedCompany();
    await w.turnOn();
    await w.work.repairs(); // the check right after ticking: nothing to repair
    expect(await w.h.server.store.runs.listForCompany(w.cid, { limit: 5 })).toHaveLength(0);
    w.fake.state.patchCompanyUser(
      w.cid,
      w.account,
      { addToNewProjects: false },
      w.fake.uiOrigin('directory'),
    );
    const project = w.fake.createProject(w.cid, 'Harbor Tower');
    await w.fake.webhooksIdle();
    expect(w.fake.membership(w.cid, project.id, w.account)).toBeFalsy();
    const before = w.fake.requestLog.length;
    await w.clock.tick(EVENT_GRACE_MS + 1_000);
    expect(await w.work.events()).toBe(2);
    expect(await w.work.repairs()).toBe(1);
    const [runId] = await w.work.runs();
    const run = (await w.api.get<RunProgress>(`/api/runs/${runId}`)).body;
    expect(run).toMatchObject({
      status: 'succeeded',
      origin: 'rule',
      startedBy: { id: w.admin },
    });
    expect(w.fake.membership(w.cid, project.id, w.account)).toBeTruthy();
    expect(w.fake.state.companyUser(w.cid, w.account)!.addToNewProjects).toBe(true);
    // 0 writes outside the SALUS account's settings and memberships.
    const written = w.writes(before);
    expect(written.length).toBeGreaterThan(0);
    expect(onlyTheAccount(w, written)).toEqual([]);
    // In the ledger, the audit trail, the report (CSV) and the badge; support is told.
    const report = (await w.api.get<RunReport>(`/api/runs/${runId}/report`)).body;
    expect(report.origin).toBe('rule');
    expect(report.projects).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: project.id, outcome: 'added' })]),
    );
    expect(report.accountChanges.map((c) => c.field)).toContain('add_to_new_projects');
    expect(await w.h.server.store.audit.listForRun(runId!)).not.toHaveLength(0);
    const after = await w.status();
    expect(after.complete).toBe(true);
    expect(after.autoRepair.lastRepair?.runId).toBe(runId);
    expect(after.watch?.drift).toEqual([]);
    const support = await w.h
      .client(SUPPORT_TOKEN)
      .get<SupportCompanyDetail>(`/api/support/companies/${w.cid}`);
    expect(support.body.latestRun).toMatchObject({ id: runId, origin: 'rule' });
    expect(support.body.autoRepair).toMatchObject({
      state: 'on',
      admin: { id: w.admin },
      lastRepair: { runId },
    });
    const told = await w.notices(REPAIR_STARTED_KIND);
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toMatchObject({ run_id: runId, add_projects: 1 });
  });

  it('a project created while a repair runs is repaired when that run ends, not a day later', async () => {
    const w = await completedCompany();
    await w.turnOn();
    await w.work.repairs();
    const store = w.h.server.store;
    const first = await w.projectWithoutAccount('Harbor Tower');
    expect(await w.judgeEvents()).toBe(1);
    expect(await w.work.repairs()).toBe(1);
    // Procore holds the repair's write: the run is caught mid-way.
    const gate = w.fake.hold(/\/(actions\/add|bulk_add)$/, 'POST');
    const driving = w.work.runs();
    await gate.held();
    const second = await w.projectWithoutAccount('Pier 9');
    expect(await w.judgeEvents()).toBe(1);
    // The run in progress is left to finish: no second run beside it.
    expect(await w.work.repairs()).toBe(1);
    expect(await store.runs.listForCompany(w.cid, { limit: 5 })).toHaveLength(1);
    gate.release();
    const [firstRun] = await driving;
    expect(w.fake.membership(w.cid, first.id, w.account)).toBeTruthy();
    expect(w.fake.membership(w.cid, second.id, w.account)).toBeFalsy();
    // Its closing check found the new project: a repair follows at once.
    expect(await w.work.repairs()).toBe(1);
    const [secondRun] = await w.work.runs();
    expect(secondRun).not.toBe(firstRun);
    expect(w.fake.membership(w.cid, second.id, w.account)?.permissionTemplateName).toBe(
      'SALUS Project Integration',
    );
    expect((await w.status()).complete).toBe(true);
  });

  it('repairs that each leave new work stop following each other at once after three in an hour', async () => {
    const w = await completedCompany();
    await w.turnOn();
    await w.work.repairs();
    let created = 0;
    const newProject = () => w.projectWithoutAccount(`Tower ${++created}`);
    await newProject();
    await w.judgeEvents();
    for (let i = 0; i < REPAIRS_IN_A_ROW; i += 1) {
      expect(await w.work.repairs()).toBe(1);
      // Each run is caught mid-way while another project is created without the account.
      const gate = w.fake.hold(/\/(actions\/add|bulk_add)$/, 'POST');
      const driving = w.work.runs();
      await gate.held();
      await newProject();
      gate.release();
      await driving;
    }
    // The third left work too: the next repair waits for the daily check, not a fourth run now.
    expect(await w.work.repairs()).toBe(0);
    const runs = await w.h.server.store.runs.listForCompany(w.cid, { limit: 10 });
    expect(runs.map((r) => [r.origin, r.status])).toEqual(
      Array.from({ length: REPAIRS_IN_A_ROW }, () => ['rule', 'succeeded']),
    );
  });

  it('undoing a repair turns automatic repair off, so the account is not set up again', async () => {
    const w = await completedCompany();
    await w.turnOn();
    await w.work.repairs();
    const project = await w.projectWithoutAccount('Harbor Tower');
    await w.judgeEvents();
    expect(await w.work.repairs()).toBe(1);
    const [runId] = await w.work.runs();
    expect(w.fake.membership(w.cid, project.id, w.account)).toBeTruthy();

    const plan = await w.api.get<UndoPlanSummary>(`/api/runs/${runId}/undo-plan`);
    expect(plan.body).toMatchObject({ removeProjects: 1, turnsOffAutoRepair: true });
    const undo = await w.api.post<RunProgress>(`/api/runs/${runId}/undo`);
    expect(undo.status).toBe(201);
    expect((await w.autoRepair()).state).toBe('off');
    expect(w.revoked(1)).toBe(true);
    await w.work.runs();
    expect(w.fake.membership(w.cid, project.id, w.account)).toBeFalsy();
    // The next change is flagged, not repaired.
    await w.projectWithoutAccount('Pier 9');
    expect(await w.judgeEvents()).toBe(1);
    expect(await w.work.repairs()).toBe(0);
    expect((await w.status()).watch?.drift.length).toBeGreaterThan(0);
  });

  it('repairs a template changed in Procore', async () => {
    const w = await completedCompany();
    await w.turnOn();
    await w.work.repairs();
    const change = changeSalusTemplate(w.fake, w.cid);
    if (!change.ok) throw new Error(change.problem);
    await w.fake.webhooksIdle();
    const before = w.fake.requestLog.length;
    await w.clock.tick(ACCOUNT_EVENT_DELAY_MS + 1_000);
    expect(await w.work.events()).toBe(1);
    expect(await w.work.repairs()).toBe(1);
    const [runId] = await w.work.runs();
    expect((await w.api.get<RunProgress>(`/api/runs/${runId}`)).body).toMatchObject({
      status: 'succeeded',
      origin: 'rule',
    });
    const account = w.fake.state.companyUser(w.cid, w.account)!;
    expect(account.defaultPermissionTemplateId).toBe(change.value.from!.id);
    expect(onlyTheAccount(w, w.writes(before))).toEqual([]);
    expect((await w.status()).complete).toBe(true);
  });

  it('the daily check sees every project as the admin: a project whose event was lost is repaired', async () => {
    const w = await completedCompany({ webhookDropRate: 1 });
    await w.turnOn();
    await w.work.repairs();
    w.fake.state.patchCompanyUser(
      w.cid,
      w.account,
      { addToNewProjects: false },
      w.fake.uiOrigin('directory'),
    );
    const project = w.fake.createProject(w.cid, 'Quiet Quarry');
    await w.fake.webhooksIdle();
    await w.h.server.jobs.send(QUEUES.watchCompany, { companyId: w.cid });
    expect(await w.work.daily()).toBe(1);
    expect(await w.work.repairs()).toBe(1);
    const [runId] = await w.work.runs();
    expect((await w.api.get<RunProgress>(`/api/runs/${runId}`)).body).toMatchObject({
      status: 'succeeded',
      origin: 'rule',
    });
    expect(w.fake.membership(w.cid, project.id, w.account)).toBeTruthy();
    const watch = (await w.status()).watch;
    expect(watch?.newProjectsUnverifiedSince).toBeNull();
    expect(watch?.drift).toEqual([]);
  });

  it('does not repair without the box ticked', async () => {
    const w = await completedCompany();
    changeSalusTemplate(w.fake, w.cid);
    await w.fake.webhooksIdle();
    await w.clock.tick(ACCOUNT_EVENT_DELAY_MS + 1_000);
    expect(await w.work.events()).toBe(1);
    expect(await w.work.repairs()).toBe(0);
    expect(await w.h.server.store.runs.listForCompany(w.cid, { limit: 5 })).toHaveLength(0);
    expect((await w.status()).watch?.drift).toHaveLength(1);
  });

  it('turning it off revokes the grant at Procore, and the browser session goes on', async () => {
    const w = await completedCompany();
    await w.turnOn();
    expect(w.revoked(1)).toBe(false);
    const off = await w.api.post<AutoRepair>(`/api/companies/${w.cid}/auto-repair/off`);
    expect(off.status).toBe(200);
    expect(off.body.state).toBe('off');
    expect(w.revoked(1)).toBe(true);
    expect(w.revoked(0)).toBe(false);
    expect(w.h.loginRequests('/oauth/revoke')).toHaveLength(1);
    // Its tokens' row went with it: nothing is left for no sweep to find.
    expect(await grantRows(w)).toBe(0);
    expect((await w.status()).autoRepair.state).toBe('off');
    // Drift now stays drift.
    changeSalusTemplate(w.fake, w.cid);
    await w.fake.webhooksIdle();
    await w.clock.tick(ACCOUNT_EVENT_DELAY_MS + 1_000);
    await w.work.events();
    await w.work.repairs();
    expect(await w.h.server.store.runs.listForCompany(w.cid, { limit: 5 })).toHaveLength(0);
    // Who turned it on and off is in the audit trail.
    const trail = await w.h.server.store.audit.listForCompany(w.cid, {
      target: AUTO_REPAIR_TARGET,
    });
    expect(trail.map((e) => [e.actor.id, e.oldValue, e.newValue]).reverse()).toEqual([
      [w.admin, 'off', 'on'],
      [w.admin, 'on', 'off'],
    ]);
  });

  it('a grant Procore no longer accepts pauses repairs, names who must allow it again, and tells support once', async () => {
    const w = await completedCompany();
    await w.turnOn();
    await w.work.repairs();
    // The admin withdrew that authorization in Procore.
    w.fake.oauth.revokeChain(w.chains()[1]![0]!.fromCode!);
    changeSalusTemplate(w.fake, w.cid);
    await w.fake.webhooksIdle();
    await w.clock.tick(ACCOUNT_EVENT_DELAY_MS + 1_000);
    await w.work.events();
    expect(await w.work.repairs()).toBe(1);
    expect(await w.h.server.store.runs.listForCompany(w.cid, { limit: 5 })).toHaveLength(0);
    expect(await w.autoRepair()).toMatchObject({
      state: 'paused',
      pausedReason: 'sign-in-again',
      admin: { id: w.admin },
    });
    expect(await grantRows(w)).toBe(0);
    // Another drift while paused: no repair, no second notice.
    w.fake.state.patchCompanyUser(
      w.cid,
      w.account,
      { addToNewProjects: false },
      w.fake.uiOrigin('directory'),
    );
    await w.fake.webhooksIdle();
    await w.clock.tick(ACCOUNT_EVENT_DELAY_MS + 1_000);
    await w.work.events();
    expect(await w.work.repairs()).toBe(0);
    const told = await w.notices(REPAIR_PAUSED_KIND);
    expect(told).toHaveLength(1);
    expect(told[0]!.payload).toMatchObject({ reason: 'sign-in-again', admin: { id: w.admin } });
    // Allowed again: repairs go on, with a new grant.
    await w.turnOn();
    const trail = await w.h.server.store.audit.listForCompany(w.cid, {
      target: AUTO_REPAIR_TARGET,
    });
    expect(trail.map((e) => [e.actor.name, e.oldValue, e.newValue]).reverse()).toEqual([
      [expect.any(String), 'off', 'on'],
      ['SALUS Setup', 'on', { paused: 'sign-in-again' }],
      [expect.any(String), { paused: 'sign-in-again' }, 'on'],
    ]);
    expect((await w.autoRepair()).state).toBe('on');
    expect(await w.work.repairs()).toBe(1);
    const [runId] = await w.work.runs();
    expect((await w.api.get<RunProgress>(`/api/runs/${runId}`)).body.status).toBe('succeeded');
  });

  it('an admin who lost Directory admin: the grant is revoked and repairs pause', async () => {
    const w = await completedCompany();
    await w.turnOn();
    await w.work.repairs();
    w.demote();
    expect(w.revoked(1)).toBe(false);
    await w.h.server.repairs.queue(w.cid);
    expect(await w.work.repairs()).toBe(1);
    expect(await w.h.server.repairs.status(w.cid)).toMatchObject({
      state: 'paused',
      pausedReason: 'not-admin',
    });
    expect(w.revoked(1)).toBe(true);
    expect(await w.notices(REPAIR_PAUSED_KIND)).toHaveLength(1);
  });

  it('an uninstalled company’s grant is revoked', async () => {
    const w = await completedCompany();
    await w.turnOn();
    expect(w.revoked(1)).toBe(false);
    const installation = w.fake.state.activeInstallation(w.cid, w.h.server.config.clientId)!;
    w.fake.state.setInstallationStatus(installation.id, 'uninstalled', 'control');
    await w.h.server.jobs.send(QUEUES.watchCompany, { companyId: w.cid });
    await w.work.daily();
    expect(w.revoked(1)).toBe(true);
    expect(await w.h.server.repairs.status(w.cid)).toMatchObject({
      state: 'paused',
      pausedReason: 'app-not-connected',
    });
  });

  describe('if Procore keeps one authorization per user and app (UNCONFIRMED)', () => {
    /** A request that asks Procore live with the browser session's token (the admin check). */
    const live = (w: Setup, api = w.api) => api.post(`/api/companies/${w.cid}/auto-repair`);

    it('ticking the box ends the browser sign-in, which asks to sign in again; the grant repairs', async () => {
      const w = await completedCompany({ authorizations: 'one-per-user' });
      const popup = await w.turnOn();
      expect(popup.type).toBe('success');
      expect(w.revoked(0)).toBe(true);
      expect(w.revoked(1)).toBe(false);
      const asked = await live(w);
      expect(asked.status).toBe(401);
      expect(asked.body).toMatchObject({ error: { code: 'session-expired' } });
      // The grant stands (read from the store: this browser must sign in again) and repairs.
      expect((await w.h.server.repairs.status(w.cid)).state).toBe('on');
      await w.work.repairs();
      const project = await w.projectWithoutAccount('Harbor Tower');
      expect(await w.judgeEvents()).toBe(1);
      expect(await w.work.repairs()).toBe(1);
      await w.work.runs();
      expect(w.fake.membership(w.cid, project.id, w.account)).toBeTruthy();
    });

    it('turning it off also ends the browser sign-in: the next live request asks to sign in again', async () => {
      const w = await completedCompany({ authorizations: 'one-per-user' });
      await w.turnOn();
      // Signed in again: that consent in turn ended the grant's chain; the box is still on.
      const again = await w.h.signIn();
      const api = w.h.client(again.sessionId);
      const off = await api.post<AutoRepair>(`/api/companies/${w.cid}/auto-repair/off`);
      expect(off.status).toBe(200);
      expect(off.body.state).toBe('off');
      const asked = await live(w, api);
      expect(asked.status).toBe(401);
      expect(asked.body).toMatchObject({ error: { code: 'session-expired' } });
    });
  });

  it('a grant’s id is never a sign-in', async () => {
    const w = await completedCompany();
    await w.turnOn();
    const [row] = await w.h.server.store.db.query<{ grant_ref: string }>(
      `SELECT grant_ref FROM repair_grants WHERE company_id = $1`,
      [w.cid],
    );
    const grantId = createTokenCipher(SESSION_SECRET).decrypt(row!.grant_ref);
    expect(await w.h.server.store.sessions.get(grantId)).toBeNull();
    const asGrant = w.h.client(grantId);
    expect((await asGrant.get(`/api/companies/${w.cid}/status`)).status).toBe(401);
    expect((await asGrant.get('/api/session')).body).toMatchObject({ user: null });
    // Yet Procore access with it works (the repair's).
    expect(await w.h.server.store.sessions.tokensOf(grantId)).not.toBeNull();
  });

  it('the retention purge removes a grant and revokes it', async () => {
    const w = await completedCompany();
    await w.turnOn();
    expect(w.revoked(1)).toBe(false);
    await w.h.server.store.companySettings.markDisconnected(w.cid);
    await w.h.server.store.db.query(
      `UPDATE company_settings SET disconnected_at = now() - interval '400 days' WHERE company_id = $1`,
      [w.cid],
    );
    expect(await w.h.server.janitor.purgeDue()).toEqual([w.cid]);
    expect(
      await w.h.server.store.db.query(`SELECT 1 FROM repair_grants WHERE company_id = $1`, [w.cid]),
    ).toHaveLength(0);
    expect(
      await w.h.server.store.db.query(`SELECT 1 FROM sessions WHERE kind = 'grant'`),
    ).toHaveLength(0);
    expect(w.revoked(1)).toBe(true);
  });

  it('only a Directory admin may tick it', async () => {
    const w = await completedCompany();
    w.demote();
    const refused = await w.api.post(`/api/companies/${w.cid}/auto-repair`);
    expect(refused.status).toBe(403);
    expect((await w.autoRepair()).state).toBe('off');
  });

  it('cannot be ticked before setup is complete: the first setup is reviewed by a person', async () => {
    const h = await startAppHarness({ scenario: 'fresh-install', background: false });
    cleanups.push(() => h.close());
    const cid = h.fake.facts.companyId;
    const api = h.client((await h.signIn()).sessionId);
    expect((await api.get<CompanyStatus>(`/api/companies/${cid}/status`)).body.complete).toBe(
      false,
    );
    const refused = await api.post<{ error: { code: string; message: string } }>(
      `/api/companies/${cid}/auto-repair`,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/^Finish setting up SALUS first/);
    expect(h.fake.oauth.chainsOf(h.fake.facts.signInUserId)).toHaveLength(1);
    expect((await api.get<AutoRepair>(`/api/companies/${cid}/auto-repair`)).body.state).toBe('off');
  });
});
