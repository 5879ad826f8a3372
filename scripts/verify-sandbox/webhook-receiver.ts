import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook receiver on this machine for `npm run verify:sandbox`: Procore cannot reach
 * localhost, so the operator forwards a public https URL (`VERIFY_WEBHOOK_URL`, e.g. a tunnel)
 * to it. It answers every POST 204 at once and keeps what arrived; nothing is printed, since the
 * headers carry the hook's secret.
 */

export interface ReceivedDelivery {
  /** When it arrived (ms since the epoch). */
  at: number;
  /** The `Authorization` header as it arrived. */
  authorization: string | null;
  /** The raw body, for `parseProcoreWebhookEvent`. */
  body: string;
}

export interface WebhookReceiver {
  /** Its own loopback URL (what a tunnel forwards to; the fake can POST to it directly). */
  localUrl: string;
  received: ReceivedDelivery[];
  /** Resolves true once `done(received)` holds, false after `timeoutMs` (real time). */
  waitFor(done: (received: ReceivedDelivery[]) => boolean, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  options: { host?: string; port?: number } = {},
): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST') {
        received.push({
          at: Date.now(),
          authorization: req.headers.authorization ?? null,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        listeners.forEach((notify) => notify());
      }
      res.writeHead(req.method === 'POST' ? 204 : 405).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    localUrl: `http://${address.address}:${address.port}/procore/events`,
    received,
    waitFor(done, timeoutMs) {
      if (done(received)) return Promise.resolve(true);
      return new Promise((resolve) => {
        const finish = (value: boolean) => {
          clearTimeout(timer);
          listeners.delete(check);
          resolve(value);
        };
        const check = () => {
          if (done(received)) finish(true);
        };
        const timer = setTimeout(() => finish(false), timeoutMs);
        listeners.add(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
