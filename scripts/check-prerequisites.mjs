// `npm test` runs this first: it says exactly what this machine lacks for the whole suite and the
// one command that installs it, instead of a test runner's error half-way through.
// - Node: the one running this (under `npm run`, the Node 22 that `npm install` put in
//   node_modules) must satisfy package.json's `engines`, and so must every installed package's.
// - Chromium: the e2e tests run in Debian's, at CHROMIUM_PATH or /usr/bin/chromium.
// - PostgreSQL: the store tests run on it too, when TEST_DATABASE_URL is unset a throwaway cluster
//   from Debian's server binaries; missing, those tests are skipped (a warning here), or with
//   REQUIRE_POSTGRES=1 (CI) fail (an error here).
// `.ci/run` installs both Debian packages and runs everything.
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');

/** Every package.json under node_modules, nested ones included. */
function* installedPackages(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const at = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      yield* installedPackages(at);
      continue;
    }
    try {
      yield { at, manifest: JSON.parse(readFileSync(path.join(at, 'package.json'), 'utf8')) };
    } catch {
      continue;
    }
    yield* installedPackages(path.join(at, 'node_modules'));
  }
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is missing. `errors` stop the tests; `warnings` only weaken them; `apt` are the Debian
 * packages that fix them.
 */
export async function findProblems({
  env = process.env,
  nodeVersion = process.versions.node,
  postgresRoot = '/usr/lib/postgresql',
} = {}) {
  const errors = [];
  const warnings = [];
  const apt = [];

  let semver;
  try {
    semver = (await import('semver')).default;
  } catch {
    errors.push('The dependencies are not installed. Run `npm install` first.');
    return { errors, warnings, apt, packagesChecked: 0 };
  }
  const wanted = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node;
  let packagesChecked = 0;
  if (!semver.satisfies(nodeVersion, wanted)) {
    errors.push(
      `Node ${wanted} is needed; this is Node ${nodeVersion} (${process.execPath}). ` +
        'Run `npm install` (it installs Node 22 into node_modules) and start the tests with `npm test`.',
    );
  } else {
    const refused = [];
    for (const { at, manifest } of installedPackages(path.join(root, 'node_modules'))) {
      packagesChecked += 1;
      const range = manifest.engines?.node;
      if (typeof range !== 'string' || !semver.validRange(range)) continue;
      if (!semver.satisfies(nodeVersion, range))
        refused.push(
          `${manifest.name}@${manifest.version} (${path.relative(root, at)}) wants Node ${range}`,
        );
    }
    if (refused.length > 0)
      errors.push(
        `Installed packages that do not accept Node ${nodeVersion}:\n    ${refused.join('\n    ')}`,
      );
  }

  const chromium = env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!isExecutable(chromium)) {
    errors.push(
      `Chromium is missing at ${chromium}: the end-to-end tests run in Debian's Chromium.`,
    );
    apt.push('chromium');
  }

  const postgresInstalled =
    existsSync(postgresRoot) &&
    readdirSync(postgresRoot).some((v) =>
      existsSync(path.join(postgresRoot, v, 'bin', 'postgres')),
    );
  if (!env.TEST_DATABASE_URL && !postgresInstalled) {
    const what = `PostgreSQL is missing (no server under ${postgresRoot}, no TEST_DATABASE_URL): the store tests run on it as well as on the embedded engine`;
    if (env.REQUIRE_POSTGRES === '1') errors.push(`${what}, and REQUIRE_POSTGRES=1.`);
    else warnings.push(`${what}; without it their PostgreSQL half is skipped.`);
    apt.push('postgresql');
  }
  return { errors, warnings, apt, packagesChecked };
}

/** The one command that installs the Debian packages. */
export function installCommand(apt, isRoot = process.getuid?.() === 0) {
  if (apt.length === 0) return null;
  const sudo = isRoot ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${apt.join(' ')}`;
}

async function main() {
  const { errors, warnings, apt, packagesChecked } = await findProblems();
  for (const warning of warnings) console.warn(`Warning: ${warning}`);
  const command = installCommand(apt);
  if (errors.length > 0) {
    console.error(`Cannot run the tests on this machine yet:\n  - ${errors.join('\n  - ')}`);
    if (command) console.error(`Install what is missing with:\n  ${command}`);
    console.error('(`.ci/run` installs them and runs every test.)');
    process.exit(1);
  }
  if (command) console.warn(`Install it with:\n  ${command}`);
  console.log(
    `Prerequisites: Node ${process.versions.node} (accepted by all ${packagesChecked} installed packages), Chromium${apt.includes('postgresql') ? '' : ', PostgreSQL'}.`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
