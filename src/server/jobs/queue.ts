import {
  PgBoss,
  fromPglite,
  systemClock,
  type Clock as BossClock,
  type ConstructorOptions,
  type Db as BossDb,
  type JobWithMetadata,
  type Queue,
} from 'pg-boss';
import type { Db, Queryable } from '../store/index.ts';

/**
 * The job queue every instance shares (README, "Background work"): pg-boss on the store's own
 * database, in its own schema `pgboss` (created and migrated by pg-boss at start, beside our
 * tables and `schema_migrations`, which it never touches). On PGlite it shares the store's one
 * connection (`fromPglite`); on PostgreSQL it keeps a small pool of its own.
 *
 * Payloads hold ids only (a run, an outbox item, a company), never a name or a token: what
 * people are called lives in our tables, where the retention purge finds it.
 */

export const JOBS_SCHEMA = 'pgboss';

/** Every queue, with what it holds and how its jobs are retried. */
export const QUEUES = {
  /** `{ outboxId }`: deliver one support notice (completion or drift) to the webhook. */
  supportNotice: 'support-notice',
  /** `{ outboxId }`: notices given up on (retries spent, or refused by the receiver). */
  supportNoticeDead: 'support-notice-dead',
  /** `{ runId }`: start or resume a run on whichever instance takes it (it then holds the lease). */
  runDrive: 'run-drive',
  /** Cron, `{}`: a drive job for each running run nobody holds the lease of (a crashed instance). */
  runsReconcile: 'runs-reconcile',
  /** Cron, `{}`: delete expired OAuth states, hand-off codes and sessions. */
  signInSweep: 'sign-in-sweep',
  /** Cron, `{}`: purge companies disconnected for longer than DATA_RETENTION_DAYS. */
  retentionSweep: 'retention-sweep',
  /** Dead letters of the run and maintenance queues (their retries spent), kept for an operator. */
  maintenanceDead: 'maintenance-dead',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
/** The queues that only hold what was given up on. */
export const DEAD_LETTER_QUEUES: readonly string[] = [
  QUEUES.supportNoticeDead,
  QUEUES.maintenanceDead,
];

/** How support notices are retried: 30 s doubling (with jitter), at most 1 h, 10 attempts. */
export const NOTICE_RETRY = { retryLimit: 9, retryDelay: 30, retryDelayMax: 3600 };
export type NoticeRetry = Partial<typeof NOTICE_RETRY>;

/** Queue settings; `notice` overrides the notice retry policy (tests use tiny ones). */
function queueDefinitions(notice: NoticeRetry): Queue[] {
  const maintenance = {
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 15 * 60,
    deadLetter: QUEUES.maintenanceDead,
    deleteAfterSeconds: 24 * 3600,
  } as const;
  return [
    { name: QUEUES.supportNoticeDead, retentionSeconds: 365 * 24 * 3600 },
    { name: QUEUES.maintenanceDead, retentionSeconds: 30 * 24 * 3600 },
    {
      name: QUEUES.supportNotice,
      ...NOTICE_RETRY,
      ...notice,
      retryBackoff: true,
      // One POST with a 10 s timeout: a job active for a minute lost its worker.
      expireInSeconds: 60,
      deadLetter: QUEUES.supportNoticeDead,
      retentionSeconds: 30 * 24 * 3600,
    },
    {
      name: QUEUES.runDrive,
      // The job only takes the lease and starts the drive (seconds); the run itself is guarded
      // by its lease, not by the job, so a run lasting hours never outlives a job's expiry.
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 120,
      deadLetter: QUEUES.maintenanceDead,
      deleteAfterSeconds: 24 * 3600,
    },
    { name: QUEUES.runsReconcile, ...maintenance, retryLimit: 1, policy: 'singleton' },
    { name: QUEUES.signInSweep, ...maintenance, policy: 'singleton' },
    { name: QUEUES.retentionSweep, ...maintenance, policy: 'singleton' },
  ];
}

/** Cron schedules (UTC), shared: pg-boss sends each occurrence once, whichever instance is up. */
export const SCHEDULES: { queue: QueueName; cron: string }[] = [
  { queue: QUEUES.runsReconcile, cron: '* * * * *' },
  { queue: QUEUES.signInSweep, cron: '*/5 * * * *' },
  { queue: QUEUES.retentionSweep, cron: '17 * * * *' },
];

export interface JobQueueOptions {
  db: Db;
  /** Workers, schedules and maintenance on this instance (off: it only sends and reads). */
  background: boolean;
  /** pg-boss's clock (tests drive a `TestClock`). */
  clock?: BossClock;
  /** Overrides the notice retry policy (tests). */
  noticeRetry?: NoticeRetry;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

/** Runs pg-boss statements inside one of our store transactions (job and row commit together). */
export function inTransaction(tx: Queryable): BossDb {
  return {
    async executeSql(text, values) {
      return { rows: await tx.query(text, values ?? []) };
    },
  };
}

export interface QueueCounts {
  queue: string;
  /** Waiting to run (created or retry), due or not. */
  queued: number;
  active: number;
  /** Failed for good and still kept (dead-lettered copies are counted in the dead letter queue). */
  failed: number;
  /** Seconds since the oldest waiting job was created; null when none waits. */
  oldestSeconds: number | null;
}

export function createJobQueue(options: JobQueueOptions) {
  const { db, background } = options;
  const log = options.log ?? (() => undefined);
  const base: ConstructorOptions = {
    schema: JOBS_SCHEMA,
    // Maintenance, cron and the supervisor only where work is done.
    supervise: background,
    schedule: background,
    migrate: true,
    registerInstance: false,
    openTelemetry: { enabled: false },
    ...(options.clock && { clock: options.clock }),
  };
  const boss =
    db.native.engine === 'pglite'
      ? new PgBoss({ ...base, db: fromPglite(db.native.lite), backend: 'pglite' })
      : new PgBoss({
          ...base,
          connectionString: db.native.url,
          max: 4,
          application_name: 'salus-jobs',
        });
  boss.on('error', (error) => log('job queue error', { error: String(error) }));

  let starting: Promise<void> | null = null;
  let stopped = false;

  async function start() {
    await boss.start();
    for (const queue of queueDefinitions(options.noticeRetry ?? {})) {
      const { name, policy: _policy, partition: _partition, ...settings } = queue;
      if (await boss.getQueue(name)) await boss.updateQueue(name, settings);
      else
        await boss.createQueue(name, queue).catch(async (error: unknown) => {
          // Another instance created it meanwhile.
          if (!(await boss.getQueue(name))) throw error;
        });
    }
    if (background) {
      for (const { queue, cron } of SCHEDULES) await boss.schedule(queue, cron, {});
    }
  }

  /** Starts pg-boss once (installing or migrating its schema); later calls wait for it. */
  function ready(): Promise<void> {
    if (stopped) return Promise.reject(new Error('the job queue is stopped'));
    starting ??= start();
    return starting;
  }

  return {
    boss,
    ready,
    /** The queue's time (a test's clock when one drives it). */
    now: () => (options.clock ?? systemClock).now(),

    /**
     * Adds a job. With `tx`, inside that store transaction: the job exists exactly when the rows
     * written with it do (a transactional outbox without a polling loop).
     */
    async send(
      queue: QueueName,
      data: Record<string, string>,
      send: {
        tx?: Queryable;
        singletonKey?: string;
        singletonSeconds?: number;
        startAfter?: Date;
      } = {},
    ): Promise<string | null> {
      await ready();
      return boss.send(queue, data, {
        ...(send.tx && { db: inTransaction(send.tx) }),
        ...(send.singletonKey && { singletonKey: send.singletonKey }),
        ...(send.singletonSeconds && { singletonSeconds: send.singletonSeconds }),
        ...(send.startAfter && { startAfter: send.startAfter }),
      });
    },

    /** Works `queue` on this instance: `handler` gets each job with its attempt count and limit. */
    async work<T extends object>(
      queue: QueueName,
      handler: (job: JobWithMetadata<T>) => Promise<void>,
      work: { pollingIntervalSeconds?: number; localConcurrency?: number } = {},
    ): Promise<void> {
      await ready();
      await boss.work<T>(
        queue,
        {
          includeMetadata: true,
          batchSize: 1,
          pollingIntervalSeconds: work.pollingIntervalSeconds ?? 2,
          localConcurrency: work.localConcurrency ?? 1,
        },
        async ([job]) => {
          if (job) await handler(job as JobWithMetadata<T>);
        },
      );
    },

    /** Takes up to `limit` due jobs of `queue` now and runs `handler` on each (tests, the CLI). */
    async workDue<T extends object>(
      queue: QueueName,
      handler: (job: JobWithMetadata<T>) => Promise<void>,
      limit = 20,
    ): Promise<number> {
      await ready();
      const jobs = await boss.fetch<T>(queue, { batchSize: limit, includeMetadata: true });
      for (const job of jobs) {
        try {
          await handler(job);
          await boss.complete(queue, job);
        } catch (error) {
          log('job failed', { queue, error: String(error) });
          await boss.fail(queue, job, { error: String(error) });
        }
      }
      return jobs.length;
    },

    /** Per queue: how many wait, run and failed, and how old the oldest waiting job is. */
    async counts(): Promise<QueueCounts[]> {
      await ready();
      const rows = await db.query<{
        queue: string;
        queued: number;
        active: number;
        failed: number;
        oldest: number | null;
      }>(
        `SELECT q.name AS queue,
           count(j.id) FILTER (WHERE j.state IN ('created', 'retry'))::int AS queued,
           count(j.id) FILTER (WHERE j.state = 'active')::int AS active,
           count(j.id) FILTER (WHERE j.state = 'failed')::int AS failed,
           extract(epoch FROM now() - min(j.created_on)
             FILTER (WHERE j.state IN ('created', 'retry')))::float8 AS oldest
         FROM ${JOBS_SCHEMA}.queue q LEFT JOIN ${JOBS_SCHEMA}.job j ON j.name = q.name
         GROUP BY q.name ORDER BY q.name`,
      );
      return rows.map((r) => ({
        queue: r.queue,
        queued: r.queued,
        active: r.active,
        failed: r.failed,
        oldestSeconds: r.oldest === null ? null : Math.max(0, Math.round(r.oldest)),
      }));
    },

    /** Deletes every job (the demo's fresh start). */
    async wipe(): Promise<void> {
      await ready();
      await boss.deleteAllJobs();
    },

    /** Stops workers (waiting for jobs in hand, up to `timeoutMs`) and the queue. */
    async stop(timeoutMs = 10_000): Promise<void> {
      if (stopped) return;
      stopped = true;
      if (!starting) return;
      await starting.catch(() => undefined);
      await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    },
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;
