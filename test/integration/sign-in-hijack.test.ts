import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../src/api/contract.ts';
import { newNonce, startAppHarness, startSignIn, type AppHarness } from '../support/app-harness.ts';

/**
 * The result of a sign-in reaches only the window that started it (issue 13, item 1). The popup
 * posts the handoff to its opener; when the opener is cut, it shows a short code the person types
 * into the iframe. A poll says only "ready". So an attacker who prepares a sign-in with his own
 * nonce and sends a victim the `/auth/start` link learns nothing he can redeem: he ends with no
 * session, whatever he polls, guesses or replays.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ATTEMPTS = 5;

/** Every session the store holds, by the Procore user it signs in. */
async function sessionUsers(harness: AppHarness) {
  return harness.server.store.db.query<{ procore_user_id: string }>(
    'SELECT procore_user_id FROM sessions',
  );
}

describe('sign-in link hijack', () => {
  it('the attacker who prepared the link polls, guesses and replays, and gets no session', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    // The attacker prepares a sign-in with a nonce of his own...
    const attacker = await startSignIn(h.server.url);
    // ...the victim opens the /auth/start link he was sent and allows at Procore. Opened from a
    // link, the popup has no opener: its page shows the code, to the victim only.
    const victimPopup = await attacker.callback(
      (await attacker.consent({ userId: h.fake.facts.adminUserId })).callbackUrl,
    );
    expect(victimPopup).toMatchObject({ status: 200, type: 'success' });
    expect(victimPopup.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    // Polling tells him it is done, and nothing else.
    const polled = await attacker.poll();
    expect(polled).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(Object.keys(polled.body as object)).toEqual(['status']);
    const said = JSON.stringify(polled.body);
    expect(said).not.toContain(victimPopup.handoff!);
    expect(said).not.toContain(victimPopup.code!.replace('-', ''));

    // Guessing the code: a few tries, then the sign-in is given up.
    const guesses = ['AAAA-AAAA', 'BBBBBBBB', '22223333', 'zzzz zzzz', 'QQQQ-QQQQ', 'RRRR-RRRR'];
    const answers = [];
    for (const guess of guesses) answers.push(await attacker.redeemCode(guess));
    expect(
      answers.map((a) => [a.status, (a.body as { error?: { code: string } }).error?.code]),
    ).toEqual([
      ...Array.from({ length: ATTEMPTS - 1 }, () => [400, 'wrong-code']),
      [401, 'too-many-attempts'],
      [401, 'unauthenticated'],
    ]);
    expect(answers.every((a) => !a.headers.get('set-cookie'))).toBe(true);

    // Even the right code (had the victim been talked into reading it out) and the handoff are
    // dead now, and the poll says the sign-in failed.
    expect((await attacker.redeemCode(victimPopup.code!)).status).toBe(401);
    expect((await attacker.redeem(victimPopup.handoff!)).status).toBe(401);
    expect((await attacker.poll()).body).toMatchObject({ status: 'failed' });

    // No session was ever handed out: the one row is the victim's, never redeemed.
    expect(await sessionUsers(h)).toEqual([{ procore_user_id: h.fake.facts.adminUserId }]);
    expect((await h.client().get<SessionInfo>('/api/session')).body.user).toBeNull();
  });

  it('a wrong nonce cannot try codes at all, and does not use up the person’s attempts', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const flow = await startSignIn(h.server.url);
    const popup = await flow.callback((await flow.consent()).callbackUrl);
    for (let i = 0; i < ATTEMPTS + 2; i += 1) {
      expect(await flow.redeemCode(popup.code!, { nonce: newNonce() })).toMatchObject({
        status: 401,
        body: { error: { code: 'unauthenticated' } },
      });
    }
    // Nor can the code be used with another sign-in's state (the attacker's own, say).
    const other = await startSignIn(h.server.url, { nonce: flow.nonce });
    expect((await flow.redeemCode(popup.code!, { state: other.state })).status).toBe(401);
    // The window that started it still can, typed loosely.
    const redeemed = await flow.redeemCode(popup.code!.toLowerCase().replace('-', ' '));
    expect(redeemed.status).toBe(200);
    expect(redeemed.body.user.id).toBe(h.fake.facts.adminUserId);
  });

  it('the code is single use, and one path used closes the other', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    // Opener cut: the person types the code; then neither the code nor the handoff works again.
    const cut = await startSignIn(h.server.url);
    const cutPopup = await cut.callback((await cut.consent()).callbackUrl);
    expect((await cut.poll()).body).toEqual({ status: 'ready' });
    expect((await cut.redeemCode(cutPopup.code!)).status).toBe(200);
    expect((await cut.redeemCode(cutPopup.code!)).status).toBe(401);
    expect((await cut.redeem(cutPopup.handoff!)).status).toBe(401);

    // Opener intact: the posted handoff is redeemed; the code shown nowhere is then dead too.
    const posted = await startSignIn(h.server.url);
    const postedPopup = await posted.callback((await posted.consent()).callbackUrl);
    expect((await posted.redeem(postedPopup.handoff!)).status).toBe(200);
    expect((await posted.redeemCode(postedPopup.code!)).status).toBe(401);
  });

  it('a wrong code or two do not spoil the sign-in for the person who started it', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const flow = await startSignIn(h.server.url);
    const popup = await flow.callback((await flow.consent()).callbackUrl);
    for (let i = 0; i < ATTEMPTS - 1; i += 1) {
      expect((await flow.redeemCode('WXYZ-WXYZ')).body).toMatchObject({
        error: { code: 'wrong-code' },
      });
    }
    const redeemed = await flow.redeemCode(popup.code!);
    expect(redeemed.status).toBe(200);
    const session = await h.client(redeemed.body.sessionId).get<SessionInfo>('/api/session');
    expect(session.body.user?.id).toBe(h.fake.facts.adminUserId);
  });
});

describe('the one-time code, a phishing target', () => {
  it('tells the person where alone to type it: SALUS Setup inside Procore, on the hosts that frame it', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const flow = await startSignIn(h.server.url);
    const response = await fetch(
      (await flow.consent({ userId: h.fake.facts.adminUserId })).callbackUrl,
    );
    const html = await response.text();
    for (const origin of h.server.config.frameAncestors) {
      expect(html).toContain(origin.replace(/^https?:\/\//, ''));
    }
    expect(html).toContain('someone else is trying to sign in as you');
  });

  it('SIGN_IN_CODE=off: no code is shown or accepted; a cut-off popup says to start again', async () => {
    h = await startAppHarness({ scenario: 'fresh-install', env: { SIGN_IN_CODE: 'off' } });
    const attacker = await startSignIn(h.server.url);
    const consent = await attacker.consent({ userId: h.fake.facts.adminUserId });
    const html = await (await fetch(consent.callbackUrl)).text();
    expect(html).not.toContain('id="code"');
    expect(html).toContain('select “Sign in with Procore” again');
    const guessed = await attacker.redeemCode('ABCD-EFGH');
    expect(guessed.status).toBe(400);
    expect(await sessionUsers(h)).toHaveLength(1); // the victim's, which no one can redeem
  });
});

describe('the callback page', () => {
  it('shows none of the text a crafted error_description carries, only the error code', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const flow = await startSignIn(h.server.url);
    const consent = await flow.consent({ userId: h.fake.facts.adminUserId });
    const url = new URL(consent.callbackUrl);
    url.searchParams.delete('code');
    url.searchParams.set('error', 'server_error');
    url.searchParams.set('error_description', 'Your account is locked, call +1 555 0100');
    const html = await (await fetch(url)).text();
    expect(html).not.toContain('locked');
    expect(html).toContain('server_error');
  });
});
