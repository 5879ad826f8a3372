// Checks that the Node running this script is the one package.json's `engines` asks for, and that
// every installed package accepts it. `npm run` puts node_modules/.bin first on PATH, where the
// `node` dependency installs Node 22, so under `npm run` this checks the Node the app runs on.
// Exits 1 naming each mismatch (npm itself only warns, and it judges the Node npm runs on).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const root = path.resolve(import.meta.dirname, '..');
const running = process.versions.node;
const wanted = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node;

if (!semver.satisfies(running, wanted)) {
  console.error(
    `This app needs Node ${wanted}; this is Node ${running} (${process.execPath}).\n` +
      'Run `npm install`: it installs Node 22 into node_modules, which every `npm run` script uses.',
  );
  process.exit(1);
}

/** Every package.json under node_modules, nested ones included. */
function* packages(dir) {
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
      yield* packages(at);
      continue;
    }
    try {
      yield { at, manifest: JSON.parse(readFileSync(path.join(at, 'package.json'), 'utf8')) };
    } catch {
      continue;
    }
    yield* packages(path.join(at, 'node_modules'));
  }
}

const refused = [];
let count = 0;
for (const { at, manifest } of packages(path.join(root, 'node_modules'))) {
  count += 1;
  const range = manifest.engines?.node;
  if (typeof range !== 'string' || !semver.validRange(range)) continue;
  if (!semver.satisfies(running, range)) {
    refused.push(
      `${manifest.name}@${manifest.version} wants Node ${range} (${path.relative(root, at)})`,
    );
  }
}
if (refused.length > 0) {
  console.error(
    `Installed packages that do not accept Node ${running}:\n  ${refused.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(
  `Node ${running} satisfies ${wanted} and the engines of all ${count} installed packages.`,
);
