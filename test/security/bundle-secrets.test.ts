import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterAll, expect, it } from 'vitest';

/** The browser bundle is built with canary secrets in the environment; none may reach it. */
const CANARIES = {
  PROCORE_CLIENT_SECRET: 'canary-client-secret-7f3a9c',
  SESSION_SECRET: 'canary-session-secret-2b8d4e-0123456789abcdef',
  SUPPORT_TOKEN: 'canary-support-token-9e1f5a',
  SUPPORT_WEBHOOK_SECRET: 'canary-webhook-secret-4c6b2d',
};
const outDir = mkdtempSync(path.join(tmpdir(), 'salus-dist-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

it('no secret from the server environment ends up in the built app', async () => {
  const saved = { ...process.env };
  Object.assign(process.env, CANARIES, { PROCORE_CLIENT_ID: 'canary-client-id' });
  try {
    await build({ root: process.cwd(), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env = saved;
  }
  const built = files(outDir);
  expect(built.some((f) => f.endsWith('.js'))).toBe(true);
  for (const file of built) {
    const text = readFileSync(file, 'utf8');
    for (const canary of Object.values(CANARIES)) expect(text, file).not.toContain(canary);
    expect(text, file).not.toMatch(/client_secret/);
  }
}, 180_000);
