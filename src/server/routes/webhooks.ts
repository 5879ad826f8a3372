import type { FastifyInstance } from 'fastify';
import { sendError } from '../errors.ts';
import type { WatchService } from '../watch/service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Called by another server, never by a browser: no session and no CSRF header; the route
     * authenticates each request itself.
     */
    serverToServer?: boolean;
  }
}

/**
 * `POST /webhooks/procore`: Procore's company webhook deliveries (issue 19). Procore sends no
 * session and no CSRF header: each delivery is authenticated by the per-company secret in the
 * hook's header (`WatchService.receive`), and answered at once (Procore waits 5 s); the
 * verification is a job, after a grace period. Its rate limit is in rate-limits.ts.
 */
export function registerWebhookRoute(app: FastifyInstance, deps: { watch: WatchService }) {
  app.post('/webhooks/procore', { config: { serverToServer: true } }, async (request, reply) => {
    const answer = await deps.watch.receive(request.headers.authorization, request.body);
    request.log.info({ outcome: answer.outcome }, 'procore webhook delivery');
    if (answer.status === 202) return reply.code(202).send({ ok: true });
    if (answer.status === 401) {
      reply.header('WWW-Authenticate', 'Bearer realm="salus-setup-webhooks"');
      return sendError(
        reply,
        401,
        'unauthenticated',
        'This delivery does not carry the secret of a company SALUS Setup watches.',
      );
    }
    return sendError(reply, 400, 'bad-request', 'This delivery is not a Procore webhook event.');
  });
}
