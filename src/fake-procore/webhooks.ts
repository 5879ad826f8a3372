/**
 * Webhook deliveries of the fake Procore (procore-platform.md §18; Procore's "How Webhooks Work"
 * and "Set Up Webhooks" guides): when the state records a change a company hook has a trigger
 * for, the hook's destination gets an HTTPS POST of a v2 event, with the hook's destination
 * headers.
 *
 * Delivery as Procore describes it: one queue per hook, in order; a 5 s timeout; a non-2xx
 * answer, a timeout or a network error pauses the hook's queue and retries with exponential
 * backoff from 1 s up to 1 h; after 12 h of continuous failure the queue is flushed and its
 * events are discarded; a success resets the counters. Retries wait on the fake's clock (its
 * pending-job queue), so tests advance the clock and call `fake.flushAsync()`. Best effort:
 * knobs drop events or send them twice (the same `ulid`).
 */
import { stringifyProcoreJson } from '../procore/json.ts';
import type { Clock } from './fake.ts';
import { idSequence } from './ids.ts';
import type { Knobs } from './knobs.ts';
import type { FakeHook, Id, WebhookEventType } from './model.ts';
import type { FakeState, WriteKind, WriteLogEntry } from './state.ts';

/** Procore's retry schedule and discard window. */
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 3_600_000;
export const DISCARD_AFTER_MS = 12 * 3_600_000;

/**
 * The resource names and event types a company hook accepts, after Procore's webhooks guide,
 * the 2026 fan-out announcement (Company Users: create, update, delete) and the Project Users /
 * Project Vendors `update` removal of 2026-06-30. The fake fires Projects create and Company
 * Users update only: nothing else it simulates changes.
 */
export const COMPANY_HOOK_RESOURCES: Readonly<Record<string, readonly WebhookEventType[]>> = {
  Projects: ['create', 'update'],
  'Company Users': ['create', 'update', 'delete'],
  'Company Vendors': ['create', 'update', 'delete'],
  'Project Users': ['create', 'delete'],
  'Project Vendors': ['create', 'delete'],
};

/** Triggers Procore removed: asking for them is a 422. */
export const REMOVED_TRIGGERS: Readonly<Record<string, readonly WebhookEventType[]>> = {
  'Project Users': ['update'],
  'Project Vendors': ['update'],
};

/** Which write log entries are webhook events, and of what. */
const EVENT_FOR_WRITE: Partial<
  Record<
    WriteKind,
    {
      resourceName: string;
      eventType: WebhookEventType;
      resourceId: (e: WriteLogEntry) => Id | undefined;
    }
  >
> = {
  'project.create': {
    resourceName: 'Projects',
    eventType: 'create',
    resourceId: (e) => e.projectId,
  },
  'user.patch': { resourceName: 'Company Users', eventType: 'update', resourceId: (e) => e.userId },
};

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * ULIDs (26 Crockford base-32 characters: 48 bits of milliseconds, 80 random bits) on the fake
 * clock, increasing within a millisecond too, so they sort in the order events happened.
 */
export function ulidFactory(random: () => number): (time: number) => string {
  let lastTime = -1;
  let digits: number[] = [];
  return (time) => {
    if (time <= lastTime) {
      for (let i = digits.length - 1; i >= 0; i -= 1) {
        digits[i] = (digits[i]! + 1) % 32;
        if (digits[i] !== 0) break;
      }
    } else {
      lastTime = time;
      digits = Array.from({ length: 16 }, () => Math.floor(random() * 32));
    }
    let t = lastTime;
    const timeChars: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      timeChars.unshift(CROCKFORD[t % 32]!);
      t = Math.floor(t / 32);
    }
    return timeChars.join('') + digits.map((d) => CROCKFORD[d]).join('');
  };
}

/** A v2 event as the fake sends it (IDs as decimal strings; they go out as JSON numbers). */
export interface FakeWebhookEvent {
  id: Id;
  ulid: string;
  timestamp: string;
  metadata: {
    source_user_id: Id | null;
    source_project_id: Id | null;
    source_operation_id: Id | null;
    source_company_id: Id;
    source_application_id: string | null;
  };
  user_id: Id | null;
  company_id: Id;
  project_id: Id | null;
  api_version: string;
  event_type: WebhookEventType;
  resource_name: string;
  resource_id: Id;
}

export type DeliveryOutcome = 'pending' | 'retrying' | 'delivered' | 'discarded' | 'dropped';

/** One event on its way to one hook: `fake.webhookDeliveries`, `GET /__fake/webhooks`. */
export interface WebhookDeliveryRecord {
  seq: number;
  ulid: string;
  hookId: Id;
  companyId: Id;
  resourceName: string;
  eventType: WebhookEventType;
  resourceId: Id;
  /** The second delivery of an event sent twice (knob `webhookDuplicateRate`). */
  duplicate: boolean;
  attempts: number;
  /** The last attempt's HTTP status, `timeout` or `network-error`; null before any attempt. */
  lastStatus: number | 'timeout' | 'network-error' | null;
  /**
   * `pending` (queued or in flight), `retrying` (waiting for `nextAttemptAt`), `delivered`,
   * `discarded` (12 h of failure, or the hook was deleted) or `dropped` (knob
   * `webhookDropRate`: never sent).
   */
  outcome: DeliveryOutcome;
  createdAt: number;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
  /** The event as sent. */
  event: FakeWebhookEvent;
}

/** What the dispatcher needs from the fake: its clock, dice, knobs, state and job queue. */
export interface WebhookHost {
  readonly clock: Clock;
  readonly random: () => number;
  readonly knobs: Knobs;
  readonly state: FakeState;
  enqueue(delayMs: number, run: () => void): void;
}

interface HookQueue {
  hookId: Id;
  items: WebhookDeliveryRecord[];
  /** An attempt is in flight. */
  busy: boolean;
  /** Paused until a retry job runs. */
  waiting: boolean;
  failures: number;
  failingSince: number | null;
}

/** Procore's timestamps carry microseconds. */
const timestamp = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

/**
 * Turns writes into deliveries and sends them. One per fake generation: `fake.reset()` cancels
 * it (in-flight requests are aborted, queued retries never run) and starts a new one.
 */
export class WebhookDispatcher {
  readonly deliveries: WebhookDeliveryRecord[] = [];
  private readonly queues = new Map<Id, HookQueue>();
  private readonly controllers = new Set<AbortController>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly nextEventId = idSequence(70_000_000_000n);
  private readonly ulid: (time: number) => string;
  private inFlight = 0;
  private cancelled = false;

  constructor(
    private readonly host: WebhookHost,
    private readonly fetch: typeof globalThis.fetch,
  ) {
    this.ulid = ulidFactory(host.random);
  }

  /** The state's write listener: an event for every hook with a matching trigger. */
  onWrite(entry: WriteLogEntry): void {
    const kind = EVENT_FOR_WRITE[entry.kind];
    const resourceId = kind?.resourceId(entry);
    if (!kind || !resourceId || this.cancelled) return;
    const { state } = this.host;
    for (const hook of state.hooksOf(entry.companyId)) {
      const subscribed = state
        .triggersOf(hook.id)
        .some((t) => t.resourceName === kind.resourceName && t.eventType === kind.eventType);
      if (subscribed) this.deliver(hook, this.event(entry, kind, resourceId));
    }
  }

  /** Resolves when no delivery attempt is in flight (queued retries may still wait). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops for good: aborts requests in flight; queued retries do nothing when they run. */
  cancel(): void {
    this.cancelled = true;
    for (const c of this.controllers) c.abort();
    for (const record of this.deliveries) {
      if (record.outcome === 'pending' || record.outcome === 'retrying') {
        record.outcome = 'discarded';
        record.nextAttemptAt = null;
      }
    }
    this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private event(
    entry: WriteLogEntry,
    kind: { resourceName: string; eventType: WebhookEventType },
    resourceId: Id,
  ): FakeWebhookEvent {
    const now = this.host.clock.now();
    return {
      id: this.nextEventId(),
      ulid: this.ulid(now),
      timestamp: timestamp(now),
      metadata: {
        source_user_id: entry.actingUserId,
        source_project_id: null,
        source_operation_id: null,
        source_company_id: entry.companyId,
        source_application_id: this.applicationId(entry.actingClientId, entry.companyId),
      },
      user_id: entry.actingUserId,
      company_id: entry.companyId,
      // Projects and Company Users are company-level resources (UNCONFIRMED for Projects).
      project_id: null,
      // Procore's v2.0 example says "v2.0", though the hook was created with "v2".
      api_version: 'v2.0',
      event_type: kind.eventType,
      resource_name: kind.resourceName,
      resource_id: resourceId,
    };
  }

  /** The app a token was issued to, as `source_application_id` names it (knob, UNCONFIRMED). */
  private applicationId(clientId: string | null, companyId: Id): string | null {
    if (clientId === null) return null;
    if (this.host.knobs.webhookSourceApplicationId === 'app-uid') return clientId;
    const installs = [...this.host.state.installations.values()].filter(
      (i) => i.appUid === clientId,
    );
    const install = installs.find((i) => i.companyId === companyId) ?? installs[0];
    return install?.developerAppId ?? null;
  }

  private deliver(hook: FakeHook, event: FakeWebhookEvent): void {
    const { knobs, random } = this.host;
    const chance = (rate: number) => rate > 0 && random() < rate;
    const dropped = chance(knobs.webhookDropRate);
    const copies = !dropped && chance(knobs.webhookDuplicateRate) ? 2 : 1;
    let queue = this.queues.get(hook.id);
    if (!queue) {
      queue = {
        hookId: hook.id,
        items: [],
        busy: false,
        waiting: false,
        failures: 0,
        failingSince: null,
      };
      this.queues.set(hook.id, queue);
    }
    for (let i = 0; i < copies; i += 1) {
      const record: WebhookDeliveryRecord = {
        seq: this.deliveries.length + 1,
        ulid: event.ulid,
        hookId: hook.id,
        companyId: event.company_id,
        resourceName: event.resource_name,
        eventType: event.event_type,
        resourceId: event.resource_id,
        duplicate: i > 0,
        attempts: 0,
        lastStatus: null,
        outcome: dropped ? 'dropped' : 'pending',
        createdAt: this.host.clock.now(),
        lastAttemptAt: null,
        nextAttemptAt: null,
        event,
      };
      this.deliveries.push(record);
      if (!dropped) queue.items.push(record);
    }
    this.pump(queue);
  }

  /** Starts the head of the hook's queue unless an attempt is in flight or the queue waits. */
  private pump(queue: HookQueue): void {
    if (this.cancelled || queue.busy || queue.waiting) return;
    const head = queue.items[0];
    if (!head) return;
    queue.busy = true;
    this.inFlight += 1;
    void this.attempt(queue, head).finally(() => {
      queue.busy = false;
      this.inFlight -= 1;
      this.pump(queue);
      if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    });
  }

  private async attempt(queue: HookQueue, record: WebhookDeliveryRecord): Promise<void> {
    const { clock, state } = this.host;
    const hook = state.hooks.get(record.hookId);
    if (!hook) {
      this.flush(queue);
      return;
    }
    const started = clock.now();
    record.attempts += 1;
    record.lastAttemptAt = started;
    record.nextAttemptAt = null;
    record.outcome = 'pending';
    const status = await this.send(hook, record.event);
    if (this.cancelled) return;
    record.lastStatus = status;
    if (typeof status === 'number' && status >= 200 && status < 300) {
      record.outcome = 'delivered';
      queue.items.shift();
      queue.failures = 0;
      queue.failingSince = null;
      return;
    }
    queue.failures += 1;
    queue.failingSince ??= started;
    if (clock.now() - queue.failingSince >= DISCARD_AFTER_MS) {
      this.flush(queue);
      return;
    }
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (queue.failures - 1), MAX_RETRY_MS);
    record.outcome = 'retrying';
    record.nextAttemptAt = clock.now() + delay;
    queue.waiting = true;
    this.host.enqueue(delay, () => {
      queue.waiting = false;
      this.pump(queue);
    });
  }

  /** Procore flushes a queue that failed for 12 h (or whose hook is gone): all discarded. */
  private flush(queue: HookQueue): void {
    for (const r of queue.items) {
      r.outcome = 'discarded';
      r.nextAttemptAt = null;
    }
    queue.items = [];
    queue.failures = 0;
    queue.failingSince = null;
  }

  /** One POST with the hook's headers, within the timeout; never throws. */
  private async send(
    hook: FakeHook,
    event: FakeWebhookEvent,
  ): Promise<number | 'timeout' | 'network-error'> {
    const controller = new AbortController();
    this.controllers.add(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.host.knobs.webhookTimeoutMs);
    // A delivery never keeps a test process (or a closing demo) alive.
    timer.unref();
    try {
      const res = await this.fetch(hook.destinationUrl, {
        method: 'POST',
        headers: {
          ...hook.destinationHeaders,
          'Content-Type': 'application/json',
          'User-Agent': 'Procore-Webhooks (fake)',
        },
        body: stringifyProcoreJson(event),
        signal: controller.signal,
      });
      // The answer counts once it has been read in full, within the same timeout.
      await res.arrayBuffer();
      return res.status;
    } catch {
      return timedOut ? 'timeout' : 'network-error';
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }
}
