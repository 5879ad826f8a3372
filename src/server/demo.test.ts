import { createServer, type Server } from 'node:net';
import { DEFAULT_DEMO_PROCORE_PORT, startDemoProcore } from './demo.ts';

/** Holds the default port for the test (unless something else already does). */
async function holdDefaultPort(): Promise<Server | null> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(null)); // taken already: just as good
    server.listen(DEFAULT_DEMO_PROCORE_PORT, '127.0.0.1', () => resolve(server));
  });
}

test('with its default port taken, the demo Procore starts on another and says so', async () => {
  const held = await holdDefaultPort();
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    const demo = await startDemoProcore({ PORT: '3999' });
    try {
      expect(new URL(demo.server.url).port).not.toBe(String(DEFAULT_DEMO_PROCORE_PORT));
      expect(demo.openUrl).toMatch(/^http:\/\/localhost:\d+\/demo$/);
      expect(log).toHaveBeenCalledWith(
        expect.stringContaining(`${DEFAULT_DEMO_PROCORE_PORT} is taken`),
      );
    } finally {
      await demo.close();
    }
  } finally {
    log.mockRestore();
    await new Promise((resolve) => (held ? held.close(resolve) : resolve(undefined)));
  }
});

test('a port chosen with DEMO_PROCORE_PORT is used or start-up fails', async () => {
  const held = await holdDefaultPort();
  try {
    await expect(
      startDemoProcore({ DEMO_PROCORE_PORT: String(DEFAULT_DEMO_PROCORE_PORT) }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  } finally {
    await new Promise((resolve) => (held ? held.close(resolve) : resolve(undefined)));
  }
});
