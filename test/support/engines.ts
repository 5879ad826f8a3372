import { freshDatabase } from '../setup/engines.ts';
import { tempDir, type StoreSpec } from './app-harness.ts';

/** The store engines an integration test runs on: PGlite always, PostgreSQL when available. */
export const integrationEngines: ('pglite' | 'postgres')[] = [
  'pglite',
  ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : []),
];

/** A store of the test's own on `engine`; `cleanups` gets what removes it. */
export async function ownStore(
  engine: 'pglite' | 'postgres',
  cleanups: (() => Promise<void> | void)[],
  extra: Omit<StoreSpec, 'url' | 'dataDir'> = {},
): Promise<StoreSpec> {
  if (engine === 'pglite') {
    const { dir, remove } = tempDir('salus-engine-');
    cleanups.push(remove);
    return { dataDir: dir, ...extra };
  }
  const { url, drop } = await freshDatabase(process.env.TEST_DATABASE_URL!);
  cleanups.push(drop);
  return { url, ...extra };
}
