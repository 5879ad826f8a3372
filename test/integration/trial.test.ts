import { afterEach, describe, expect, it } from 'vitest';
import type { CompanyStatus, RunProgress, RunReport } from '../../src/api/contract.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * "Test one project first" (issue 8, item 5) over real HTTP: a trial run changes the account and
 * exactly one project, re-checks that project as the service account, and pauses; resuming
 * continues with the rest, adding no project twice.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a trial run', () => {
  it('applies to one project, reports it readable, and resuming finishes the rest', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    const cid = h.fake.facts.companyId;
    expect((await api.get(`/api/companies/${cid}/plan`)).status).toBe(200);
    const adds = () => h!.fake.writeLog.filter((w) => w.kind === 'membership.add');

    const started = await api.apply<RunProgress>(cid, { trial: true });
    expect(started.status).toBe(201);
    const { runId } = started.body;
    await h.server.runs.settled(runId);

    const trial = (await api.get<RunProgress>(`/api/runs/${runId}`)).body;
    expect(adds()).toHaveLength(1);
    expect(h.fake.writeLog.filter((w) => w.kind === 'user.patch')).toHaveLength(1);
    expect(h.fake.writeLog).toHaveLength(2);
    const [added] = adds();
    expect(trial).toMatchObject({
      status: 'trial-done',
      pausedReason: null,
      trial: { projectId: added!.projectId, readable: true },
      counts: { added: 1, pending: h.fake.facts.activeProjects - 1 },
    });

    const resumed = await api.post<RunProgress>(`/api/runs/${runId}/resume`);
    expect(resumed.status).toBe(200);
    await h.server.runs.settled(runId);
    const done = (await api.get<RunProgress>(`/api/runs/${runId}`)).body;
    expect(done).toMatchObject({ status: 'succeeded', trial: null, pausedReason: null });
    expect(done.counts).toMatchObject({
      pending: 0,
      failed: 0,
      added: h.fake.facts.activeProjects,
    });
    expect(adds()).toHaveLength(h.fake.facts.activeProjects);
    expect(new Set(adds().map((w) => w.projectId)).size).toBe(h.fake.facts.activeProjects);
    expect(h.fake.writeLog.filter((w) => w.kind === 'user.patch')).toHaveLength(1);
    const status = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
    expect(status.body.complete).toBe(true);
  });

  it('a second admin may resume it: the run keeps its starter and names who resumed it', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { fake } = h;
    const cid = fake.facts.companyId;
    const starter = h.client((await h.signIn()).sessionId);
    expect((await starter.get(`/api/companies/${cid}/plan`)).status).toBe(200);
    const started = await starter.apply<RunProgress>(cid, { trial: true });
    const { runId } = started.body;
    await h.server.runs.settled(runId);

    // Riley becomes a company admin too, signs in, and continues the run.
    const riley = fake.state.companyUser(cid, fake.facts.nonAdminUserId)!;
    Object.assign(riley, { companyAdmin: true, directory: 'admin' });
    const second = h.client((await h.signIn({ userId: fake.facts.nonAdminUserId })).sessionId);
    const seenBeforeResume = fake.requestLog.length;
    expect((await second.post<RunProgress>(`/api/runs/${runId}/resume`)).status).toBe(200);
    await h.server.runs.settled(runId);

    const done = (await starter.get<RunProgress>(`/api/runs/${runId}`)).body;
    expect(done.status).toBe('succeeded');
    expect(done.startedBy).toEqual(started.body.startedBy);
    expect(done.resumedBy).toMatchObject({ id: fake.facts.nonAdminUserId });
    expect(done.resumedBy!.name).not.toBe(done.startedBy.name);
    // Procore saw every change after the resume made with the second admin's sign-in.
    const writes = fake.requestLog
      .slice(seenBeforeResume)
      .filter((r) => r.host === 'api' && r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    expect(new Set(writes.map((r) => r.userId))).toEqual(new Set([fake.facts.nonAdminUserId]));

    // The report names who made each change: the trial project by the starter, the rest by Riley.
    const report = await starter.get<RunReport>(`/api/runs/${runId}/report`);
    const byProject = report.body.projects.map((row) => row.by);
    expect(byProject.filter((by) => by === done.startedBy.name)).toHaveLength(1);
    expect(byProject.filter((by) => by === done.resumedBy!.name)).toHaveLength(
      fake.facts.activeProjects - 1,
    );
  });

  it('says so, in Procore’s words, when the service account cannot read the project', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    const cid = h.fake.facts.companyId;
    expect((await api.get(`/api/companies/${cid}/plan`)).status).toBe(200);
    h.fake.failNext({
      method: 'GET',
      pathPattern: '/rest/v1.0/projects/:project_id/users',
      status: 403,
      body: { errors: 'You do not have access to this project directory' },
    });

    const started = await api.apply<RunProgress>(cid, { trial: true });
    await h.server.runs.settled(started.body.runId);
    const run = (await api.get<RunProgress>(`/api/runs/${started.body.runId}`)).body;
    expect(run).toMatchObject({
      status: 'paused',
      pausedReason: {
        code: 'trial-failed',
        project: run.trial?.projectName,
        procore: { status: 403, message: 'You do not have access to this project directory' },
      },
      trial: { readable: false },
    });
    expect(h.fake.writeLog.filter((w) => w.kind === 'membership.add')).toHaveLength(1);
  });

  it('without the option, applies to every project as before', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    const cid = h.fake.facts.companyId;
    const started = await api.apply<RunProgress>(cid);
    expect(started.status).toBe(201);
    await h.server.runs.settled(started.body.runId);
    const run = (await api.get<RunProgress>(`/api/runs/${started.body.runId}`)).body;
    expect(run).toMatchObject({ status: 'succeeded', trial: null });
  });
});
