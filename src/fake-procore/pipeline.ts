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
import type { FakeState } from './state.ts';

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
  /** `METHOD /path`, recorded in the write log. */
  via: string;
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

async function applyLatency(fake: FakeProcore): Promise<void> {
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
  const method = request.method.toUpperCase();
  const isWrite = method !== 'GET';
  const knobs = fake.knobs;
  const headers: Record<string, string> = { Date: new Date(fake.clock.now()).toUTCString() };
  const log: RequestLogEntry = {
    seq: fake.requestLog.length + 1,
    time: fake.clock.now(),
    host: 'api',
    method,
    path: url.pathname,
    query: url.search,
    status: 0,
    tokenKind: null,
    userId: null,
    companyId: request.headers.get('Procore-Company-Id'),
  };
  fake.requestLog.push(log);
  const finish = (result: ApiResult | 'network-error', fault?: string): Response => {
    if (fault) log.fault = fault;
    if (result === 'network-error') {
      log.status = 'network-error';
      return HttpResponse.error();
    }
    log.status = result.status;
    return toHttpResponse(result, headers);
  };
  const failWith = (rule: FailRule) =>
    finish(
      rule.status === 'network-error'
        ? 'network-error'
        : {
            status: rule.status,
            body: rule.body ?? { errors: 'Injected failure' },
            headers: rule.headers,
          },
      rule.afterApply ? 'fail-next-after-apply' : 'fail-next',
    );

  const rule = fake.takeFailRule(method, url.pathname);
  if (rule && !rule.afterApply) return failWith(rule);
  const inScope = knobs.faults.scope === 'all' || isWrite;
  if (inScope && chance(fake, knobs.faults.dropRate)) return finish('network-error', 'drop');
  if (inScope && chance(fake, knobs.faults.unavailableRate)) {
    const retry = { 'Retry-After': String(knobs.faults.retryAfterSeconds) };
    return finish(
      { status: 503, body: { errors: 'Service Unavailable' }, headers: retry },
      'unavailable',
    );
  }
  if (inScope && chance(fake, knobs.faults.serverErrorRate)) {
    return finish({ status: 500, body: { errors: 'Internal Server Error' } }, 'server-error');
  }

  let token: TokenRecord;
  try {
    token = authenticate(fake, request);
  } catch (e) {
    if (e instanceof ApiError)
      return finish({ status: e.status, body: e.body, headers: e.headers });
    throw e;
  }
  log.tokenKind = token.kind;
  log.userId = token.userId;

  const identity = token.kind === 'user' ? `user:${token.userId}` : `client:${token.clientId}`;
  const limitKey = `${knobs.rateLimits.key === 'token' ? token.accessToken : identity}|${log.companyId ?? '-'}`;
  const now = fake.clock.now();
  if (chance(fake, knobs.faults.rateLimitedRate)) {
    const peek = fake.limiter.peek(limitKey, now, knobs.rateLimits);
    Object.assign(headers, rateHeaders(peek), {
      'Retry-After': String(Math.max(1, peek.reset - Math.floor(now / 1000))),
    });
    return finish({ status: 429, text: RATE_LIMITED }, 'rate-limited');
  }
  const limit = fake.limiter.consume(limitKey, now, knobs.rateLimits);
  Object.assign(headers, rateHeaders(limit));
  if (!limit.allowed) {
    headers['Retry-After'] = String(Math.max(1, limit.reset - Math.floor(now / 1000)));
    return finish({ status: 429, text: RATE_LIMITED });
  }

  try {
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
      log.userId = actor.userId;
    }
    const ctx: ApiContext = {
      fake,
      state: fake.state,
      knobs,
      request,
      url,
      params,
      token,
      companyId,
      actor,
      via: `${method} ${url.pathname}`,
      actorFor(target: Id): Actor {
        if (actor && target === actor.companyId) return actor;
        if (actor && knobs.companyHeaderMismatch === 'reject') throw notFound();
        return resolveActor(fake, token, target);
      },
      readBody: () => readRequestBody(request),
    };
    const result = await route.handle(ctx);
    if (rule?.afterApply) return failWith(rule);
    if (isWrite && inScope && result.status < 400 && chance(fake, knobs.faults.lostWriteRate)) {
      return finish('network-error', 'lost-write');
    }
    return finish(result);
  } catch (e) {
    if (e instanceof ApiError)
      return finish({ status: e.status, body: e.body, headers: e.headers });
    throw e;
  }
}
