import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  SupportCompanyDetail,
  SupportCompanyRow,
  SupportSessionInfo,
} from '../../src/api/contract.ts';
import { SESSION_COOKIE } from '../../src/server/sessions.ts';
import { SUPPORT_SESSION_COOKIE, SUPPORT_SIGN_IN_COOKIE } from '../../src/server/support-access.ts';
import {
  SUPPORT_TOKEN,
  movableNow,
  startAppHarness,
  tempDir,
  type AppHarness,
  type AppHarnessOptions,
} from '../support/app-harness.ts';
import { supportBrowser } from '../support/support-browser.ts';

/**
 * SALUS support signs in as a person (issue 17): OpenID Connect with PKCE through the simulated
 * SALUS identity provider, over real HTTP; the allow-list, the session's timeouts and sign-out;
 * every look at a company audited with the person; the break-glass token; and the attacks:
 * replayed or foreign state, a replayed code, an open redirect, one kind of session passed off
 * as the other, framing.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const VISITOR = { email: 'visitor@elsewhere.example', name: 'Visitor', sub: 'visitor-1' };
const SUPPORT = {
  email: 'support@salus.example',
  name: 'SALUS Support',
  sub: 'support-1',
  groups: ['salus-support'],
};

async function start(options: Partial<AppHarnessOptions> = {}) {
  const h = await startAppHarness({
    scenario: 'complete',
    knobs: { addToNewProjectsOnRead: true },
    background: false,
    identity: { people: [SUPPORT, VISITOR] },
    ...options,
  });
  cleanups.push(() => h.close());
  return h;
}

/** An admin checks the company once, so support has something to look at. */
async function checkedCompany(h: AppHarness) {
  const { sessionId } = await h.signIn();
  const cid = h.fake.facts.companyId;
  expect((await h.client(sessionId).get(`/api/companies/${cid}/status`)).status).toBe(200);
  return { cid, sessionId };
}

async function supportSessionCount(h: AppHarness) {
  const rows = await h.server.store.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM support_sessions',
  );
  return Number(rows[0]!.n);
}

describe('signing in to the support view', () => {
  it('signs in through the identity provider and lists the companies with the cookie alone', async () => {
    const h = await start();
    const { cid } = await checkedCompany(h);
    const browser = supportBrowser(h.server.url);

    const before = await browser.getJson<SupportSessionInfo>('/api/support/session');
    expect(before.body).toEqual({ person: null, signIn: true, breakGlass: true, demo: false });
    expect((await browser.getJson('/api/support/companies')).status).toBe(401);

    const started = await browser.startSignIn();
    expect(started.html).toContain('Sign in as support@salus.example');
    const authorize = new URL(started.authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('openid email profile');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `${h.server.url}/auth/support/callback`,
    );
    const done = await browser.callback(await browser.choose(started, SUPPORT.email));
    expect(done).toEqual({ status: 303, location: '/support' });

    const session = browser.setCookies.find((c) => c.name === SUPPORT_SESSION_COOKIE)!;
    expect(session.name.startsWith('__Host-')).toBe(true);
    expect(session.attributes).toEqual(
      expect.arrayContaining(['Path=/', 'Secure', 'HttpOnly', 'SameSite=Lax']),
    );
    expect(session.attributes.some((a) => /^domain=/i.test(a))).toBe(false);
    expect(browser.jar.has(SUPPORT_SIGN_IN_COOKIE)).toBe(false);

    const me = await browser.getJson<SupportSessionInfo>('/api/support/session');
    expect(me.body.person).toEqual({ email: 'support@salus.example', via: 'sign-in' });
    const list = await browser.getJson<SupportCompanyRow[]>('/api/support/companies');
    expect(list.status).toBe(200);
    expect(list.body.map((row) => row.companyId)).toEqual([cid]);
    expect(h.identity!.tokenAnswers).toEqual(['ok']);
  });

  it('refuses a person outside the allow-list: a clear refusal and no session', async () => {
    const h = await start();
    const browser = supportBrowser(h.server.url);
    expect(await browser.signIn(VISITOR.email)).toEqual({
      status: 303,
      location: '/support?refused=not-allowed',
    });
    expect(browser.jar.has(SUPPORT_SESSION_COOKIE)).toBe(false);
    expect(await supportSessionCount(h)).toBe(0);
    expect((await browser.getJson('/api/support/companies')).status).toBe(401);
  });

  it('refuses an unverified address, and anyone outside a required group', async () => {
    const h = await start({
      identity: {
        people: [
          { ...SUPPORT, email: 'new@salus.example', sub: 'new-1', emailVerified: false },
          { ...SUPPORT, email: 'sales@salus.example', sub: 'sales-1', groups: ['sales'] },
          SUPPORT,
        ],
      },
      env: { SUPPORT_ALLOWED_DOMAIN: 'salus.example', SUPPORT_REQUIRED_GROUP: 'salus-support' },
    });
    const browser = supportBrowser(h.server.url);
    // The provider names someone's groups only when asked for the scope.
    const started = await browser.startSignIn();
    expect(new URL(started.authorizeUrl).searchParams.get('scope')).toBe(
      'openid email profile groups',
    );
    expect((await browser.signIn('new@salus.example')).location).toBe(
      '/support?refused=email-unverified',
    );
    expect((await browser.signIn('sales@salus.example')).location).toBe(
      '/support?refused=not-in-group',
    );
    expect(await supportSessionCount(h)).toBe(0);
    expect((await browser.signIn(SUPPORT.email)).location).toBe('/support');
  });

  it('ends a session after 30 minutes idle, and after 8 hours however active', async () => {
    const now = movableNow();
    const h = await start({ store: { now } });
    const idle = supportBrowser(h.server.url);
    await idle.signIn();
    const busy = supportBrowser(h.server.url);
    await busy.signIn();

    now.advance(29 * 60_000);
    expect((await busy.getJson('/api/support/outbox')).status).toBe(200);
    now.advance(2 * 60_000);
    expect((await idle.getJson('/api/support/outbox')).status).toBe(401);
    // Busy all day, a request every 20 minutes: still over at 8 hours.
    for (let minutes = 31; minutes < 8 * 60 - 20; minutes += 20) {
      now.advance(20 * 60_000);
      expect((await busy.getJson('/api/support/outbox')).status, `${minutes}`).toBe(200);
    }
    now.advance(20 * 60_000);
    expect((await busy.getJson('/api/support/outbox')).status).toBe(401);
  });

  it('signs out with the app’s CSRF header only, and the old cookie opens nothing after', async () => {
    const h = await start();
    const browser = supportBrowser(h.server.url);
    await browser.signIn();
    const cookie = browser.jar.get(SUPPORT_SESSION_COOKIE)!;

    expect((await browser.post('/auth/support/sign-out', {})).status).toBe(403);
    expect((await browser.getJson('/api/support/outbox')).status).toBe(200);
    const out = await browser.post('/auth/support/sign-out');
    expect(out.status).toBe(204);
    expect(browser.jar.has(SUPPORT_SESSION_COOKIE)).toBe(false);
    const replayed = await fetch(`${h.server.url}/api/support/outbox`, {
      headers: { Cookie: `${SUPPORT_SESSION_COOKIE}=${cookie}` },
    });
    expect(replayed.status).toBe(401);
  });

  it('ends the person’s earlier session when they sign in again, in any browser', async () => {
    const h = await start();
    const laptop = supportBrowser(h.server.url);
    await laptop.signIn();
    const first = laptop.jar.get(SUPPORT_SESSION_COOKIE)!;
    const desktop = supportBrowser(h.server.url);
    await desktop.signIn();
    expect((await laptop.getJson('/api/support/outbox')).status).toBe(401);
    // The ended session's cookie is cleared, so the browser stops sending it.
    expect(laptop.jar.has(SUPPORT_SESSION_COOKIE)).toBe(false);
    expect((await desktop.getJson('/api/support/outbox')).status).toBe(200);

    await desktop.signIn();
    const again = await fetch(`${h.server.url}/api/support/outbox`, {
      headers: { Cookie: `${SUPPORT_SESSION_COOKIE}=${first}` },
    });
    expect(again.status).toBe(401);
    expect((await desktop.getJson('/api/support/outbox')).status).toBe(200);
  });

  it('takes the view away at once from someone the configuration no longer lets in', async () => {
    const data = tempDir('salus-support-store-');
    cleanups.push(async () => data.remove());
    const colleague = { ...SUPPORT, email: 'colleague@salus.example', sub: 'colleague-1' };
    const env = {
      SUPPORT_ALLOWED_EMAILS: `${SUPPORT.email} ${colleague.email}`,
      SUPPORT_REQUIRED_GROUP: 'salus-support',
    };
    const h = await start({
      env,
      store: { dataDir: data.dir },
      identity: { people: [SUPPORT, colleague] },
    });
    const signedIn = async (email: string) => {
      const browser = supportBrowser(h.server.url);
      await browser.signIn(email);
      return browser.jar.get(SUPPORT_SESSION_COOKIE)!;
    };
    const mine = await signedIn(SUPPORT.email);
    const theirs = await signedIn(colleague.email);
    const outbox = async (cookie: string) =>
      (
        await fetch(`${h.server.url}/api/support/outbox`, {
          headers: { Cookie: `${SUPPORT_SESSION_COOKIE}=${cookie}` },
        })
      ).status;
    /** A restart with other settings: sessions live in the store, the allow-list in the config. */
    const restartWith = async (changes: Partial<typeof env>) => {
      await h.stopApp();
      Object.assign(env, changes);
      await h.startApp();
    };

    await restartWith({});
    expect(await outbox(mine)).toBe(200);
    expect(await outbox(theirs)).toBe(200);
    await restartWith({ SUPPORT_ALLOWED_EMAILS: SUPPORT.email });
    expect(await outbox(mine)).toBe(200);
    expect(await outbox(theirs)).toBe(401);
    // Groups are the ones the ID token named at sign-in, checked against the group required now.
    await restartWith({ SUPPORT_REQUIRED_GROUP: 'salus-support-leads' });
    expect(await outbox(mine)).toBe(401);
  });
});

describe('the identity provider down', () => {
  it('sends the browser back to say sign-in failed, recording nothing', async () => {
    const h = await start();
    await h.identity!.close();
    const browser = supportBrowser(h.server.url);
    const response = await browser.send('/auth/support/start');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/support?refused=failed');
    expect(browser.jar.has(SUPPORT_SIGN_IN_COOKIE)).toBe(false);
    const rows = await h.server.store.db.query('SELECT 1 FROM support_sign_ins');
    expect(rows).toHaveLength(0);
  });
});

describe('credentials that open nothing', () => {
  it('are limited per address and write nothing, while a signed-in colleague there goes on', async () => {
    const h = await start();
    await checkedCompany(h);
    const colleague = supportBrowser(h.server.url);
    await colleague.signIn();
    const query = vi.spyOn(h.server.store.db, 'query');
    const writes = () =>
      query.mock.calls.filter(([sql]) => /^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql)).length;
    const madeUp = (n: number) => ({ Cookie: `${SUPPORT_SESSION_COOKIE}=made-up-${n}` });

    for (let n = 0; n < 29; n += 1) {
      const response = await fetch(`${h.server.url}/api/support/companies`, {
        headers: madeUp(n),
      });
      expect(response.status).toBe(401);
    }
    // The session route counts them too, from the same address.
    const session = await fetch(`${h.server.url}/api/support/session`, { headers: madeUp(29) });
    expect(session.status).toBe(200);
    expect(writes()).toBe(0);

    const refused = await fetch(`${h.server.url}/api/support/outbox`, {
      headers: { Authorization: 'Bearer not-the-support-token' },
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate-limited' } });
    expect((await colleague.getJson('/api/support/companies')).status).toBe(200);
    query.mockRestore();
  });
});

describe('who looked, recorded', () => {
  it('audits every view of a company with the person and the time, and shows it on the company', async () => {
    const h = await start();
    const { cid } = await checkedCompany(h);
    const browser = supportBrowser(h.server.url);
    await browser.signIn();

    expect((await browser.getJson('/api/support/companies')).status).toBe(200);
    expect((await browser.getJson('/api/support/outbox')).status).toBe(200);
    const detail = await browser.getJson<SupportCompanyDetail>(`/api/support/companies/${cid}`);
    expect(detail.status).toBe(200);
    expect(detail.body.company.companyId).toBe(cid);
    // No fix yet: nothing to download, and nothing was seen.
    expect((await browser.getJson(`/api/support/companies/${cid}/report`)).status).toBe(404);

    const entries = (await h.server.store.audit.listForCompany(cid)).filter(
      (e) => e.target === 'support-view',
    );
    expect(entries.map((e) => e.field).sort()).toEqual(['detail', 'list', 'notices']);
    for (const entry of entries) {
      expect(entry.actor).toEqual({ id: 'support:support-1', name: 'support@salus.example' });
      expect(Math.abs(entry.at.getTime() - Date.now())).toBeLessThan(60_000);
    }
    expect(detail.body.recentAccess).toEqual([
      { at: expect.any(String), email: 'support@salus.example', via: 'sign-in', view: 'detail' },
      { at: expect.any(String), email: 'support@salus.example', via: 'sign-in', view: 'notices' },
      { at: expect.any(String), email: 'support@salus.example', via: 'sign-in', view: 'list' },
    ]);
  });

  it('records one look per person, view and company every 10 minutes, however often', async () => {
    const now = movableNow();
    const h = await start({ store: { now } });
    const { cid } = await checkedCompany(h);
    const browser = supportBrowser(h.server.url);
    await browser.signIn();
    const views = async () =>
      (await h.server.store.audit.listForCompany(cid, { target: 'support-view' })).map(
        (entry) => entry.field,
      );

    for (let i = 0; i < 3; i += 1) {
      expect((await browser.getJson('/api/support/companies')).status).toBe(200);
      expect((await browser.getJson('/api/support/outbox')).status).toBe(200);
    }
    expect(await views()).toEqual(['notices', 'list']);
    now.advance(9 * 60_000);
    expect((await browser.getJson('/api/support/companies')).status).toBe(200);
    expect(await views()).toEqual(['notices', 'list']);
    now.advance(2 * 60_000);
    expect((await browser.getJson('/api/support/companies')).status).toBe(200);
    // Someone else's look is theirs: the break-glass token is another actor.
    const breakGlass = { Authorization: `Bearer ${SUPPORT_TOKEN}` };
    expect((await h.client().get('/api/support/companies', breakGlass)).status).toBe(200);
    expect(await views()).toEqual(['list', 'list', 'notices', 'list']);
  });

  it('audits a report download, and limits each person’s requests', async () => {
    const h = await start({ scenario: 'fresh-install', knobs: {} });
    const { cid, sessionId } = await checkedCompany(h);
    const started = await h.client(sessionId).apply<{ runId: string }>(cid);
    expect(started.status).toBe(201);
    // No background work here: the run's drive job is worked by hand.
    await h.server.jobs.workDue<{ runId: string }>('run-drive', (job) =>
      h.server.runs.drive(job.data.runId),
    );
    await h.server.runs.settled(started.body.runId);
    const browser = supportBrowser(h.server.url);
    await browser.signIn();
    const report = await browser.getJson<{ runId: string }>(`/api/support/companies/${cid}/report`);
    expect(report.status).toBe(200);
    expect(report.body.runId).toBe(started.body.runId);
    const entries = await h.server.store.audit.listForCompany(cid, { target: 'support-view' });
    expect(entries.map((e) => [e.field, e.actor.name])).toEqual([
      ['report', 'support@salus.example'],
    ]);

    // 120 a minute per person (and route): the 121st is refused, and someone else is not.
    let status = 200;
    for (let i = 0; i <= 120 && status === 200; i += 1) {
      status = (await browser.getJson('/api/support/outbox')).status;
    }
    expect(status).toBe(429);
    const colleague = await browser.getJson('/api/support/outbox', {
      Authorization: `Bearer ${SUPPORT_TOKEN}`,
    });
    expect(colleague.status).toBe(200);
  });
});

describe('the break-glass token', () => {
  it('opens the support view only when SUPPORT_TOKEN is set, logged and audited', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const h = await start({ logStream });
    const { cid } = await checkedCompany(h);
    const auth = { Authorization: `Bearer ${SUPPORT_TOKEN}` };
    const list = await h.client().get('/api/support/companies', auth);
    expect(list.status).toBe(200);
    const [entry] = await h.server.store.audit.listForCompany(cid, { target: 'support-view' });
    expect(entry).toMatchObject({
      field: 'list',
      actor: { id: 'support:break-glass', name: 'SUPPORT_TOKEN (break-glass)' },
      newValue: { via: 'break-glass' },
    });
    const warnings = lines
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level === 40 && /break-glass/.test(line.msg));
    expect(warnings).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(SUPPORT_TOKEN);

    const off = await start({ env: { SUPPORT_TOKEN: '' } });
    await checkedCompany(off);
    expect((await off.client().get('/api/support/companies', auth)).status).toBe(401);
    const info = await off.client().get<SupportSessionInfo>('/api/support/session', auth);
    expect(info.body).toMatchObject({ person: null, breakGlass: false });
  });
});

describe('attacks on the support sign-in', () => {
  it('refuses a callback replayed, or taken to another browser, and a code used twice', async () => {
    const h = await start();
    const victim = supportBrowser(h.server.url);
    const attacker = supportBrowser(h.server.url);

    // The attacker's own sign-in, finished in the victim's browser: state bound elsewhere.
    const attackersCallback = await attacker.choose(await attacker.startSignIn(), SUPPORT.email);
    expect(await victim.callback(attackersCallback)).toEqual({
      status: 303,
      location: '/support?refused=expired',
    });
    expect(victim.jar.has(SUPPORT_SESSION_COOKIE)).toBe(false);

    // The victim's own callback works once; replayed (state spent), it opens nothing more.
    const callback = await victim.choose(await victim.startSignIn(), SUPPORT.email);
    expect((await victim.callback(callback)).location).toBe('/support');
    const sessions = await supportSessionCount(h);
    expect((await victim.callback(callback)).location).toBe('/support?refused=expired');
    expect(await supportSessionCount(h)).toBe(sessions);

    // A spent code with a fresh state of this browser: the PKCE verifier and the code's single
    // use both stop it at the identity provider.
    const fresh = new URL(await victim.choose(await victim.startSignIn(), SUPPORT.email));
    const replayed = new URL(callback);
    replayed.searchParams.set('state', fresh.searchParams.get('state')!);
    expect((await victim.callback(replayed.href)).location).toBe('/support?refused=failed');
    expect(h.identity!.tokenAnswers.at(-1)).toBe('invalid_grant');
    expect(await supportSessionCount(h)).toBe(sessions);
  });

  it('returns only to the support view, whatever the start URL asks', async () => {
    const h = await start();
    const browser = supportBrowser(h.server.url);
    for (const returnTo of ['https://evil.example/support', '/support?company=42']) {
      const start = `/auth/support/start?returnTo=${encodeURIComponent(returnTo)}`;
      expect((await browser.signIn(SUPPORT.email, start)).location, returnTo).toBe('/support');
    }
  });

  it('never takes an admin’s Procore session for support, nor the other way round', async () => {
    const h = await start();
    const { cid, sessionId } = await checkedCompany(h);
    for (const headers of [
      { Authorization: `Bearer ${sessionId}` } as Record<string, string>,
      { Cookie: `${SESSION_COOKIE}=${sessionId}` },
    ]) {
      const response = await fetch(`${h.server.url}/api/support/companies`, { headers });
      expect(response.status).toBe(401);
    }
    const browser = supportBrowser(h.server.url);
    await browser.signIn();
    const support = browser.jar.get(SUPPORT_SESSION_COOKIE)!;
    for (const headers of [
      { Cookie: `${SUPPORT_SESSION_COOKIE}=${support}` } as Record<string, string>,
      { Cookie: `${SESSION_COOKIE}=${support}` },
      { Authorization: `Bearer ${support}` },
    ]) {
      const status = await fetch(`${h.server.url}/api/companies/${cid}/status`, { headers });
      expect(status.status).toBe(401);
      const session = await fetch(`${h.server.url}/api/session`, { headers });
      expect(((await session.json()) as { user: unknown }).user).toBeNull();
    }
    // The support cookie, sent as a bearer, is not the break-glass token either.
    const asBearer = await fetch(`${h.server.url}/api/support/companies`, {
      headers: { Authorization: `Bearer ${support}` },
    });
    expect(asBearer.status).toBe(401);
  });
});

describe('framing', () => {
  const dist = tempDir('salus-support-dist-');
  beforeAll(() => {
    mkdirSync(dist.dir, { recursive: true });
    writeFileSync(path.join(dist.dir, 'index.html'), '<!doctype html>');
  });
  afterAll(() => dist.remove());

  it('lets nobody frame the support page, its sign-in or its API', async () => {
    const h = await start({ distDir: dist.dir });
    for (const route of [
      '/support',
      '/auth/support/start',
      '/api/support/session',
      '/api/support/companies',
    ]) {
      const response = await fetch(`${h.server.url}${route}`, { redirect: 'manual' });
      expect(response.headers.get('content-security-policy'), route).toContain(
        "frame-ancestors 'none'",
      );
    }
  });
});
