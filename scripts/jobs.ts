/**
 * `npm run jobs -- list|retry|drop`: the operator's view of the background job queue (pg-boss,
 * schema `pgboss`) on the store `DATABASE_URL` names, or the embedded one in `DATA_DIR/pglite`
 * (stop the instance first: PGlite is one process at a time).
 *
 *   list                      every queue's counts, then the failed and dead-lettered jobs
 *   retry <job id>…           a failed job runs again; a dead letter goes back to its queue (a
 *                             support notice is made pending again first)
 *   retry --dead              every dead letter back to its queue
 *   drop <job id>…            deletes jobs (a notice given up on stays in the support view)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEAD_LETTER_QUEUES, createJobQueue } from '../src/server/jobs/queue.ts';
import { JOB_COLUMNS, retryJob, type JobRow } from '../src/server/jobs/retry.ts';
import { openStore } from '../src/server/store/index.ts';

const USAGE = 'Usage: npm run jobs -- list | retry <job id>… | retry --dead | drop <job id>…';

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || !['list', 'retry', 'drop'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const url = process.env.DATABASE_URL || undefined;
  const store = await openStore(
    url ? { url } : { dataDir: path.join(process.env.DATA_DIR || '.data', 'pglite') },
  );
  const jobs = createJobQueue({ db: store.db, background: false });
  try {
    await jobs.ready();
    const find = (ids: string[]) =>
      store.db.query<JobRow>(
        `SELECT ${JOB_COLUMNS} FROM pgboss.job WHERE id::text = ANY ($1::text[])`,
        [ids],
      );

    if (command === 'list') {
      // Counted now, unless a running instance's supervisor counted them within the minute.
      await jobs.refreshCounts();
      console.log('queue                 queued  active  failed  oldest ready');
      for (const c of await jobs.counts()) {
        const oldest = c.oldestSeconds === null ? '-' : `${c.oldestSeconds} s`;
        console.log(
          `${c.queue.padEnd(22)}${String(c.queued).padStart(6)}${String(c.active).padStart(8)}${String(c.failed).padStart(8)}  ${oldest}`,
        );
      }
      const attention = await store.db.query<JobRow>(
        `SELECT ${JOB_COLUMNS} FROM pgboss.job
         WHERE state = 'failed' OR (name = ANY ($1::text[]) AND state IN ('created', 'retry'))
         ORDER BY created_on LIMIT 200`,
        [DEAD_LETTER_QUEUES],
      );
      if (attention.length > 0) console.log('\nfailed and dead-lettered jobs:');
      for (const job of attention) {
        const what = job.state === 'failed' ? 'failed' : `dead (from ${job.source_name ?? '?'})`;
        console.log(
          `${job.id}  ${job.name}  ${what}  retries ${job.retry_count}  ${job.created_on.toISOString()}  ${JSON.stringify(job.data)}`,
        );
      }
      return 0;
    }

    if (command === 'retry' && args[0] === '--dead') {
      let moved = 0;
      for (const queue of DEAD_LETTER_QUEUES) {
        const dead = await store.db.query<JobRow>(
          `SELECT ${JOB_COLUMNS} FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry')`,
          [queue],
        );
        for (const job of dead) moved += await retryOne(job.id);
      }
      console.log(`${moved} dead letter(s) sent back to their queue`);
      return 0;
    }

    if (args.length === 0) {
      console.error(USAGE);
      return 2;
    }
    const found = await find(args);
    for (const missing of args.filter((id) => !found.some((j) => j.id === id)))
      console.error(`no job ${missing}`);
    let done = 0;
    for (const job of found) {
      if (command === 'drop') {
        await jobs.boss.deleteJob(job.name, job.id);
        done += 1;
      } else {
        done += await retryOne(job.id);
      }
    }
    console.log(`${done} job(s) ${command === 'drop' ? 'dropped' : 'retried'}`);
    return found.length === args.length ? 0 : 1;

    /** A dead letter goes back to its queue as a new job; a failed job is retried in place. */
    async function retryOne(id: string): Promise<number> {
      const outcome = await retryJob(store, jobs, id);
      if (!outcome.retried) console.error(outcome.reason);
      return outcome.retried ? 1 : 0;
    }
  } finally {
    await jobs.stop();
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
