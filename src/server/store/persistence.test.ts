import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './index.ts';
import { MIGRATIONS } from './migrations.ts';

describe('embedded store on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'salus-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its data across restarts and migrates only once', async () => {
    const dataDir = join(dir, '.data', 'pglite');
    const first = await openStore({ dataDir });
    expect(first.db.engine).toBe('pglite');
    await first.completions.insert({ companyId: '42', record: { checks: 6 } });
    await first.close();

    const second = await openStore({ dataDir });
    expect(await second.completions.latest('42')).toMatchObject({ record: { checks: 6 } });
    const migrations = await second.db.query('SELECT id FROM schema_migrations');
    expect(migrations).toHaveLength(MIGRATIONS.length);
    await second.close();
  });
});
