import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, CompanyStatus } from '../../src/api/contract.ts';
import type { Clock } from '../../src/procore/index.ts';
import { QUEUES } from '../../src/server/jobs/queue.ts';
import { startAppHarness, until, type AppHarness } from '../support/app-harness.ts';

/**
 * Interactive requests behind Procore's rate limit (issue 13, item 7): the screen gets "Procore
 * is busy, we will keep checking" with what is known within the deadline, instead of waiting up
 * to an hour; and when the browser goes away, the wait for Procore is cancelled.
 */

let h: AppHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/**
 * The server's Procore clock: short sleeps pass at once (time jumps ahead); a long one (a rate-limit window to
 * wait out) is held until its signal aborts, and counted, so the test sees the wait happen.
 */
function holdingClock() {
  const held = new Set<object>();
  let offset = 0;
  const clock: Clock = {
    now: () => Date.now() + offset,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        if (ms < 60_000) {
          offset += ms;
          return resolve();
        }
        const sleeper = {};
        held.add(sleeper);
        signal?.addEventListener(
          'abort',
          () => {
            held.delete(sleeper);
            reject(signal.reason);
          },
          { once: true },
        );
      }),
  };
  return { clock, held };
}

async function signedInBehindTheLimit(interactiveDeadlineMs?: number) {
  const { clock, held } = holdingClock();
  h = await startAppHarness({
    scenario: 'complete',
    knobs: { addToNewProjectsOnRead: true },
    clock,
    interactiveDeadlineMs,
    // The admin's request alone: the watch's jobs (the app token, also behind the limit) would
    // hold waits of their own.
    background: false,
  });
  const cid = h.fake.facts.companyId;
  const { sessionId } = await h.signIn();
  const api = h.client(sessionId);
  // A first check completes and is recorded: what is known.
  const first = await api.get<CompanyStatus>(`/api/companies/${cid}/status`);
  expect(first.status).toBe(200);
  // Then the admin's token has spent its hour. A rolling window: the first check's requests
  // free a slot only an hour after they were made, whatever the wall clock says (an aligned
  // window would reset on the hour, which is seconds away when the test runs at :59).
  h.fake.setKnobs({ rateLimits: { hourly: 1, window: 'rolling' } });
  return { h, api, cid, held, sessionId, first: first.body };
}

describe('an interactive request behind the rate limit', () => {
  it('answers "Procore is busy" with what is known within its deadline, and keeps checking', async () => {
    const { h, api, cid, held, first } = await signedInBehindTheLimit(3_000);
    const busy = await api.get<ApiError>(`/api/companies/${cid}/status`);
    expect(busy.status).toBe(503);
    expect(busy.body.error).toMatchObject({
      code: 'procore-busy',
      busy: { retryAfterSeconds: expect.any(Number) },
    });
    const known = busy.body.error.busy!.known!;
    expect(known.steps.map((s) => [s.id, s.state])).toEqual(
      first.steps.map((s) => [s.id, s.state]),
    );
    // The check goes on behind the answer (it waits for Procore's window), and the screen's next
    // ask joins it rather than starting another.
    const waiting = held.size;
    expect(waiting).toBeGreaterThan(0);
    const requests = h.fake.requestLog.length;
    const again = await api.get<ApiError>(`/api/companies/${cid}/status`);
    expect(again.body.error.code).toBe('procore-busy');
    expect(held.size).toBe(waiting);
    expect(h.fake.requestLog.length).toBe(requests);
  });

  it('cancels the wait for Procore when the browser goes away', async () => {
    const { h, cid, held, sessionId } = await signedInBehindTheLimit(60_000);
    const browser = new AbortController();
    const pending = fetch(`${h.server.url}/api/companies/${cid}/status`, {
      headers: { Authorization: `Bearer ${sessionId}` },
      signal: browser.signal,
    }).catch((error: unknown) => error);
    await until(() => held.size > 0, 'the check waiting for the rate-limit window');
    browser.abort();
    expect(await pending).toBeInstanceOf(Error);
    await until(() => held.size === 0, 'the wait cancelled');
    // The aborted request can leave the test client's socket half-open, which a graceful close
    // would wait for (production's shutdown cuts such connections after its deadline).
    h.server.app.server.closeAllConnections();
  });
});

describe('a background job behind the rate limit', () => {
  it('gives up its wait when the server shuts down, instead of holding the shutdown for an hour', async () => {
    const { clock, held } = holdingClock();
    h = await startAppHarness({
      scenario: 'complete',
      knobs: { addToNewProjectsOnRead: true },
      clock,
    });
    const cid = h.fake.facts.companyId;
    const api = h.client((await h.signIn()).sessionId);
    expect((await api.get<CompanyStatus>(`/api/companies/${cid}/status`)).body.complete).toBe(true);
    // The app token has spent its hour; the company's daily check starts now.
    h.fake.setKnobs({ rateLimits: { hourly: 1, window: 'rolling' } });
    await h.server.jobs.send(QUEUES.watchCompany, { companyId: cid });
    h.server.jobs.nudge(QUEUES.watchCompany);
    await until(() => held.size > 0, 'the daily check waiting for the rate-limit window');
    const server = h;
    h = null;
    await server.close();
    expect(held.size).toBe(0);
  });
});
