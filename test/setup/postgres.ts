/**
 * Vitest globalSetup: gives the test workers a PostgreSQL server in TEST_DATABASE_URL.
 *
 * - TEST_DATABASE_URL already set (e.g. by .ci/run): used as it is.
 * - Otherwise, if Debian's PostgreSQL binaries exist (/usr/lib/postgresql/<v>/bin), a throwaway
 *   cluster is started on 127.0.0.1 on a free port in a temp dir, and removed on teardown.
 *   Running as root, initdb and pg_ctl run as the `postgres` OS user (PostgreSQL refuses root).
 * - Otherwise the PostgreSQL half of the store tests is skipped with a loud message, or, with
 *   REQUIRE_POSTGRES=1 (CI), the run fails.
 *
 * Each test file then creates its own database on that server (test/setup/engines.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NO_POSTGRES_MESSAGE = [
  '',
  '!'.repeat(78),
  '!! PostgreSQL is not available: the PostgreSQL half of the store tests is SKIPPED.',
  '!! Install it (apt-get install postgresql) or set TEST_DATABASE_URL; CI sets',
  '!! REQUIRE_POSTGRES=1, which turns this into a failure.',
  '!'.repeat(78),
  '',
].join('\n');

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const bin = findPostgresBin();
  if (!bin) {
    if (process.env.REQUIRE_POSTGRES === '1') {
      throw new Error(
        'REQUIRE_POSTGRES=1 but no PostgreSQL: set TEST_DATABASE_URL or install postgresql.',
      );
    }
    console.warn(NO_POSTGRES_MESSAGE);
    return undefined;
  }
  const cluster = await startCluster(bin);
  process.env.TEST_DATABASE_URL = cluster.url;
  // If the run is interrupted before teardown, still stop the server on the way out.
  const onExit = () => cluster.stop();
  process.once('exit', onExit);
  return () => {
    process.off('exit', onExit);
    cluster.stop();
  };
}

/** The newest /usr/lib/postgresql/<version>/bin that has a server binary. */
function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function startCluster(bin: string): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'salus-test-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [command, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
      : [join(bin, tool), args];
    return spawnSync(command, argv, { encoding: 'utf8', cwd: dir });
  };
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const init = run('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr}`);
    // A port can be taken between probing and binding; try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = [
        `-p ${port}`,
        '-c listen_addresses=127.0.0.1',
        `-c unix_socket_directories=${dir}`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      const log = join(dir, 'server.log');
      const start = run('pg_ctl', [
        '-D',
        data,
        '-l',
        log,
        '-o',
        options,
        '-w',
        '-t',
        '60',
        'start',
      ]);
      if (start.status === 0) {
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
      }
      if (attempt >= 3) {
        const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : start.stderr;
        throw new Error(`PostgreSQL did not start:\n${tail}`);
      }
    }
  } catch (error) {
    stop();
    throw error;
  }
}
