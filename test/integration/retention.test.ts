import { afterEach, describe, expect, it } from 'vitest';
import type { CompanyStatus } from '../../src/api/contract.ts';
import { SALUS_CLIENT_ID } from '../../src/fake-procore/scenario-kit.ts';
import { createRetentionJanitor } from '../../src/server/retention.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * Data at rest when a company leaves (issue 7): uninstalling the SALUS app starts the retention
 * clock; after it, sessions that served only that company end, their tokens are revoked at
 * Procore, and people's names are purged, while what support needs (ids, times, states) stays.
 */

let h: AppHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const DAY = 24 * 60 * 60 * 1000;

describe('a company that uninstalls the SALUS app', () => {
  it('keeps its data for the retention period, then revokes its tokens and purges names', async () => {
    h = await startAppHarness({
      scenario: 'complete',
      knobs: { addToNewProjectsOnRead: true },
      env: { DATA_RETENTION_DAYS: '30' },
    });
    const { fake } = h;
    const cid = fake.facts.companyId;
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    const first = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    // Riley belongs to this company only.
    const member = await h.signIn({ userId: fake.facts.nonAdminUserId });
    expect(first.body.completion?.completedBy.name).toBeTruthy();

    // The admin uninstalls the app in App Management.
    const installation = fake.state.activeInstallation(cid, SALUS_CLIENT_ID)!;
    fake.state.setInstallationStatus(installation.id, 'uninstalled', 'App Management');
    const after = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    // The app's token is refused from then on: Procore says it is not connected.
    expect(after.body.steps.find((s) => s.id === 'app-installed')?.reason?.code).toBe(
      'not-connected',
    );

    const { store, config } = h.server;
    const settings = await store.companySettings.get(cid);
    expect(settings?.disconnectedAt).toBeInstanceOf(Date);

    const janitorAt = (days: number) =>
      createRetentionJanitor({
        config,
        store,
        access: h!.server.access,
        now: () => Date.now() + days * DAY,
      });
    // An earlier fix left an audit trail with the admin's name on it.
    await store.audit.append({
      companyId: cid,
      actor: { id: fake.facts.signInUserId, name: 'Ada Admin' },
      target: `user:${fake.facts.serviceAccountId}`,
      field: 'add_to_new_projects',
      oldValue: false,
      newValue: true,
    });
    // Within the retention period nothing is touched.
    expect(await janitorAt(29).purgeDue()).toEqual([]);
    expect((await store.completions.latest(cid))?.completedBy?.name).toBeTruthy();

    const revokesBefore = fake.requestLog.filter((r) => r.path === '/oauth/revoke').length;
    expect(await janitorAt(31).purgeDue()).toEqual([cid]);

    const completion = await store.completions.latest(cid);
    expect(completion?.completedBy?.name || null).toBeNull();
    expect((completion?.record as { completed_by: unknown }).completed_by).toBeNull();
    expect(completion?.completedAt).toBeInstanceOf(Date);
    const audit = await store.audit.listForCompany(cid);
    // The trail stays for support, without the name.
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: { name: 'removed' },
      field: 'add_to_new_projects',
      newValue: true,
    });
    // A session that served only this company is over, and its tokens were revoked; the
    // admin's session also serves another company and stays.
    expect(await store.sessions.get(member.sessionId)).toBeNull();
    const revokes = fake.requestLog.filter((r) => r.path === '/oauth/revoke');
    expect(revokes.length).toBe(revokesBefore + 1);
    expect((await h.client(member.sessionId).get(`/api/companies/${cid}/status`)).status).toBe(401);
    expect(await store.sessions.get(sessionId)).not.toBeNull();

    // Purged once: a later pass finds nothing to do.
    expect(await janitorAt(60).purgeDue()).toEqual([]);
  });

  it('stops the clock when the app is installed again', async () => {
    h = await startAppHarness({ scenario: 'complete', knobs: { addToNewProjectsOnRead: true } });
    const { fake } = h;
    const cid = fake.facts.companyId;
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    const installation = fake.state.activeInstallation(cid, SALUS_CLIENT_ID)!;
    fake.state.setInstallationStatus(installation.id, 'uninstalled', 'App Management');
    await api.get(`/api/companies/${cid}/status`);
    expect((await h.server.store.companySettings.get(cid))?.disconnectedAt).toBeInstanceOf(Date);
    fake.state.setInstallationStatus(installation.id, 'installed', 'App Management');
    await api.get(`/api/companies/${cid}/status`);
    expect((await h.server.store.companySettings.get(cid))?.disconnectedAt).toBeNull();
  });
});
