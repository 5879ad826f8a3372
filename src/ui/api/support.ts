import { queryOptions } from '@tanstack/react-query';
import type {
  Id,
  RunReport,
  SupportCompanyDetail,
  SupportCompanyRow,
  SupportOutbox,
  SupportSessionInfo,
} from '../../api/contract.ts';
import { request } from './http.ts';

/**
 * SALUS support's side of the API. A support person is signed in by their own cookie (never the
 * Procore session); `token` is the break-glass SUPPORT_TOKEN, held in this page's memory only
 * ('' when none: then no Authorization header is sent at all).
 */
const asSupport = (token: string, signal?: AbortSignal) => ({ bearer: token, signal });

/** `GET /api/support/session`: who is signed in, and the ways in this server offers. */
export function getSupportSession(token: string, signal?: AbortSignal) {
  return request<SupportSessionInfo>('/api/support/session', asSupport(token, signal));
}

/** `GET /api/support/companies` */
export function getSupportCompanies(token: string, signal?: AbortSignal) {
  return request<SupportCompanyRow[]>('/api/support/companies', asSupport(token, signal));
}

/** `GET /api/support/companies/:cid`: one company, with its recent support access. */
export function getSupportCompany(token: string, companyId: Id, signal?: AbortSignal) {
  return request<SupportCompanyDetail>(
    `/api/support/companies/${encodeURIComponent(companyId)}`,
    asSupport(token, signal),
  );
}

/** `GET /api/support/companies/:cid/report`: the company's latest fix report. */
export function getSupportReport(token: string, companyId: Id) {
  return request<RunReport>(
    `/api/support/companies/${encodeURIComponent(companyId)}/report`,
    asSupport(token),
  );
}

/** `GET /api/support/outbox`: the notices to SALUS support, held ones included, and the jobs. */
export function getSupportNotices(token: string, signal?: AbortSignal) {
  return request<SupportOutbox>('/api/support/outbox', asSupport(token, signal));
}

/** `POST /auth/support/sign-out` */
export function signOutOfSupport() {
  return request<void>('/auth/support/sign-out', { method: 'POST', bearer: '' });
}

/** Where the "Sign in with SALUS" link goes (a top-level navigation, not a fetch). */
export const SUPPORT_SIGN_IN_URL = '/auth/support/start';

/**
 * The list and the notices change slowly, and the server audits every load: going back to the
 * list from a company within a minute shows what was loaded rather than asking again.
 */
const LIST_STALE_MS = 60_000;

export const supportQueries = {
  all: () => ['support'] as const,
  // The token is in the key (memory only) so a different token never sees another's answer.
  session: (token: string) =>
    queryOptions({
      queryKey: ['support', 'session', token],
      queryFn: ({ signal }) => getSupportSession(token, signal),
    }),
  companies: (token: string) =>
    queryOptions({
      queryKey: ['support', 'companies', token],
      queryFn: ({ signal }) => getSupportCompanies(token, signal),
      staleTime: LIST_STALE_MS,
    }),
  company: (token: string, companyId: Id) =>
    queryOptions({
      queryKey: ['support', 'companies', token, companyId],
      queryFn: ({ signal }) => getSupportCompany(token, companyId, signal),
    }),
  notices: (token: string) =>
    queryOptions({
      queryKey: ['support', 'notices', token],
      queryFn: ({ signal }) => getSupportNotices(token, signal),
      staleTime: LIST_STALE_MS,
    }),
};
