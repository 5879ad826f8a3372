import type { CompanyBaseUrl, Id } from '../procore/types.ts';

/**
 * What a check may carry over from earlier checks of the same company: which beta endpoints
 * Procore does not offer here (asked again after a day), and the project templates of the
 * service account's memberships as last verified, with when. Membership itself is always read
 * live; only templates are remembered (a template read costs one request per project).
 * The server keeps this in its store; tests and the benchmark use {@link inMemorySetupMemory}.
 */
export interface SetupMemory {
  /** True while Procore's last answer for the endpoint here was "not offered" (404). */
  betaAbsent(endpoint: BetaEndpoint): Promise<boolean>;
  rememberBetaAbsent(endpoint: BetaEndpoint): Promise<void>;
  /** The company's zone and web host as Procore last said (they do not move), or null. */
  companyBaseUrl(): Promise<CompanyBaseUrl | null>;
  rememberCompanyBaseUrl(value: CompanyBaseUrl): Promise<void>;
  /** The account's memberships whose template was verified, by project. */
  knownTemplates(accountId: Id): Promise<Map<Id, KnownTemplate>>;
  /** Templates read from Procore, or written by our own run and read back. */
  recordTemplates(accountId: Id, entries: readonly TemplateFact[]): Promise<void>;
  /**
   * Forgets projects the account is no longer on: if it is added again later, by anyone, its
   * template there is unknown until read.
   */
  forgetTemplates(accountId: Id, projectIds: readonly Id[]): Promise<void>;
  /** Template reads made on the app token in the last hour, for the re-verification budget. */
  templateReadsSince(accountId: Id, since: Date): Promise<number>;
}

export type BetaEndpoint = 'project-assignments' | 'bulk-add';

export interface KnownTemplate {
  templateId: Id | null;
  verifiedAt: Date;
  /** How it was learnt: a read of the project's users, the assignments list, or our write. */
  source: 'read' | 'assignments' | 'run';
}

export interface TemplateFact extends KnownTemplate {
  projectId: Id;
}

/** How long a "not offered" answer from a beta endpoint is trusted before asking again. */
export const BETA_ABSENT_TTL_MS = 24 * 3600 * 1000;
/** How long the company's web host is kept before asking again. */
export const BASE_URL_TTL_MS = 24 * 3600 * 1000;

/** A {@link SetupMemory} in process memory (tests, benchmark, a server without a store). */
export function inMemorySetupMemory(now: () => number = Date.now): SetupMemory {
  const absent = new Map<BetaEndpoint, number>();
  let baseUrl: { value: CompanyBaseUrl; until: number } | null = null;
  const templates = new Map<Id, Map<Id, KnownTemplate>>();
  const of = (accountId: Id) => {
    let map = templates.get(accountId);
    if (!map) templates.set(accountId, (map = new Map()));
    return map;
  };
  return {
    betaAbsent: async (endpoint) => (absent.get(endpoint) ?? -Infinity) > now(),
    rememberBetaAbsent: async (endpoint) => void absent.set(endpoint, now() + BETA_ABSENT_TTL_MS),
    companyBaseUrl: async () => (baseUrl && baseUrl.until > now() ? baseUrl.value : null),
    rememberCompanyBaseUrl: async (value) => {
      baseUrl = { value, until: now() + BASE_URL_TTL_MS };
    },
    knownTemplates: async (accountId) => new Map(of(accountId)),
    recordTemplates: async (accountId, entries) => {
      const map = of(accountId);
      for (const { projectId, ...known } of entries) map.set(projectId, known);
    },
    forgetTemplates: async (accountId, projectIds) => {
      const map = of(accountId);
      for (const id of projectIds) map.delete(id);
    },
    templateReadsSince: async (accountId, since) =>
      [...of(accountId).values()].filter((k) => k.source === 'read' && k.verifiedAt >= since)
        .length,
  };
}
