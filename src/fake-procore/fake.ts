import type { TokenSet } from '../procore/types.ts';
import { applyKnobs, defaultKnobs, type Knobs, type KnobsPatch } from './knobs.ts';
import type { FakeCompanyUser, FakeProject, FakeUser, Id } from './model.ts';
import { OAuthStore, type TokenKind, type TokenRecord } from './oauth-store.ts';
import { RateLimiter } from './rate-limit.ts';
import { SALUS_CLIENT_ID } from './scenario-kit.ts';
import { buildScenario, type ScenarioName, type ScenarioOverrides } from './scenarios.ts';
import {
  FakeState,
  type ScenarioData,
  type ScenarioFacts,
  type WriteLogEntry,
  type WriteOrigin,
} from './state.ts';
import { WebhookDispatcher, type WebhookDeliveryRecord } from './webhooks.ts';

export interface Clock {
  now(): number;
}

export interface FakeProcoreOptions {
  scenario?: ScenarioName | ScenarioData;
  /** Passed to the scenario builder, e.g. `{ activeProjects: 5 }`. */
  scenarioOverrides?: ScenarioOverrides;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  clock?: Clock;
  /** Drives fault injection and latency ranges; defaults to `Math.random`. */
  random?: () => number;
  /** Applied on top of the scenario's knobs, at creation and after every reset. */
  knobs?: KnobsPatch;
  /** Extra exact-match redirect URIs for the SALUS client (e.g. the BFF's callback). */
  redirectUris?: string[];
  /** Sends webhook deliveries; defaults to the global `fetch` at the time of sending. */
  webhookFetch?: typeof fetch;
}

/** One handled request, for assertions such as "no write reached the fake". */
export interface RequestLogEntry {
  seq: number;
  time: number;
  host: 'api' | 'login';
  method: string;
  path: string;
  query: string;
  status: number | 'network-error';
  tokenKind: TokenKind | null;
  userId: Id | null;
  companyId: Id | null;
  /** Set when a fault decided the outcome: `fail-next`, `server-error`, `lost-write`, … */
  fault?: string;
}

/** A one-shot failure: the next `count` matching requests get `status` (or a dropped connection). */
export interface FailRule {
  method?: string;
  /** An exact path, a pattern with `:param` and `*` segments, or a RegExp over the path. */
  pathPattern: string | RegExp;
  status: number | 'network-error';
  body?: unknown;
  headers?: Record<string, string>;
  count?: number;
  /** Apply the request first, then fail it (a lost write response). */
  afterApply?: boolean;
}

interface PendingJob {
  dueAt: number;
  run: () => void;
}

function patternToRegExp(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) return pattern;
  const body = pattern
    .split('/')
    .map((seg) =>
      seg === '*'
        ? '.*'
        : seg.startsWith(':')
          ? '[^/]+'
          : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${body}$`);
}

/**
 * One simulated Procore: its state, OAuth store, knobs, rate limiter, logs and test helpers.
 * HTTP lives in `handlers.ts`; this class has no transport.
 */
export class FakeProcore {
  readonly clock: Clock;
  readonly random: () => number;
  readonly limiter = new RateLimiter();
  readonly requestLog: RequestLogEntry[] = [];
  state!: FakeState;
  oauth!: OAuthStore;
  knobs!: Knobs;
  scenario!: ScenarioData;
  private failRules: (FailRule & { left: number; regexp: RegExp })[] = [];
  private holds: {
    regexp: RegExp;
    method?: string;
    gate: Promise<void>;
    arrived: () => void;
  }[] = [];
  private pending: PendingJob[] = [];
  /** A real timer that runs the next pending job when the clock says it is due. */
  private wake: ReturnType<typeof setTimeout> | null = null;
  private webhooks: WebhookDispatcher | null = null;
  private lastScenario: ScenarioName | ScenarioData = 'fresh-install';
  private readonly redirectUris: string[];

  constructor(private readonly options: FakeProcoreOptions = {}) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.random = options.random ?? Math.random;
    this.redirectUris = [...(options.redirectUris ?? [])];
    this.reset(options.scenario ?? 'fresh-install');
  }

  /** Starts over with a scenario: new state, tokens, windows, logs and knobs. */
  reset(scenario: ScenarioName | ScenarioData = this.lastScenario): void {
    this.lastScenario = scenario;
    this.scenario =
      typeof scenario === 'string'
        ? buildScenario(scenario, this.options.scenarioOverrides)
        : scenario;
    const now = () => this.clock.now();
    this.state = new FakeState(this.scenario, now);
    const salus = this.state.clients.get(SALUS_CLIENT_ID);
    if (salus) salus.redirectUris.push(...this.redirectUris);
    this.oauth = new OAuthStore(now);
    this.knobs = applyKnobs(applyKnobs(defaultKnobs(), this.scenario.knobs), this.options.knobs);
    this.limiter.clear();
    this.requestLog.length = 0;
    this.failRules = [];
    this.dispose();
    const send = this.options.webhookFetch ?? ((input, init) => globalThis.fetch(input, init));
    const webhooks = new WebhookDispatcher(this, send);
    this.webhooks = webhooks;
    this.state.onWrite = (entry) => webhooks.onWrite(entry);
  }

  /**
   * Cancels what runs in the background: webhook deliveries in flight (aborted) or waiting to be
   * retried, and every pending job. `reset()` does it; so does closing the loopback server.
   */
  dispose(): void {
    this.webhooks?.cancel();
    this.pending = [];
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
  }

  get facts(): ScenarioFacts {
    return this.scenario.facts;
  }

  get writeLog(): readonly WriteLogEntry[] {
    return this.state.writes;
  }

  /** Registers an exact redirect URI for the SALUS client, kept across resets. */
  addRedirectUri(uri: string): void {
    this.redirectUris.push(uri);
    this.state.clients.get(SALUS_CLIENT_ID)?.redirectUris.push(uri);
  }

  setKnobs(patch: KnobsPatch): void {
    this.knobs = applyKnobs(this.knobs, patch);
  }

  /**
   * Holds every request matching `pathPattern` (method optional) before it is handled, until
   * `release()`: a test can catch a run mid-way without racing it. `held()` resolves once one
   * request is waiting.
   */
  hold(pathPattern: string | RegExp, method?: string) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const first = new Promise<void>((resolve) => (arrived = resolve));
    const rule = { regexp: patternToRegExp(pathPattern), method, gate, arrived };
    this.holds.push(rule);
    return {
      held: () => first,
      release: () => {
        this.holds = this.holds.filter((h) => h !== rule);
        release();
      },
    };
  }

  /** Waits while a {@link hold} matches the request. */
  async passHolds(method: string, path: string): Promise<void> {
    for (const rule of this.holds) {
      if ((rule.method && rule.method.toUpperCase() !== method) || !rule.regexp.test(path))
        continue;
      rule.arrived();
      await rule.gate;
    }
  }

  failNext(rule: FailRule): void {
    this.failRules.push({
      ...rule,
      left: rule.count ?? 1,
      regexp: patternToRegExp(rule.pathPattern),
    });
  }

  /** Takes one use of the first rule matching the request, if any. */
  takeFailRule(method: string, path: string): FailRule | null {
    const rule = this.failRules.find(
      (r) => (!r.method || r.method.toUpperCase() === method) && r.regexp.test(path),
    );
    if (!rule) return null;
    rule.left -= 1;
    if (rule.left <= 0) this.failRules = this.failRules.filter((r) => r !== rule);
    return rule;
  }

  /**
   * Runs async work whose time on the fake clock has come: a queued bulk_add, a webhook retry,
   * the end of an app update's permission reapply. Every API request calls it first; a real
   * timer calls it when the next job falls due by real time (tests on a manual clock advance
   * the clock and call it).
   */
  flushAsync(): void {
    const now = this.clock.now();
    const due = this.pending.filter((j) => j.dueAt <= now);
    this.pending = this.pending.filter((j) => j.dueAt > now);
    for (const job of due) job.run();
    this.scheduleWake();
  }

  enqueue(delayMs: number, run: () => void): void {
    this.pending.push({ dueAt: this.clock.now() + delayMs, run });
    this.scheduleWake();
  }

  private scheduleWake(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    if (this.pending.length === 0) return;
    const next = Math.min(...this.pending.map((j) => j.dueAt));
    const delay = Math.min(Math.max(0, next - this.clock.now()), 2 ** 31 - 1);
    this.wake = setTimeout(() => {
      this.wake = null;
      this.flushAsync();
    }, delay);
    // Never keeps a test process alive.
    this.wake.unref();
  }

  // ---- webhooks ----

  /** Every delivery of this generation, oldest first (also `GET /__fake/webhooks`). */
  get webhookDeliveries(): readonly WebhookDeliveryRecord[] {
    return this.webhooks?.deliveries ?? [];
  }

  /** Resolves when no webhook delivery is in flight; retries waiting on the clock may remain. */
  webhooksIdle(): Promise<void> {
    return this.webhooks?.idle() ?? Promise.resolve();
  }

  /** The company's hooks with their triggers, as `GET /__fake/webhooks` shows them. */
  webhookHooks(companyId: Id = this.facts.companyId) {
    return this.state.hooksOf(companyId).map((hook) => ({
      ...hook,
      triggers: this.state.triggersOf(hook.id),
    }));
  }

  // ---- accessors for tests ----

  /** The user's membership of a project of that company, with the template's name. */
  membership(companyId: Id, projectId: Id, userId: Id) {
    const project = this.state.projects.get(projectId);
    if (!project || project.companyId !== companyId) return undefined;
    const templateId = this.state.membership(projectId, userId);
    if (templateId === undefined) return undefined;
    const name = templateId === null ? null : (this.state.templates.get(templateId)?.name ?? null);
    return { permissionTemplateId: templateId, permissionTemplateName: name };
  }

  companyUser(companyId: Id, userId: Id): (FakeCompanyUser & { user: FakeUser }) | undefined {
    const cu = this.state.companyUser(companyId, userId);
    const user = this.state.users.get(userId);
    return cu && user ? { ...cu, user: { ...user } } : undefined;
  }

  /** The DMSA user of the company's live SALUS installation. */
  serviceAccountId(companyId: Id = this.facts.companyId): Id | null {
    return this.state.activeInstallation(companyId, SALUS_CLIENT_ID)?.serviceAccountUserId ?? null;
  }

  /** Active projects of the company the user is not on. */
  missingProjects(companyId: Id, userId: Id): FakeProject[] {
    return this.state
      .projectsOf(companyId)
      .filter((p) => p.active && this.state.membership(p.id, userId) === undefined);
  }

  /**
   * A change made in the simulated Procore UI: by the scenario's admin, through no app (so its
   * webhook events carry `source_application_id: null`).
   */
  uiOrigin(action: string): WriteOrigin {
    return { via: `control: ${action}`, userId: this.facts.adminUserId, clientId: null };
  }

  /**
   * Creates a project as Procore's UI would (auto-adds add_to_new_projects users), which fires
   * a Projects create event.
   */
  createProject(
    companyId: Id,
    name: string,
    active = true,
    notJoining: readonly Id[] = [],
  ): FakeProject {
    return this.state.createProject(
      companyId,
      { name, active },
      this.uiOrigin('create project'),
      notJoining,
    );
  }

  // ---- OAuth shortcuts for tests that do not drive the consent page ----

  tokenSet(token: TokenRecord): TokenSet {
    return {
      access_token: token.accessToken,
      token_type: 'bearer',
      expires_in: token.expiresIn,
      ...(token.refreshToken ? { refresh_token: token.refreshToken } : {}),
      created_at: Math.floor(token.createdAt / 1000),
    };
  }

  /** A user token as if `userId` (default: the scenario's sign-in user) had consented. */
  issueUserToken(userId: Id = this.facts.signInUserId, clientId = SALUS_CLIENT_ID): TokenSet {
    return this.tokenSet(this.oauth.issueToken('user', clientId, userId, this.knobs.expiresIn));
  }

  /** A client-credentials token of the SALUS app. */
  issueClientToken(clientId = SALUS_CLIENT_ID): TokenSet {
    return this.tokenSet(this.oauth.issueToken('client', clientId, null, this.knobs.expiresIn));
  }

  /** An authorization code as if `userId` had clicked Allow. */
  authorize(redirectUri: string, userId: Id = this.facts.signInUserId, clientId = SALUS_CLIENT_ID) {
    return this.oauth.issueCode(clientId, redirectUri, userId).code;
  }

  clearLogs(): void {
    this.requestLog.length = 0;
    this.state.writes.length = 0;
  }

  /** JSON for `GET /__fake/state`. */
  summary() {
    return {
      scenario: { name: this.scenario.name, description: this.scenario.description },
      facts: this.facts,
      knobs: this.knobs,
      oauth: this.oauth.stats(),
      counts: {
        companies: this.state.companies.size,
        users: this.state.users.size,
        projects: this.state.projects.size,
        templates: this.state.templates.size,
      },
      requestLog: this.requestLog,
      writeLog: this.state.writes,
      webhookDeliveries: this.webhookDeliveries,
    };
  }
}

export function createFakeProcore(options: FakeProcoreOptions = {}): FakeProcore {
  return new FakeProcore(options);
}
