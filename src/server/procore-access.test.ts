import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProcore } from '../fake-procore/fake.ts';
import { createProcoreHandlers } from '../fake-procore/handlers.ts';
import { SALUS_CLIENT_ID, SALUS_CLIENT_SECRET } from '../fake-procore/scenario-kit.ts';
import { loadConfig } from './config.ts';
import { createTokenCipher } from './crypto.ts';
import { toHttpError } from './errors.ts';
import { createProcoreAccess } from './procore-access.ts';
import { openStore, type Store } from './store/index.ts';
import { server } from '../../test/support/msw.ts';

/** msw answers before any socket opens, so a loopback URL with nothing listening is fine. */
const PROCORE = 'http://127.0.0.1:9';
let store: Store;

afterEach(async () => {
  await store?.close();
});

async function setup() {
  const fake = createFakeProcore({ scenario: 'fresh-install' });
  server.use(...createProcoreHandlers(fake, { baseUrl: PROCORE }));
  store = await openStore({});
  const config = loadConfig({
    PROCORE_CLIENT_ID: SALUS_CLIENT_ID,
    PROCORE_CLIENT_SECRET: SALUS_CLIENT_SECRET,
    PROCORE_LOGIN_URL: PROCORE,
    PROCORE_API_URL: PROCORE,
    APP_BASE_URL: 'http://127.0.0.1:3000',
    SESSION_SECRET: 'a'.repeat(40),
  });
  const cipher = createTokenCipher(config.sessionSecret);
  const access = createProcoreAccess({ config, store, cipher });
  const tokens = fake.issueUserToken();
  // The stored access token is one Procore no longer accepts; the refresh token is good.
  const { id: sessionId } = await store.sessions.create({
    procoreUserId: fake.facts.signInUserId,
    accessTokenEnc: cipher.encrypt('revoked-access-token'),
    refreshTokenEnc: cipher.encrypt(tokens.refresh_token!),
    accessExpiresAt: new Date(Date.now() + 3600_000),
    companies: [{ id: fake.facts.companyId, name: fake.facts.companyName }],
  });
  const client = access.userClient(sessionId, fake.facts.signInUserId, fake.facts.companyId);
  const refreshes = () =>
    fake.requestLog.filter((r) => r.path === '/oauth/token' && r.method === 'POST').length;
  return { fake, access, client, sessionId, refreshes };
}

describe('Procore tokens on the server', () => {
  it('50 concurrent 401s cause exactly one refresh, and every call then succeeds', async () => {
    const { fake, client, refreshes } = await setup();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client.companyBaseUrl(fake.facts.companyId)),
    );
    expect(results.every((r) => typeof r.web_base_url === 'string')).toBe(true);
    expect(refreshes()).toBe(1);
  });

  it('stores the rotated refresh token: a second expiry refreshes again with the new one', async () => {
    const { fake, access, client, sessionId, refreshes } = await setup();
    await client.companyBaseUrl(fake.facts.companyId);
    const rotated = await store.sessions.get(sessionId);
    // Procore's refresh tokens are single-use: the stored one must be the new one.
    await store.sessions.updateTokens(sessionId, {
      accessTokenEnc: createTokenCipher('a'.repeat(40)).encrypt('revoked-again'),
      refreshTokenEnc: rotated!.refreshTokenEnc!,
      accessExpiresAt: new Date(Date.now() + 3600_000),
    });
    const again = access.userClient(sessionId, fake.facts.signInUserId, fake.facts.companyId);
    await expect(again.companyBaseUrl(fake.facts.companyId)).resolves.toBeTruthy();
    expect(refreshes()).toBe(2);
  });

  it('a lost refresh response means "sign in again", not a crash or a retry loop', async () => {
    const { fake, client, refreshes } = await setup();
    fake.failNext({
      method: 'POST',
      pathPattern: '/oauth/token',
      status: 'network-error',
      afterApply: true,
    });
    const error = await client.companyBaseUrl(fake.facts.companyId).catch((e: unknown) => e);
    // Whichever way it surfaces (spent refresh token, or the 401 after it), the browser is told
    // to sign in again.
    expect(toHttpError(error)).toMatchObject({ status: 401, code: 'session-expired' });
    expect(refreshes()).toBe(1);
  });

  it('sign-out revokes the tokens at Procore and ends the session here', async () => {
    const { fake, access, sessionId } = await setup();
    await access.signOut(sessionId);
    expect(await store.sessions.get(sessionId)).toBeNull();
    expect(fake.requestLog.some((r) => r.path === '/oauth/revoke')).toBe(true);
  });
});
