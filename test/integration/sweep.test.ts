import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../src/api/contract.ts';
import { hashSecret } from '../../src/server/store/index.ts';
import { movableNow, startAppHarness, startSignIn } from '../support/app-harness.ts';
import { integrationEngines, ownStore } from '../support/engines.ts';

/**
 * Expired sign-in data is deleted and its grants revoked (issue 13, item 8), except a grant a
 * running or paused run acts through; the unauthenticated sign-in routes are rate-limited.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HOUR = 60 * 60_000;

describe.each(integrationEngines)('the sweep [%s]', (engine) => {
  it('deletes expired states, hand-offs and sessions, revoking all but a paused run’s grant', async () => {
    const now = movableNow();
    const h = await startAppHarness({
      scenario: 'fresh-install',
      knobs: { addToNewProjectsOnRead: true },
      store: await ownStore(engine, cleanups, { now }),
    });
    cleanups.push(() => h.close());
    const cid = h.fake.facts.companyId;
    const { store, sweeper } = h.server;
    const acting = await h.signIn();
    const idle = await h.signIn();
    // A trial run waits after one project, acting through the first session.
    await h.client(acting.sessionId).get(`/api/companies/${cid}/plan`);
    const run = await h.client(acting.sessionId).apply<RunProgress>(cid, { trial: true });
    await h.server.runs.settled(run.body.runId);
    expect((await h.server.runs.get(run.body.runId))?.status).toBe('trial-done');
    // A sign-in that was prepared and never finished.
    await startSignIn(h.server.url);
    const rows = async (table: string) =>
      (await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
    const revokes = () => h.loginRequests('/oauth/revoke').length;
    expect(await sweeper.sweep()).toEqual({
      states: 0,
      handoffs: 0,
      sessions: 0,
      supportSignIns: 0,
      supportSessions: 0,
    });

    now.advance(13 * HOUR); // past the 12-hour idle limit and every state's and code's TTL
    const before = revokes();
    const swept = await sweeper.sweep();
    expect(swept).toMatchObject({ sessions: 1 });
    expect(swept.states).toBeGreaterThanOrEqual(3);
    expect(swept.handoffs).toBe(2);
    expect(await rows('oauth_states')).toBe(0);
    expect(await rows('sign_in_results')).toBe(0);
    expect(await rows('handoffs')).toBe(0);
    expect(revokes()).toBe(before + 1);
    const left = await store.db.query<{ id: string }>(`SELECT id FROM sessions`);
    expect(left.map((r) => r.id)).toEqual([hashSecret(acting.sessionId)]);
    expect(left.map((r) => r.id)).not.toContain(hashSecret(idle.sessionId));

    // Once the run is over, its grant goes the same way.
    await store.runs.update(run.body.runId, { status: 'cancelled' });
    expect(await sweeper.sweep()).toMatchObject({ sessions: 1 });
    expect(revokes()).toBe(before + 2);
    expect(await rows('sessions')).toBe(0);
  });
});

describe('the sweep of SALUS support sign-in', () => {
  it('deletes support sign-ins past 10 minutes and support sessions that are over', async () => {
    const now = movableNow();
    const h = await startAppHarness({ scenario: 'complete', store: { now }, background: false });
    cleanups.push(() => h.close());
    const { store, sweeper } = h.server;
    const person = (sub: string) => ({ subject: sub, email: `${sub}@salus.example`, groups: [] });
    await store.supportSessions.startSignIn({
      state: 'state',
      browserBinding: 'browser',
      codeVerifier: 'verifier',
      nonce: 'nonce',
    });
    await store.supportSessions.end(await store.supportSessions.create(person('signed-out')));
    const live = await store.supportSessions.create(person('working'));
    const left = async () =>
      (await store.db.query<{ email: string }>('SELECT email FROM support_sessions')).map(
        (row) => row.email,
      );

    expect(await sweeper.sweep()).toMatchObject({ supportSignIns: 0, supportSessions: 1 });
    expect(await left()).toEqual(['working@salus.example']);
    now.advance(11 * 60_000);
    expect(await store.supportSessions.find(live)).not.toBeNull();
    expect(await sweeper.sweep()).toMatchObject({ supportSignIns: 1, supportSessions: 0 });
    now.advance(30 * 60_000); // idle past 30 minutes
    expect(await sweeper.sweep()).toMatchObject({ supportSessions: 1 });
    expect(await left()).toEqual([]);
  });
});

describe('rate limits on the sign-in routes', () => {
  it('limits /auth/prepare per client address', async () => {
    const h = await startAppHarness({ scenario: 'complete' });
    cleanups.push(() => h.close());
    const api = h.client();
    const prepare = () => api.post('/auth/prepare', { nonce: 'n'.repeat(43) });
    for (let i = 0; i < 60; i++) expect((await prepare()).status).toBe(200);
    const refused = await prepare();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'rate-limited' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits /auth/poll per sign-in state, not per address', async () => {
    const h = await startAppHarness({ scenario: 'complete' });
    cleanups.push(() => h.close());
    const busy = await startSignIn(h.server.url);
    const other = await startSignIn(h.server.url);
    // About a minute and a half of polling every 1.5 s is within the limit…
    for (let i = 0; i < 60; i++) expect((await busy.poll()).status).toBe(200);
    for (let i = 60; i < 90; i++) await busy.poll();
    // …a flood is not, and it does not stop another sign-in from the same address.
    const refused = await busy.poll();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'rate-limited' } });
    expect(await other.poll()).toMatchObject({ status: 200, body: { status: 'pending' } });
  });
});
