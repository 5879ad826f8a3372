import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../src/api/contract.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

/** A finished run stays as it ended (issue 13, item 12): resuming it changes nothing. */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('resuming a finished run', () => {
  it('keeps who resumed it (nobody), its sign-in and its ledger', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const cid = h.fake.facts.companyId;
    const starter = h.client((await h.signIn()).sessionId);
    const started = await starter.apply<RunProgress>(cid);
    expect(started.status).toBe(201);
    await h.server.runs.settled(started.body.runId);
    const before = await h.server.store.runs.get(started.body.runId);
    expect(before).toMatchObject({ status: 'succeeded', resumedBy: null });
    const ledger = await h.server.store.ledger.page(started.body.runId, { limit: 1000 });
    const writes = h.fake.writeLog.length;

    // Later, in another sign-in, someone presses Resume or Retry failed on the finished run.
    const later = h.client((await h.signIn()).sessionId);
    for (const action of ['resume', 'retry-failed']) {
      const answer = await later.post<RunProgress>(`/api/runs/${started.body.runId}/${action}`);
      expect(answer.status, action).toBeLessThan(500);
      expect(answer.body).toMatchObject({ status: 'succeeded', resumedBy: null });
    }
    const after = await h.server.store.runs.get(started.body.runId);
    expect(after).toEqual(before);
    expect(await h.server.store.ledger.page(started.body.runId, { limit: 1000 })).toEqual(ledger);
    expect(h.fake.writeLog.length).toBe(writes);
  });
});
