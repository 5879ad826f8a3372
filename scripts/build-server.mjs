// `npm run build`, second half: the server compiled by esbuild into dist-server/start.js (one ES
// module; packages stay in node_modules), stamped with the version, the commit and the id of the
// SPA build in dist/ it goes with. The simulated Procore (demo.ts and all it imports) is left out:
// the compiled server is what production runs, and production has no fake Procore.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist-server');
const spa = path.join(root, 'dist');
if (!existsSync(path.join(spa, 'index.html'))) {
  console.error('dist/index.html is missing: build the SPA first (`npm run build` does both).');
  process.exit(1);
}

function commit() {
  if (process.env.SOURCE_COMMIT) return process.env.SOURCE_COMMIT;
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, stdio: 'pipe' })
      .toString()
      .trim();
  } catch {
    return 'unknown'; // e.g. a Docker build context without .git
  }
}

const started = performance.now();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: [path.join(root, 'src/server/start.ts')],
  outfile: path.join(outDir, 'start.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'no-demo-in-production',
      setup(b) {
        b.onResolve({ filter: /^\.\/demo\.ts$/ }, (args) => ({
          path: path.join(args.resolveDir, 'demo-unavailable.ts'),
        }));
      },
    },
  ],
});
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const stamp = {
  version,
  commit: commit(),
  builtAt: new Date().toISOString(),
  buildId: randomUUID(),
};
writeFileSync(path.join(outDir, 'build-info.json'), `${JSON.stringify(stamp, null, 2)}\n`);
writeFileSync(path.join(spa, 'build-id.txt'), `${stamp.buildId}\n`);
console.log(
  `Compiled the server into dist-server/ (${version}, commit ${stamp.commit}) in ${Math.round(performance.now() - started)} ms.`,
);
