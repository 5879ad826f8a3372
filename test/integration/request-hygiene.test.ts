import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE } from '../../src/api/contract.ts';
import { newNonce, startAppHarness, startSignIn, type AppHarness } from '../support/app-harness.ts';

/**
 * What the server says and logs about requests (issue 13, items 14 and 15): a client's mistake is
 * a 4xx in the contract's error shape, logged at info with no stack trace; the OAuth `code` and
 * `state` never reach the request log.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface LogLine {
  level: number;
  reqId?: string;
  msg?: string;
  err?: unknown;
  req?: { url: string };
}

function logCapture() {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return { stream, lines, text: () => raw.join('\n') };
}

const INFO = 30;

describe('client mistakes', () => {
  it('answer 4xx in the error shape, logged at info without a stack', async () => {
    const logs = logCapture();
    h = await startAppHarness({ scenario: 'fresh-install', logStream: logs.stream });
    const { sessionId } = await h.signIn();
    const cid = h.fake.facts.companyId;
    const json = 'application/json';
    const mistakes: { name: string; type: string; body: string; status: number }[] = [
      { name: 'malformed JSON', type: json, body: '{"nonce": ', status: 400 },
      { name: 'empty JSON body', type: json, body: '', status: 400 },
      {
        name: 'oversized body',
        type: json,
        body: JSON.stringify({ nonce: newNonce(), pad: 'x'.repeat(70 * 1024) }),
        status: 413,
      },
      { name: 'wrong content type', type: 'text/plain', body: 'hello', status: 415 },
      { name: 'form post', type: 'application/x-www-form-urlencoded', body: 'a=1', status: 415 },
      {
        name: '__proto__',
        type: json,
        body: `{"nonce":"${newNonce()}","__proto__":{"isAdmin":true}}`,
        status: 400,
      },
      { name: 'wrong shape', type: json, body: '{"trial":"yes"}', status: 400 },
    ];

    for (const path of ['/auth/prepare', `/api/companies/${cid}/runs`]) {
      for (const mistake of mistakes) {
        const response = await fetch(`${h.server.url}${path}`, {
          method: 'POST',
          headers: {
            [CSRF_HEADER]: CSRF_VALUE,
            Authorization: `Bearer ${sessionId}`,
            'Content-Type': mistake.type,
          },
          body: mistake.body,
        });
        const what = `${mistake.name} to ${path}`;
        const body = (await response.json()) as unknown;
        expect({ what, status: response.status, body }).toEqual({
          what,
          status: mistake.status,
          body: { error: { code: 'bad-request', message: expect.any(String) } },
        });
        const reqId = response.headers.get('x-request-id');
        const about = logs.lines.filter((l) => l.reqId === reqId);
        expect(
          about.filter((l) => l.level > INFO),
          what,
        ).toEqual([]);
        expect(
          about.some((l) => l.level === INFO && l.msg && !l.err),
          what,
        ).toBe(true);
      }
    }
    // A URL the router cannot even decode: the same shape and the same headers as any answer.
    for (const path of ['/api/%ZZ', `/api/runs/%E0%A4%A/report`]) {
      const response = await fetch(`${h.server.url}${path}`, {
        headers: { Authorization: `Bearer ${sessionId}` },
      });
      expect({ path, status: response.status, body: await response.json() }).toEqual({
        path,
        status: 400,
        body: { error: { code: 'bad-request', message: expect.any(String) } },
      });
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
    }
    // None of it started anything.
    expect(await h.server.store.runs.listForCompany(cid, { limit: 1 })).toEqual([]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('the request log', () => {
  it('never holds the OAuth code or state', async () => {
    const logs = logCapture();
    h = await startAppHarness({ scenario: 'fresh-install', logStream: logs.stream });
    const flow = await startSignIn(h.server.url);
    const { callbackUrl } = await flow.consent();
    const code = new URL(callbackUrl).searchParams.get('code')!;
    expect(code.length).toBeGreaterThan(8);
    const popup = await flow.callback(callbackUrl);
    expect(popup.status).toBe(200);
    // A replay and a denied-looking callback are logged the same way.
    await flow.callback(callbackUrl);
    await fetch(`${h.server.url}/auth/callback?error=access_denied&State=${flow.state}`);

    const urls = logs.lines.flatMap((l) => (l.req ? [l.req.url] : []));
    expect(urls.filter((u) => u.startsWith('/auth/callback?')).length).toBeGreaterThanOrEqual(3);
    expect(urls.filter((u) => u.startsWith('/auth/start?'))).toEqual([
      '/auth/start?state=REDACTED',
    ]);
    expect(logs.text()).not.toContain(code);
    expect(logs.text()).not.toContain(flow.state);
  });
});
