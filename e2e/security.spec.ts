import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { expect, SalusPage, test } from './fixtures.ts';

/**
 * The browser-side protections of issue 7, in Chromium: who may frame the app, sign-in with
 * third-party cookies blocked, and hostile Procore data rendered as text.
 */

/** A page on an origin Procore does not own, framing `src`. */
async function foreignPage(src: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Not Procore</title><iframe title="framed" src="${src}"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('only Procore (here: the simulated Procore page) can frame the app', async ({
  page,
  stack,
  salus,
}) => {
  // Allowed: the simulated Company Tools page.
  await salus.open();
  await expect(salus.button('Sign in with Procore')).toBeVisible();

  // Refused: any other origin. Chromium blocks the frame; the app never renders in it.
  const foreign = await foreignPage(`${stack.appUrl}/?company_id=1`);
  try {
    const blocked = page.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
    await page.goto(foreign.url);
    await blocked;
    const framed = page.frameLocator('iframe[title="framed"]');
    await expect(framed.getByRole('button', { name: 'Sign in with Procore' })).toHaveCount(0);
  } finally {
    await foreign.close();
  }
});

test('the sign-in callback and hand-off pages are not frameable by anyone', async ({
  request,
  stack,
}) => {
  for (const path of ['/auth/callback?state=x', '/auth/start?state=x']) {
    const response = await request.get(`${stack.appUrl}${path}`, { maxRedirects: 0 });
    expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers()['x-frame-options']).toBeUndefined();
  }
  const entry = await request.get(`${stack.appUrl}/`);
  expect(entry.headers()['content-security-policy']).toMatch(
    /frame-ancestors https:\/\/app\.procore\.com .*http:\/\/localhost:\d+/,
  );
  expect(entry.headers()['content-security-policy']).toContain("script-src 'self'");
});

test('no file of the built SPA can be framed, /index.html included; only the entry can', async ({
  request,
  stack,
}) => {
  const dist = path.resolve(import.meta.dirname, '..', 'dist');
  const files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dist, path.join(entry.parentPath, entry.name)));
  expect(files).toContain('index.html');
  // Vite's own manifest (.vite/) is build metadata for the benchmark, not a file we serve.
  const served = files.filter((file) => !file.startsWith(`.vite${path.sep}`));
  expect(served.length).toBeLessThan(files.length);
  expect((await request.get(`${stack.appUrl}/.vite/manifest.json`)).status()).toBe(404);
  for (const file of served) {
    const response = await request.get(`${stack.appUrl}/${file.split(path.sep).join('/')}`);
    expect({ file, status: response.status() }).toEqual({ file, status: 200 });
    expect(response.headers()['content-security-policy'], file).toContain("frame-ancestors 'none'");
  }
  const entry = await request.get(`${stack.appUrl}/?company_id=1`);
  expect(entry.headers()['content-security-policy']).not.toContain("frame-ancestors 'none'");
});

test('sign-in works with third-party cookies blocked', async ({ stack, facts }) => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--test-third-party-cookie-phaseout',
    ],
  });
  try {
    const page = await browser.newPage();
    const salus = new SalusPage(page, stack, facts);
    await salus.open();
    await salus.signIn();
    await salus.checked();
    await expect(salus.button('Fix permissions')).toBeVisible();
  } finally {
    await browser.close();
  }
});

test.describe('hostile names from Procore', () => {
  test.use({ scenario: 'partly-configured' });

  test('render as text: no markup, no script, no dialog', async ({ page, salus }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await salus.open();
    await salus.signIn();
    await salus.checked();
    const access = salus.app.getByRole('article', { name: 'Access to every active project' });
    await access.getByRole('button', { name: /projects to fix/ }).click();
    const search = access.getByRole('searchbox', { name: 'Search projects by name or number' });
    await search.fill('Warehouse');
    await access.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(access.getByRole('table')).toContainText('<img src=x onerror=alert(1)> Warehouse');
    await expect(salus.app.locator('img[src="x"]')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });
});
