import type { Id, ProcoreClient, ProcoreHttp } from '../../src/procore/index.ts';

/**
 * What `npm run verify:sandbox` reports: one result per UNCONFIRMED Procore fact the code handles
 * both ways (procore-platform.md §17, README "Verify in a Procore sandbox").
 */

export type Outcome = 'confirmed' | 'differs' | 'could-not-tell';

export type FactId =
  | 'pkce'
  | 'code-location'
  | 'add-to-new-projects-on-read'
  | 'project-assignments'
  | 'bulk-add'
  | 'add-existing-member'
  | 'add-to-inactive-project'
  | 'rate-limit-headers'
  | 'rate-limit-window'
  | 'cors-expose-headers'
  | 'dmsa-me'
  | 'company-me-flag'
  | 'dmsa-project-list'
  | 'app-uid'
  | 'project-tools-types'
  | 'patch-requires-last-name'
  | 'webhook-hooks'
  | 'webhook-delivery'
  | 'two-authorizations';

/** A value the sandbox showed, as plain JSON; `to-knobs.ts` turns some into fake knobs. */
export type Observed = string | boolean | string[] | null;

/** What the code (and the fake's default) assumes, per fact. */
export const DOCUMENTED: Readonly<Record<FactId, string>> = {
  pkce: 'not supported: no code_challenge is sent (assumed, procore-platform.md §10)',
  'code-location': 'query (?code=…&state=…); the fragment is read too',
  'add-to-new-projects-on-read': 'absent on reads (documented on POST/PATCH answers only)',
  'dmsa-me': 'client-credentials /me returns the service account (name starts with the prefix)',
  'company-me-flag':
    'companies/{id}/me on the app token returns the service account with add_to_new_projects (OAS, §18)',
  'dmsa-project-list':
    "the service account's own GET /rest/v1.1/projects lists exactly the projects it is on (DMSA FAQ, §18)",
  'app-uid': "our installation's app_uid (or developer_app.uid) equals the OAuth client id",
  'project-tools-types': 'project_tools returns global and project_specific templates',
  'project-assignments': 'project_assignments [BETA] is available',
  'bulk-add': 'bulk_add [BETA] (v1.3) is available',
  'add-existing-member': 'actions/add for an existing member: 201, template left alone',
  'add-to-inactive-project':
    'actions/add on an inactive project: refused (422 "Project is inactive")',
  'rate-limit-headers':
    'X-Rate-Limit-Limit, -Remaining and -Reset on API answers; Retry-After on 429',
  'rate-limit-window':
    'fixed windows on the clock: every spike X-Rate-Limit-Reset a multiple of 10 s, the same within a window',
  'cors-expose-headers':
    'not relied on (pacing runs in the BFF); assumed not exposed to browser code',
  'patch-requires-last-name':
    'the company-user PATCH does not enforce the "required" last_name (we send it anyway)',
  'webhook-hooks':
    'the app token creates a company hook (api_version v2) with Projects/create and Company Users/update triggers, given Webhooks API: Standard (§18)',
  'webhook-delivery':
    "a change made with a token issued to the app arrives as a v2 event whose metadata.source_application_id is the installation's developer_app.id (UNCONFIRMED)",
  'two-authorizations':
    "a user's second consent to the app keeps the first token chain, and revoking one chain leaves the other (Doorkeeper; the repair grant relies on it)",
};

export interface FactResult {
  fact: FactId;
  /** What the code (and the fake's default) assumes. */
  documented: string;
  outcome: Outcome;
  /** Status codes, field names and values; never a token. */
  evidence: string;
  /** What Procore answered, in the fake knob's vocabulary where one exists; null if unknown. */
  observed: Observed;
}

export interface VerifyReport {
  generatedAt: string;
  loginUrl: string;
  apiUrl: string;
  companyId: Id;
  results: FactResult[];
}

/** One identity's view of Procore: the typed client and the raw request core under it. */
export interface Identity {
  http: ProcoreHttp;
  client: ProcoreClient;
}

/** What the localhost sign-in saw; null when the run used a refresh token instead. */
export interface LoginObservation {
  /** Where the authorization code arrived; null when no callback came. */
  codeLocation: 'query' | 'fragment' | null;
  /** The token exchanges tried, in order (see `exchangeWithPkceProbe`). */
  exchanges: PkceAttempt[];
}

export interface PkceAttempt {
  verifier: 'wrong' | 'right' | 'none';
  status: number | null;
  /** The OAuth `error` code on failure. */
  error: string | null;
}

export const result = (
  fact: FactId,
  outcome: Outcome,
  evidence: string,
  observed: Observed = null,
): FactResult => ({ fact, documented: DOCUMENTED[fact], outcome, evidence, observed });
