import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { openStore } from '../../src/server/store/index.ts';
import { appClient, startAppHarness, type StoreSpec } from '../support/app-harness.ts';
import { integrationEngines, ownStore } from '../support/engines.ts';

/**
 * Token refresh is single-flight across instances (issue 13, item 5): two instances on one store
 * both find the session's access token expired at once; Procore sees one refresh, and both
 * requests go on with its tokens (before, the second spent refresh token signed the user out).
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(integrationEngines)('token refresh with two instances [%s]', (engine) => {
  it('refreshes once at Procore and both instances use the new tokens', async () => {
    const spec: StoreSpec = await ownStore(engine, cleanups);
    const h = await startAppHarness({
      scenario: 'complete',
      knobs: { addToNewProjectsOnRead: true },
      store: spec,
    });
    cleanups.push(() => h.close());
    // A second instance: on PostgreSQL a process of its own (its own pool); PGlite is embedded
    // in one process, so there it shares the store but nothing else (its own Procore access).
    const store = spec.url ? await openStore({ url: spec.url }) : h.server.store;
    if (spec.url) cleanups.push(() => store.close());
    const second = await buildApp({
      config: h.server.config,
      store,
      logger: false,
      background: false,
    });
    cleanups.push(async () => {
      await second.app.close();
    });
    const secondUrl = await second.app.listen({ host: '127.0.0.1', port: 0 });

    const cid = h.fake.facts.companyId;
    const { sessionId } = await h.signIn();
    const first = h.client(sessionId);
    const other = appClient(secondUrl, sessionId);
    // Both instances have looked once (their app tokens are cached).
    expect((await first.get(`/api/companies/${cid}/status`)).status).toBe(200);
    expect((await other.get(`/api/companies/${cid}/status`)).status).toBe(200);

    // The access token expires; both instances get a request for that user at once. Procore is
    // slow enough that both decide to refresh before either has new tokens.
    await h.server.store.db.query(
      `UPDATE sessions SET access_expires_at = now() - interval '1 minute'`,
    );
    h.fake.setKnobs({ latencyMs: 100 });
    const tokenCalls = () => h.loginRequests('/oauth/token');
    const before = tokenCalls().length;
    const [a, b] = await Promise.all([
      first.get(`/api/companies/${cid}/status`),
      other.get(`/api/companies/${cid}/status`),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const refreshes = tokenCalls().slice(before);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.status).toBe(200);
    // The session lives on, with no claim left behind.
    const [row] = await h.server.store.db.query<{ refresh_claim: string | null }>(
      `SELECT refresh_claim FROM sessions`,
    );
    expect(row).toEqual({ refresh_claim: null });
  });
});
