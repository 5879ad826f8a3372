import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type {
  AutoRepair,
  AutoRepairStart,
  CompanyStatus,
  CompanyWatch,
  Id,
  Plan,
  ProcoreBusy,
  ProjectPage,
  RunProgress,
  RunReport,
  StartRunRequest,
  UndoPlanSummary,
} from '../../api/contract.ts';
import { ApiError, request } from './http.ts';

/** Fetchers and query factories for one company's setup: checks, plan, projects, runs. */

export type ProjectFilter = 'missing' | 'wrong-template' | 'inactive';

export interface ProjectQuery {
  filter: ProjectFilter;
  search: string;
  page: number;
}

const base = (cid: Id) => `/api/companies/${encodeURIComponent(cid)}`;

export function getStatus(cid: Id, signal?: AbortSignal): Promise<CompanyStatus> {
  return request<CompanyStatus>(`${base(cid)}/status`, { signal });
}

/** What the watch recorded, from our store (no Procore request): cheap to ask often. */
export function getWatch(cid: Id, signal?: AbortSignal): Promise<CompanyWatch> {
  return request<CompanyWatch>(`${base(cid)}/watch`, { signal });
}

export function getPlan(cid: Id, signal?: AbortSignal): Promise<Plan> {
  return request<Plan>(`${base(cid)}/plan`, { signal });
}

export function getProjects(cid: Id, query: ProjectQuery, signal?: AbortSignal) {
  const params = new URLSearchParams({
    filter: query.filter,
    search: query.search,
    page: String(query.page),
  });
  return request<ProjectPage>(`${base(cid)}/projects?${params}`, { signal });
}

export function getRun(runId: Id, signal?: AbortSignal): Promise<RunProgress> {
  return request<RunProgress>(`/api/runs/${encodeURIComponent(runId)}`, { signal });
}

export function startRun(cid: Id, body: StartRunRequest): Promise<RunProgress> {
  return request<RunProgress>(`${base(cid)}/runs`, { method: 'POST', body });
}

export function resumeRun(runId: Id): Promise<RunProgress> {
  return request<RunProgress>(`/api/runs/${encodeURIComponent(runId)}/resume`, { method: 'POST' });
}

export function retryFailed(runId: Id): Promise<RunProgress> {
  return request<RunProgress>(`/api/runs/${encodeURIComponent(runId)}/retry-failed`, {
    method: 'POST',
  });
}

/** Cancels a running, paused or trial-done run (`POST /api/runs/:runId/cancel`). */
export function cancelRun(runId: Id): Promise<RunProgress> {
  return request<RunProgress>(`/api/runs/${encodeURIComponent(runId)}/cancel`, {
    method: 'POST',
  });
}

export function getUndoPlan(runId: Id, signal?: AbortSignal): Promise<UndoPlanSummary> {
  return request<UndoPlanSummary>(`/api/runs/${encodeURIComponent(runId)}/undo-plan`, { signal });
}

export function startUndo(runId: Id): Promise<RunProgress> {
  return request<RunProgress>(`/api/runs/${encodeURIComponent(runId)}/undo`, { method: 'POST' });
}

export function chooseServiceAccount(cid: Id, userId: Id): Promise<unknown> {
  return request<unknown>(`${base(cid)}/service-account`, { method: 'POST', body: { userId } });
}

/** What a run did, as data: the SPA words it and saves it as CSV (completion/report-csv.ts). */
export function getAutoRepair(cid: Id, signal?: AbortSignal): Promise<AutoRepair> {
  return request<AutoRepair>(`${base(cid)}/auto-repair`, { signal });
}

/** Ticks "Keep SALUS set up automatically": the consent page to open in Procore's window. */
export function startAutoRepair(cid: Id): Promise<AutoRepairStart> {
  return request<AutoRepairStart>(`${base(cid)}/auto-repair`, { method: 'POST' });
}

export function stopAutoRepair(cid: Id): Promise<AutoRepair> {
  return request<AutoRepair>(`${base(cid)}/auto-repair/off`, { method: 'POST' });
}

export function getRunReport(runId: Id): Promise<RunReport> {
  return request<RunReport>(`/api/runs/${encodeURIComponent(runId)}/report`);
}

/** The `procore-busy` details of an error, if that is what it is. */
export function procoreBusy(error: unknown): ProcoreBusy | null {
  return error instanceof ApiError && error.code === 'procore-busy'
    ? (error.busy ?? { retryAfterSeconds: 5, known: null })
    : null;
}

/**
 * How often the UI asks our server about a run: once a second while it runs; a paused run may
 * resume by itself (rate limits), so keep looking, more slowly. These read our store only, never
 * Procore (the benchmark replays them).
 */
/** How often the grant's state is read while Procore's window is open (our store only). */
export const AUTO_REPAIR_POLL_MS = 1500;
/** How often an open page looks for a repair that started (our store only). */
export const AUTO_REPAIR_WATCH_MS = 10_000;

export const RUN_POLL_MS = { running: 1000, paused: 5000 } as const;

/** Not finished: running, paused, or its trial done and the rest waiting for the admin. */
export const isRunActive = (run: RunProgress) =>
  run.status === 'running' || run.status === 'paused' || run.status === 'trial-done';

/**
 * How often an open checklist asks what the watch found. A finding comes at the earliest two
 * minutes after Procore's event (its grace period), so half a minute is prompt; the demo waits
 * five seconds, so a person trying it sees a new project flagged within seconds. Not while the
 * page is hidden (react-query's default).
 */
export const WATCH_POLL_MS = { real: 30_000, demo: 2_000 } as const;

export const companyQueries = {
  all: (cid: Id) => ['setup', cid] as const,
  status: (cid: Id) =>
    queryOptions({
      queryKey: [...companyQueries.all(cid), 'status'],
      queryFn: ({ signal }) => getStatus(cid, signal),
      // "Procore is busy": the server goes on checking; ask again when it says.
      refetchInterval: (query) => {
        const busy = procoreBusy(query.state.error);
        return busy ? busy.retryAfterSeconds * 1000 : false;
      },
    }),
  watch: (cid: Id, pollMs: number) =>
    queryOptions({
      queryKey: [...companyQueries.all(cid), 'watch'],
      queryFn: ({ signal }) => getWatch(cid, signal),
      refetchInterval: pollMs,
    }),
  // A dry run is only true for the moment it was made: never serve it from cache.
  plan: (cid: Id) =>
    queryOptions({
      queryKey: [...companyQueries.all(cid), 'plan'],
      queryFn: ({ signal }) => getPlan(cid, signal),
      staleTime: 0,
      gcTime: 0,
    }),
  projects: (cid: Id, query: ProjectQuery) =>
    queryOptions({
      queryKey: [...companyQueries.all(cid), 'projects', query],
      queryFn: ({ signal }) => getProjects(cid, query, signal),
      placeholderData: keepPreviousData,
    }),
  // Like the plan: what an undo would do is only true for the moment it was read.
  undoPlan: (cid: Id, runId: Id) =>
    queryOptions({
      queryKey: [...companyQueries.all(cid), 'runs', runId, 'undo-plan'],
      queryFn: ({ signal }) => getUndoPlan(runId, signal),
      staleTime: 0,
      gcTime: 0,
    }),
  /**
   * The repair grant alone (our store, never Procore): while it is on, looked at every few
   * seconds, so a repair that starts while the page is open shows up (its run, then the badge).
   */
  autoRepair: (cid: Id) =>
    queryOptions({
      queryKey: [...companyQueries.all(cid), 'auto-repair'],
      queryFn: ({ signal }) => getAutoRepair(cid, signal),
      refetchInterval: AUTO_REPAIR_WATCH_MS,
    }),
  run: (cid: Id, runId: Id) =>
    queryOptions({
      queryKey: [...companyQueries.all(cid), 'runs', runId],
      queryFn: ({ signal }) => getRun(runId, signal),
      refetchInterval: (query) => {
        const status = query.state.data?.status;
        return status === 'running'
          ? RUN_POLL_MS.running
          : status === 'paused'
            ? RUN_POLL_MS.paused
            : false;
      },
    }),
};
