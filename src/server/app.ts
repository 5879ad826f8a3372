import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Clock } from '../procore/index.ts';
import { registerApiRoutes } from './routes/index.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { createCompanyService } from './company-service.ts';
import { readBuildInfo } from './build-info.ts';
import type { Config } from './config.ts';
import { createTokenCipher } from './crypto.ts';
import { HttpError, sendError, toHttpError } from './errors.ts';
import { loggerOptions } from './logging.ts';
import { createMetrics, registerMetrics } from './metrics.ts';
import { createProcoreAccess } from './procore-access.ts';
import { configureSignInRateLimits } from './rate-limits.ts';
import { createRetentionJanitor } from './retention.ts';
import { createJobQueue, QUEUES, type JobQueueOptions } from './jobs/queue.ts';
import { createRunManager } from './run-manager.ts';
import {
  isApiRoute,
  isStateChanging,
  rejectCsrf,
  setSecurityHeaders,
  type DeclaredRoute,
} from './security.ts';
import { openStore, type Store } from './store/index.ts';
import { createSupportGuard } from './support-access.ts';
import { createSupportNotifier } from './support-notifier.ts';
import { registerSupportSignIn } from './support-sign-in.ts';
import { registerWebhookRoute } from './routes/webhooks.ts';
import { createRepairService } from './watch/repair.ts';
import { createWatchService } from './watch/service.ts';
import { cacheControlFor } from './spa-build.ts';
import { createSweeper } from './sweeper.ts';

/**
 * The backend-for-frontend (DESIGN.md §3): OAuth and sessions, the app API, the SPA with its
 * security headers, background runs and support notices. The browser never sees a Procore token.
 */

export interface AppOptions {
  config: Config;
  /** An open store; by default one is opened from the config. */
  store?: Store;
  /** Where the built SPA lives (default `dist/`). */
  distDir?: string;
  clock?: Clock;
  fetch?: typeof fetch;
  logger?: FastifyServerOptions['logger'];
  /** Where the default JSON logs go (default: stdout). */
  logStream?: NodeJS.WritableStream;
  /**
   * Background work on this instance: the job queue's workers (runs, support notices, sweeps)
   * and its schedules. Default true. Off, the queue still takes jobs (tests work them by hand).
   */
  background?: boolean;
  /** The job queue's clock (tests drive pg-boss's `TestClock`). */
  jobClock?: JobQueueOptions['clock'];
  /** The support notices' retry policy (tests). */
  noticeRetry?: JobQueueOptions['noticeRetry'];
  /** How long `/readyz` waits for the store before answering 503. Default 2 s. */
  readyDeadlineMs?: number;
  /** How long an interactive request waits for Procore before "busy" (default 20 s). */
  interactiveDeadlineMs?: number;
}

/**
 * Closes the app (in-flight requests finish, runs park, background work stops), but gives up
 * after `deadlineMs`: then open connections are cut and it resolves anyway, so a hung database
 * or a slow Procore call cannot keep a stopping process alive. Resolves whether it was forced.
 */
export async function closeWithin(
  app: { close(): Promise<unknown>; server: { closeAllConnections(): void } },
  deadlineMs: number,
): Promise<{ forced: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), deadlineMs);
  });
  const closed = app.close().then(
    () => 'closed' as const,
    () => 'closed' as const,
  );
  const outcome = await Promise.race([closed, deadline]);
  clearTimeout(timer);
  if (outcome === 'deadline') app.server.closeAllConnections();
  return { forced: outcome === 'deadline' };
}

export async function buildApp(options: AppOptions) {
  const { config } = options;
  const store =
    options.store ??
    (await openStore({
      url: config.databaseUrl ?? undefined,
      dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
    }));
  const cipher = createTokenCipher(config.sessionSecret);
  const app = Fastify({
    logger: options.logger ?? loggerOptions(process.env.LOG_LEVEL ?? 'info', options.logStream),
    trustProxy: config.trustProxy,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 64 * 1024,
    // A URL the router cannot even decode is answered before any hook runs: in our error shape
    // and with the same headers as every other answer (framing policy included).
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(reply, 'none');
      reply.header('X-Request-Id', request.id);
      reply.header('Cache-Control', 'no-store');
      const http = toHttpError(error);
      return sendError(reply, http.status, http.code, http.message, http.details);
    },
  });
  const log = (message: string, extra?: Record<string, unknown>) =>
    app.log.info(extra ?? {}, message);
  const metrics = createMetrics({
    store,
    build: readBuildInfo(),
    budgets: () => access.budgets(),
    jobs: () => jobs.counts(),
  });

  const access = createProcoreAccess({
    config,
    store,
    cipher,
    clock: options.clock,
    fetch: options.fetch,
    // Procore's request id on every call, never a token.
    logger: (event) => {
      metrics.procoreEvent(event);
      app.log.debug(
        {
          companyId: event.companyId,
          procore: {
            method: event.method,
            path: event.path,
            status: event.status,
            requestId: event.requestId,
            ms: event.durationMs,
            attempt: event.attempt,
            who: event.who.split(':')[0],
          },
        },
        'procore call',
      );
    },
  });
  const background = options.background !== false;
  const jobs = createJobQueue({
    db: store.db,
    background,
    clock: options.jobClock,
    noticeRetry: options.noticeRetry,
    log: (message, extra) => app.log.warn(extra ?? {}, message),
  });
  const notifier = createSupportNotifier({
    config,
    store,
    jobs,
    fetch: options.fetch,
    log,
    onDelivery: metrics.webhookDelivery,
  });
  const watch = createWatchService({
    config,
    store,
    access,
    jobs,
    enqueueNotice: notifier.enqueue,
    appHourlyLimit: async () =>
      (await store.procoreKnowledge.hourlyLimit('app')) ?? config.procoreHourlyLimit,
    // The demo shows a new project's check within seconds, not after Procore's two minutes.
    ...(config.mode === 'demo' && { eventGraceMs: 5_000 }),
    log,
    repairs: {
      afterWatch: (companyId, found) => repairs.afterWatch(companyId, found),
      watchStopped: (companyId) => repairs.watchStopped(companyId),
    },
  });
  const companies = createCompanyService({
    config,
    store,
    access,
    enqueueNotice: notifier.enqueue,
    watch,
    autoRepair: (companyId) => repairs.status(companyId),
    log,
  });
  const runs = createRunManager({
    store,
    companies,
    cipher,
    log,
    onRulePaused: (run, reason) => repairs.rulePaused(run, reason),
    onChangedDuringRun: (run) => repairs.changedDuringRun(run),
    drives: {
      queue: async (runId, queued = {}) =>
        (await jobs.send(QUEUES.runDrive, { runId }, queued)) !== null,
      nudge: () => jobs.nudge(QUEUES.runDrive),
      waiting: (runIds) => jobs.unfinished([QUEUES.runDrive], 'runId', runIds),
    },
  });
  const repairs = createRepairService({
    store,
    access,
    cipher,
    companies,
    runs,
    jobs,
    enqueueNotice: notifier.enqueue,
    log,
  });
  const janitor = createRetentionJanitor({ config, store, access, log });
  const sweeper = createSweeper({ store, cipher, access, log });

  // The API takes JSON only: any other body is answered 415 before a route sees it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  await app.register(cookie);
  configureSignInRateLimits(app);
  await app.register(rateLimit, { global: false });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  // Every log line of a request about a company names it (the request id is there already).
  app.addHook('preHandler', async (request, reply) => {
    const companyId = (request.params as { cid?: unknown } | undefined)?.cid;
    if (typeof companyId === 'string') request.log = reply.log = request.log.child({ companyId });
  });
  registerMetrics(app, metrics, config.metricsToken);
  // Protection is decided per route, when the route is declared (its own path and methods), never
  // from the request's URL: the router decodes `/%61pi/…` to `/api/…`, a prefix test does not.
  const appOrigin = new URL(config.appBaseUrl).origin;
  const routes: DeclaredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    routes.push(...methods.map((method) => ({ method, url: route.url })));
    const hooks = [route.onRequest ?? []].flat();
    if (isApiRoute(route.url)) {
      hooks.unshift(async (_request, reply) => {
        setSecurityHeaders(reply, 'none');
        reply.header('Cache-Control', 'no-store');
        reply.header('Cross-Origin-Resource-Policy', 'same-origin');
      });
    }
    // Every state-changing route, whatever its path: deny by default. Only a route that declares
    // itself server to server (Procore's webhook) goes without, and authenticates on its own.
    if (methods.some(isStateChanging) && route.config?.serverToServer !== true) {
      hooks.push(async (request, reply) => {
        if (rejectCsrf(request, reply, appOrigin)) return reply;
      });
    }
    route.onRequest = hooks;
  });
  // Anything a browser can render and no route gave a policy (static files, 404s) cannot be
  // framed: only the iframe entry names FRAME_ANCESTORS.
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('Content-Security-Policy')) setSecurityHeaders(reply, 'none');
  });

  app.setErrorHandler((error, request, reply) => {
    const http = toHttpError(error);
    // A client's mistake (malformed JSON, a body too large, a content type we do not take,
    // `__proto__`, a failed schema) is the client's: 4xx, logged at info without a stack.
    // "Procore is busy" is an answer, not a failure of ours.
    if (http.status >= 500 && http.code !== 'procore-busy')
      request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: http.status, code: http.code }, http.message);
    return sendError(reply, http.status, http.code, http.message, http.details);
  });

  // /healthz: the process is up (restart it if not). /readyz: it can serve requests (route traffic
  // to it): the store answers within a deadline and is migrated, and it is not shutting down.
  app.get('/healthz', async () => ({ ok: true }));
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.get('/readyz', async (request, reply) => {
    const state = closing
      ? ({ ready: false, reason: 'shutting down' } as const)
      : await store.ready(options.readyDeadlineMs ?? 2_000);
    if (state.ready) return { ok: true };
    request.log.warn({ reason: state.reason }, 'not ready');
    return reply.code(503).send({ ok: false });
  });
  registerAuthRoutes(app, { config, store, access, repairs });
  const supportGuard = createSupportGuard(app, { config, store });
  registerSupportSignIn(app, { config, store, guard: supportGuard });
  registerWebhookRoute(app, { watch });
  const { checks } = await registerApiRoutes(app, {
    config,
    store,
    supportGuard,
    companies,
    runs,
    access,
    repairs,
    jobCounts: () => jobs.counts(),
    interactiveDeadlineMs: options.interactiveDeadlineMs,
  });

  const distDir = options.distDir ?? path.resolve('dist');
  if (existsSync(path.join(distDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: distDir,
      index: false,
      wildcard: false,
      cacheControl: false,
      setHeaders: (reply, filePath) =>
        reply.header('Cache-Control', cacheControlFor(distDir, filePath)),
    });
    // The iframe entry, framed only by Procore's hosts; the support view, a top-level page framed
    // by nobody.
    for (const route of ['/', '/support']) {
      app.get(route, (_request, reply) => {
        setSecurityHeaders(reply, route === '/' ? config.frameAncestors : 'none');
        reply.header('Cache-Control', 'no-cache');
        return reply.sendFile('index.html');
      });
    }
  }

  app.setNotFoundHandler((request, reply) => {
    const error = new HttpError(
      404,
      'not-found',
      `Nothing at ${request.method} ${request.url.split('?')[0]}`,
    );
    return sendError(reply, error.status, error.code, error.message);
  });

  // The queue starts (installing or migrating its schema) before the server listens. Background
  // work is jobs: there is no start-up scan of runs; parked runs come back as the `run-drive`
  // jobs their shutdown queued, and the `runs-reconcile` schedule finds those of a crashed one,
  // and the notices that have no job (recorded before notices were jobs).
  app.addHook('onReady', async () => {
    await jobs.ready();
    if (!background) return;
    await notifier.releaseHeld();
    await notifier.start();
    await jobs.work<{ runId: string }>(QUEUES.runDrive, (job) => runs.drive(job.data.runId), {
      localConcurrency: 2,
    });
    await jobs.work(QUEUES.runsReconcile, async () => {
      const queued = { runs: await runs.reconcile(), notices: await notifier.reconcile() };
      if (queued.runs + queued.notices > 0) log('queued work nobody had queued', queued);
    });
    await jobs.work(QUEUES.signInSweep, async () => {
      await sweeper.sweep();
      await watch.sweepEvents();
    });
    // Each company's checks spend that company's own app-token budget (§18): companies are
    // checked side by side, and a backlog is worked without waiting for the next poll.
    const watchWorkers = { localConcurrency: 4, burst: true };
    await jobs.work<{ ulid: string }>(
      QUEUES.watchEvent,
      (job) => watch.verifyEvent(job.data.ulid),
      watchWorkers,
    );
    await jobs.work<{ companyId: string }>(
      QUEUES.watchCompany,
      (job) => watch.reconcile(job.data.companyId),
      watchWorkers,
    );
    await jobs.work<{ companyId: string }>(
      QUEUES.watchHook,
      (job) => watch.ensureHook(job.data.companyId),
      watchWorkers,
    );
    await jobs.work(QUEUES.watchSchedule, async () => {
      const queued = await watch.queueDue();
      if (queued > 0) log('queued daily checks', { companies: queued });
    });
    await jobs.work(QUEUES.retentionSweep, async () => {
      await janitor.purgeDue();
    });
    await jobs.work<{ companyId: string }>(QUEUES.repairCompany, (job) =>
      repairs.repair(job.data.companyId),
    );
  });
  app.addHook('onClose', async () => {
    // This instance's workers stop first, so that no job reaches it any more; then its runs park
    // (each still running is queued as a job, for another instance to take), then the queue stops.
    watch.shutdown();
    repairs.shutdown();
    await jobs.stopWorkers();
    await runs.shutdown();
    await jobs.stop();
    if (!options.store) await store.close();
  });

  /**
   * Demo mode's scenario switch: the simulated company starts afresh, and so does everything the
   * app knew (sessions, checks, runs, completions, notices), as on a first start.
   */
  async function startAfresh() {
    if (config.mode !== 'demo') throw new Error('Only the demo starts afresh');
    checks.abortAll(new Error('demo scenario switched'));
    await runs.discardAll(async () => {
      await store.wipe();
      await jobs.wipe();
    });
    log('demo state started afresh');
  }

  return {
    app,
    store,
    runs,
    notifier,
    jobs,
    access,
    janitor,
    sweeper,
    routes,
    metrics,
    watch,
    repairs,
    startAfresh,
  };
}
