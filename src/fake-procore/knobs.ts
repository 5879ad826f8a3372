/**
 * Runtime knobs of one fake Procore instance: behaviour Procore leaves UNCONFIRMED
 * (procore-platform.md §17) gets a knob whose default is the documented or likely answer, plus
 * latency, rate limits and fault injection. Change them with `fake.setKnobs(patch)` or
 * `POST /__fake/knobs`.
 */

export interface RateLimitKnobs {
  /** Requests per hourly window per token and company (§8). */
  hourly: number;
  /** Requests per spike window per token and company (§8). */
  spike: number;
  hourlyWindowSeconds: number;
  spikeWindowSeconds: number;
  /**
   * What a window is counted against, besides the company: the access token (the brief's and
   * the historical "per token" wording) or the identity behind it, so refreshing does not reset
   * the count. Which one Procore uses is UNCONFIRMED (§8).
   */
  key: 'token' | 'identity';
  /**
   * How a window moves (UNCONFIRMED, §8): `aligned` fixed windows on the clock (every 10 s on
   * the 10 s, every hour on the hour; "the Unix timestamp for when the next window begins"),
   * `anchored` fixed windows that open with the first request after the previous one ended, or
   * `rolling` windows in which each request counts for the window's length ("Remaining may
   * increase again after a brief pause as the window rolls forward").
   */
  window: 'aligned' | 'anchored' | 'rolling';
  /**
   * How an anchored or rolling reset that falls inside a second becomes whole Unix seconds:
   * `up` (never early) or `down` (up to a second early, so a client that sends right at the
   * reset meets a 429).
   */
  resetRounding: 'up' | 'down';
}

export interface FaultKnobs {
  /** Probability of a 500 before the request is handled. */
  serverErrorRate: number;
  /** Probability of a 503 with `Retry-After` (heavy-load throttling, §8). */
  unavailableRate: number;
  retryAfterSeconds: number;
  /** Probability that the connection drops before the request is handled. */
  dropRate: number;
  /** Probability that a write is applied and then its response is lost. */
  lostWriteRate: number;
  /** Probability of a 429 even though the windows are not exhausted (every API request). */
  rateLimitedRate: number;
  /** Which requests the 5xx, drop and lost-write rates apply to. */
  scope: 'writes' | 'all';
}

export interface Knobs {
  /** Added to every request: a fixed number of ms or a uniform range. */
  latencyMs: number | { min: number; max: number };
  rateLimits: RateLimitKnobs;
  faults: FaultKnobs;
  /** BETA endpoints; off → Procore's 404 for unknown routes. */
  betaEndpoints: { bulkAdd: boolean; projectAssignments: boolean };
  /** Whether company-user list/show return `add_to_new_projects` (UNCONFIRMED, §3.1). */
  addToNewProjectsOnRead: boolean;
  /** `actions/add` for an existing member: 201 leaving the template alone, or 422 (§5.3). */
  addExistingMember: 'ok' | 'error';
  /** `actions/add` on an inactive project: 422 "Project is inactive", or allowed (§5.3). */
  addToInactiveProject: 'error' | 'ok';
  /**
   * `GET /rest/v1.x/companies/{id}/me`: the caller's company-user record with
   * `add_to_new_projects` (the OAS documents it, §18), without that field (UNCONFIRMED for a DMSA
   * token), or not offered at all.
   */
  companyMe: 'with-flag' | 'without-flag' | 'not-found';
  /**
   * What `GET /rest/v1.1/projects` lists to the service account's own token: only its projects
   * (Procore's DMSA FAQ, §18) or every project of the company (UNCONFIRMED; what a full company
   * admin sees, §5.1).
   */
  dmsaProjectList: 'membership' | 'all';
  /** `GET /me` with a client-credentials token (UNCONFIRMED, §3.3). */
  dmsaMe: 'service-account' | 'forbidden' | 'not-found';
  /** Access-token lifetime in seconds (§10). */
  expiresIn: number;
  /** Enforce the PATCH schema's "required" `user.last_name` (UNCONFIRMED, §3.2). */
  patchRequiresLastName: boolean;
  /** A `company_id` in the path or query that differs from `Procore-Company-Id`. */
  companyHeaderMismatch: 'reject' | 'ignore';
  /** bulk_add with more than 1000 triplets: queued and applied later (202), or 400. */
  bulkAddOverLimit: 'async' | 'reject';
  /** Fake-clock delay before a queued bulk_add is applied. */
  bulkAddAsyncDelayMs: number;
  /** bulk_add `userId`/`projectId`: JSON strings (the 2026 OAS extract types them so) or numbers. */
  bulkAddIdStyle: 'string' | 'number';
  /** A refresh revokes the old access token along with the old refresh token (Doorkeeper). */
  refreshRevokesOldAccessToken: boolean;
  /**
   * A user's authorizations of one app (UNCONFIRMED, procore-platform.md §10): `side-by-side`,
   * each consent a chain of its own and a revoke ending only its pair (Doorkeeper's default);
   * `one-per-user`, a new consent ending the user's earlier chains and a revoke ending them all.
   */
  authorizations: 'side-by-side' | 'one-per-user';
  /** `Cross-Origin-Opener-Policy` on the consent page; null sends none (UNCONFIRMED, §11.3). */
  loginPageCoop: string | null;
  /**
   * Whether the installed app version grants the Webhooks API permission (manifest "Webhooks
   * API: Standard", §18). Not granted: the app's client-credentials token gets 403 on the
   * webhooks endpoints (a company admin's user token still works).
   */
  webhooksPermission: 'granted' | 'not-granted';
  /** Probability that an event reaches a hook twice (the same `ulid`). */
  webhookDuplicateRate: number;
  /** Probability that an event never reaches a hook (best effort, Procore's webhooks guide). */
  webhookDropRate: number;
  /** How long one delivery may take before it counts as failed (Procore: 5 s), in real time. */
  webhookTimeoutMs: number;
  /**
   * What `metadata.source_application_id` holds for a write made with a token issued to an app
   * (UNCONFIRMED): the installation's `developer_app.id`, or the app's UID (its client id).
   */
  webhookSourceApplicationId: 'developer-app-id' | 'app-uid';
  /** How long an app update's permission reapply (`pending_operation_id`) runs, fake clock. */
  appUpdateReapplyMs: number;
}

export type KnobsPatch = Partial<
  Omit<Knobs, 'rateLimits' | 'faults' | 'betaEndpoints'> & {
    rateLimits: Partial<RateLimitKnobs>;
    faults: Partial<FaultKnobs>;
    betaEndpoints: Partial<Knobs['betaEndpoints']>;
  }
>;

export function defaultKnobs(): Knobs {
  return {
    latencyMs: 0,
    // Generous, so ordinary tests never meet them; rate-limit tests set their own.
    rateLimits: {
      hourly: 100_000,
      spike: 10_000,
      hourlyWindowSeconds: 3600,
      spikeWindowSeconds: 10,
      key: 'token',
      window: 'aligned',
      resetRounding: 'up',
    },
    faults: {
      serverErrorRate: 0,
      unavailableRate: 0,
      retryAfterSeconds: 5,
      dropRate: 0,
      lostWriteRate: 0,
      rateLimitedRate: 0,
      scope: 'writes',
    },
    betaEndpoints: { bulkAdd: true, projectAssignments: true },
    addToNewProjectsOnRead: false,
    addExistingMember: 'ok',
    addToInactiveProject: 'error',
    companyMe: 'with-flag',
    dmsaProjectList: 'membership',
    dmsaMe: 'service-account',
    expiresIn: 5400,
    patchRequiresLastName: false,
    companyHeaderMismatch: 'reject',
    bulkAddOverLimit: 'async',
    bulkAddAsyncDelayMs: 2000,
    bulkAddIdStyle: 'string',
    refreshRevokesOldAccessToken: true,
    authorizations: 'side-by-side',
    loginPageCoop: null,
    webhooksPermission: 'granted',
    webhookDuplicateRate: 0,
    webhookDropRate: 0,
    webhookTimeoutMs: 5000,
    webhookSourceApplicationId: 'developer-app-id',
    appUpdateReapplyMs: 30_000,
  };
}

export function applyKnobs(base: Knobs, patch: KnobsPatch | undefined): Knobs {
  if (!patch) return base;
  return {
    ...base,
    ...patch,
    rateLimits: { ...base.rateLimits, ...patch.rateLimits },
    faults: { ...base.faults, ...patch.faults },
    betaEndpoints: { ...base.betaEndpoints, ...patch.betaEndpoints },
  };
}
