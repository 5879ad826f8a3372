import { afterEach, describe, expect, it } from 'vitest';
import type { CompanyStatus } from '../../src/api/contract.ts';
import { retryAfterMs } from '../../src/server/support-notifier.ts';
import { TestClock } from 'pg-boss';
import { startAppHarness, startWebhookReceiver, type AppHarness } from '../support/app-harness.ts';

/**
 * The support webhook client (issue 13, item 17): it waits as long as the receiver's Retry-After
 * says, and never follows a redirect (the notice goes only to SUPPORT_WEBHOOK_URL).
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A company that completes on its first check, so a notice is queued at once. */
async function completedWithWebhook(url: string, clock: TestClock): Promise<AppHarness> {
  const h = await startAppHarness({
    scenario: 'complete',
    knobs: { addToNewProjectsOnRead: true },
    background: false,
    env: { SUPPORT_WEBHOOK_URL: url },
    jobClock: clock,
  });
  cleanups.push(() => h.close());
  const api = h.client((await h.signIn()).sessionId);
  const status = await api.get<CompanyStatus>(`/api/companies/${h.fake.facts.companyId}/status`);
  expect(status.body.completion).toMatchObject({ supportNotice: 'queued' });
  return h;
}

async function receiver(answers: Parameters<typeof startWebhookReceiver>[0]) {
  const r = await startWebhookReceiver(answers);
  cleanups.push(r.close);
  return r;
}

describe('the support webhook client', () => {
  it('waits for the receiver’s Retry-After rather than its own shorter backoff', async () => {
    const answers = [{ status: 503, headers: { 'Retry-After': '300' } }];
    const webhook = await receiver(() => answers.shift() ?? 204);
    const clock = new TestClock();
    const h = await completedWithWebhook(webhook.url, clock);

    expect(await h.server.notifier.deliverDue()).toBe(0);
    expect(webhook.received).toHaveLength(1);
    await clock.tick(61_000); // past the queue's own first backoff (30–60 s)
    expect(await h.server.notifier.deliverDue()).toBe(0);
    expect(webhook.received).toHaveLength(1);
    await clock.tick(240_000);
    expect(await h.server.notifier.deliverDue()).toBe(1);
    expect(webhook.received).toHaveLength(2);
  });

  it('reads Retry-After as seconds or an HTTP date, within a day', () => {
    const at = Date.parse('2026-12-04T12:00:00Z');
    expect(retryAfterMs('120', at)).toBe(120_000);
    expect(retryAfterMs('Fri, 04 Dec 2026 12:02:00 GMT', at)).toBe(120_000);
    expect(retryAfterMs('Fri, 04 Dec 2026 11:00:00 GMT', at)).toBe(0);
    expect(retryAfterMs('9999999', at)).toBe(24 * 3_600_000);
    expect(retryAfterMs('soon', at)).toBeNull();
    expect(retryAfterMs(null, at)).toBeNull();
  });

  it('does not follow a redirect: the notice goes nowhere else, and is retried later', async () => {
    const elsewhere = await receiver(() => 204);
    const redirects = [301, 302, 307, 308];
    const answers = redirects.map((status) => ({ status, headers: { Location: elsewhere.url } }));
    const webhook = await receiver(() => answers.shift() ?? 204);
    const clock = new TestClock();
    const h = await completedWithWebhook(webhook.url, clock);

    for (const [attempt, status] of redirects.entries()) {
      expect(await h.server.notifier.deliverDue(), `after ${status}`).toBe(0);
      expect(elsewhere.received).toEqual([]);
      expect((await h.server.store.outbox.list()).items).toEqual([
        expect.objectContaining({
          status: 'pending',
          attempts: attempt + 1,
          lastError: `HTTP ${status}: redirects are not followed`,
        }),
      ]);
      await clock.tick(60_000 * 2 ** attempt + 1_000); // past the backoff (with its jitter)
    }
    expect(await h.server.notifier.deliverDue()).toBe(1);
    expect(webhook.received).toHaveLength(redirects.length + 1);
    expect(elsewhere.received).toEqual([]);
  });
});
