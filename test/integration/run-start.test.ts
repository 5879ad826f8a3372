import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../src/api/contract.ts';
import type { Db } from '../../src/server/store/index.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { integrationEngines, ownStore } from '../support/engines.ts';

/**
 * Starting a fix or an undo writes the run and its ledger in one transaction (issue 13, item 4):
 * a store error while the ledger is written leaves no run behind, so nothing (on this instance or
 * another) picks up a half-recorded run and PATCHes the account.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Makes every ledger insert fail, as a store error between the two writes would. */
async function breakLedger(db: Db) {
  await db.exec(`
    CREATE OR REPLACE FUNCTION test_refuse_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'ledger unavailable'; END $$;
    CREATE TRIGGER test_refuse_ledger BEFORE INSERT ON run_items
      FOR EACH ROW EXECUTE FUNCTION test_refuse_ledger();`);
  return () => db.exec(`DROP TRIGGER test_refuse_ledger ON run_items`);
}

describe.each(integrationEngines)('starting a run [%s]', (engine) => {
  async function harness(): Promise<AppHarness> {
    const store = await ownStore(engine, cleanups);
    const h = await startAppHarness({
      scenario: 'fresh-install',
      knobs: { addToNewProjectsOnRead: true },
      store,
    });
    cleanups.push(() => h.close());
    return h;
  }

  it('a fix whose ledger cannot be written leaves no run and changes nothing in Procore', async () => {
    const h = await harness();
    const cid = h.fake.facts.companyId;
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    expect((await api.get(`/api/companies/${cid}/plan`)).status).toBe(200);

    const repair = await breakLedger(h.server.store.db);
    const failed = await api.apply(cid);
    expect(failed.status).toBe(500);
    expect(await h.server.store.runs.listForCompany(cid)).toEqual([]);
    expect(await h.server.store.runs.listActive()).toEqual([]);
    // A restart (or another instance) finds nothing to resume.
    await h.server.runs.resumeAll();
    expect(h.fake.writeLog).toEqual([]);

    // Once the store is well again the admin simply starts it again.
    await repair();
    const started = await api.apply<RunProgress>(cid);
    expect(started.status).toBe(201);
    await h.server.runs.settled(started.body.runId);
    expect((await h.server.runs.get(started.body.runId))?.status).toBe('succeeded');
  });

  it('an undo whose ledger cannot be written leaves no run and removes nothing', async () => {
    const h = await harness();
    const cid = h.fake.facts.companyId;
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    await api.get(`/api/companies/${cid}/plan`);
    const fix = await api.apply<RunProgress>(cid);
    await h.server.runs.settled(fix.body.runId);
    h.fake.clearLogs();

    await breakLedger(h.server.store.db);
    const failed = await api.post(`/api/runs/${fix.body.runId}/undo`);
    expect(failed.status).toBe(500);
    const runs = await h.server.store.runs.listForCompany(cid);
    expect(runs.map((r) => r.id)).toEqual([fix.body.runId]);
    await h.server.runs.resumeAll();
    expect(h.fake.writeLog).toEqual([]);
  });
});
