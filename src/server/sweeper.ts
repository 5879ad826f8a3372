import type { TokenCipher } from './crypto.ts';
import type { ProcoreAccess } from './procore-access.ts';
import { hashSecret, type Store } from './store/index.ts';

/**
 * Deletes what has expired (issue 13, item 8): OAuth states (their sign-in results go with them),
 * hand-off codes, and sessions that can no longer be used, revoking each deleted session's grant
 * at Procore; and SALUS support's sign-ins past their 10 minutes and sessions that are over. A session an unfinished run (running, paused, trial done) acts through is kept, tokens and all: the run
 * goes on (or resumes) with it, and revoking it would strand the run.
 */
export function createSweeper(deps: {
  store: Store;
  cipher: TokenCipher;
  access: Pick<ProcoreAccess, 'revokeSealed'>;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}) {
  const { store, cipher, access } = deps;

  /** Id hashes of the sessions that unfinished runs act through. */
  async function sessionsRunsActThrough(): Promise<string[]> {
    const keep: string[] = [];
    for (const run of await store.runs.listActive()) {
      const ref = (run.plan as { sessionRef?: unknown } | null)?.sessionRef;
      if (typeof ref !== 'string') continue;
      try {
        keep.push(hashSecret(cipher.decrypt(ref)));
      } catch {
        // Sealed with a key no longer configured: that sign-in is unusable anyway.
      }
    }
    return keep;
  }

  async function sweep() {
    const states = await store.oauthStates.deleteExpired();
    const handoffs = await store.handoffs.deleteExpired();
    const sealed = await store.sessions.sweepExpired(await sessionsRunsActThrough());
    await Promise.all(sealed.map((token) => access.revokeSealed(token)));
    const support = await store.supportSessions.deleteExpired();
    const swept = {
      states,
      handoffs,
      sessions: sealed.length,
      supportSignIns: support.signIns,
      supportSessions: support.sessions,
    };
    if (Object.values(swept).some((n) => n > 0)) deps.log?.('swept expired sign-in data', swept);
    return swept;
  }

  // Every 5 minutes on one instance: the `sign-in-sweep` schedule of the job queue (app.ts).
  return { sweep };
}

export type Sweeper = ReturnType<typeof createSweeper>;
