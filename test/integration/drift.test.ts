import { afterEach, describe, expect, it } from 'vitest';
import type { CompanyStatus, SupportCompanyRow } from '../../src/api/contract.ts';
import { SUPPORT_TOKEN, startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * Drift after completion (issue 8, item 6): a later check that finds a completed company changed
 * records it, shows the support view what changed and since when, and tells SALUS support once
 * per new problem.
 */

let h: AppHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('a company that drifts after completion', () => {
  it('is shown as changed, with what changed, and support hears once per new problem', async () => {
    h = await startAppHarness({ scenario: 'complete', knobs: { addToNewProjectsOnRead: true } });
    const { fake } = h;
    const cid = fake.facts.companyId;
    const account = fake.facts.serviceAccountId!;
    const api = h.client((await h.signIn()).sessionId);
    const support = () =>
      h!.client(SUPPORT_TOKEN).get<SupportCompanyRow[]>(`/api/support/companies`);
    const driftNotices = async () =>
      (await h!.server.store.outbox.list({ limit: 100 })).items.filter(
        (item) => item.kind === 'salus.setup.drift',
      );

    expect((await api.get<CompanyStatus>(`/api/companies/${cid}/status`)).body.complete).toBe(true);
    expect((await support()).body.find((r) => r.companyId === cid)).toMatchObject({
      state: 'complete',
      drift: null,
    });

    // Someone gives the account another company template in Procore's Directory.
    const other = [...fake.state.templates.values()].find(
      (t) => t.companyId === cid && t.type === 'company_tools' && !/SALUS/.test(t.name),
    )!;
    fake.state.patchCompanyUser(
      cid,
      account,
      { companyPermissionTemplateId: other.id },
      'Directory',
    );
    const drifted = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    expect(drifted.body.complete).toBe(false);
    // No badge; the completion it changed since is still said (the screen's banner).
    expect(drifted.body.completion).toMatchObject({ completedAt: expect.any(String) });
    const row = (await support()).body.find((r) => r.companyId === cid)!;
    expect(row.state).toBe('drifted');
    expect(row.drift?.since).toEqual(expect.any(String));
    expect(row.drift?.changes).toEqual(['company-template']);
    const notice = (await driftNotices())[0]!.payload as { message: string };
    expect(notice.message).toContain(other.name);
    expect((await driftNotices()).map((n) => (n.payload as { step: string }).step)).toEqual([
      'company-template',
    ]);

    // Checking again finds the same problem: no new notice, the same "since".
    await api.get(`/api/companies/${cid}/status`);
    expect(await driftNotices()).toHaveLength(1);
    expect((await support()).body.find((r) => r.companyId === cid)?.drift?.since).toBe(
      row.drift?.since,
    );

    // A new problem: the account is removed from a project. One more notice.
    const project = [...fake.state.projects.values()].find(
      (p) => p.companyId === cid && p.active && fake.membership(cid, p.id, account),
    )!;
    fake.state.removeMember(project.id, account, 'Directory');
    await api.get(`/api/companies/${cid}/status`);
    await api.get(`/api/companies/${cid}/status`);
    const notices = (await driftNotices()).map((n) => n.payload as { step: string; code: string });
    expect(notices.map((n) => n.step)).toEqual(
      expect.arrayContaining(['company-template', 'project-access']),
    );
    // Once per problem: no two notices for the same step and reason, however often it is checked.
    const problems = notices.map((n) => `${n.step}/${n.code}`);
    expect(new Set(problems).size).toBe(problems.length);
  });
});
