import { afterEach, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

let h: AppHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it("the sign-in popup's pages speak the browser's language", async () => {
  h = await startAppHarness({ scenario: 'fresh-install' });
  const page = await fetch(`${h.server.url}/auth/start?state=${'x'.repeat(43)}`, {
    headers: { 'Accept-Language': 'fr-FR,fr;q=0.9' },
  });
  expect(page.status).toBe(400);
  const html = await page.text();
  expect(html).toContain('<html lang="fr">');
  expect(html).toContain('Ce lien de connexion a expiré');
  const english = await (await fetch(`${h.server.url}/auth/start?state=${'x'.repeat(43)}`)).text();
  expect(english).toContain('This sign-in link has expired');
});
