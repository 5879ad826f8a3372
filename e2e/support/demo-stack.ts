import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KnobsPatch } from '../../src/fake-procore/knobs.ts';
import type { ScenarioName } from '../../src/fake-procore/scenario-names.ts';
import type { RequestLogEntry } from '../../src/fake-procore/fake.ts';
import type { ScenarioFacts, WriteLogEntry } from '../../src/fake-procore/state.ts';

/**
 * One demo stack, as `npm start` runs it without credentials: the SALUS server on `127.0.0.1`
 * and the fake Procore (reached by the browser as `localhost`, so the iframe is cross-site),
 * started as a child process with its own ports and a throw-away DATA_DIR.
 */

export interface FakeState {
  scenario: { name: ScenarioName; description: string };
  facts: ScenarioFacts;
  requestLog: RequestLogEntry[];
  writeLog: WriteLogEntry[];
}

export interface FailNextRule {
  pathPattern: string;
  status: number | 'network-error';
  method?: string;
  body?: unknown;
  count?: number;
  afterApply?: boolean;
}

export interface DemoStack {
  /** The SALUS app's origin, e.g. `http://127.0.0.1:41234`. */
  appUrl: string;
  /** The simulated Procore Company Tools page that frames the app (on `localhost`). */
  demoUrl: string;
  /** The fake Procore's origin as the browser reaches it (`localhost`). */
  procoreUrl: string;
  reset(scenario: ScenarioName): Promise<ScenarioFacts>;
  knobs(patch: KnobsPatch): Promise<void>;
  failNext(rule: FailNextRule): Promise<void>;
  state(): Promise<FakeState>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Long enough for a first start that has to build the SPA on this 2-core machine. */
const START_TIMEOUT_MS = 120_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function waitForOpenLine(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The demo stack did not start in time:\n${output()}`)),
      START_TIMEOUT_MS,
    );
    const check = () => {
      const match = /^Open (http:\/\/localhost:\d+\/\S*)$/m.exec(output());
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The demo stack exited (${code}) before it was ready:\n${output()}`));
    });
  });
}

async function waitForHealth(appUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const ok = await fetch(`${appUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${appUrl}/healthz never answered`);
}

export async function startDemoStack(): Promise<DemoStack> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'salus-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('PROCORE_')) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('SUPPORT_')) delete env[name];
  for (const name of ['APP_BASE_URL', 'FRAME_ANCESTORS', 'DATABASE_URL', 'NODE_ENV'])
    delete env[name];
  Object.assign(env, {
    HOST: '127.0.0.1',
    PORT: String(port),
    DEMO_PROCORE_PORT: String(await freePort()),
    DEMO_SCENARIO: 'fresh-install',
    DATA_DIR: dataDir,
  });

  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/server/start.ts'], {
    cwd: ROOT,
    env,
    detached: true, // its own process group, so stop() ends tsx and the node it runs
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const demoUrl = await waitForOpenLine(child, () => output);
    const appUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(appUrl);
    const procoreUrl = new URL(demoUrl).origin;
    // Node talks to the fake on the address it listens on; the browser uses `localhost`.
    const control = procoreUrl.replace('localhost', '127.0.0.1');
    const call = async (method: 'GET' | 'POST', route: string, body?: unknown) => {
      const response = await fetch(`${control}/__fake/${route}`, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`/__fake/${route}: ${response.status}`);
      return response.json() as Promise<unknown>;
    };
    return {
      appUrl,
      demoUrl,
      procoreUrl,
      reset: async (scenario) =>
        ((await call('POST', 'reset', { scenario })) as { facts: ScenarioFacts }).facts,
      knobs: async (patch) => void (await call('POST', 'knobs', patch)),
      failNext: async (rule) => void (await call('POST', 'fail-next', rule)),
      state: async () => (await call('GET', 'state')) as FakeState,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
