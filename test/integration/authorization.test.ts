import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../src/api/contract.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * Who may do what in a company (issue 13, items 10 and 13): writes need Directory admin, and
 * writes and report downloads need access to the company now, not at sign-in; both are decided
 * live with Procore.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('choosing the service account', () => {
  it('is refused to a non-admin, and allowed to an admin', async () => {
    h = await startAppHarness({ scenario: 'several-candidates' });
    const { facts } = h.fake;
    const cid = facts.companyId;
    const nonAdmin = await h.signIn({ userId: facts.nonAdminUserId });
    const choose = (sessionId: string) =>
      h!
        .client(sessionId)
        .post(`/api/companies/${cid}/service-account`, { userId: facts.serviceAccountId });

    expect(await choose(nonAdmin.sessionId)).toMatchObject({
      status: 403,
      body: { error: { code: 'not-admin' } },
    });
    expect(await h.server.store.companySettings.get(cid)).toBeNull();

    const admin = await h.signIn({ userId: facts.adminUserId });
    expect((await choose(admin.sessionId)).status).toBe(200);
    expect(await h.server.store.companySettings.get(cid)).toMatchObject({
      chosenAccountId: facts.serviceAccountId,
    });
  });
});

describe('access to the company, re-checked with Procore', () => {
  it('refuses writes and the report once the viewer lost the company, though their session lists it', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { facts } = h.fake;
    const cid = facts.companyId;
    const api = h.client((await h.signIn()).sessionId);
    const started = await api.apply<RunProgress>(cid, { trial: true });
    expect(started.status).toBe(201);
    const runId = started.body.runId;
    await h.server.runs.settled(runId);
    expect((await api.get(`/api/runs/${runId}/report`)).status).toBe(200);

    // The admin is removed from the company in Procore; their session still lists it.
    h.fake.state.patchCompanyUser(cid, facts.adminUserId, { isActive: false }, 'test');
    const writes = h.fake.writeLog.length;
    const forbidden = { status: 403, body: { error: { code: 'forbidden' } } };
    expect(await api.get(`/api/runs/${runId}/report`)).toMatchObject(forbidden);
    expect(await api.apply(cid)).toMatchObject(forbidden);
    expect(
      await api.post(`/api/companies/${cid}/service-account`, { userId: facts.serviceAccountId }),
    ).toMatchObject(forbidden);
    for (const action of ['resume', 'retry-failed', 'undo']) {
      expect(await api.post(`/api/runs/${runId}/${action}`), action).toMatchObject(forbidden);
    }
    expect(h.fake.writeLog.length).toBe(writes);
    expect(await h.server.store.runs.get(runId)).toMatchObject({
      status: 'trial-done',
      resumedBy: null,
    });

    // Back in the company, the same session works again.
    h.fake.state.patchCompanyUser(cid, facts.adminUserId, { isActive: true }, 'test');
    expect((await api.get(`/api/runs/${runId}/report`)).status).toBe(200);
  });
});
