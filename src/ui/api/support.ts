import { queryOptions } from '@tanstack/react-query';
import type { SupportCompanyRow } from '../../api/contract.ts';
import { request } from './http.ts';

/** `GET /api/support/companies`, authorised by the SALUS support token (not a Procore session). */
export function getSupportCompanies(token: string, signal?: AbortSignal) {
  return request<SupportCompanyRow[]>('/api/support/companies', { bearer: token, signal });
}

export const supportQueries = {
  // The token is in the key (memory only) so a different token never sees another's answer.
  companies: (token: string) =>
    queryOptions({
      queryKey: ['support', 'companies', token],
      queryFn: ({ signal }) => getSupportCompanies(token, signal),
    }),
};
