import type { Config } from './config.ts';
import { noticeBody, signatureHeaders } from './notice-signature.ts';
import type { Store } from './store/index.ts';

/**
 * Delivers completion records to SALUS support from the outbox: `POST SUPPORT_WEBHOOK_URL` with
 * the JSON record, a timestamped HMAC-SHA256 signature of the exact body (notice-signature.ts),
 * and the record id as idempotency key, retried with backoff (or after the receiver's `Retry-After`) until it lands; redirects are
 * never followed. Without a webhook the notices stay 'held' and show in
 * the support view.
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

export function createSupportNotifier(deps: {
  config: Config;
  store: Store;
  fetch?: typeof fetch;
  log?: (message: string, extra?: Record<string, unknown>) => void;
  /** Each delivery attempt's outcome (metrics): refused is a 4xx that will not be retried. */
  onDelivery?: (outcome: 'delivered' | 'failed' | 'refused') => void;
}) {
  const { config, store } = deps;
  const fetchFn = deps.fetch ?? fetch;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function deliver(): Promise<number> {
    const url = config.supportWebhookUrl;
    if (!url) return 0;
    let delivered = 0;
    for (const item of await store.outbox.claimDue({ limit: 20 })) {
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
        if (response.ok) {
          await store.outbox.markDelivered(item.id);
          deps.onDelivery?.('delivered');
          delivered += 1;
        } else {
          const { status } = response;
          const permanent = status >= 400 && status < 500 && status !== 429;
          deps.onDelivery?.(permanent ? 'refused' : 'failed');
          await store.outbox.markFailed(
            item.id,
            status >= 300 && status < 400
              ? `HTTP ${status}: redirects are not followed`
              : `HTTP ${status}`,
            {
              permanent,
              retryAfterMs: retryAfterMs(response.headers.get('retry-after')) ?? undefined,
            },
          );
        }
      } catch (error) {
        deps.onDelivery?.('failed');
        await store.outbox.markFailed(
          item.id,
          error instanceof Error ? error.message : String(error),
        );
      }
    }
    return delivered;
  }

  return {
    /** One delivery pass (single-flight). */
    deliverDue(): Promise<number> {
      running ??= deliver().finally(() => {
        running = null;
      });
      return running;
    },
    /** Notices held while no webhook was configured go out once one is. */
    async releaseHeld(): Promise<number> {
      if (!config.supportWebhookUrl) return 0;
      return store.outbox.releaseHeld();
    },
    start(intervalMs = 10_000) {
      timer ??= setInterval(() => {
        this.deliverDue().catch((error) =>
          deps.log?.('support notice delivery failed', { error: String(error) }),
        );
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
