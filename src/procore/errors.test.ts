import fc from 'fast-check';
import {
  MAX_WAIT_MS,
  ProcoreApiError,
  errorFromResponse,
  extractProcoreMessage,
  isAppNotConnected,
  parseRateLimitReset,
  parseRetryAfter,
} from './errors.ts';

const NOW = Date.UTC(2026, 0, 5, 12);
const httpDate = (ms: number) => new Date(ms).toUTCString();

describe('extractProcoreMessage', () => {
  it.each([
    ['{"errors":"Missing Procore-Company-Id header!"}', 'Missing Procore-Company-Id header!'],
    [
      '{"errors":{"last_name":["can\'t be blank"],"base":["User is invalid","Try again"]}}',
      "last_name can't be blank; User is invalid; Try again",
    ],
    [
      '{"error":{"code":"forbidden","message":"App is not connected to this company"}}',
      'App is not connected to this company',
    ],
    ['{"message":"Resource not found"}', 'Resource not found'],
    [
      '{"error":"You have surpassed the max number of requests"}',
      'You have surpassed the max number of requests',
    ],
    [
      '{"error":"invalid_grant","error_description":"The grant is invalid"}',
      'The grant is invalid',
    ],
    ['{"errors":["first","second"]}', 'first; second'],
    ['{"code":401,"message":"Unauthorized","reason":"expired"}', 'Unauthorized'],
    ['Contact could not be added.', 'Contact could not be added.'],
  ])('reads %s', (body, message) => {
    expect(extractProcoreMessage(body, 422)).toBe(message);
  });

  it.each([
    [
      '<!DOCTYPE html><html><body>Bad gateway</body></html>',
      502,
      'Procore had a problem (HTTP 502).',
    ],
    ['', 403, 'Procore refused the request (HTTP 403).'],
    [null, 429, 'Procore rate limit reached.'],
    ['{"status":"failed"}', 400, 'Procore refused the request (HTTP 400).'],
    ['{"errors":{}}', 422, 'Procore refused the request (HTTP 422).'],
    [null, null, 'Procore could not be reached.'],
  ])('gives a generic sentence for %j', (body, status, message) => {
    expect(extractProcoreMessage(body, status)).toBe(message);
  });

  it('clips very long bodies', () => {
    expect(extractProcoreMessage('x'.repeat(10_000), 500).length).toBeLessThanOrEqual(501);
  });
});

describe('errorFromResponse', () => {
  const build = (status: number, headers: Record<string, string> = {}, body = '') =>
    errorFromResponse({
      method: 'GET',
      path: '/rest/v1.0/me',
      status,
      headers: new Headers(headers),
      body,
      nowMs: NOW,
    });

  it.each([
    [400, 'unprocessable'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [406, 'unprocessable'],
    [409, 'unprocessable'],
    [422, 'unprocessable'],
    [429, 'rate-limited'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
  ])('maps HTTP %i to %s', (status, kind) => {
    const err = build(status);
    expect(err).toBeInstanceOf(ProcoreApiError);
    expect(err.kind).toBe(kind);
    expect(err.status).toBe(status);
  });

  it('carries the request id, the method and path, and the wait Procore asked for', () => {
    const err = build(
      429,
      { 'X-Request-Id': 'abc-123', 'Retry-After': '12' },
      '{"errors":"Too many"}',
    );
    expect(err).toMatchObject({ requestId: 'abc-123', retryAfterMs: 12_000, method: 'GET' });
    expect(err.message).toContain('GET /rest/v1.0/me');
    expect(err.procoreMessage).toBe('Too many');
  });

  it('falls back to X-Rate-Limit-Reset, measured against the server Date', () => {
    // Our clock is 10 minutes ahead; the server says the window resets 20 s from its now.
    const serverNow = NOW - 10 * 60_000;
    const err = build(429, {
      Date: httpDate(serverNow),
      'X-Rate-Limit-Reset': String((serverNow + 20_000) / 1000),
    });
    expect(err.retryAfterMs).toBe(21_000);
  });

  it('recognises "App is not connected to this company"', () => {
    expect(
      isAppNotConnected(build(403, {}, '{"errors":"App is not connected to this company"}')),
    ).toBe(true);
    expect(isAppNotConnected(build(403, {}, '{"errors":"Forbidden"}'))).toBe(false);
    expect(isAppNotConnected(new Error('App is not connected'))).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('120', null, NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', null, NOW)).toBe(0);
    expect(parseRetryAfter('1.5', null, NOW)).toBe(1500);
  });

  it('reads an HTTP date relative to the response Date, not our clock', () => {
    const serverNow = NOW + 10 * 60_000;
    expect(parseRetryAfter(httpDate(serverNow + 30_000), httpDate(serverNow), NOW)).toBe(30_000);
    expect(parseRetryAfter(httpDate(NOW + 30_000), null, NOW)).toBe(30_000);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['soon'],
    ['-5'],
    ['1e3'],
    ['Infinity'],
    ['NaN'],
    ['Mon, 99 Foo 2026 99:99:99 GMT'],
  ])('ignores %j', (value) => {
    expect(parseRetryAfter(value, null, NOW)).toBeNull();
  });

  it('caps huge waits and floors dates in the past at zero', () => {
    expect(parseRetryAfter('99999999999999999999', null, NOW)).toBe(MAX_WAIT_MS);
    expect(parseRetryAfter('9'.repeat(400), null, NOW)).toBe(MAX_WAIT_MS);
    expect(parseRetryAfter(httpDate(NOW - 60_000), httpDate(NOW), NOW)).toBe(0);
    expect(parseRetryAfter(httpDate(NOW + 86_400_000), httpDate(NOW), NOW)).toBe(MAX_WAIT_MS);
  });

  const headerValue = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string(),
    fc.integer().map(String),
    fc.double().map(String),
    fc.bigInt().map(String),
    fc.date().map((d) => d.toUTCString()),
  );
  const dateHeader = fc.oneof(
    fc.constant(undefined),
    fc.string(),
    fc.date().map((d) => d.toUTCString()),
  );
  const nowMs = fc.oneof(fc.integer({ min: -1e13, max: 1e13 }), fc.double());

  it('never returns a negative, NaN or uncapped wait', () => {
    fc.assert(
      fc.property(headerValue, dateHeader, nowMs, (value, date, now) => {
        for (const result of [
          parseRetryAfter(value, date, now),
          parseRateLimitReset(value, date, now),
        ]) {
          if (result === null) continue;
          expect(Number.isInteger(result)).toBe(true);
          expect(result).toBeGreaterThanOrEqual(0);
          expect(result).toBeLessThanOrEqual(MAX_WAIT_MS);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
