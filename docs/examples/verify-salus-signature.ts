import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a notice's `t` may be from the receiver's clock, either way. */
const TOLERANCE_SECONDS = 5 * 60;

export interface SalusNotice {
  id: string;
  type: string;
  created_at: string;
  [field: string]: unknown;
}

/**
 * Checks a notice from SALUS Setup and returns it, or throws. `rawBody` is the request body
 * exactly as received (before any JSON parsing), `header` the `X-Salus-Signature` value.
 */
export function verifySalusSignature(
  rawBody: string,
  header: string | undefined,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): SalusNotice {
  const pairs = (header ?? '').split(',').map((part) => part.trim().split('='));
  const t = Number(pairs.find(([key]) => key === 't')?.[1]);
  const given = pairs.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!Number.isInteger(t) || given.length === 0) throw new Error('no SALUS signature');
  if (Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) throw new Error('stale SALUS signature');
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const matches = given.some((hex) => {
    const signature = Buffer.from(hex, 'hex');
    return signature.length === expected.length && timingSafeEqual(signature, expected);
  });
  if (!matches) throw new Error('wrong SALUS signature');
  return JSON.parse(rawBody) as SalusNotice;
}

/**
 * Where a receiver remembers the notices it has acted on: durable, in its own database, never in
 * memory, so a notice delivered again after a restart or to another instance is still known.
 * For example a table `salus_notices (id text PRIMARY KEY)`, `add` being
 * `INSERT INTO salus_notices (id) VALUES ($1) ON CONFLICT (id) DO NOTHING` (true when it
 * inserted a row), in the transaction that acts on the notice: a notice whose handling failed
 * leaves no id behind, and is handled when it comes again.
 */
export interface SeenNotices {
  /** Records `id`; false when it was recorded already. */
  add(id: string): Promise<boolean>;
}

/**
 * A receiver: verify, then act on each notice once. Delivery is at least once, so the same
 * notice can arrive again.
 */
export async function receiveSalusNotice(
  rawBody: string,
  header: string | undefined,
  secret: string,
  seen: SeenNotices,
): Promise<'accepted' | 'duplicate'> {
  const notice = verifySalusSignature(rawBody, header, secret);
  if (!(await seen.add(notice.id))) return 'duplicate';
  // … handle notice.type: 'salus.setup.completed' or 'salus.setup.drift'
  return 'accepted';
}
