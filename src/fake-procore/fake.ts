import type { TokenSet } from '../procore/types.ts';
import { applyKnobs, defaultKnobs, type Knobs, type KnobsPatch } from './knobs.ts';
import type { FakeCompanyUser, FakeProject, FakeUser, Id } from './model.ts';
import { OAuthStore, type TokenKind, type TokenRecord } from './oauth-store.ts';
import { RateLimiter } from './rate-limit.ts';
import { SALUS_CLIENT_ID } from './scenario-kit.ts';
import { buildScenario, type ScenarioName, type ScenarioOverrides } from './scenarios.ts';
import { FakeState, type ScenarioData, type ScenarioFacts, type WriteLogEntry } from './state.ts';

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
    this.pending = [];
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

  /** Runs async work (e.g. a queued bulk_add) whose time on the fake clock has come. */
  flushAsync(): void {
    const now = this.clock.now();
    const due = this.pending.filter((j) => j.dueAt <= now);
    this.pending = this.pending.filter((j) => j.dueAt > now);
    for (const job of due) job.run();
  }

  enqueue(delayMs: number, run: () => void): void {
    this.pending.push({ dueAt: this.clock.now() + delayMs, run });
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

  /** Creates a project as Procore's UI would (auto-adds add_to_new_projects users). */
  createProject(companyId: Id, name: string, active = true): FakeProject {
    return this.state.createProject(companyId, { name, active }, 'control');
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
    };
  }
}

export function createFakeProcore(options: FakeProcoreOptions = {}): FakeProcore {
  return new FakeProcore(options);
}
