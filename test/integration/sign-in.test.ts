import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../src/api/contract.ts';
import { createTokenCipher } from '../../src/server/crypto.ts';
import {
  SESSION_SECRET,
  movableNow,
  newNonce,
  startAppHarness,
  startSignIn,
  type AppHarness,
} from '../support/app-harness.ts';

/**
 * Sign-in over real HTTP (issue 4, "Sign-in"): the state is single-use, short-lived and bound to
 * the iframe's nonce, and it is checked before anything reaches Procore's token endpoint.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const withState = (url: string, state: string | null) => {
  const u = new URL(url);
  if (state === null) u.searchParams.delete('state');
  else u.searchParams.set('state', state);
  return u.href;
};

describe('sign-in with Procore', () => {
  it('exchanges the code once and hands the iframe a single-use code, never a token', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const flow = await startSignIn(h.server.url, { companyId: h.fake.facts.companyId });
    expect((await flow.poll()).body).toEqual({ status: 'pending' });

    const { callbackUrl, authorizeUrl } = await flow.consent();
    const authorize = new URL(authorizeUrl);
    expect(authorize.origin).toBe(h.procore.url);
    expect(authorize.searchParams.get('state')).toBe(flow.state);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${h.server.url}/auth/callback`);
    expect(h.loginRequests('/oauth/token')).toHaveLength(0);

    const popup = await flow.callback(callbackUrl);
    expect(popup).toMatchObject({ status: 200, type: 'success', state: flow.state });
    expect(popup.handoff).toMatch(/^[\w-]{43,}$/);
    expect(popup.headers.get('cache-control')).toBe('no-store');
    expect(h.loginRequests('/oauth/token')).toEqual([
      expect.objectContaining({ method: 'POST', status: 200 }),
    ]);

    // The handoff is redeemed only with the nonce the iframe holds.
    const wrongNonce = await flow.redeem(popup.handoff!, { nonce: newNonce() });
    expect(wrongNonce).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    const redeemed = await flow.redeem(popup.handoff!);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.user.id).toBe(h.fake.facts.adminUserId);
    // Single use: the same handoff (even with the right nonce) opens nothing the second time.
    expect((await flow.redeem(popup.handoff!)).status).toBe(401);

    // No Procore token ever reaches the browser: not in the popup, the poll or the redeem.
    const stored = await h.server.store.sessions.get(redeemed.body.sessionId);
    const cipher = createTokenCipher(SESSION_SECRET);
    for (const token of [stored!.accessTokenEnc!, stored!.refreshTokenEnc!].map(cipher.decrypt)) {
      expect(popup.html).not.toContain(token);
      expect(JSON.stringify(redeemed.body)).not.toContain(token);
    }

    const session = await h.client(redeemed.body.sessionId).get<SessionInfo>('/api/session');
    expect(session.body.user?.id).toBe(h.fake.facts.adminUserId);
    expect(session.body.companies.map((c) => c.id)).toContain(h.fake.facts.companyId);
    expect(session.body.demo).toBe(false);
    // Only the one authorization-code exchange ever reached Procore's token endpoint.
    expect(h.loginRequests('/oauth/token')).toHaveLength(1);
  });

  it('answers a poll only with the right nonce, and never with the handoff', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const flow = await startSignIn(h.server.url);
    const popup = await flow.callback((await flow.consent()).callbackUrl);

    expect(await flow.poll({ nonce: newNonce() })).toMatchObject({
      status: 404,
      body: { error: { code: 'not-found' } },
    });
    expect((await flow.poll()).body).toEqual({ status: 'ready' });
    expect((await flow.redeem(popup.handoff!)).status).toBe(200);
  });

  it('uses up a handoff presented with another sign-in’s state', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const flow = await startSignIn(h.server.url);
    const popup = await flow.callback((await flow.consent()).callbackUrl);
    const other = await startSignIn(h.server.url, { nonce: flow.nonce });

    expect((await flow.redeem(popup.handoff!, { state: other.state })).status).toBe(401);
    expect((await flow.redeem(popup.handoff!)).status).toBe(401);
  });

  it('refuses a wrong or missing state before any token request', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const flow = await startSignIn(h.server.url);
    const { callbackUrl } = await flow.consent();

    for (const state of [newNonce(), 'not-a-state', '', null]) {
      const popup = await flow.callback(withState(callbackUrl, state));
      expect(popup).toMatchObject({ status: 400, type: 'failure', handoff: null });
    }
    expect(h.loginRequests('/oauth/token')).toHaveLength(0);

    // A forged /auth/start never even reaches Procore's consent page.
    const start = await fetch(`${h.server.url}/auth/start?state=${newNonce()}`, {
      redirect: 'manual',
    });
    expect(start.status).toBe(400);
    expect(h.loginRequests('/oauth/authorize')).toHaveLength(1);

    // The genuine callback still works: the forged ones consumed nothing.
    expect((await flow.callback(callbackUrl)).status).toBe(200);
    expect(h.loginRequests('/oauth/token')).toHaveLength(1);
  });

  it('refuses a replayed callback: the state is single-use', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const flow = await startSignIn(h.server.url);
    const { callbackUrl } = await flow.consent();
    const first = await flow.callback(callbackUrl);
    expect(first.status).toBe(200);

    const replay = await flow.callback(callbackUrl);
    expect(replay).toMatchObject({ status: 400, type: 'failure', handoff: null });
    expect(h.loginRequests('/oauth/token')).toHaveLength(1);
    // The replayed code never reached Procore, so the first sign-in's tokens still work.
    const redeemed = await flow.redeem(first.handoff!);
    const status = await h
      .client(redeemed.body.sessionId)
      .get(`/api/companies/${h.fake.facts.companyId}/status`);
    expect(status.status).toBe(200);
    // /auth/start with a used state does not start another consent either.
    const start = await fetch(flow.startUrl, { redirect: 'manual' });
    expect(start.status).toBe(400);
  });

  it('refuses an expired state (10 minutes) before any token request', async () => {
    const now = movableNow();
    h = await startAppHarness({ scenario: 'fresh-install', store: { now } });
    const flow = await startSignIn(h.server.url);
    const { callbackUrl } = await flow.consent();

    now.advance(10 * 60_000 + 1_000);
    const popup = await flow.callback(callbackUrl);
    expect(popup).toMatchObject({ status: 400, type: 'failure', handoff: null });
    expect(h.loginRequests('/oauth/token')).toHaveLength(0);
    expect((await flow.poll()).body).toMatchObject({ status: 'failed' });
    expect((await fetch(flow.startUrl, { redirect: 'manual' })).status).toBe(400);
  });

  it('reports a denied consent to the popup and the poll, with no token request', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const flow = await startSignIn(h.server.url);
    const { callbackUrl } = await flow.consent({ decision: 'deny' });
    const popup = await flow.callback(callbackUrl);
    expect(popup).toMatchObject({ status: 400, type: 'failure', state: flow.state });
    expect(popup.error).toMatch(/chose not to allow/);
    expect((await flow.poll()).body).toMatchObject({ status: 'failed' });
    expect(h.loginRequests('/oauth/token')).toHaveLength(0);
  });

  it('signs out by revoking the tokens at Procore and ending the session', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { sessionId } = await h.signIn();
    const stored = await h.server.store.sessions.get(sessionId);
    const accessToken = createTokenCipher(SESSION_SECRET).decrypt(stored!.accessTokenEnc!);
    expect(h.fake.oauth.check(accessToken).status).toBe('ok');

    const api = h.client(sessionId);
    const logout = await api.post('/auth/logout');
    expect(logout.status).toBe(204);
    expect(h.loginRequests('/oauth/revoke')).toEqual([
      expect.objectContaining({ method: 'POST', status: 200 }),
    ]);
    expect(h.fake.oauth.check(accessToken).status).toBe('revoked');
    expect((await api.get<SessionInfo>('/api/session')).body.user).toBeNull();
    expect((await api.get(`/api/companies/${h.fake.facts.companyId}/status`)).body).toMatchObject({
      error: { code: 'unauthenticated' },
    });
  });
});
