import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from 'pg-boss';
import { verifySalusSignature } from '../../docs/examples/verify-salus-signature.ts';
import type { CompanyStatus, SupportCompanyRow, SupportOutbox } from '../../src/api/contract.ts';
import {
  SUPPORT_TOKEN,
  startAppHarness,
  startWebhookReceiver,
  type AppHarnessOptions,
  type Received,
} from '../support/app-harness.ts';

/**
 * The completion notice to SALUS support (issue 4, "Plan and apply"): delivered once from the
 * outbox with an HMAC-SHA256 signature and the completion id as idempotency key, retried when the
 * receiver fails; without a webhook, held and visible in the support view (SUPPORT_TOKEN).
 */

const WEBHOOK_SECRET = 'webhook-secret-for-integration-tests';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A company whose every check passes on the first look (Procore's reads show the flag). */
async function completeCompany(options: Partial<AppHarnessOptions> = {}) {
  const h = await startAppHarness({
    scenario: 'complete',
    knobs: { addToNewProjectsOnRead: true },
    // Deliveries happen when the test says, not on the notifier's timer.
    background: false,
    ...options,
  });
  cleanups.push(() => h.close());
  const { sessionId } = await h.signIn();
  const api = h.client(sessionId);
  const status = async () =>
    (await api.get<CompanyStatus>(`/api/companies/${h.fake.facts.companyId}/status`)).body;
  return { h, api, status };
}

/** Signed as the docs tell a receiver to verify (t within 5 minutes, v1 over "t.body"). */
function expectSigned(request: Received) {
  const given = String(request.headers['x-salus-signature'] ?? '');
  expect(given).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  expect(verifySalusSignature(request.body, given, WEBHOOK_SECRET).id).toBe(
    JSON.parse(request.body).id,
  );
  expect(request.headers['x-salus-signature-legacy']).toBeUndefined();
}

const supportNotice = (status: CompanyStatus) =>
  status.steps.find((s) => s.id === 'support-notified')!;

async function webhook(answers: number[] = []) {
  const receiver = await startWebhookReceiver(() => answers.shift() ?? 204);
  cleanups.push(receiver.close);
  return receiver;
}

describe('support notice by webhook', () => {
  it('delivers exactly one signed POST, keyed by the completion id', async () => {
    const receiver = await webhook();
    const { h, status } = await completeCompany({
      env: { SUPPORT_WEBHOOK_URL: receiver.url, SUPPORT_WEBHOOK_SECRET: WEBHOOK_SECRET },
    });
    const first = await status();
    expect(first.complete).toBe(true);
    const completion = first.completion!;
    expect(completion).toMatchObject({ supportNotice: 'queued' });
    // Recorded and on its way: nothing is left for the admin, so the step is complete.
    expect(supportNotice(first)).toMatchObject({
      state: 'complete',
      reason: null,
      details: { status: 'queued' },
    });
    expect(receiver.received).toEqual([]);

    expect(await h.server.notifier.deliverDue()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/salus/setup-completed');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['idempotency-key']).toBe(completion.id);
    expect(request!.headers['x-salus-event']).toBe('salus.setup.completed');
    expectSigned(request!);
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({
      type: 'salus.setup.completed',
      id: completion.id,
      company: { id: h.fake.facts.companyId, name: h.fake.facts.companyName },
      completed_at: completion.completedAt,
      completed_by: { id: h.fake.facts.adminUserId },
    });
    expect(body.steps.map((s: { id: string }) => s.id)).toEqual([
      'admin',
      'app-installed',
      'service-account',
      'company-template',
      'new-projects',
      'project-access',
      'connection-test',
      'over-privilege',
    ]);
    for (const s of body.steps) expect(s.state).toBe('complete');

    // Delivered once: further passes and further checks send nothing more.
    expect(await h.server.notifier.deliverDue()).toBe(0);
    const again = await status();
    expect(again.completion).toMatchObject({ id: completion.id, supportNotice: 'delivered' });
    expect(supportNotice(again).state).toBe('complete');
    expect(await h.server.notifier.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a failed delivery with the same key and body after the backoff', async () => {
    const receiver = await webhook([503]);
    const clock = new TestClock();
    const { h, status } = await completeCompany({
      env: { SUPPORT_WEBHOOK_URL: receiver.url, SUPPORT_WEBHOOK_SECRET: WEBHOOK_SECRET },
      jobClock: clock,
    });
    const completion = (await status()).completion!;

    expect(await h.server.notifier.deliverDue()).toBe(0);
    const [item] = (await h.server.store.outbox.list()).items;
    expect(item).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503' });
    expect((await status()).completion?.supportNotice).toBe('queued');
    // Not due again until the backoff has passed.
    expect(await h.server.notifier.deliverDue()).toBe(0);
    expect(receiver.received).toHaveLength(1);

    // The queue's backoff: 30 s doubling with jitter, so the first retry is due within 60 s.
    await clock.tick(61_000);
    expect(await h.server.notifier.deliverDue()).toBe(1);
    expect(receiver.received).toHaveLength(2);
    const [failed, delivered] = receiver.received;
    expect(delivered!.headers['idempotency-key']).toBe(completion.id);
    expect(failed!.headers['idempotency-key']).toBe(completion.id);
    expect(delivered!.body).toBe(failed!.body);
    expectSigned(delivered!);
    expect((await status()).completion?.supportNotice).toBe('delivered');
  });
});

describe('support notice without a webhook', () => {
  it('is held and shown in the support view, which needs the support token', async () => {
    const { h, status } = await completeCompany();
    const first = await status();
    expect(first.completion).toMatchObject({ supportNotice: 'held' });
    // Recorded for SALUS support, who read it in the support view: complete, not a problem.
    expect(supportNotice(first)).toMatchObject({
      state: 'complete',
      reason: null,
      details: { status: 'held' },
    });
    expect(await h.server.notifier.deliverDue()).toBe(0);

    const support = h.client();
    const auth = { Authorization: `Bearer ${SUPPORT_TOKEN}` };
    const companies = await support.get<SupportCompanyRow[]>('/api/support/companies', auth);
    expect(companies.status).toBe(200);
    expect(companies.body).toEqual([
      expect.objectContaining({
        companyId: h.fake.facts.companyId,
        companyName: h.fake.facts.companyName,
        state: 'complete',
        completedAt: first.completion!.completedAt,
        problems: [],
      }),
    ]);
    const outbox = await support.get<SupportOutbox>('/api/support/outbox', auth);
    expect(outbox.status).toBe(200);
    // The footer's view of the job queue: a held notice queues no job (what may wait is the
    // watch's: registering the company's webhook).
    expect(outbox.body.jobs).toMatchObject({ failed: 0, deadLetters: 0 });
    expect(
      await h.server.store.db.query(`SELECT 1 FROM pgboss.job WHERE name = 'support-notice'`),
    ).toEqual([]);
    expect(outbox.body.notices).toEqual([
      expect.objectContaining({
        kind: 'salus.setup.completed',
        companyId: h.fake.facts.companyId,
        status: 'held',
        deliveredAt: null,
        payload: expect.objectContaining({
          id: first.completion!.id,
          type: 'salus.setup.completed',
        }),
      }),
    ]);

    // A wrong, missing or Procore-session credential is not SALUS staff.
    const { sessionId } = await h.signIn();
    const credentials: Record<string, string>[] = [
      { Authorization: `Bearer ${SUPPORT_TOKEN}x` },
      {},
      { Authorization: `Bearer ${sessionId}` },
    ];
    for (const headers of credentials) {
      for (const path of ['/api/support/companies', '/api/support/outbox']) {
        expect(await support.get(path, headers)).toMatchObject({
          status: 401,
          body: { error: { code: 'unauthenticated' } },
        });
      }
    }
  });

  it('lists a company that still needs attention, with its problems', async () => {
    const h = await startAppHarness({ scenario: 'fresh-install', background: false });
    cleanups.push(() => h.close());
    const { sessionId } = await h.signIn();
    await h.client(sessionId).get(`/api/companies/${h.fake.facts.companyId}/status`);
    const companies = await h.client().get<SupportCompanyRow[]>('/api/support/companies', {
      Authorization: `Bearer ${SUPPORT_TOKEN}`,
    });
    expect(companies.body).toEqual([
      expect.objectContaining({
        companyId: h.fake.facts.companyId,
        state: 'needs-attention',
        completedAt: null,
        checkedAt: expect.any(String),
      }),
    ]);
    expect(companies.body[0]!.problems.length).toBeGreaterThan(0);
  });
});
