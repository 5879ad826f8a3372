import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../src/api/contract.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * One company's people can never read or change another company's data (issue 7,
 * "Authorization"): Granite Ridge's admin fixes Granite Ridge; Dana, who is only in Summit
 * Builders West, sees none of it, and Riley, a non-admin of Granite Ridge, can watch but not act.
 */

let h: AppHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('two companies, two sets of people', () => {
  it('a run is visible only inside its company, and changeable only by its admins', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { fake } = h;
    const granite = fake.facts.companyId;
    const summit = fake.facts.secondCompanyId!;
    const dana = [...fake.state.users.values()].find(
      (u) => u.email === 'dana.west@summitwest.example',
    )!;

    const admin = h.client((await h.signIn()).sessionId);
    await admin.get(`/api/companies/${granite}/plan`);
    const run = await admin.apply<RunProgress>(granite);
    expect(run.status).toBe(201);
    await h.server.runs.settled(run.body.runId);

    const outsider = h.client((await h.signIn({ userId: dana.id, companyId: summit })).sessionId);
    const seen = fake.requestLog.length;
    for (const path of [`/api/runs/${run.body.runId}`, `/api/runs/${run.body.runId}/report`]) {
      expect((await outsider.get(path)).status).toBe(404);
    }
    for (const path of [
      `/api/runs/${run.body.runId}/resume`,
      `/api/runs/${run.body.runId}/retry-failed`,
    ]) {
      expect((await outsider.post(path)).status).toBe(404);
    }
    for (const path of ['status', 'plan', 'projects']) {
      expect((await outsider.get(`/api/companies/${granite}/${path}`)).status).toBe(403);
    }
    expect((await outsider.apply(granite)).status).toBe(403);
    // Nothing about Granite Ridge was read from Procore on the outsider's behalf.
    expect(fake.requestLog.slice(seen).filter((r) => r.companyId === granite)).toEqual([]);

    // Riley is in Granite Ridge: sees the run, not its report, and cannot resume it.
    const riley = h.client((await h.signIn({ userId: fake.facts.nonAdminUserId })).sessionId);
    expect((await riley.get<RunProgress>(`/api/runs/${run.body.runId}`)).body).toMatchObject({
      runId: run.body.runId,
      companyId: granite,
    });
    // The report names every project the fix touched, some Riley cannot see: admins only.
    expect(await riley.get(`/api/runs/${run.body.runId}/report`)).toMatchObject({
      status: 403,
      body: { error: { code: 'not-admin' } },
    });
    expect((await riley.post(`/api/runs/${run.body.runId}/retry-failed`)).status).toBe(403);
  });
});
