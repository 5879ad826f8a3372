import { afterEach, describe, expect, it } from 'vitest';
import {
  CSRF_HEADER,
  type CompanyStatus,
  type RunProgress,
  type RunReport,
  type UndoPlanSummary,
} from '../../src/api/contract.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * Undo over real HTTP: a fix, then its undo, leaves the fake Procore as it was before the fix,
 * with its own review, progress and CSV report.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('undo a fix', () => {
  it('fresh-install: fix then undo puts the account and its memberships back as they were', async () => {
    h = await startAppHarness({
      scenario: 'fresh-install',
      knobs: { addToNewProjectsOnRead: true },
    });
    const { fake } = h;
    const { companyId: cid, serviceAccountId } = fake.facts;
    const accountBefore = fake.companyUser(cid, serviceAccountId!);
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);

    await api.get(`/api/companies/${cid}/plan`);
    const fix = await api.apply<RunProgress>(cid);
    expect(fix.status).toBe(201);
    await h.server.runs.settled(fix.body.runId);
    expect(fake.missingProjects(cid, serviceAccountId!)).toHaveLength(0);

    const review = await api.get<UndoPlanSummary>(`/api/runs/${fix.body.runId}/undo-plan`);
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({
      runId: fix.body.runId,
      removeProjects: fake.facts.activeProjects,
      flagUnknown: false,
    });
    expect(review.body.userChanges.map((c) => c.field).sort()).toEqual([
      'add_to_new_projects',
      'company_permission_template_id',
      'default_permission_template_id',
    ]);
    expect(review.body.requests).toBeGreaterThan(fake.facts.activeProjects);

    fake.clearLogs();
    const undo = await api.post<RunProgress>(`/api/runs/${fix.body.runId}/undo`);
    expect(undo.status).toBe(201);
    expect(undo.body.kind).toBe('undo');
    await h.server.runs.settled(undo.body.runId);

    const run = await api.get<RunProgress>(`/api/runs/${undo.body.runId}`);
    expect(run.body).toMatchObject({ status: 'succeeded', phase: 'done', kind: 'undo' });
    expect(run.body.counts).toMatchObject({
      removed: fake.facts.activeProjects,
      pending: 0,
      failed: 0,
    });
    // Procore is as before the fix.
    expect(fake.missingProjects(cid, serviceAccountId!)).toHaveLength(fake.facts.activeProjects);
    const accountAfter = fake.companyUser(cid, serviceAccountId!);
    expect({
      company: accountAfter?.companyPermissionTemplateId,
      default: accountAfter?.defaultPermissionTemplateId,
      flag: accountAfter?.addToNewProjects,
    }).toEqual({
      company: accountBefore?.companyPermissionTemplateId,
      default: accountBefore?.defaultPermissionTemplateId,
      flag: accountBefore?.addToNewProjects,
    });
    expect(fake.writeLog.filter((w) => w.kind === 'membership.add')).toEqual([]);

    // The company is re-checked: it needs attention again, and the fix is not undone twice.
    const status = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    expect(status.body.complete).toBe(false);
    expect((await api.post(`/api/runs/${fix.body.runId}/undo`)).status).toBe(409);

    const report = await api.get<RunReport>(`/api/runs/${undo.body.runId}/report`);
    expect(report.status).toBe(200);
    expect(report.body.kind).toBe('undo');
    const projects = report.body.projects;
    expect(projects).toHaveLength(fake.facts.activeProjects);
    for (const row of projects) {
      expect(row).toMatchObject({ action: 'remove', outcome: 'removed', templateAfter: null });
      // The template taken away is named: the one the fix gave.
      expect(row.templateBefore).toMatchObject({ name: 'SALUS Project Integration' });
    }
    expect(report.body.accountChanges.map((c) => c.field).sort()).toEqual([
      'add_to_new_projects',
      'company_permission_template_id',
      'default_permission_template_id',
    ]);
  });

  it('refuses a forged undo (CSRF rules as for a fix) and changes nothing', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { fake } = h;
    const cid = fake.facts.companyId;
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    await api.get(`/api/companies/${cid}/plan`);
    const fix = await api.apply<RunProgress>(cid);
    await h.server.runs.settled(fix.body.runId);
    fake.clearLogs();
    const forged: Record<string, string>[] = [
      { [CSRF_HEADER]: '' },
      { Origin: 'https://evil.example' },
    ];
    for (const headers of forged) {
      expect(await api.post(`/api/runs/${fix.body.runId}/undo`, {}, headers)).toMatchObject({
        status: 403,
        body: { error: { code: 'csrf' } },
      });
    }
    expect(fake.writeLog).toEqual([]);
    expect(fake.missingProjects(cid, fake.facts.serviceAccountId!)).toHaveLength(0);
  });
});
