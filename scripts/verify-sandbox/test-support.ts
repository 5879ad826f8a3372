/**
 * Runs the sandbox verification against the fake Procore on loopback, as the CLI would against
 * Procore. Not a test file itself.
 */
import { SALUS_CLIENT_ID } from '../../src/fake-procore/scenario-kit.ts';
import { startFakeProcoreServer } from '../../src/fake-procore/server.ts';
import type { FakeProcore, FakeProcoreOptions } from '../../src/fake-procore/fake.ts';
import { recordingFetch } from './recorder.ts';
import { identity, runVerification, type VerifyContext } from './runner.ts';
import type { FactId } from './types.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

export interface VerifyFakeOptions extends FakeProcoreOptions {
  /** Sits between the client and the fake: lets a test change what "Procore" answers. */
  fetch?: typeof fetch;
  context?: Partial<VerifyContext>;
  /**
   * A webhook receiver on loopback the fake delivers to (the fake accepts http there); when the
   * check asks the operator for a project, `createsProject` makes one in the simulated UI.
   */
  receiver?: { createsProject: boolean; waitMs?: number };
}

export async function fakeSandbox(options: VerifyFakeOptions = {}) {
  const { fetch: wrap, context, receiver: withReceiver, ...fakeOptions } = options;
  const server = await startFakeProcoreServer({ scenario: 'fresh-install', ...fakeOptions });
  servers.push(server);
  const { fake, url } = server;
  let receiver: WebhookReceiver | null = null;
  const notices: string[] = [];
  if (withReceiver) {
    receiver = await startWebhookReceiver();
    servers.push(receiver);
  }
  const recorder = recordingFetch(wrap);
  const userToken = fake.issueUserToken().access_token;
  const ctx: VerifyContext = {
    loginBaseUrl: url,
    apiBaseUrl: url,
    companyId: fake.facts.companyId,
    clientId: SALUS_CLIENT_ID,
    accountPrefix: 'salus-integration-',
    user: identity(url, userToken, recorder.fetch),
    app: identity(url, fake.issueClientToken().access_token, recorder.fetch),
    seen: recorder.seen,
    cors: {
      apiBaseUrl: url,
      accessToken: async () => userToken,
      origin: 'http://localhost:3000',
      fetch: wrap,
    },
    login: null,
    webhooks:
      receiver && withReceiver
        ? {
            destinationUrl: receiver.localUrl,
            receiver,
            // Only a failing test waits this long: the fake delivers at once.
            waitMs: withReceiver.waitMs ?? 20_000,
            onNotice: (line) => {
              notices.push(line);
              if (withReceiver.createsProject) fake.createProject(fake.facts.companyId, 'Verify');
            },
          }
        : null,
    ...context,
  };
  return { server, fake, ctx, receiver, notices, verify: () => runVerification(ctx) };
}

export async function verifyFake(options: VerifyFakeOptions = {}) {
  const sandbox = await fakeSandbox(options);
  const report = await sandbox.verify();
  const fact = (id: FactId) => {
    const r = report.results.find((x) => x.fact === id);
    if (!r) throw new Error(`no result for ${id}`);
    return r;
  };
  return { ...sandbox, report, fact };
}

/** Memberships and directory records: what the run must leave as it found them. */
export function snapshot(fake: FakeProcore): string {
  const memberships = [...fake.state.memberships]
    .map(([project, members]) => [project, [...members].sort()] as const)
    .filter(([, members]) => members.length > 0)
    .sort();
  const directory = [...fake.state.directory].map(([company, users]) => [company, [...users]]);
  const users = [...fake.state.users];
  return JSON.stringify({ memberships, directory, users });
}

/** A fetch that lets a test rewrite Procore's answer to one path. */
export function rewriting(
  match: RegExp,
  edit: (res: Response, text: string) => { text?: string; headers?: Record<string, string | null> },
): typeof fetch {
  return async (input, init) => {
    const res = await globalThis.fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!match.test(new URL(url).pathname)) return res;
    const text = await res.text();
    const change = edit(res, text);
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(change.headers ?? {})) {
      if (v === null) headers.delete(k);
      else headers.set(k, v);
    }
    const body = res.status === 204 ? null : (change.text ?? text);
    return new Response(body, { status: res.status, headers });
  };
}
