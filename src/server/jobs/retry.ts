import type { Store } from '../store/index.ts';
import { DEAD_LETTER_QUEUES, JOBS_SCHEMA, QUEUES, inTransaction, type JobQueue } from './queue.ts';

/** A job as the operator's commands (`npm run jobs`) read it. */
export interface JobRow {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  created_on: Date;
  data: Record<string, unknown> | null;
  source_name: string | null;
}

export const JOB_COLUMNS = 'id, name, state, retry_count, created_on, data, source_name';

/**
 * An operator's retry of one job (`npm run jobs -- retry`): a dead letter goes back to its queue
 * as a new job, a failed job runs again in place; anything else is refused. A support notice's
 * outbox row is made pending again with it. One store transaction, with the job's row locked and
 * its state read first: the row is released exactly when a job is queued for it, never alone.
 */
export async function retryJob(
  store: Store,
  jobs: JobQueue,
  id: string,
): Promise<{ retried: true } | { retried: false; reason: string }> {
  await jobs.ready();
  return store.transaction(async (tx) => {
    const [job] = await tx.sql.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM ${JOBS_SCHEMA}.job WHERE id::text = $1 FOR UPDATE`,
      [id],
    );
    if (!job) return { retried: false, reason: `no job ${id}` };
    const outboxId = typeof job.data?.outboxId === 'string' ? job.data.outboxId : null;
    const db = inTransaction(tx.sql);
    if (DEAD_LETTER_QUEUES.includes(job.name)) {
      const target = job.source_name ?? (outboxId ? QUEUES.supportNotice : null);
      if (!target) return { retried: false, reason: `${id}: no queue to send it back to` };
      if (outboxId) await tx.outbox.release(outboxId);
      await jobs.boss.send(target, job.data ?? {}, {
        db,
        ...(outboxId && { singletonKey: outboxId }),
      });
      await jobs.boss.deleteJob(job.name, job.id, { db });
      return { retried: true };
    }
    if (job.state !== 'failed')
      return { retried: false, reason: `${id} is ${job.state}, not failed` };
    if (outboxId) await tx.outbox.release(outboxId);
    await jobs.boss.retry(job.name, job.id, { db });
    return { retried: true };
  });
}
