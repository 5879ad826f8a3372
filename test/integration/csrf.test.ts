import { afterEach, describe, expect, it } from 'vitest';
import {
  CSRF_HEADER,
  type Plan,
  type RunProgress,
  type SessionInfo,
} from '../../src/api/contract.ts';
import { newNonce, startAppHarness, type AppHarness } from '../support/app-harness.ts';

/**
 * Cross-site request forgery: every state-changing request must carry `X-Salus-Setup: 1` (which a
 * cross-site form cannot send without a preflight we never grant) and, when the browser sends an
 * Origin, our exact origin. A refused request does nothing.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FOREIGN = 'https://evil.example';

describe('CSRF protection', () => {
  it('refuses writes without the custom header or from a foreign origin, and does nothing', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { sessionId } = await h.signIn();
    const api = h.client(sessionId);
    const cid = h.fake.facts.companyId;
    const csrf = { status: 403, body: { error: { code: 'csrf', message: expect.any(String) } } };
    const forged: Record<string, string>[] = [
      { [CSRF_HEADER]: '' },
      { [CSRF_HEADER]: '0' },
      { Origin: FOREIGN },
      { Origin: 'null' },
      { Origin: h.server.url.replace('127.0.0.1', 'localhost') },
    ];

    // A real review's plan: the forged Apply would otherwise run it.
    const { planId } = (await api.get<Plan>(`/api/companies/${cid}/plan`)).body;
    expect(planId).not.toBeNull();
    const asked = h.fake.requestLog.length;
    for (const headers of forged) {
      expect(await api.post(`/api/companies/${cid}/runs`, { planId }, headers)).toMatchObject(csrf);
      expect(await api.post('/auth/logout', {}, headers)).toMatchObject(csrf);
      expect(
        await api.post('/auth/prepare', { nonce: newNonce() }, { ...headers, Authorization: '' }),
      ).toMatchObject(csrf);
    }
    // A plain cross-site form post (no custom header, urlencoded) is refused the same way.
    const form = await fetch(`${h.server.url}/api/companies/${cid}/runs`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Bearer ${sessionId}`,
        Origin: FOREIGN,
      },
      body: 'x=1',
    });
    expect(form.status).toBe(403);
    expect(await form.json()).toMatchObject({ error: { code: 'csrf' } });

    // None of it had an effect: Procore was not even asked, no run, no write, and the session is
    // still signed in.
    expect(h.fake.requestLog.slice(asked)).toEqual([]);
    expect(await h.server.store.runs.listForCompany(cid, { limit: 1 })).toEqual([]);
    expect(h.fake.writeLog).toEqual([]);
    expect(h.loginRequests('/oauth/revoke')).toEqual([]);
    expect((await api.get<SessionInfo>('/api/session')).body.user).not.toBeNull();
    // Reads need no header.
    expect((await api.get(`/api/companies/${cid}/status`, { Origin: FOREIGN })).status).toBe(200);

    // The same write from our own origin with the header goes through.
    const run = await api.post<RunProgress>(
      `/api/companies/${cid}/runs`,
      { planId },
      { Origin: h.server.url },
    );
    expect(run.status).toBe(201);
    await h.server.runs.settled(run.body.runId);
    expect(h.fake.writeLog.length).toBeGreaterThan(0);
  });

  it('grants nothing to a foreign origin over CORS: no preflight passes, no response is shared', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const cid = h.fake.facts.companyId;
    const preflight = await fetch(`${h.server.url}/api/companies/${cid}/runs`, {
      method: 'OPTIONS',
      headers: {
        Origin: FOREIGN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': `${CSRF_HEADER.toLowerCase()}, authorization, content-type`,
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    const read = await fetch(`${h.server.url}/api/session`, { headers: { Origin: FOREIGN } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
