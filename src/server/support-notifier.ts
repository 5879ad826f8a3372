import type { JobWithMetadata } from 'pg-boss';
import type { Config } from './config.ts';
import { DeadLetterError, QUEUES, type JobQueue } from './jobs/queue.ts';
import { noticeBody, signatureHeaders } from './notice-signature.ts';
import type { OutboxItem, Queryable, Repositories, Store } from './store/index.ts';

/** A notice for SALUS support, as a service records it (`SupportNotifier.enqueue`). */
export type NewNotice = Omit<Parameters<Repositories['outbox']['enqueue']>[0], 'held'>;

/*
 * Delivers completion records to SALUS support from the outbox: `POST SUPPORT_WEBHOOK_URL` with
 * the JSON record, a timestamped HMAC-SHA256 signature of the exact body (notice-signature.ts),
 * and the record id as idempotency key, one POST per job on the `support-notice` queue, which
 * retries it with backoff (or after the receiver's `Retry-After`) and dead-letters it after its
 * limit; redirects are never followed. Without a webhook the notices stay 'held' and show in the
 * support view.
 */

/** The longest wait a receiver's Retry-After is honoured for. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

/** `Retry-After` as delay-seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | null, nowMs = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - nowMs;
  return Number.isNaN(ms) ? null : Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** What one delivery attempt came to. */
type Attempt =
  | { outcome: 'delivered' }
  | { outcome: 'failed'; error: string; retryAfterMs: number | null }
  | { outcome: 'refused'; error: string };

/** A `support-notice` job: the outbox item it delivers, by id only. */
export interface NoticeJob {
  outboxId: string;
}

export function createSupportNotifier(deps: {
  config: Config;
  store: Store;
  jobs: JobQueue;
  fetch?: typeof fetch;
  log?: (message: string, extra?: Record<string, unknown>) => void;
  /** Each delivery attempt's outcome (metrics): refused is a 4xx that will not be retried. */
  onDelivery?: (outcome: 'delivered' | 'failed' | 'refused') => void;
}) {
  const { config, store, jobs } = deps;
  const fetchFn = deps.fetch ?? fetch;

  async function post(url: string, item: OutboxItem): Promise<Attempt> {
    const body = noticeBody(item);
    try {
      const response = await fetchFn(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': item.idempotencyKey,
          'X-Salus-Event': item.kind,
          ...signatureHeaders(body, {
            secret: config.supportWebhookSecret,
            legacy: config.supportWebhookLegacySignature,
            at: new Date(),
          }),
        },
        body,
        // A redirect is not followed: the notice (and its signature) goes only where
        // SUPPORT_WEBHOOK_URL says. It counts as a failed attempt.
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      await response.body?.cancel();
      if (response.ok) return { outcome: 'delivered' };
      const { status } = response;
      const error =
        status >= 300 && status < 400
          ? `HTTP ${status}: redirects are not followed`
          : `HTTP ${status}`;
      if (status >= 400 && status < 500 && status !== 429) return { outcome: 'refused', error };
      return {
        outcome: 'failed',
        error,
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { outcome: 'failed', error: message, retryAfterMs: null };
    }
  }

  /**
   * One `support-notice` job: one POST. Delivered: the item is marked so and the job completes.
   * Failed: the job fails and the queue retries it with its backoff (or after the receiver's
   * Retry-After), and after its last attempt moves it to the dead letter queue. Refused (a 4xx
   * other than 429): the queue gives it up at once, straight to the dead letter queue.
   */
  async function handle(job: JobWithMetadata<NoticeJob>): Promise<void> {
    const url = config.supportWebhookUrl;
    const item = await store.outbox.get(job.data.outboxId);
    // Delivered already, held, or given up (an operator releases it before retrying the job).
    if (!url || !item || item.status !== 'pending') return;
    const attempts = job.retryCount + 1;
    await store.outbox.markAttempt(item.id, attempts);
    const result = await post(url, item);
    deps.onDelivery?.(result.outcome);
    if (result.outcome === 'delivered') {
      await store.outbox.markDelivered(item.id);
      return;
    }
    if (result.outcome === 'refused') {
      await store.outbox.markFailed(item.id, result.error, { attempts, final: true });
      throw new DeadLetterError(result.error);
    }
    const final = job.retryCount >= job.retryLimit;
    await store.outbox.markFailed(item.id, result.error, { attempts, final });
    if (!final && result.retryAfterMs !== null) {
      // The receiver said when: this attempt fails as any other (the queue counts it), and its
      // next one waits that long instead of the queue's own backoff.
      const name = QUEUES.supportNotice;
      await jobs.boss.fail(name, job, { error: result.error });
      const startAfter = new Date(jobs.now() + result.retryAfterMs);
      await jobs.boss.update(name, undefined, { id: job.id, startAfter });
      return;
    }
    throw new Error(result.error);
  }

  /**
   * Queues a delivery job for each of these outbox items, in `tx` when given, keyed by the item
   * (with `singletonSeconds`, a second job for it within that time is refused). How many.
   */
  async function queue(
    ids: readonly string[],
    options: { tx?: Queryable; singletonSeconds?: number } = {},
  ): Promise<number> {
    let queued = 0;
    for (const outboxId of ids) {
      const sent = { ...options, singletonKey: outboxId };
      if ((await jobs.send(QUEUES.supportNotice, { outboxId }, sent)) !== null) queued += 1;
    }
    return queued;
  }

  return {
    handle,
    queue,
    /**
     * Records a notice in the caller's transaction and, unless it is held (no support webhook
     * is configured), the job that delivers it: one place for every service that tells support.
     */
    async enqueue(repos: Repositories, notice: NewNotice): Promise<void> {
      const { item, created } = await repos.outbox.enqueue({
        ...notice,
        held: !config.supportWebhookUrl,
      });
      if (created && item.status === 'pending') await queue([item.id], { tx: repos.sql });
    },
    /** Works the notice jobs due now, on this instance (tests; the worker does it otherwise). */
    async deliverDue(): Promise<number> {
      let delivered = 0;
      await jobs.workDue<NoticeJob>(QUEUES.supportNotice, async (job) => {
        await handle(job);
        if ((await store.outbox.get(job.data.outboxId))?.status === 'delivered') delivered += 1;
      });
      return delivered;
    },
    /**
     * The reconcile schedule's part (every minute, on one instance): a delivery job for each
     * pending notice without one (none waiting, running or dead-lettered), e.g. those recorded
     * before notices were jobs, which nothing else would ever send. A notice that has one is left
     * alone, and the key refuses a second job for a notice within five minutes.
     */
    async reconcile(): Promise<number> {
      if (!config.supportWebhookUrl) return 0;
      const pending = await store.outbox.pendingIds();
      const withJob = await jobs.unfinished(
        [QUEUES.supportNotice, QUEUES.supportNoticeDead],
        'outboxId',
        pending,
      );
      const jobless = pending.filter((id) => !withJob.has(id));
      return queue(jobless, { singletonSeconds: 5 * 60 });
    },
    /** Notices held while no webhook was configured go out once one is. */
    async releaseHeld(): Promise<number> {
      if (!config.supportWebhookUrl) return 0;
      return store.transaction(async (tx) => {
        const ids = await tx.outbox.releaseHeld();
        await queue(ids, { tx: tx.sql });
        return ids.length;
      });
    },
    /** Works notice jobs on this instance, as they come due. */
    start: () => jobs.work<NoticeJob>(QUEUES.supportNotice, handle),
  };
}
