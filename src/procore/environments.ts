/**
 * Where Procore lives: the OAuth (login) host and the REST (API) host of each environment.
 *
 * Production uses the new hosts, not `app.procore.com`, which older docs and the js-sdk still
 * default to. Sandbox credentials work only in the Developer Sandbox; the Monthly Sandbox takes
 * production credentials.
 * https://developers.procore.com/documentation/development-environments (procore-platform.md §1)
 */

export type ProcoreEnvironmentName = 'production' | 'sandbox' | 'monthly-sandbox';

export interface ProcoreEnvironment {
  name: ProcoreEnvironmentName | 'custom';
  /** OAuth host: `/oauth/authorize`, `/oauth/token`, `/oauth/revoke`. No trailing slash. */
  loginBaseUrl: string;
  /** REST host: `/rest/v1.x/...`. No trailing slash. */
  apiBaseUrl: string;
}

export const PROCORE_ENVIRONMENTS: Readonly<Record<ProcoreEnvironmentName, ProcoreEnvironment>> = {
  production: {
    name: 'production',
    loginBaseUrl: 'https://login.procore.com',
    apiBaseUrl: 'https://api.procore.com',
  },
  sandbox: {
    name: 'sandbox',
    loginBaseUrl: 'https://login-sandbox.procore.com',
    apiBaseUrl: 'https://sandbox.procore.com',
  },
  'monthly-sandbox': {
    name: 'monthly-sandbox',
    loginBaseUrl: 'https://login-sandbox-monthly.procore.com',
    apiBaseUrl: 'https://api-monthly.procore.com',
  },
};

function baseUrl(value: string, label: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${label} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`${label} must be http(s): ${value}`);
  }
  if (url.search || url.hash) throw new TypeError(`${label} must not have a query: ${value}`);
  return url.href.replace(/\/+$/, '');
}

/**
 * A named environment, or any pair of base URLs (a fake Procore in tests and demo mode).
 * A pair that matches a named environment gets its name.
 */
export function procoreEnvironment(
  target: ProcoreEnvironmentName | { loginBaseUrl: string; apiBaseUrl: string },
): ProcoreEnvironment {
  if (typeof target === 'string') return PROCORE_ENVIRONMENTS[target];
  const loginBaseUrl = baseUrl(target.loginBaseUrl, 'loginBaseUrl');
  const apiBaseUrl = baseUrl(target.apiBaseUrl, 'apiBaseUrl');
  const known = Object.values(PROCORE_ENVIRONMENTS).find(
    (env) => env.loginBaseUrl === loginBaseUrl && env.apiBaseUrl === apiBaseUrl,
  );
  return known ?? { name: 'custom', loginBaseUrl, apiBaseUrl };
}
