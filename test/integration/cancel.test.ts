import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, RunProgress, RunReport, UndoPlanSummary } from '../../src/api/contract.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * Cancel (issue 15, item 3) over real HTTP: a running fix stops at its next item, after the write
 * already sent has finished and been recorded; a paused one (here: waiting after its trial)
 * ends at once; the items never started are recorded as cancelled; a cancelled fix is undone
 * like any other.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ONE_WRITE_PER_PROJECT = { betaEndpoints: { bulkAdd: false } } as const;

async function signedIn() {
  h = await startAppHarness({ scenario: 'fresh-install', knobs: ONE_WRITE_PER_PROJECT });
  const { sessionId } = await h.signIn();
  const api = h.client(sessionId);
  const cid = h.fake.facts.companyId;
  expect((await api.get(`/api/companies/${cid}/plan`)).status).toBe(200);
  return { h, api, cid };
}

const addsIn = (h: AppHarness) =>
  h.fake.writeLog.filter((w) => w.kind === 'membership.add').map((w) => w.projectId);

describe('Cancel', () => {
  it('a running fix: the write in flight finishes and is recorded; the rest is cancelled', async () => {
    const { h, api, cid } = await signedIn();
    // Procore holds the first project writes: the run is caught mid-way, without racing it.
    const gate = h.fake.hold(/\/actions\/add$/, 'POST');
    const started = await api.apply<RunProgress>(cid);
    expect(started.status).toBe(201);
    const { runId } = started.body;
    await gate.held();

    const asked = await api.post<RunProgress>(`/api/runs/${runId}/cancel`);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'running', cancelRequested: true });
    gate.release();
    await h.server.runs.settled(runId);

    const done = (await api.get<RunProgress>(`/api/runs/${runId}`)).body;
    expect(done).toMatchObject({ status: 'cancelled', phase: 'done', cancelRequested: false });
    expect(done.finishedAt).not.toBeNull();
    // What Procore did is exactly what the ledger says was added: the held writes, no more.
    const adds = addsIn(h);
    expect(adds.length).toBeGreaterThan(0);
    expect(adds.length).toBeLessThanOrEqual(2);
    const ledger = await h.server.store.ledger.page(runId, { limit: 1000 });
    expect(
      ledger.items
        .filter((i) => i.outcome === 'added')
        .map((i) => i.projectId)
        .sort(),
    ).toEqual([...adds].sort());
    expect(done.counts).toMatchObject({
      pending: 0,
      added: adds.length,
      cancelled: h.fake.facts.activeProjects - adds.length,
    });
    expect(ledger.items.filter((i) => i.outcome === 'pending')).toEqual([]);

    // Over: nothing more is sent, and it cannot be resumed or cancelled again.
    const writes = h.fake.writeLog.length;
    const again = await api.post<ApiError>(`/api/runs/${runId}/cancel`);
    expect(again.status).toBe(409);
    expect((await api.post<RunProgress>(`/api/runs/${runId}/resume`)).body.status).toBe(
      'cancelled',
    );
    await h.server.runs.settled(runId);
    expect(h.fake.writeLog).toHaveLength(writes);
  });

  it('a fix waiting after its trial ends at once; undoing it takes back what it did', async () => {
    const { h, api, cid } = await signedIn();
    const started = await api.apply<RunProgress>(cid, { trial: true });
    const { runId } = started.body;
    await h.server.runs.settled(runId);
    expect((await api.get<RunProgress>(`/api/runs/${runId}`)).body.status).toBe('trial-done');

    const cancelled = await api.post<RunProgress>(`/api/runs/${runId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelRequested: false,
      counts: { added: 1, pending: 0, cancelled: h.fake.facts.activeProjects - 1 },
    });
    expect(addsIn(h)).toHaveLength(1);

    // The report says what was done: one project added, the others cancelled, given nothing.
    const report = await api.get<RunReport>(`/api/runs/${runId}/report`);
    const projects = report.body.projects;
    expect(projects.filter((row) => row.outcome === 'added')).toHaveLength(1);
    const notStarted = projects.filter((row) => row.outcome === 'cancelled');
    expect(notStarted).toHaveLength(h.fake.facts.activeProjects - 1);
    expect(notStarted.every((row) => row.templateAfter === null)).toBe(true);

    const undo = await api.get<UndoPlanSummary>(`/api/runs/${runId}/undo-plan`);
    expect(undo.status).toBe(200);
    expect(undo.body.removeProjects).toBe(1);
    const undone = await api.post<RunProgress>(`/api/runs/${runId}/undo`);
    expect(undone.status).toBe(201);
    await h.server.runs.settled(undone.body.runId);
    const after = (await api.get<RunProgress>(`/api/runs/${undone.body.runId}`)).body;
    expect(after).toMatchObject({ status: 'succeeded', counts: { removed: 1 } });
    expect(h.fake.writeLog.filter((w) => w.kind === 'membership.remove')).toHaveLength(1);
  });

  it('a paused fix ends at once, and its items not started are recorded cancelled', async () => {
    const { h, api, cid } = await signedIn();
    // Five projects in a row refused alike: Procore's answer is systemic, the run pauses.
    h.fake.failNext({
      method: 'POST',
      pathPattern: '/rest/v1.0/projects/:project_id/users/:id/actions/add',
      status: 403,
      body: { errors: 'Project is archived' },
      count: 5,
    });
    const started = await api.apply<RunProgress>(cid);
    const { runId } = started.body;
    await h.server.runs.settled(runId);
    const paused = (await api.get<RunProgress>(`/api/runs/${runId}`)).body;
    expect(paused).toMatchObject({ status: 'paused', pausedReason: { code: 'systemic-failure' } });

    const cancelled = await api.post<RunProgress>(`/api/runs/${runId}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', pausedReason: null });
    expect(cancelled.body.counts.pending).toBe(0);
    expect(cancelled.body.counts.cancelled).toBe(
      h.fake.facts.activeProjects - cancelled.body.counts.failed - cancelled.body.counts.added,
    );
  });

  it('needs Directory admin', async () => {
    const { h, api, cid } = await signedIn();
    const started = await api.apply<RunProgress>(cid, { trial: true });
    await h.server.runs.settled(started.body.runId);
    const riley = h.client((await h.signIn({ userId: h.fake.facts.nonAdminUserId })).sessionId);
    const refused = await riley.post<ApiError>(`/api/runs/${started.body.runId}/cancel`);
    expect(refused.status).toBe(403);
    expect((await api.get<RunProgress>(`/api/runs/${started.body.runId}`)).body.status).toBe(
      'trial-done',
    );
  });
});
