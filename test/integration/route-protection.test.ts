import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isStateChanging, type DeclaredRoute } from '../../src/server/security.ts';
import { startAppHarness, tempDir, type AppHarness } from '../support/app-harness.ts';

/**
 * Protection follows the route a request matched, however the request spelled its path
 * (issue 13, items 2 and 3): the router decodes `/%61pi/…` to `/api/…`, so a test of the raw URL
 * would let a forged write through. Every state-changing route, under encoded, doubled-slash and
 * case variants of its path, refuses a request without the CSRF header; every API answer carries
 * the API's headers; and nothing we serve can be framed except the iframe entry, by the
 * configured hosts only.
 */

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FOREIGN = 'https://evil.example';
const PROCORE_HOSTS = 'https://app.procore.example https://eu.procore.example';
const RUN_ID = '6f1c2a52-1d7b-4c5e-9a43-0b8e3f0c2d11';

/** The declared path with its parameters filled in. */
function concrete(route: DeclaredRoute, cid: string): string {
  return route.url.replace(':cid', cid).replace(':runId', RUN_ID);
}

/** Spellings of one path that a router might take for it; `matches` if Fastify routes them. */
function variants(pathname: string): { path: string; matches: boolean }[] {
  const segments = pathname.split('/').slice(1);
  const out: { path: string; matches: boolean }[] = [];
  segments.forEach((segment, i) => {
    if (!/^[a-z]/i.test(segment)) return;
    const hex = segment.charCodeAt(0).toString(16);
    for (const encoded of [`%${hex}`, `%${hex.toUpperCase()}`]) {
      const copy = [...segments];
      copy[i] = encoded + segment.slice(1);
      out.push({ path: `/${copy.join('/')}`, matches: true });
    }
    // Every character of the segment encoded.
    const all = [...segments];
    all[i] = [...segment].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    out.push({ path: `/${all.join('/')}`, matches: true });
  });
  out.push({ path: `/${pathname}`, matches: false });
  out.push({ path: pathname.replace(/\/([^/]+)\//, '/$1//'), matches: false });
  out.push({ path: pathname.toUpperCase(), matches: false });
  out.push({
    path: pathname.replace(/\/([a-z])/g, (_, c: string) => `/${c.toUpperCase()}`),
    matches: false,
  });
  return out;
}

describe('protection by matched route', () => {
  it('refuses every state-changing route without the CSRF header, however its path is spelled', async () => {
    h = await startAppHarness({ scenario: 'several-candidates' });
    const { sessionId } = await h.signIn();
    const cid = h.fake.facts.companyId;
    // Procore's webhook is server to server: it authenticates each delivery by its secret instead
    // (test/integration/watch.test.ts refuses forged ones, from any origin).
    const writes = h.server.routes.filter(
      (r) => isStateChanging(r.method) && r.url !== '/webhooks/procore',
    );
    // The routes the issue names are among them (a refactor that drops one fails here).
    expect(writes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/companies/:cid/runs',
        'POST /api/companies/:cid/service-account',
        'POST /api/runs/:runId/resume',
        'POST /api/runs/:runId/retry-failed',
        'POST /api/runs/:runId/undo',
        'POST /api/companies/:cid/auto-repair',
        'POST /api/companies/:cid/auto-repair/off',
        'POST /auth/prepare',
        'POST /auth/logout',
      ]),
    );

    for (const route of writes) {
      for (const variant of variants(concrete(route, cid))) {
        for (const forged of [{}, { Origin: FOREIGN }] as Record<string, string>[]) {
          const response = await fetch(`${h.server.url}${variant.path}`, {
            method: route.method,
            headers: {
              'Content-Type': 'application/json',
              Authorization: `Bearer ${sessionId}`,
              ...forged,
            },
            body: JSON.stringify({ userId: h.fake.facts.serviceAccountId, nonce: 'x'.repeat(43) }),
          });
          const body = (await response.json()) as { error?: { code: string } };
          const what = `${route.method} ${variant.path}`;
          if (variant.matches) {
            expect({ what, status: response.status, code: body.error?.code }).toEqual({
              what,
              status: 403,
              code: 'csrf',
            });
            expect(response.headers.get('cache-control'), what).toBe('no-store');
            expect(response.headers.get('content-security-policy'), what).toContain(
              "frame-ancestors 'none'",
            );
          } else {
            // Not routed at all: nothing ran.
            expect([403, 404], what).toContain(response.status);
          }
        }
      }
    }

    // None of it had an effect.
    expect(await h.server.store.runs.listForCompany(cid, { limit: 1 })).toEqual([]);
    expect(await h.server.store.companySettings.get(cid)).toBeNull();
    expect(await h.server.store.repairGrants.get(cid)).toBeNull();
    expect(h.fake.writeLog).toEqual([]);
    expect(h.loginRequests('/oauth/revoke')).toEqual([]);
    expect((await h.client(sessionId).get('/api/session')).body).toMatchObject({
      user: { id: h.fake.facts.adminUserId },
    });
  });

  it('gives every API and sign-in answer its headers, however the path is spelled', async () => {
    h = await startAppHarness({ scenario: 'fresh-install' });
    const { sessionId } = await h.signIn();
    const cid = h.fake.facts.companyId;
    const reads = h.server.routes.filter(
      (r) => r.method === 'GET' && (r.url.startsWith('/api/') || r.url.startsWith('/auth/')),
    );
    expect(reads.length).toBeGreaterThan(5);
    for (const route of reads) {
      for (const variant of variants(concrete(route, cid)).filter((v) => v.matches)) {
        const response = await fetch(`${h.server.url}${variant.path}`, {
          headers: { Authorization: `Bearer ${sessionId}` },
          redirect: 'manual',
        });
        await response.arrayBuffer();
        const what = `GET ${variant.path} → ${response.status}`;
        expect(response.headers.get('cache-control'), what).toMatch(/no-store|no-cache|max-age/);
        expect(response.headers.get('cross-origin-resource-policy'), what).toBe('same-origin');
        expect(response.headers.get('content-security-policy'), what).toContain(
          "frame-ancestors 'none'",
        );
      }
    }
  });
});

describe('framing policy of everything served', () => {
  const dist = tempDir('salus-dist-');
  const files = [
    'index.html',
    'favicon.svg',
    'robots.txt',
    'assets/index-3f9a1c.js',
    'assets/index-3f9a1c.css',
    'assets/nested/other.html',
  ];
  beforeAll(() => {
    for (const file of files) {
      mkdirSync(path.dirname(path.join(dist.dir, file)), { recursive: true });
      writeFileSync(path.join(dist.dir, file), file.endsWith('.html') ? '<!doctype html>' : 'x');
    }
  });
  afterAll(() => dist.remove());

  const ancestorsOf = (response: Response) =>
    /frame-ancestors ([^;]*)/.exec(response.headers.get('content-security-policy') ?? '')?.[1];

  it('lets only the configured hosts frame the entry; every file and every other route is unframeable', async () => {
    h = await startAppHarness({
      scenario: 'fresh-install',
      distDir: dist.dir,
      env: { FRAME_ANCESTORS: PROCORE_HOSTS },
    });
    const { sessionId } = await h.signIn();
    const cid = h.fake.facts.companyId;
    const listed = readdirSync(dist.dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dist.dir, path.join(entry.parentPath, entry.name)));
    expect(listed.sort()).toEqual([...files].sort());

    for (const file of listed) {
      const urlPath = `/${file.split(path.sep).join('/')}`;
      for (const spelled of [
        urlPath,
        urlPath.replace(/\/(\w)/, (_, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
      ]) {
        const response = await fetch(`${h.server.url}${spelled}`);
        await response.arrayBuffer();
        expect({ spelled, status: response.status, ancestors: ancestorsOf(response) }).toEqual({
          spelled,
          status: 200,
          ancestors: "'none'",
        });
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
    }

    const gets = h.server.routes.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.url)).toEqual(expect.arrayContaining(['/', '/support', '/healthz']));
    for (const route of gets) {
      const response = await fetch(`${h.server.url}${concrete(route, cid)}`, {
        headers: { Authorization: `Bearer ${sessionId}` },
        redirect: 'manual',
      });
      await response.arrayBuffer();
      const expected = route.url === '/' ? PROCORE_HOSTS : "'none'";
      expect({ route: route.url, ancestors: ancestorsOf(response) }).toEqual({
        route: route.url,
        ancestors: expected,
      });
    }
    // The entry under another spelling, and a path nothing serves, are not frameable either.
    for (const other of [
      '/?company_id=1',
      '/%69ndex.html',
      '/nothing-here',
      '/assets/missing.js',
    ]) {
      const response = await fetch(`${h.server.url}${other}`);
      await response.arrayBuffer();
      expect({ other, ancestors: ancestorsOf(response) }).toEqual({
        other,
        ancestors: other === '/?company_id=1' ? PROCORE_HOSTS : "'none'",
      });
    }
  });
});
