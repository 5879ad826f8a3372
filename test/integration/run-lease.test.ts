import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../src/api/contract.ts';
import { buildApp } from '../../src/server/app.ts';
import { storeOver } from '../../src/server/store/index.ts';
import { movableNow, startAppHarness, until, type AppHarness } from '../support/app-harness.ts';
import { integrationEngines, ownStore } from '../support/engines.ts';

/**
 * Run leases (issue 13, item 11): their times are the database's, so an instance whose clock
 * jumped cannot take a live lease; and they carry a fencing token, so after a takeover the old
 * holder sends no new Procore request and writes no ledger row.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(integrationEngines)('run leases [%s]', (engine) => {
  async function startedRun() {
    const h: AppHarness = await startAppHarness({
      scenario: 'fresh-install',
      knobs: { betaEndpoints: { bulkAdd: false } },
      store: await ownStore(engine, cleanups),
    });
    cleanups.push(() => h.close());
    const cid = h.fake.facts.companyId;
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    await api.get(`/api/companies/${cid}/plan`);
    h.fake.setKnobs({ latencyMs: 25 });
    const started = await api.apply<RunProgress>(cid);
    expect(started.status).toBe(201);
    // Its drive job taken: this instance holds the company's lease.
    await until(() => h.server.store.leases.get(`run:${cid}`), 'the run under way');
    return { h, cid, runId: started.body.runId };
  }

  it('an instance whose clock jumped ahead cannot take the run from its live holder', async () => {
    const { h, cid, runId } = await startedRun();
    const jumped = movableNow();
    jumped.advance(10 * 60_000); // well past the lease's 60 s, on this instance's clock only
    const second = await buildApp({
      config: h.server.config,
      store: storeOver(h.server.store.db, { now: jumped }),
      logger: false,
      background: false,
    });
    cleanups.push(async () => {
      await second.app.close();
    });
    await second.runs.resumeAll();
    await second.runs.activeFor(cid);
    // The contest happened while there was work left to take.
    expect((await second.runs.get(runId))?.counts.pending).toBeGreaterThan(0);

    await h.server.runs.settled(runId);
    await second.runs.settled(runId);
    expect(await second.runs.get(runId)).toMatchObject({
      status: 'succeeded',
      counts: { added: h.fake.facts.activeProjects, pending: 0 },
    });
    const sent = h.fake.requestLog.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/actions/add'),
    );
    expect(sent).toHaveLength(h.fake.facts.activeProjects);
  });

  it('after a takeover the old holder sends no new request and writes no ledger row', async () => {
    const { h, cid, runId } = await startedRun();
    const { db, leases } = h.server.store;
    const adds = () => h.fake.writeLog.filter((w) => w.kind === 'membership.add');
    await until(() => adds().length >= 3, 'the first adds');

    // The holder stalls past its lease (as in a long GC pause or a partition), and another
    // instance takes the run over: on the database's clock, with the next fence.
    await db.query(
      `UPDATE leases SET expires_at = clock_timestamp() - interval '1 second' WHERE name = $1`,
      [`run:${cid}`],
    );
    const taken = await leases.acquire(`run:${cid}`, 'instance-b', 60_000);
    expect(taken).not.toBeNull();
    const requestsAtTakeover = h.fake.requestLog.length;
    const ledger = () =>
      db.query(
        `SELECT project_id, outcome, sent_at, attempts, code FROM run_items
         WHERE run_id = $1 ORDER BY project_id`,
        [runId],
      );
    const audit = () => db.query(`SELECT id FROM audit WHERE run_id = $1 ORDER BY id`, [runId]);
    const [ledgerAtTakeover, auditAtTakeover] = [await ledger(), await audit()];
    expect(ledgerAtTakeover.some((r) => r.outcome === 'pending')).toBe(true);

    await h.server.runs.settled(runId);
    // At most the two writes already past their check (two in flight) reach Procore late.
    expect(h.fake.requestLog.length - requestsAtTakeover).toBeLessThanOrEqual(2);
    expect(await ledger()).toEqual(ledgerAtTakeover);
    expect(await audit()).toEqual(auditAtTakeover);
    // The run is left to its new holder, neither paused nor finished by the old one.
    expect((await h.server.store.runs.get(runId))?.status).toBe('running');
    expect(await leases.get(`run:${cid}`)).toMatchObject({ owner: 'instance-b' });
  });
});
