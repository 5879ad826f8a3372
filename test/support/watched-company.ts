import { TestClock } from 'pg-boss';
import { expect } from 'vitest';
import type { CompanyStatus } from '../../src/api/contract.ts';
import type { KnobsPatch } from '../../src/fake-procore/knobs.ts';
import { QUEUES } from '../../src/server/jobs/queue.ts';
import { startAppHarness } from './app-harness.ts';

type Company = { companyId: string };

/**
 * A company whose setup is complete, signed in as its admin over real HTTP, with the watch's
 * queues worked by hand on a queue clock the test moves (no background workers, nothing sleeps):
 * what the watch's and automatic repair's tests start from. The harness is closed by `cleanups`.
 */
export async function startCompletedCompany(
  cleanups: (() => Promise<void>)[],
  knobs: KnobsPatch = {},
) {
  const clock = new TestClock();
  const h = await startAppHarness({
    scenario: 'complete',
    knobs: { addToNewProjectsOnRead: true, ...knobs },
    background: false,
    jobClock: clock,
  });
  cleanups.push(() => h.close());
  const { fake } = h;
  const cid = fake.facts.companyId;
  const account = fake.serviceAccountId(cid)!;
  const signedIn = await h.signIn();
  const api = h.client(signedIn.sessionId);
  const status = async () => (await api.get<CompanyStatus>(`/api/companies/${cid}/status`)).body;
  expect((await status()).complete).toBe(true);
  // Jobs were queued on the real clock: the queue's clock starts from there.
  await clock.setTime(Date.now() + 1_000);
  const { jobs, watch } = h.server;
  const work = {
    hooks: () => jobs.workDue<Company>(QUEUES.watchHook, (j) => watch.ensureHook(j.data.companyId)),
    events: () =>
      jobs.workDue<{ ulid: string }>(QUEUES.watchEvent, (j) => watch.verifyEvent(j.data.ulid)),
    daily: () =>
      jobs.workDue<Company>(QUEUES.watchCompany, (j) => watch.reconcile(j.data.companyId)),
  };
  return { h, fake, cid, account, admin: signedIn.user.id, api, status, clock, work };
}
