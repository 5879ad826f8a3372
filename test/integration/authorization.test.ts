import { afterEach, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * Who may do what in a company (issue 13, items 10 and 13): writes need Directory admin, decided
 * live.
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
