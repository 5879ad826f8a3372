import { randomBytes } from 'node:crypto';
import {
  parseProcoreWebhookEvent,
  type Id,
  type ProcoreWebhookEvent,
} from '../../src/procore/index.ts';
import { answer, describe, isRecord, ok, type Answer } from './answer.ts';
import { result, type FactResult, type Identity } from './types.ts';
import type { WebhookReceiver } from './webhook-receiver.ts';

/**
 * Company webhooks (procore-platform.md §18; issue #19), on the app's client-credentials token:
 * may it create a hook (namespace `salus-setup-verify`) with Projects/create and Company
 * Users/update triggers, and what does a delivery carry, `metadata.source_application_id` above
 * all (how the app tells its own changes apart)?
 *
 * Writes, each undone before the check returns:
 * - the hook and its triggers, deleted at the end (and any hook a broken run left in the
 *   namespace, at the start);
 * - with a receiver only: the sandbox user's `job_title` (else `first_name`) changed and set back
 *   with the signed-in user's token, two Company Users updates made through the app.
 * A Projects create event needs a project: the operator is asked to create one in the sandbox
 * while the check waits (the script never creates projects, which cannot be deleted).
 */

export const VERIFY_NAMESPACE = 'salus-setup-verify';
/** Where the hook points without a receiver: hooks and triggers are checked all the same. */
export const PLACEHOLDER_DESTINATION = 'https://salus-setup-verify.invalid/procore/events';
const HOOKS = '/rest/v1.0/webhooks/hooks';
const TRIGGERS: readonly (readonly [string, string])[] = [
  ['Projects', 'create'],
  ['Company Users', 'update'],
];
const seg = encodeURIComponent;

export interface WebhookProbe {
  /** The public https URL Procore POSTs to, forwarded to `receiver` (`VERIFY_WEBHOOK_URL`). */
  destinationUrl: string;
  receiver: WebhookReceiver;
  /** How long to wait for deliveries, real time. */
  waitMs: number;
  /** A line for the operator: what to do in the sandbox while the check waits. */
  onNotice?: (line: string) => void;
}

export interface WebhookFactsInput {
  app: Identity | null;
  appProblem?: string | null;
  /** The signed-in user, who makes the Company Users change through the app. */
  user: Identity | null;
  companyId: Id;
  clientId: string;
  /** The sandbox user whose record is changed and set back. */
  subjectUserId: Id | null;
  /** Null: no receiver, so deliveries cannot be seen. */
  probe: WebhookProbe | null;
}

/** What the hook, trigger and delete answers showed. */
interface HookRun {
  evidence: string[];
  refused: boolean;
  created: boolean;
  triggersOk: boolean;
}

/** Which `source_application_id` a change made through the app carried. */
export type SourceApplication = 'developer-app-id' | 'app-uid' | 'null' | 'other';

export async function webhookFacts(input: WebhookFactsInput): Promise<FactResult[]> {
  const { app, companyId } = input;
  if (!app) {
    const why = `no client-credentials token${input.appProblem ? `: ${input.appProblem}` : ''}`;
    return [
      result('webhook-hooks', 'could-not-tell', why),
      result('webhook-delivery', 'could-not-tell', why),
    ];
  }
  const run: HookRun = { evidence: [], refused: false, created: false, triggersOk: false };
  const note = (label: string, a: Answer) => {
    run.evidence.push(`${label} ${describe(a)}`);
    if (a.status === 403) run.refused = true;
  };
  await removeLeftovers(app, companyId, run);
  const secret = `Bearer verify-${randomBytes(12).toString('hex')}`;
  const created = await answer(app.http, {
    method: 'POST',
    path: HOOKS,
    companyId,
    body: {
      company_id: companyId,
      hook: {
        api_version: 'v2',
        namespace: VERIFY_NAMESPACE,
        destination_url: input.probe?.destinationUrl ?? PLACEHOLDER_DESTINATION,
        destination_headers: { Authorization: secret },
      },
    },
  });
  note('POST hooks', created);
  let delivery: FactResult;
  if (!ok(created) || !isRecord(created.body)) {
    delivery = result('webhook-delivery', 'could-not-tell', 'no hook was created');
  } else {
    run.created = true;
    const hookId = String(created.body.id);
    try {
      run.evidence.push(`Authorization ${maskNote(created.body.destination_headers, secret)}`);
      run.triggersOk = true;
      for (const [resource_name, event_type] of TRIGGERS) {
        const t = await answer(app.http, {
          method: 'POST',
          path: `${HOOKS}/${seg(hookId)}/triggers`,
          companyId,
          body: {
            company_id: companyId,
            api_version: 'v2',
            trigger: { resource_name, event_type },
          },
        });
        const shown = isRecord(t.body) ? ` (event_type ${String(t.body.event_type)})` : '';
        note(`trigger ${resource_name}/${event_type}`, t);
        if (shown) run.evidence[run.evidence.length - 1] += shown;
        run.triggersOk &&= ok(t);
      }
      const listed = await answer(app.http, {
        path: HOOKS,
        companyId,
        query: { company_id: companyId, namespace: VERIFY_NAMESPACE },
      });
      run.evidence.push(
        `listed in the namespace: ${Array.isArray(listed.body) ? listed.body.length : describe(listed)}`,
      );
      delivery = run.triggersOk
        ? await deliveryFact(input, secret)
        : result('webhook-delivery', 'could-not-tell', 'the triggers were not created');
    } finally {
      // Undo: the hook goes, and its triggers with it.
      note('DELETE hook', await deleteHook(app, companyId, hookId));
    }
  }
  const evidence = run.evidence.join('; ');
  const hooks = run.refused
    ? result('webhook-hooks', 'differs', evidence, 'not-granted')
    : run.created && run.triggersOk
      ? result('webhook-hooks', 'confirmed', evidence, 'granted')
      : result('webhook-hooks', 'differs', evidence);
  return [hooks, delivery];
}

const deleteHook = (app: Identity, companyId: Id, hookId: string) =>
  answer(app.http, {
    method: 'DELETE',
    path: `${HOOKS}/${seg(hookId)}`,
    companyId,
    query: { company_id: companyId },
  });

/** Hooks an interrupted run left in the namespace. */
async function removeLeftovers(app: Identity, companyId: Id, run: HookRun) {
  const old = await answer(app.http, {
    path: HOOKS,
    companyId,
    query: { company_id: companyId, namespace: VERIFY_NAMESPACE },
  });
  if (!ok(old) || !Array.isArray(old.body)) return;
  const leftovers = old.body.filter(isRecord);
  for (const hook of leftovers) await deleteHook(app, companyId, String(hook.id));
  if (leftovers.length > 0) run.evidence.push(`removed ${leftovers.length} left-over hook(s)`);
}

/** How Procore showed the hook's secret back, never the secret itself. */
function maskNote(headers: unknown, secret: string): string {
  const shown = isRecord(headers) ? headers.Authorization : undefined;
  if (typeof shown !== 'string') return 'not shown';
  if (shown === secret) return 'shown unmasked';
  const ends = shown.slice(-5) === secret.slice(-5) ? 'ending in its last 5' : 'another value';
  return `shown masked ("${shown.slice(0, 3)}…", ${shown.length} characters, ${ends})`;
}

/** The sandbox user's `job_title` (else `first_name`) changed and set back: Company Users updates. */
async function changeAndRestore(user: Identity, companyId: Id, userId: Id): Promise<string> {
  const path = `/rest/v1.3/companies/${seg(companyId)}/users/${seg(userId)}`;
  const read = await answer(user.http, { path, companyId });
  if (!ok(read) || !isRecord(read.body)) return `could not read user ${userId}: ${describe(read)}`;
  const before = read.body;
  const field = (['job_title', 'first_name'] as const).find((f) => typeof before[f] === 'string');
  if (!field) return `user ${userId} has no job_title or first_name to change`;
  const value = before[field] as string;
  const lastName = typeof before.last_name === 'string' ? before.last_name : '';
  const patch = (to: string) =>
    answer(user.http, {
      method: 'PATCH',
      path,
      companyId,
      body: { user: { [field]: to, last_name: lastName } },
    });
  // Write under test, then the undo.
  const changed = await patch(`${value} (SALUS Setup check)`);
  const back = await patch(value);
  return `user ${userId}'s ${field} changed (${describe(changed)}) and set back (${describe(back)})`;
}

/** The installation's `developer_app.id`, read as the user (else the app). */
async function developerAppId(input: WebhookFactsInput): Promise<string | null> {
  for (const who of [input.user, input.app]) {
    if (!who) continue;
    try {
      const installs = await who.client.listAppInstallations(input.companyId);
      const ours = installs.find(
        (i) => i.app_uid === input.clientId || i.developer_app?.uid === input.clientId,
      );
      if (ours?.developer_app?.id) return ours.developer_app.id;
    } catch {
      // Try the other identity.
    }
  }
  return null;
}

function sourceApplication(
  value: string | null,
  devAppId: string | null,
  clientId: string,
): SourceApplication {
  if (value === null) return 'null';
  if (devAppId !== null && value === devAppId) return 'developer-app-id';
  return value === clientId ? 'app-uid' : 'other';
}

/** What arrived at the receiver while the app changed a user and the operator made a project. */
async function deliveryFact(input: WebhookFactsInput, secret: string): Promise<FactResult> {
  const { probe, subjectUserId } = input;
  if (!probe) {
    return result(
      'webhook-delivery',
      'could-not-tell',
      'no receiver: set VERIFY_WEBHOOK_URL (a public https URL forwarded to VERIFY_WEBHOOK_PORT here)',
    );
  }
  const { receiver } = probe;
  const since = receiver.received.length;
  const events = () =>
    receiver.received
      .slice(since)
      .map((d) => parseProcoreWebhookEvent(d.body))
      .filter((e): e is ProcoreWebhookEvent => e !== null);
  const isUsers = (e: ProcoreWebhookEvent) =>
    e.resource_name === 'Company Users' && e.resource_id === subjectUserId;
  const isProject = (e: ProcoreWebhookEvent) =>
    e.resource_name === 'Projects' && e.event_type === 'create';
  probe.onNotice?.(
    `Waiting up to ${Math.round(probe.waitMs / 1000)} s for webhook deliveries. For a Projects ` +
      'create event too, create a project in the sandbox company now (Company Tools → Portfolio ' +
      '→ Create Project).',
  );
  const changed =
    input.user && subjectUserId
      ? await changeAndRestore(input.user, input.companyId, subjectUserId)
      : 'no signed-in user or sandbox user to change';
  await receiver.waitFor(() => {
    const seen = events();
    return seen.some(isUsers) && seen.some(isProject);
  }, probe.waitMs);

  const arrived = receiver.received.slice(since);
  const seen = events();
  const devAppId = await developerAppId(input);
  const users = seen.find(isUsers);
  const project = seen.find(isProject);
  const label = (e: ProcoreWebhookEvent) => {
    const kind = sourceApplication(e.metadata.source_application_id, devAppId, input.clientId);
    const value = e.metadata.source_application_id;
    if (kind === 'developer-app-id') return `${value} (= developer_app.id)`;
    if (kind === 'app-uid') return 'the OAuth client id';
    return kind === 'null' ? 'null' : `"${String(value).slice(0, 6)}…" (neither)`;
  };
  const evidence = [
    changed,
    `${arrived.length} deliveries, ${arrived.length - seen.length} not v2 events`,
    `Authorization ${arrived.every((d) => d.authorization === secret) ? 'as sent' : 'not as sent'}`,
    users
      ? `Company Users/update: source_application_id ${label(users)}, user_id ${String(users.user_id)}, api_version ${String(users.api_version)}, ulid ${users.ulid.length} chars`
      : 'no Company Users/update for the user',
    project
      ? `Projects/create: source_application_id ${label(project)}, project_id ${String(project.project_id)}`
      : 'no Projects/create (no project created)',
  ].join('; ');
  if (!users) return result('webhook-delivery', 'could-not-tell', evidence);
  const observed = sourceApplication(
    users.metadata.source_application_id,
    devAppId,
    input.clientId,
  );
  return result(
    'webhook-delivery',
    observed === 'developer-app-id' ? 'confirmed' : 'differs',
    evidence,
    observed,
  );
}
