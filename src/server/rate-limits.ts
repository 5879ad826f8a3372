import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

/**
 * Limits on the unauthenticated sign-in routes and on the support view (@fastify/rate-limit,
 * registered with `global: false`, so only routes that carry one in `config.rateLimit` are
 * limited, and whatever calls a limiter made with `app.rateLimit`). They brake abuse of one
 * instance; they are not a quota (each instance counts in its own memory).
 */

const tooMany = (_request: FastifyRequest, context: { after: string }) =>
  new HttpError(429, 'rate-limited', `Too many sign-in requests. Try again in ${context.after}.`);

const tooManySupport = (_request: FastifyRequest, context: { after: string }) =>
  new HttpError(429, 'rate-limited', `Too many support requests. Try again in ${context.after}.`);

/** `/auth/prepare`: per client address (TRUST_PROXY decides which address that is). */
export const prepareRateLimit: RateLimitOptions = {
  max: 60,
  timeWindow: 60_000,
  keyGenerator: (request) => `prepare:${request.ip}`,
  errorResponseBuilder: tooMany,
};

/**
 * `/auth/poll`: per sign-in `state`, not per address: the iframe polls about every 1.5 s for
 * minutes, and a company's admins often share one address. Counted once the body is parsed.
 */
export const pollRateLimit: RateLimitOptions = {
  max: 90,
  timeWindow: 60_000,
  hook: 'preHandler',
  keyGenerator: (request) => {
    const state = (request.body as { state?: unknown } | null)?.state;
    return typeof state === 'string' ? `poll:${state.slice(0, 128)}` : `poll-ip:${request.ip}`;
  },
  errorResponseBuilder: tooMany,
};

/**
 * Support sign-in (`/auth/support/start` and its callback): per client address, as nobody is
 * known yet. A person signs in a few times a day; this only stops a loop or a flood.
 */
export const supportSignInRateLimit: RateLimitOptions = {
  max: 30,
  timeWindow: 60_000,
  keyGenerator: (request) => `support-sign-in:${request.ip}`,
  errorResponseBuilder: tooMany,
};

/**
 * The support API, per person, not per address (support staff share an office): a brake on a
 * script or a leaked session, well above what a person clicking through the view does. Counted
 * per route (@fastify/rate-limit keeps a count per route) once the guard knows who it is
 * (preHandler): only a viewer reaches it.
 */
export const supportRateLimit: RateLimitOptions = {
  max: 120,
  timeWindow: 60_000,
  hook: 'preHandler',
  keyGenerator: (request) => `support:${request.supportViewer?.key ?? `ip:${request.ip}`}`,
  errorResponseBuilder: tooManySupport,
};

/**
 * Support credentials that open nothing (a made-up or ended session cookie, a wrong token), per
 * client address, whichever support route they come to: someone whose session just ended sends
 * a few; a script trying cookies is stopped.
 */
export const supportCredentialRateLimit: RateLimitOptions = {
  max: 30,
  timeWindow: 60_000,
  keyGenerator: (request) => `support-credential:${request.ip}`,
  errorResponseBuilder: tooManySupport,
};

/**
 * Procore's webhook deliveries (`POST /webhooks/procore`): per client address, generous (a
 * company importing projects sends bursts, and Procore retries what we refuse). It stops floods
 * of forged deliveries; each refused one costs one indexed read.
 */
export const webhookRateLimit: RateLimitOptions = {
  max: 3000,
  timeWindow: 60_000,
  keyGenerator: (request) => `webhook:${request.ip}`,
  errorResponseBuilder: (_request, context) =>
    new HttpError(429, 'rate-limited', `Too many deliveries. Try again in ${context.after}.`),
};

/** Which routes carry which limit, by method and route path (never by a request's URL). */
const LIMITS: Record<string, RateLimitOptions> = {
  'POST /auth/prepare': prepareRateLimit,
  'POST /auth/poll': pollRateLimit,
  'GET /auth/support/start': supportSignInRateLimit,
  'GET /auth/support/callback': supportSignInRateLimit,
  'POST /webhooks/procore': webhookRateLimit,
};

/**
 * Puts each sign-in route's limit in its route config as the route is registered. Call before
 * registering @fastify/rate-limit, whose own `onRoute` hook then reads the config.
 */
export function configureSignInRateLimits(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const limit = LIMITS[`${method} ${route.url}`];
      if (limit) route.config = { ...route.config, rateLimit: limit };
    }
  });
}
