import type { Id } from '../procore/types.ts';

/**
 * Where each setting lives in Procore's own UI, as breadcrumbs and a link on the company's
 * regional web host (`GET /rest/v1.0/company_base_url`, procore-platform.md §1).
 * The deep-link paths are UNCONFIRMED (Procore documents no URL scheme), so the breadcrumbs
 * always say where to click as well; without a web host there is no link, only breadcrumbs.
 */
export interface ProcoreLocation {
  path: string[];
  url: string | null;
}

export function procoreLinks(webBaseUrl: string | null, companyId: Id) {
  const at = (suffix: string) =>
    webBaseUrl
      ? `${webBaseUrl.replace(/\/+$/, '')}/${encodeURIComponent(companyId)}${suffix}`
      : null;
  return {
    appManagement: (): ProcoreLocation => ({
      path: ['Company Tools', 'App Management'],
      url: at('/company/app_management'),
    }),
    /** The company Directory's user list, for when no one user is meant (yet). */
    directory: (): ProcoreLocation => ({
      path: ['Company Tools', 'Directory'],
      url: at('/company/directory/users'),
    }),
    directoryUser: (accountName: string): ProcoreLocation => ({
      path: ['Company Tools', 'Directory', accountName, 'Edit'],
      url: at('/company/directory/users'),
    }),
    projectSettings: (accountName: string): ProcoreLocation => ({
      path: ['Company Tools', 'Directory', accountName, 'Edit', 'Current Project Settings'],
      url: at('/company/directory/users'),
    }),
    permissions: (): ProcoreLocation => ({
      path: ['Company Tools', 'Permissions', 'Permission Templates'],
      url: at('/company/permissions'),
    }),
    myPermissions: (): ProcoreLocation => ({
      path: ['Company Tools', 'Directory', 'Your user', 'Company Permissions'],
      url: at('/company/directory/users'),
    }),
  };
}

export type ProcoreLinks = ReturnType<typeof procoreLinks>;
