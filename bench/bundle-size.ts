/**
 * The SPA's bundle as a person's browser downloads it: the first screen (the entry script and
 * every chunk it imports statically, as Vite's manifest lists them: what loads before the app
 * shows anything) and the chunks loaded later (support view, dialogs, Spanish and French).
 * Budget: the first screen's JavaScript within 200 kB gzip. Builds into a directory of its own,
 * so `dist/` is left as it is.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The first screen's JavaScript budget, gzip, in kB of 1,000 bytes as Vite prints them. */
export const FIRST_SCREEN_BUDGET_KB = 200;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface ChunkSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleSizes {
  buildMs: number;
  firstScreen: { chunks: ChunkSize[]; bytes: number; gzipBytes: number };
  later: ChunkSize[];
}

function sizeOf(outDir: string, file: string): ChunkSize {
  const content = readFileSync(path.join(outDir, file));
  return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
}

/** Splits a built SPA into what the first screen loads and what loads later. */
export function readBundle(outDir: string): Omit<BundleSizes, 'buildMs'> {
  const manifest = JSON.parse(
    readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entry) throw new Error('the Vite manifest names no entry');
  const first = new Set<string>();
  const visit = (key: string) => {
    if (first.has(key)) return;
    first.add(key);
    for (const imported of manifest[key]!.imports ?? []) visit(imported);
  };
  visit(entry);
  const chunks = [...first].map((key) => sizeOf(outDir, manifest[key]!.file));
  const later = Object.keys(manifest)
    .filter((key) => !first.has(key) && manifest[key]!.file.endsWith('.js'))
    .map((key) => sizeOf(outDir, manifest[key]!.file));
  return {
    firstScreen: {
      chunks,
      bytes: chunks.reduce((sum, c) => sum + c.bytes, 0),
      gzipBytes: chunks.reduce((sum, c) => sum + c.gzipBytes, 0),
    },
    later,
  };
}

/** Builds the SPA with the project's vite.config.ts into a temporary directory and measures it. */
export async function measureBundle(root = process.cwd()): Promise<BundleSizes> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'salus-bundle-'));
  const { build } = await import('vite');
  // What a production build makes (React's production build) even when measured from a test
  // runner, whose NODE_ENV is `test`; Vite would also leave NODE_ENV=production behind.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const started = performance.now();
  try {
    await build({
      root,
      mode: 'production',
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    const buildMs = performance.now() - started;
    return { buildMs, ...readBundle(outDir) };
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);

export function printBundle(sizes: BundleSizes): void {
  const { firstScreen, later } = sizes;
  const row = (when: string) => (c: ChunkSize) => [when, c.file, kb(c.bytes), kb(c.gzipBytes)];
  const table = [...firstScreen.chunks.map(row('first screen')), ...later.map(row('later'))];
  const head = ['loads', 'chunk', 'kB', 'kB gzip'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(`\nSPA bundle (vite build, ${(sizes.buildMs / 1000).toFixed(1)} s):`);
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
  console.log(
    `First screen: ${kb(firstScreen.bytes)} kB, ${kb(firstScreen.gzipBytes)} kB gzip (budget ${FIRST_SCREEN_BUDGET_KB} kB gzip).`,
  );
}
