import { HttpResponse, delay } from 'msw';
import { readRequestBody } from './body.ts';
import type { FailRule, FakeProcore, RequestLogEntry } from './fake.ts';
import {
  APP_NOT_CONNECTED,
  ApiError,
  MISSING_COMPANY_HEADER,
  RATE_LIMITED,
  TOKEN_EXPIRED,
  TOKEN_INVALID,
  badRequest,
  notFound,
  toHttpResponse,
  type ApiResult,
} from './http-kit.ts';
import { DECIMAL_ID } from './ids.ts';
import type { Knobs } from './knobs.ts';
import type { FakeCompanyUser, Id } from './model.ts';
import type { TokenKind, TokenRecord } from './oauth-store.ts';
import type { RateLimitStatus } from './rate-limit.ts';
import type { FakeState, WriteOrigin } from './state.ts';

/**
 * Where `Procore-Company-Id` is needed (procore-platform.md §1): everywhere (`required`), except
 * `/me` and `/companies` with a user token (`me`: unless `company_id`/`project_id` is passed).
 */
export type CompanyHeaderRule = 'required' | 'me' | 'companies' | 'none';

/** Who acts in the header's company: a signed-in user, or the app's service account there. */
export interface Actor {
  kind: TokenKind;
  userId: Id;
  companyId: Id;
  companyUser: FakeCompanyUser;
}

export interface ApiContext {
  fake: FakeProcore;
  state: FakeState;
  knobs: Knobs;
  request: Request;
  url: URL;
  params: Record<string, string>;
  token: TokenRecord;
  /** The `Procore-Company-Id` header, when sent. */
  companyId: Id | null;
  actor: Actor | null;
  /** `METHOD /path` and who acts, recorded in the write log (and in webhook events). */
  via: WriteOrigin;
  /** The actor for a company named in the path or query (checked against the header). */
  actorFor(companyId: Id): Actor;
  readBody(): Promise<unknown>;
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path after the base URL, msw syntax; `:version` is checked against `versions`. */
  path: string;
  versions?: readonly string[];
  company: CompanyHeaderRule;
  beta?: keyof Knobs['betaEndpoints'];
  handle(ctx: ApiContext): ApiResult | Promise<ApiResult>;
}

const chance = (fake: FakeProcore, rate: number) => rate > 0 && fake.random() < rate;

/** The `latencyMs` knob: a fixed delay or a uniform range, in real time. */
export async function applyLatency(fake: FakeProcore): Promise<void> {
  const l = fake.knobs.latencyMs;
  const ms = typeof l === 'number' ? l : l.min + fake.random() * (l.max - l.min);
  if (ms > 0) await delay(ms);
}

function authenticate(fake: FakeProcore, request: Request): TokenRecord {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('Authorization') ?? '');
  const challenge = { 'WWW-Authenticate': 'Bearer realm="Procore", error="invalid_token"' };
  if (!bearer) throw new ApiError(401, { errors: TOKEN_INVALID }, challenge);
  const check = fake.oauth.check(bearer[1]!);
  if (check.status === 'ok') return check.token;
  const message = check.status === 'expired' ? TOKEN_EXPIRED : TOKEN_INVALID;
  throw new ApiError(401, { errors: message }, challenge);
}

/** Resolves who acts in a company: 404 for a company the user is not in; 403 if not connected. */
export function resolveActor(fake: FakeProcore, token: TokenRecord, companyId: Id): Actor {
  const state = fake.state;
  if (!state.companies.has(companyId)) throw notFound();
  if (token.kind === 'user') {
    const cu = state.companyUser(companyId, token.userId!);
    if (!cu || !cu.isActive) throw notFound();
    return { kind: 'user', userId: cu.userId, companyId, companyUser: cu };
  }
  const installation = state.activeInstallation(companyId, token.clientId);
  const userId = installation?.serviceAccountUserId;
  const cu = userId ? state.companyUser(companyId, userId) : undefined;
  if (!cu || !cu.isActive) throw new ApiError(403, { errors: APP_NOT_CONNECTED });
  return { kind: 'client', userId: cu.userId, companyId, companyUser: cu };
}

function headerRequired(rule: CompanyHeaderRule, token: TokenRecord, url: URL): boolean {
  if (rule === 'required') return true;
  if (rule === 'none') return false;
  if (token.kind === 'client') return true;
  return (
    rule === 'me' && (url.searchParams.has('company_id') || url.searchParams.has('project_id'))
  );
}

function rateHeaders(status: RateLimitStatus): Record<string, string> {
  return {
    'X-Rate-Limit-Limit': String(status.limit),
    'X-Rate-Limit-Remaining': String(status.remaining),
    'X-Rate-Limit-Reset': String(status.reset),
  };
}

/** The log entry and response headers of one request, and how it ends. */
class Exchange {
  readonly log: RequestLogEntry;
  readonly headers: Record<string, string>;

  constructor(fake: FakeProcore, request: Request, url: URL) {
    this.headers = { Date: new Date(fake.clock.now()).toUTCString() };
    this.log = {
      seq: fake.requestLog.length + 1,
      time: fake.clock.now(),
      host: 'api',
      method: request.method.toUpperCase(),
      path: url.pathname,
      query: url.search,
      status: 0,
      tokenKind: null,
      userId: null,
      companyId: request.headers.get('Procore-Company-Id'),
    };
    fake.requestLog.push(this.log);
  }

  finish(result: ApiResult | 'network-error', fault?: string): Response {
    if (fault) this.log.fault = fault;
    if (result === 'network-error') {
      this.log.status = 'network-error';
      return HttpResponse.error();
    }
    this.log.status = result.status;
    return toHttpResponse(result, this.headers);
  }

  fail(rule: FailRule): Response {
    const fault = rule.afterApply ? 'fail-next-after-apply' : 'fail-next';
    if (rule.status === 'network-error') return this.finish('network-error', fault);
    const body = rule.body ?? { errors: 'Injected failure' };
    return this.finish({ status: rule.status, body, headers: rule.headers }, fault);
  }

  error(e: ApiError): Response {
    return this.finish({ status: e.status, body: e.body, headers: e.headers });
  }
}

/** Random failures before the request is handled: nothing is applied. */
function randomFault(fake: FakeProcore, ex: Exchange, inScope: boolean): Response | null {
  const f = fake.knobs.faults;
  if (!inScope) return null;
  if (chance(fake, f.dropRate)) return ex.finish('network-error', 'drop');
  if (chance(fake, f.unavailableRate)) {
    const headers = { 'Retry-After': String(f.retryAfterSeconds) };
    return ex.finish(
      { status: 503, body: { errors: 'Service Unavailable' }, headers },
      'unavailable',
    );
  }
  if (chance(fake, f.serverErrorRate)) {
    return ex.finish({ status: 500, body: { errors: 'Internal Server Error' } }, 'server-error');
  }
  return null;
}

/** Counts the request in its windows; a refused one is a 429 that changes nothing. */
function rateLimit(fake: FakeProcore, ex: Exchange, token: TokenRecord): Response | null {
  const knobs = fake.knobs;
  const identity = token.kind === 'user' ? `user:${token.userId}` : `client:${token.clientId}`;
  const who = knobs.rateLimits.key === 'token' ? token.accessToken : identity;
  const key = `${who}|${ex.log.companyId ?? '-'}`;
  const now = fake.clock.now();
  const retryAfter = (reset: number) => String(Math.max(1, reset - Math.floor(now / 1000)));
  if (chance(fake, knobs.faults.rateLimitedRate)) {
    const peek = fake.limiter.peek(key, now, knobs.rateLimits);
    Object.assign(ex.headers, rateHeaders(peek), { 'Retry-After': retryAfter(peek.reset) });
    return ex.finish({ status: 429, text: RATE_LIMITED }, 'rate-limited');
  }
  const status = fake.limiter.consume(key, now, knobs.rateLimits);
  Object.assign(ex.headers, rateHeaders(status));
  if (status.allowed) return null;
  ex.headers['Retry-After'] = retryAfter(status.reset);
  return ex.finish({ status: 429, text: RATE_LIMITED });
}

/** BETA switch, `Procore-Company-Id` (400) and the acting identity (404/403). */
function buildContext(
  fake: FakeProcore,
  route: ApiRoute,
  request: Request,
  url: URL,
  params: Record<string, string>,
  token: TokenRecord,
  ex: Exchange,
): ApiContext {
  const knobs = fake.knobs;
  if (route.beta && !knobs.betaEndpoints[route.beta]) throw notFound();
  const headerValue = request.headers.get('Procore-Company-Id');
  if (headerValue !== null && !DECIMAL_ID.test(headerValue.trim())) {
    throw badRequest('Invalid Procore-Company-Id header!');
  }
  const companyId = headerValue?.trim() || null;
  let actor: Actor | null = null;
  if (headerRequired(route.company, token, url)) {
    if (!companyId) throw badRequest(MISSING_COMPANY_HEADER);
    actor = resolveActor(fake, token, companyId);
    ex.log.userId = actor.userId;
  }
  return {
    fake,
    state: fake.state,
    knobs,
    request,
    url,
    params,
    token,
    companyId,
    actor,
    via: {
      via: `${ex.log.method} ${url.pathname}`,
      userId: actor?.userId ?? token.userId,
      clientId: token.clientId,
    },
    actorFor(target: Id): Actor {
      if (actor && target === actor.companyId) return actor;
      if (actor && knobs.companyHeaderMismatch === 'reject') throw notFound();
      return resolveActor(fake, token, target);
    },
    readBody: () => readRequestBody(request),
  };
}

/**
 * Runs one API request through what Procore does around every endpoint, in order: latency,
 * one-shot and random faults, authentication (401), rate limits (429, no mutation), BETA
 * switches, `Procore-Company-Id` (400) and company visibility (404/403), then the handler, and a
 * possibly lost response after a write was applied.
 */
export async function runApi(
  fake: FakeProcore,
  route: ApiRoute,
  request: Request,
  params: Record<string, string>,
): Promise<Response> {
  fake.flushAsync();
  await applyLatency(fake);
  const url = new URL(request.url);
  await fake.passHolds(request.method.toUpperCase(), url.pathname);
  const ex = new Exchange(fake, request, url);
  const isWrite = ex.log.method !== 'GET';
  const inScope = fake.knobs.faults.scope === 'all' || isWrite;

  const rule = fake.takeFailRule(ex.log.method, url.pathname);
  if (rule && !rule.afterApply) return ex.fail(rule);
  const fault = randomFault(fake, ex, inScope);
  if (fault) return fault;
  try {
    const token = authenticate(fake, request);
    ex.log.tokenKind = token.kind;
    ex.log.userId = token.userId;
    const limited = rateLimit(fake, ex, token);
    if (limited) return limited;
    const result = await route.handle(buildContext(fake, route, request, url, params, token, ex));
    if (rule) return ex.fail(rule);
    if (
      isWrite &&
      inScope &&
      result.status < 400 &&
      chance(fake, fake.knobs.faults.lostWriteRate)
    ) {
      return ex.finish('network-error', 'lost-write');
    }
    return ex.finish(result);
  } catch (e) {
    if (e instanceof ApiError) return ex.error(e);
    throw e;
  }
}
