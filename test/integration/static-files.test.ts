import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startAppHarness, tempDir, type AppHarness } from '../support/app-harness.ts';

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const dist = tempDir('salus-dist-');
beforeAll(() => {
  const files = {
    'index.html': '<!doctype html>',
    'assets/index-3f9a1c.js': 'x',
    'favicon.svg': '<svg/>',
    'robots.txt': readFileSync('public/robots.txt', 'utf8'),
    '.vite/manifest.json': '{}',
  };
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dist.dir, file)), { recursive: true });
    writeFileSync(path.join(dist.dir, file), content);
  }
});
afterAll(() => dist.remove());

it('caches hashed assets for good and asks again for the rest, framed by no one', async () => {
  h = await startAppHarness({ scenario: 'fresh-install', distDir: dist.dir });
  const get = async (urlPath: string) => {
    const response = await fetch(`${h!.server.url}${urlPath}`);
    return { response, body: await response.text() };
  };

  const asset = await get('/assets/index-3f9a1c.js');
  expect(asset.response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  for (const file of ['/favicon.svg', '/robots.txt', '/index.html', '/']) {
    const { response } = await get(file);
    expect({ file, status: response.status, cache: response.headers.get('cache-control') }).toEqual(
      { file, status: 200, cache: 'no-cache' },
    );
  }
  for (const file of ['/assets/index-3f9a1c.js', '/favicon.svg', '/robots.txt']) {
    const { response } = await get(file);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  }

  // Search engines are told to stay out; the build's own manifest is not served.
  expect((await get('/robots.txt')).body).toMatch(/^User-agent: \*\nDisallow: \/$/m);
  expect((await get('/.vite/manifest.json')).response.status).toBe(404);
});
