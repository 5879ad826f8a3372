import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

// Proves the e2e toolchain: Playwright drives the system Chromium against a local server.
// To be replaced by the app's own specs.

const page = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Smoke</title></head>
  <body>
    <main>
      <button type="button">Say hello</button>
      <p role="status"></p>
    </main>
    <script>
      document.querySelector('button').addEventListener('click', async () => {
        const response = await fetch('/hello');
        document.querySelector('[role=status]').textContent = await response.text();
      });
    </script>
  </body>
</html>`;

let server: Server;
let origin: string;

test.beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/hello') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Hello from the server');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('a click in Chromium reaches the server and updates the page', async ({ page: tab }) => {
  await tab.goto(origin);
  await expect(tab.getByRole('status')).toBeEmpty();
  await tab.getByRole('button', { name: 'Say hello' }).click();
  await expect(tab.getByRole('status')).toHaveText('Hello from the server');
});
