import {
  PgBoss,
  fromPglite,
  systemClock,
  type Clock as BossClock,
  type ConstructorOptions,
  type Db as BossDb,
  type JobResult,
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
  /** `{ ulid }`: verify one of Procore's events, after its grace period (issue 19). */
  watchEvent: 'watch-event',
  /** `{ companyId }`: the daily check of one watched company, as the SALUS account. */
  watchCompany: 'watch-company',
  /** `{ companyId }`: create, or check, the company's webhook and its triggers at Procore. */
  watchHook: 'watch-hook',
  /** Cron, `{}`: queue the daily checks that are due. */
  watchSchedule: 'watch-schedule',
  /** `{ companyId }`: repair drift with the company's repair grant, by a run (issue 20). */
  repairCompany: 'repair-company',
  /** Dead letters of the run and maintenance queues (their retries spent), kept for an operator. */
  maintenanceDead: 'maintenance-dead',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
/** The queues that only hold what was given up on. */
export const DEAD_LETTER_QUEUES: readonly string[] = [
  QUEUES.supportNoticeDead,
  QUEUES.maintenanceDead,
];

/**
 * How often this instance's workers ask for each queue's jobs, in seconds. Every ask is a
 * statement, on PGlite over the one connection requests use too: notices and run drives stay
 * prompt (a run queued here also wakes the local worker at once, see `nudge`); the cron queues get
 * a job a minute at most, and the sweeps lose nothing by starting half a minute later.
 */
export const POLLING_SECONDS = {
  [QUEUES.supportNotice]: 2,
  [QUEUES.runDrive]: 2,
  [QUEUES.runsReconcile]: 30,
  [QUEUES.signInSweep]: 60,
  [QUEUES.retentionSweep]: 60,
  // Keeping it set up: an event is judged two minutes after it came; seconds more do not matter.
  [QUEUES.watchEvent]: 5,
  [QUEUES.watchCompany]: 30,
  [QUEUES.watchHook]: 30,
  [QUEUES.watchSchedule]: 60,
  // A repair follows the event's check: the demo shows it within seconds.
  [QUEUES.repairCompany]: 2,
} as const;
/** The queues whose jobs are worked (the dead letter queues wait for an operator). */
export type WorkedQueue = keyof typeof POLLING_SECONDS;

/**
 * Thrown by a handler to give its job up at once: pg-boss fails it without the retries it has
 * left and moves it to its queue's dead letter queue (its own `deadletter` outcome, provenance
 * included), as it does after the last retry.
 */
export class DeadLetterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadLetterError';
  }
}

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
    // A few requests each; Procore's 429s and 5xx are retried by the client first.
    { name: QUEUES.watchEvent, ...maintenance, retryLimit: 5, expireInSeconds: 5 * 60 },
    // A large company's daily check reads its lists at the pacer's speed: minutes.
    { name: QUEUES.watchCompany, ...maintenance, retryDelay: 300, expireInSeconds: 30 * 60 },
    { name: QUEUES.watchHook, ...maintenance, retryLimit: 5, retryDelay: 60 },
    { name: QUEUES.watchSchedule, ...maintenance, retryLimit: 1, policy: 'singleton' },
    // A check as the grant's admin, then the run is the run-drive queue's: minutes at most.
    // One waiting and one active per company (stately, by singleton key): a burst of events
    // makes one repair, and one found while a repair checks waits for it.
    {
      name: QUEUES.repairCompany,
      ...maintenance,
      retryDelay: 60,
      expireInSeconds: 30 * 60,
      policy: 'stately',
    },
    { name: QUEUES.signInSweep, ...maintenance, policy: 'singleton' },
    { name: QUEUES.retentionSweep, ...maintenance, policy: 'singleton' },
  ];
}

/** Cron schedules (UTC), shared: pg-boss sends each occurrence once, whichever instance is up. */
export const SCHEDULES: { queue: QueueName; cron: string }[] = [
  { queue: QUEUES.runsReconcile, cron: '* * * * *' },
  { queue: QUEUES.signInSweep, cron: '*/5 * * * *' },
  { queue: QUEUES.retentionSweep, cron: '17 * * * *' },
  { queue: QUEUES.watchSchedule, cron: '*/10 * * * *' },
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

/**
 * One queue's counts, as pg-boss's supervisor last counted them (every minute, on one instance):
 * reading them scans nothing. Only `oldestSeconds` is read live, from the index of waiting jobs.
 */
export interface QueueCounts {
  queue: string;
  /** Waiting (created or retry), due or not; in a dead letter queue, its dead letters. */
  queued: number;
  active: number;
  /** Failed for good and still kept (their copies wait in the dead letter queue). */
  failed: number;
  /**
   * How long the oldest job ready to run has waited for a worker (since it was created, or since
   * its retry came due), in seconds; null when none is ready. Always null in a dead letter queue:
   * its jobs wait for an operator, and their age only grows.
   */
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
  /** The queues this instance works. */
  const worked = new Set<WorkedQueue>();

  /** Runs `handler` on each job and tells pg-boss how each ended (`perJobResults`). */
  async function settle<T>(
    queue: QueueName,
    jobs: JobWithMetadata<T>[],
    handler: (job: JobWithMetadata<T>) => Promise<void>,
  ): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (const job of jobs) {
      try {
        await handler(job);
        results.push({ id: job.id, status: 'completed' });
      } catch (error) {
        log('job failed', { queue, error: String(error) });
        const status = error instanceof DeadLetterError ? 'deadletter' : 'failed';
        results.push({ id: job.id, status, output: { error: String(error) } });
      }
    }
    return results;
  }

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

    /**
     * Works `queue` on this instance: `handler` gets each job with its attempt count and limit.
     * It returns: the job is complete. It throws: the attempt failed, and the queue retries it
     * with its backoff (after the last one, it goes to the dead letter queue). It throws a
     * `DeadLetterError`: no more attempts, straight to the dead letter queue.
     */
    async work<T extends object>(
      queue: WorkedQueue,
      handler: (job: JobWithMetadata<T>) => Promise<void>,
      work: {
        localConcurrency?: number;
        /**
         * Keep taking jobs without waiting for the next poll while more are ready (a daily pass
         * of a thousand companies, a burst of events): one job a poll would take hours.
         */
        burst?: boolean;
      } = {},
    ): Promise<void> {
      await ready();
      worked.add(queue);
      await boss.work(
        queue,
        {
          includeMetadata: true,
          perJobResults: true,
          batchSize: 1,
          pollingIntervalSeconds: POLLING_SECONDS[queue],
          localConcurrency: work.localConcurrency ?? 1,
          ...(work.burst && { burstWhenReadyExceeds: 1 }),
        },
        (jobs: JobWithMetadata<T>[]) => settle(queue, jobs, handler),
      );
    },

    /**
     * Wakes this instance's workers of `queue` to ask for jobs now rather than at their next poll
     * (a job was just queued here, and committed). Whether there was any to wake.
     */
    nudge(queue: WorkedQueue): boolean {
      const workers = boss.getWipData().filter((w) => w.name === queue && w.state === 'active');
      for (const worker of workers) boss.notifyWorker(worker.id);
      return workers.length > 0;
    },

    /**
     * Takes up to `limit` due jobs of `queue` now and runs `handler` on each, settled as `work`
     * settles them (tests, where no worker polls): a worker of its own that asks once, stopped as
     * soon as that one batch is done.
     */
    async workDue<T extends object>(
      queue: WorkedQueue,
      handler: (job: JobWithMetadata<T>) => Promise<void>,
      limit = 20,
    ): Promise<number> {
      await ready();
      let taken = 0;
      const id = await boss.work(
        queue,
        {
          includeMetadata: true,
          perJobResults: true,
          batchSize: limit,
          pollingIntervalSeconds: 3600,
        },
        (jobs: JobWithMetadata<T>[]) => {
          taken += jobs.length;
          return settle(queue, jobs, handler);
        },
      );
      // Stopping waits for the batch its first ask took, and asks no more.
      await boss.offWork(queue, { id, wait: true });
      return taken;
    },

    /**
     * Of `values`, those that a job of one of `queues` holds as `data[field]` and that is not
     * finished: waiting, retrying, running, or waiting in a dead letter queue for an operator.
     */
    async unfinished(
      queues: readonly QueueName[],
      field: string,
      values: readonly string[],
    ): Promise<Set<string>> {
      if (values.length === 0) return new Set();
      await ready();
      const rows = await db.query<{ value: string }>(
        `SELECT DISTINCT data->>$2 AS value FROM ${JOBS_SCHEMA}.job
         WHERE name = ANY ($1::text[]) AND state < 'completed' AND data->>$2 = ANY ($3::text[])`,
        [queues, field, values],
      );
      return new Set(rows.map((r) => r.value));
    },

    /**
     * Per queue: how many wait, run and failed (pg-boss's cached counts, see `QueueCounts`), and
     * how long the oldest job ready to run has waited.
     */
    async counts(): Promise<QueueCounts[]> {
      await ready();
      const live = Object.keys(POLLING_SECONDS);
      // Only the jobs ready to run, through pg-boss's own index of them (job_i11): no scan of
      // the job table, however many finished jobs it keeps.
      const [queues, ages] = await Promise.all([
        boss.getQueues(),
        db.query<{ queue: string; oldest: number }>(
          `SELECT name AS queue, extract(epoch FROM ${JOBS_SCHEMA}.job_now()
             - min(GREATEST(created_on, start_after)))::float8 AS oldest
           FROM ${JOBS_SCHEMA}.job
           WHERE name = ANY ($1::text[]) AND state < 'active' AND NOT blocked
             AND start_after <= ${JOBS_SCHEMA}.job_now()
           GROUP BY name`,
          [live],
        ),
      ]);
      const oldest = new Map(ages.map((a) => [a.queue, Math.max(0, Math.round(a.oldest))]));
      return queues.map((q) => ({
        queue: q.name,
        queued: q.queuedCount,
        active: q.activeCount,
        failed: q.failedCount,
        oldestSeconds: oldest.get(q.name) ?? null,
      }));
    },

    /**
     * Counts every queue again now (pg-boss's supervisor pass, as a background instance runs
     * every minute): for `npm run jobs -- list`, and tests, where no supervisor runs.
     */
    async refreshCounts(): Promise<void> {
      await ready();
      await boss.supervise();
    },

    /** Deletes every job (the demo's fresh start). */
    async wipe(): Promise<void> {
      await ready();
      await boss.deleteAllJobs();
    },

    /**
     * Stops this instance's workers, waiting for the jobs they hold: from then on it takes no
     * job, while it can still send them (shutdown parks its runs as jobs for other instances).
     */
    async stopWorkers(): Promise<void> {
      const queues = [...worked];
      worked.clear();
      await Promise.all(queues.map((queue) => boss.offWork(queue, { wait: true })));
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
