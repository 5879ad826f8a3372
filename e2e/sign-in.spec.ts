import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { expect, test } from './fixtures.ts';

/**
 * Where the result of a sign-in goes (issue 13, item 1), in Chromium: to the iframe that opened
 * the popup, by postMessage; when Procore's Cross-Origin-Opener-Policy cuts the opener (the fake's
 * `loginPageCoop` knob), the popup shows a short code that the person types into the iframe; and
 * a page that is not ours, even one that opened the popup itself, receives nothing.
 */

test('with the opener cut by COOP, the person types the code the popup shows', async ({
  page,
  salus,
  stack,
  facts,
}) => {
  await stack.knobs({ loginPageCoop: 'same-origin' });
  await salus.open();
  const popupOpened = page.waitForEvent('popup');
  await salus.button('Sign in with Procore').click();
  const popup = await popupOpened;
  await expect(popup).toHaveTitle(/Procore/);
  await popup.getByRole('button', { name: 'Allow' }).click();

  // Cut off from the iframe, the popup cannot post back: it shows the code instead.
  await expect(popup.getByRole('heading', { name: 'Your sign-in code' })).toBeVisible();
  const code = (await popup.locator('#code-value').textContent()) ?? '';
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

  const input = salus.app.getByRole('textbox', { name: 'Sign-in code' });
  await expect(input).toBeVisible();
  await salus.expectNoAxeViolations('sign-in code');
  await input.fill('WRONG-CODE');
  await salus.button('Continue').click();
  await expect(salus.app.getByRole('alert')).toContainText('not the code the Procore window shows');
  await input.fill(code.toLowerCase());
  await salus.button('Continue').click();
  await expect(salus.app.getByRole('heading', { level: 1 })).toHaveText(
    `SALUS setup for ${facts.companyName}`,
  );
  await salus.checked();
  await expect(salus.button('Fix permissions')).toBeVisible();
});

test('with the opener intact, the popup posts back and shows no code', async ({
  page,
  salus,
  facts,
}) => {
  await salus.open();
  const popupOpened = page.waitForEvent('popup');
  await salus.button('Sign in with Procore').click();
  const popup = await popupOpened;
  await salus.allowInPopup(popup);
  await expect(salus.app.getByRole('textbox', { name: 'Sign-in code' })).toHaveCount(0);
  await expect(salus.app.getByRole('heading', { level: 1 })).toHaveText(
    `SALUS setup for ${facts.companyName}`,
  );
});

test('a foreign page that opens the sign-in link itself receives nothing it can redeem', async ({
  context,
  page,
  stack,
}) => {
  // The attacker prepares a sign-in with his own nonce, outside any browser.
  const nonce = randomBytes(32).toString('base64url');
  const api = (route: string, body: unknown) =>
    fetch(`${stack.appUrl}${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Salus-Setup': '1' },
      body: JSON.stringify(body),
    });
  const prepared = (await (await api('/auth/prepare', { nonce })).json()) as {
    state: string;
    startUrl: string;
  };

  // His page opens the link in the victim's browser and listens for anything posted to it.
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Free safety checklist</title>` +
        `<button id="go">Get the checklist</button><script>` +
        `window.received = [];` +
        `addEventListener('message', (e) => window.received.push(JSON.stringify(e.data)));` +
        `document.getElementById('go').onclick = () => window.open(` +
        `${JSON.stringify(`${stack.appUrl}${prepared.startUrl}`)}, 'x', 'popup');` +
        `</script>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    const popupOpened = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Get the checklist' }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Allow' }).click();
    await expect(popup.getByRole('heading', { name: 'Signed in' })).toBeVisible();
    // The popup has an opener (his page), so it posted, to our origin only: his page got nothing,
    // and the popup keeps its code hidden.
    await expect(popup.locator('#code')).toBeHidden();
    expect(
      await page.evaluate(() => (window as unknown as { received: string[] }).received),
    ).toEqual([]);

    // Polling with his nonce says only that it finished; nothing he holds opens a session.
    const polled = (await (await api('/auth/poll', { state: prepared.state, nonce })).json()) as {
      status: string;
    };
    expect(polled).toEqual({ status: 'ready' });
    for (let i = 0; i < 6; i += 1) {
      const redeem = await api('/auth/redeem', { state: prepared.state, nonce, code: 'ABCDEFGH' });
      expect(redeem.status).toBeGreaterThanOrEqual(400);
      expect(redeem.headers.get('set-cookie')).toBeNull();
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
