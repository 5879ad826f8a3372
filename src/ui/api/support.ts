import { queryOptions } from '@tanstack/react-query';
import type { SupportCompanyRow, SupportOutbox } from '../../api/contract.ts';
import { request } from './http.ts';

/**
 * `GET /api/support/companies`, authorised by the SALUS support token (not a Procore session);
 * '' asks without one (a server without a support token in demo mode is open).
 */
export function getSupportCompanies(token: string, signal?: AbortSignal) {
  return request<SupportCompanyRow[]>('/api/support/companies', { bearer: token, signal });
}

/** `GET /api/support/outbox`: the notices to SALUS support, held ones included, and the jobs. */
export function getSupportNotices(token: string, signal?: AbortSignal) {
  return request<SupportOutbox>('/api/support/outbox', { bearer: token, signal });
}

export const supportQueries = {
  // The token is in the key (memory only) so a different token never sees another's answer.
  companies: (token: string) =>
    queryOptions({
      queryKey: ['support', 'companies', token],
      queryFn: ({ signal }) => getSupportCompanies(token, signal),
    }),
  notices: (token: string) =>
    queryOptions({
      queryKey: ['support', 'notices', token],
      queryFn: ({ signal }) => getSupportNotices(token, signal),
    }),
};
