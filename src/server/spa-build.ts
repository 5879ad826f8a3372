import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { ConfigError } from './config.ts';
import path from 'node:path';

/** Sources whose change makes the built SPA stale. */
const SOURCES = ['index.html', 'vite.config.ts', 'src/ui', 'src/api', 'public'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry))
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function spaIsStale(root = process.cwd()): boolean {
  const built = path.join(root, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > builtAt);
}

/** Builds the SPA with Vite when `dist/` is missing or older than its sources. */
export async function ensureSpaBuilt(root = process.cwd()): Promise<void> {
  if (!spaIsStale(root)) return;
  console.log('Building the app (first start, or its sources changed)…');
  const { build } = await import('vite');
  // Vite sets NODE_ENV=production in this process when it is unset, which would make start-up
  // refuse demo mode ("no fake Procore in production") right after a first build.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ root, logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Cache-Control of what `npm run build` put in dist/. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Vite names what it builds into `assets/` by content hash: a file there never changes under its
 * name, so browsers and proxies keep it a year without asking. Everything else (index.html, and
 * the files copied as they are from public/: favicon, icons, robots.txt) is asked for again on
 * every use. The framing policy is the one every answer gets (app.ts).
 */
export function cacheControlFor(distDir: string, filePath: string): string {
  const relative = path.relative(distDir, filePath).split(path.sep);
  return relative[0] === 'assets' && relative.length > 1 ? IMMUTABLE : 'no-cache';
}

/**
 * The compiled server has no sources to compare the SPA with: it runs only on the dist/ that
 * `npm run build` made with it (the same build id), and refuses anything else, saying why.
 */
export function assertSpaBuiltWith(buildId: string, root = process.cwd()): void {
  const idFile = path.join(root, 'dist', 'build-id.txt');
  if (!existsSync(path.join(root, 'dist', 'index.html')) || !existsSync(idFile))
    throw new ConfigError(
      'The built SPA (dist/) is missing: run `npm run build`, which builds it with the server.',
    );
  if (readFileSync(idFile, 'utf8').trim() !== buildId)
    throw new ConfigError(
      'dist/ and dist-server/ come from different builds: run `npm run build` again.',
    );
}
