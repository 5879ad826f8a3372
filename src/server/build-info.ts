import { existsSync, readFileSync } from 'node:fs';
import type { BuildInfo } from './metrics.ts';

/**
 * What is running. `npm run build` stamps the version and commit into build-info.json beside the
 * compiled server (dist-server/), together with the id of the SPA build it was made with; from a
 * checkout (`tsx`), it is package.json's version and commit `dev`.
 */
export interface StampedBuild extends BuildInfo {
  builtAt: string;
  /** The same id is in dist/build-id.txt: the SPA and the server were built together. */
  buildId: string;
}

export function readStampedBuild(dir: URL = new URL('.', import.meta.url)): StampedBuild | null {
  const file = new URL('build-info.json', dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StampedBuild) : null;
}

export function readBuildInfo(): BuildInfo {
  const stamped = readStampedBuild();
  if (stamped) return { version: stamped.version, commit: stamped.commit };
  try {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version?: string };
    return { version: pkg.version ?? 'unknown', commit: 'dev' };
  } catch {
    return { version: 'unknown', commit: 'dev' };
  }
}
