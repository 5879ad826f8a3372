import { createHmac } from 'node:crypto';

/**
 * How a notice to SALUS support is signed, in the manner of Stripe's webhooks: the header
 * `X-Salus-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, so a receiver can refuse
 * a notice that is stale (a replay) as well as one that was altered. The body names itself
 * (`id`, `type`, `created_at`), so nothing a receiver relies on travels unsigned. How to verify:
 * docs/architecture.md, "Support notification" (its recipe is docs/examples/verify-salus-signature.ts).
 */
export const SIGNATURE_HEADER = 'X-Salus-Signature';

/**
 * The body-only signature (`sha256=<hex>`) that receivers which have not moved to the timestamped
 * scheme still check; sent only with SUPPORT_WEBHOOK_LEGACY_SIGNATURE=1.
 */
export const LEGACY_SIGNATURE_HEADER = 'X-Salus-Signature-Legacy';

const hmacHex = (secret: string, text: string) =>
  createHmac('sha256', secret).update(text).digest('hex');

/** `t=<unix seconds>,v1=<hex>` for `body` as it will be sent, byte for byte. */
export function signNotice(body: string, secret: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmacHex(secret, `${t}.${body}`)}`;
}

/** The signature of the body alone, as sent before the timestamped scheme. */
export function legacySignature(body: string, secret: string): string {
  return `sha256=${hmacHex(secret, body)}`;
}

/** The signature headers of one delivery (none without a secret). */
export function signatureHeaders(
  body: string,
  options: { secret: string | null; legacy: boolean; at: Date },
): Record<string, string> {
  const { secret, legacy, at } = options;
  if (!secret) return {};
  return {
    [SIGNATURE_HEADER]: signNotice(body, secret, at),
    ...(legacy ? { [LEGACY_SIGNATURE_HEADER]: legacySignature(body, secret) } : {}),
  };
}

/**
 * The JSON a notice is sent as: its payload, with the fields every notice carries (completion
 * and drift alike) filled from the outbox item when the payload lacks them: `id` (stable across
 * retries: receivers de-duplicate on it), `type` and `created_at`.
 */
export function noticeBody(item: {
  id: string;
  kind: string;
  payload: unknown;
  createdAt: Date;
}): string {
  const payload = (item.payload ?? {}) as Record<string, unknown>;
  return JSON.stringify({
    ...payload,
    id: payload.id ?? item.id,
    type: payload.type ?? item.kind,
    created_at: payload.created_at ?? item.createdAt.toISOString(),
  });
}
