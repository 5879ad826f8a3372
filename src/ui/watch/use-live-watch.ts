import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { CompanyStatus, Id, Watch } from '../../api/contract.ts';
import { companyQueries, WATCH_POLL_MS } from '../api/company.ts';

/** What the watch found, without the names a status adds: equal when nothing new was found. */
function findings(watch: Watch | null | undefined): string {
  if (!watch) return '';
  return JSON.stringify([
    watch.state,
    watch.drift.map((d) =>
      d.kind === 'account-setting'
        ? [d.kind, d.field, d.now, d.since]
        : [d.kind, d.project.id, d.since],
    ),
  ]);
}

/**
 * Keeps "Keeping SALUS set up" current while the checklist is open: asks our server (its store,
 * never Procore) what the watch found, every `WATCH_POLL_MS`. When it found something new, or saw
 * something put right, the checklist checks again, so the checks, the badge and the list of
 * findings (with the names only the admin's check can read) agree. The rest (last heard from
 * Procore, last checked) is shown as polled.
 *
 * Returns the status to show, its watch brought up to date; off before the first completion and
 * while a fix runs.
 */
export function useLiveWatch(
  companyId: Id,
  status: UseQueryResult<CompanyStatus>,
  options: { demo: boolean; paused: boolean },
): CompanyStatus | undefined {
  const data = status.data;
  const polled = useQuery({
    ...companyQueries.watch(companyId, options.demo ? WATCH_POLL_MS.demo : WATCH_POLL_MS.real),
    enabled: Boolean(data?.watch) && !options.paused,
  });
  const queryClient = useQueryClient();
  const asked = useRef<string | null>(null);
  const latest = polled.data?.watch;
  const news = latest !== undefined && findings(latest) !== findings(data?.watch);
  const key = findings(latest);
  useEffect(() => {
    if (!news || status.isFetching || asked.current === key) return;
    asked.current = key;
    void queryClient.invalidateQueries(companyQueries.status(companyId));
  }, [news, key, status.isFetching, companyId, queryClient]);

  if (!data?.watch || !latest || polled.dataUpdatedAt <= status.dataUpdatedAt) return data;
  // Newer facts from the poll; the findings stay the status's until it has checked again.
  return { ...data, watch: { ...latest, drift: data.watch.drift } };
}
