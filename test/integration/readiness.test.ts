import { afterEach, describe, expect, it } from 'vitest';
import { closeWithin } from '../../src/server/app.ts';
import { freshDatabase } from '../setup/engines.ts';
import { startAppHarness, startSignIn, type AppHarness } from '../support/app-harness.ts';
import { integrationEngines, ownStore } from '../support/engines.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';

/**
 * An unresponsive database (issue 13, item 6): requests fail within the pool's time limits
 * instead of hanging, `/readyz` says the instance cannot serve while `/healthz` (the process)
 * stays green, and shutdown ends within its deadline.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(integrationEngines)('/readyz [%s]', (engine) => {
  it('is 2xx only while the store answers and every migration is applied', async () => {
    const h = await startAppHarness({
      scenario: 'complete',
      store: await ownStore(engine, cleanups),
    });
    cleanups.push(() => h.close());
    const api = h.client();
    expect((await api.get('/readyz')).status).toBe(200);

    // Code newer than the database's schema (a migration not applied yet).
    const { db } = h.server.store;
    await db.query(
      `DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations)`,
    );
    expect((await api.get('/readyz')).status).toBe(503);
    expect((await api.get('/healthz')).status).toBe(200);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('a PostgreSQL that stops answering', () => {
  it('fails requests within the time limits; /readyz is 503, /healthz 200', async () => {
    const { url, drop } = await freshDatabase(process.env.TEST_DATABASE_URL!);
    cleanups.push(drop);
    const target = new URL(url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    const h: AppHarness = await startAppHarness({
      scenario: 'complete',
      store: { url: proxy.through(url), timeouts: { connectMs: 500, queryMs: 1_000 } },
    });
    cleanups.push(() => h.close());
    // Cut first: the app then closes on connections that fail at once, not on a frozen database
    // whose every query waits out its time limit (on a loaded machine, past the hook's minute).
    cleanups.push(proxy.close);
    const cid = h.fake.facts.companyId;
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    expect((await api.get('/readyz')).status).toBe(200);

    proxy.freeze();
    const ready = await api.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ok: false });
    expect((await api.get('/healthz')).status).toBe(200);
    // A request that needs the store answers with an error instead of hanging.
    const status = await api.get(`/api/companies/${cid}/status`);
    expect(status.status).toBe(500);
    expect(status.body).toMatchObject({ error: { code: expect.any(String) } });
  });
});

describe('shutdown', () => {
  it('ends within its deadline while a request is stuck on Procore', async () => {
    const h = await startAppHarness({ scenario: 'complete' });
    // The stuck call to Procore ends when the fake goes; then the app's own close completes.
    cleanups.push(async () => {
      await h.procore.close().catch(() => undefined);
      await h.close().catch(() => undefined);
    });
    // A sign-in whose code exchange Procore does not answer (the callback cannot be cancelled).
    const flow = await startSignIn(h.server.url);
    const { callbackUrl } = await flow.consent();
    h.fake.setKnobs({ latencyMs: 60_000 });
    const arrived = new Promise((resolve) => h.server.app.server.once('request', resolve));
    const stuck = flow.callback(callbackUrl).catch((error: unknown) => error);
    await arrived;
    const { forced } = await closeWithin(h.server.app, 300);
    expect(forced).toBe(true);
    expect(await stuck).toBeInstanceOf(Error); // its connection was cut
  });
});
