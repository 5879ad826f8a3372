import type { Config } from './config.ts';
import type { ProcoreAccess } from './procore-access.ts';
import type { Store } from './store/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a company uninstalls or disconnects the SALUS app, its data is kept for
 * `DATA_RETENTION_DAYS` (so support can see what happened and a reinstall picks up where it
 * left off), then sessions that served only that company end, their tokens are revoked at
 * Procore, and people's names are purged (README, "Data retention").
 */
export function createRetentionJanitor(deps: {
  config: Config;
  store: Store;
  access: ProcoreAccess;
  now?: () => number;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}) {
  const { config, store, access } = deps;
  const now = deps.now ?? Date.now;

  async function purgeDue(): Promise<string[]> {
    const before = new Date(now() - config.retentionDays * DAY_MS);
    const due = await store.companySettings.dueForPurge(before);
    for (const companyId of due) {
      const sealed = await store.retention.endSessionsOnlyFor(companyId);
      await Promise.all(sealed.map((token) => access.revokeSealed(token)));
      await store.retention.purgeCompany(companyId);
      deps.log?.('purged a disconnected company', { companyId, sessions: sealed.length });
    }
    return due;
  }

  // Hourly on one instance: the `retention-sweep` schedule of the job queue (app.ts).
  return { purgeDue };
}
