import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProcoreHttpEvent } from '../procore/index.ts';
import { safeEqual } from './crypto.ts';
import { DEAD_LETTER_QUEUES, type QueueCounts } from './jobs/queue.ts';
import type { Store } from './store/index.ts';

/**
 * Prometheus metrics (prom-client), one registry per app: what an on-call engineer watches
 * (README, "Operations"). `GET /metrics` answers only with `Authorization: Bearer METRICS_TOKEN`,
 * and not at all (404) without one configured: the public port shows nothing.
 * Labels never carry an id, a name or a token: only classes, kinds and states.
 */

/** `/rest/v1.0/companies/8/users/42` → `/rest/v1.0/companies/:id/users/:id`. */
export function endpointClass(path: string): string {
  return path
    .split('/')
    .map((part) => (/^\d+$/.test(part) || /^[0-9a-f-]{20,}$/i.test(part) ? ':id' : part))
    .join('/');
}

/** `user:123` or `app` → the kind of token, whose budgets Procore keeps apart. */
export const tokenKind = (who: string) => (who === 'app' ? 'app' : 'user');

export interface BuildInfo {
  version: string;
  commit: string;
}

export function createMetrics(deps: {
  store: Store;
  build: BuildInfo;
  /** Requests left in each pacer's current window, by kind of token. */
  budgets: () => { kind: 'app' | 'user'; remaining: number | null; waitMs: number }[];
  /** The job queue's counts per queue. */
  jobs: () => Promise<QueueCounts[]>;
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'salus_' });

  new Gauge({
    name: 'salus_build_info',
    help: 'The running build: version and commit (always 1).',
    labelNames: ['version', 'commit'],
    registers: [registry],
  }).set(deps.build, 1);

  const procoreRequests = new Counter({
    name: 'salus_procore_requests_total',
    help: 'Procore API responses by endpoint class, kind of token and HTTP status (0: network error).',
    labelNames: ['endpoint', 'token', 'status'],
    registers: [registry],
  });
  const rateLimitWaits = new Counter({
    name: 'salus_procore_rate_limit_waits_total',
    help: 'Retries after Procore answered 429 (rate limited) or 503, by kind of token.',
    labelNames: ['token', 'status'],
    registers: [registry],
  });
  const rateLimitWaitSeconds = new Counter({
    name: 'salus_procore_rate_limit_wait_seconds_total',
    help: 'Time spent waiting before those retries, by kind of token.',
    labelNames: ['token'],
    registers: [registry],
  });
  new Gauge({
    name: 'salus_procore_budget_remaining',
    help: "Fewest requests left in a token's current Procore window, by kind of token (known windows only).",
    labelNames: ['token'],
    registers: [registry],
    collect() {
      this.reset();
      const least = new Map<string, number>();
      for (const { kind, remaining } of deps.budgets()) {
        if (remaining === null) continue;
        least.set(kind, Math.min(remaining, least.get(kind) ?? Infinity));
      }
      for (const [kind, remaining] of least) this.set({ token: kind }, remaining);
    },
  });
  new Gauge({
    name: 'salus_runs',
    help: 'Runs (fixes and undos) in the store by state.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.store.db.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM runs GROUP BY status',
      );
      for (const { status, n } of rows) this.set({ state: status }, n);
    },
  });
  new Gauge({
    name: 'salus_active_run_items',
    help: 'Project items of running and paused runs by outcome (pending, added, failed, …).',
    labelNames: ['outcome'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.store.db.query<{ outcome: string; n: number }>(
        `SELECT outcome, count(*)::int AS n FROM run_items
         WHERE run_id IN (SELECT id FROM runs WHERE status IN ('running', 'paused'))
         GROUP BY outcome`,
      );
      for (const { outcome, n } of rows) this.set({ outcome }, n);
    },
  });
  // One read of the queue per scrape, shared by the job gauges below: pg-boss's cached counts.
  let jobCounts: Promise<QueueCounts[]> | null = null;
  const readJobs = () => {
    jobCounts ??= deps.jobs().finally(() => setImmediate(() => (jobCounts = null)));
    return jobCounts;
  };
  // Each job is counted once: a dead letter queue's jobs only as `salus_jobs_dead_letters` (they
  // wait for an operator, not for a worker: no backlog, no age that alerts).
  const jobGauge = (
    name: string,
    help: string,
    value: (c: QueueCounts) => number | null,
    deadLetters = false,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const counts of await readJobs()) {
          if (DEAD_LETTER_QUEUES.includes(counts.queue) !== deadLetters) continue;
          const v = value(counts);
          if (v !== null) this.set({ queue: counts.queue }, v);
        }
      },
    });
  jobGauge(
    'salus_jobs_queued',
    'Jobs waiting to run (created or retry) by queue, dead letter queues aside.',
    (c) => c.queued,
  );
  jobGauge('salus_jobs_active', 'Jobs being worked by queue.', (c) => c.active);
  jobGauge(
    'salus_jobs_oldest_age_seconds',
    'How long the oldest job ready to run has waited for a worker, by queue (absent when none).',
    (c) => c.oldestSeconds,
  );
  jobGauge(
    'salus_jobs_failed',
    'Jobs failed for good and still kept, by queue (each also left a dead letter).',
    (c) => c.failed,
  );
  jobGauge(
    'salus_jobs_dead_letters',
    'Jobs given up on and waiting for an operator, by the dead letter queue holding them.',
    (c) => c.queued,
    true,
  );
  const webhookDeliveries = new Counter({
    name: 'salus_support_webhook_deliveries_total',
    help: 'Deliveries of completion notices to SUPPORT_WEBHOOK_URL by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'salus_http_request_duration_seconds',
    help: 'Our HTTP answers by route and status; the status route is the live check.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30],
    registers: [registry],
  });

  return {
    registry,
    /** Feed of the Procore client's events (procore-access `logger`). */
    procoreEvent(event: ProcoreHttpEvent & { who: string }) {
      const token = tokenKind(event.who);
      if (event.type === 'response' || event.type === 'network-error') {
        procoreRequests.inc({
          endpoint: endpointClass(event.path),
          token,
          status: String(event.status ?? 0),
        });
      } else if (event.status === 429 || event.status === 503) {
        rateLimitWaits.inc({ token, status: String(event.status) });
        rateLimitWaitSeconds.inc({ token }, (event.delayMs ?? 0) / 1000);
      }
    },
    webhookDelivery(outcome: 'delivered' | 'failed' | 'refused') {
      webhookDeliveries.inc({ outcome });
    },
    observeHttp(method: string, route: string, status: number, seconds: number) {
      httpDuration.observe({ method, route, status: String(status) }, seconds);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** `GET /metrics` behind METRICS_TOKEN, and the hook that times every answer. */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string | null) {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route || route === '/metrics') return;
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  if (!token) return;
  app.get('/metrics', async (request, reply) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!safeEqual(given, token)) {
      return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ ok: false });
    }
    reply.header('Cache-Control', 'no-store');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
