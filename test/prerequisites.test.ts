import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findProblems, installCommand } from '../scripts/check-prerequisites.mjs';

const noPostgres = mkdtempSync(path.join(tmpdir(), 'no-postgres-'));
const chromium = { CHROMIUM_PATH: process.execPath }; // any executable stands in for it

test('a machine without Chromium is told so, with the one command that installs it', async () => {
  const found = await findProblems({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  expect(found.errors).toEqual([expect.stringContaining('Chromium is missing at /nonexistent')]);
  expect(installCommand(found.apt, true)).toBe(
    'apt-get update && apt-get install -y --no-install-recommends chromium',
  );
  expect(installCommand(found.apt, false)).toMatch(/^sudo apt-get update && sudo apt-get install/);
});

test('PostgreSQL missing is a warning, an error only when the run requires it', async () => {
  const optional = await findProblems({ env: chromium, postgresRoot: noPostgres });
  expect(optional.errors).toEqual([]);
  expect(optional.warnings).toEqual([expect.stringContaining('PostgreSQL is missing')]);
  expect(optional.apt).toEqual(['postgresql']);

  const required = await findProblems({
    env: { ...chromium, REQUIRE_POSTGRES: '1' },
    postgresRoot: noPostgres,
  });
  expect(required.errors).toEqual([expect.stringContaining('REQUIRE_POSTGRES=1')]);

  const given = await findProblems({
    env: { ...chromium, REQUIRE_POSTGRES: '1', TEST_DATABASE_URL: 'postgres://db/test' },
    postgresRoot: noPostgres,
  });
  expect(given).toMatchObject({ errors: [], warnings: [], apt: [] });
});

test('an older Node is refused before anything else is checked', async () => {
  const found = await findProblems({ env: chromium, nodeVersion: '20.20.2' });
  expect(found.errors).toEqual([
    expect.stringMatching(/Node >=22\.12 is needed; this is Node 20\.20\.2/),
  ]);
});

test('the Node these tests run on satisfies every installed package', async () => {
  const found = await findProblems({ env: chromium });
  expect(found.errors).toEqual([]);
  expect(found.packagesChecked).toBeGreaterThan(100);
});
