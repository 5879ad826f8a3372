/**
 * Company webhooks: hooks and their triggers (procore-platform.md §18; Procore's "Set Up
 * Webhooks" guide and the OAS extract's `RestV10WebhooksHooks*`). Company scope only: a
 * `project_id` scope is refused (the fake has no project hooks). Deliveries: `webhooks.ts`.
 *
 * Who may: the app's client-credentials token when its installed version grants the Webhooks
 * API permission (knob `webhooksPermission`), or a company admin's user token.
 */
import { companyActor } from './access.ts';
import { isRecord } from './body.ts';
import {
  ApiError,
  forbidden,
  json,
  notFound,
  paramMissing,
  unprocessable,
  type ApiResult,
} from './http-kit.ts';
import type { FakeHook, FakeTrigger, WebhookEventType } from './model.ts';
import { paginate } from './pagination.ts';
import type { Actor, ApiContext, ApiRoute } from './pipeline.ts';
import { COMPANY_HOOK_RESOURCES, REMOVED_TRIGGERS } from './webhooks.ts';

/** The payload format the fake speaks (the guide's examples use `v2`). */
const API_VERSIONS = ['v2'];
const NAMESPACE = /^[a-z0-9-]+$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const scopeMissing = () =>
  new ApiError(400, { errors: 'You must supply either a company_id or project_id.' });

/** The scope from the query, or from the body on writes; a project scope is not simulated. */
function scopeCompany(ctx: ApiContext, body?: Record<string, unknown>): string {
  const fromQuery = ctx.url.searchParams.get('company_id');
  const fromBody = body?.company_id;
  const companyId = fromQuery ?? (fromBody === undefined || fromBody === null ? null : fromBody);
  if (companyId === null) {
    if (ctx.url.searchParams.has('project_id') || body?.project_id !== undefined) {
      throw new ApiError(400, { errors: 'The fake Procore serves company webhooks only.' });
    }
    throw scopeMissing();
  }
  return typeof companyId === 'string' ? companyId : String(companyId);
}

/** The caller, if it may manage the company's webhooks. */
function webhooksActor(ctx: ApiContext, companyId: string): Actor {
  const actor = companyActor(ctx, companyId);
  if (actor.kind === 'client') {
    if (ctx.knobs.webhooksPermission !== 'granted') throw forbidden();
  } else if (!actor.companyUser.companyAdmin) {
    throw forbidden();
  }
  return actor;
}

/** The hook of that company, else 404. */
function companyHook(ctx: ApiContext, actor: Actor, hookId: string | undefined): FakeHook {
  const hook = ctx.state.hooks.get(hookId ?? '');
  if (!hook || hook.companyId !== actor.companyId) throw notFound();
  return hook;
}

/** "Authorization header that is masked to only show the last 5 characters" (OAS extract). */
function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) =>
      name.toLowerCase() === 'authorization'
        ? [name, `${'*'.repeat(Math.max(0, value.length - 5))}${value.slice(-5)}`]
        : [name, value],
    ),
  );
}

function hookJson(hook: FakeHook) {
  return {
    id: hook.id,
    api_version: hook.apiVersion,
    namespace: hook.namespace,
    destination_url: hook.destinationUrl,
    destination_headers: maskHeaders(hook.destinationHeaders),
    owned_by_company_id: hook.companyId,
    owned_by_user_id: hook.ownedByUserId,
  };
}

function triggerJson(trigger: FakeTrigger) {
  return {
    id: trigger.id,
    webhook_hook_id: trigger.hookId,
    resource_name: trigger.resourceName,
    // The OAS extract's enum is upper case; requests use lower case (the guide).
    event_type: trigger.eventType.toUpperCase(),
    company_id: trigger.companyId,
    user_id: trigger.userId,
  };
}

/** Checks the writable hook fields; `partial` for PATCH. */
function hookFields(input: Record<string, unknown>, partial: boolean) {
  const errors: Record<string, string[]> = {};
  const out: Partial<Omit<FakeHook, 'id' | 'companyId' | 'ownedByUserId'>> = {};
  const has = (key: string) => input[key] !== undefined;
  if (has('api_version') || !partial) {
    if (typeof input.api_version !== 'string' || !API_VERSIONS.includes(input.api_version)) {
      errors.api_version = ['is not included in the list'];
    } else out.apiVersion = input.api_version;
  }
  if (has('namespace') || !partial) {
    if (typeof input.namespace !== 'string' || !NAMESPACE.test(input.namespace)) {
      errors.namespace = ['is invalid'];
    } else out.namespace = input.namespace;
  }
  if (has('destination_url') || !partial) {
    const url = destinationUrl(input.destination_url);
    if (url === null) errors.destination_url = ['must be a valid https URL'];
    else out.destinationUrl = url;
  }
  if (has('destination_headers')) {
    const headers = input.destination_headers;
    if (
      !isRecord(headers) ||
      !Object.entries(headers).every(([k, v]) => /^[A-Za-z0-9-]+$/.test(k) && typeof v === 'string')
    ) {
      errors.destination_headers = ['is invalid'];
    } else out.destinationHeaders = headers as Record<string, string>;
  }
  if (Object.keys(errors).length > 0) throw unprocessable(errors);
  return out;
}

/** https, or http on loopback (so tests and the demo can receive; Procore would refuse it). */
function destinationUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol === 'https:') return value;
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname) ? value : null;
}

/** Both deletes document a bare 200 (OAS extract). */
const deleted = (): ApiResult => ({ status: 200, text: '', contentType: 'application/json' });

async function hookBody(ctx: ApiContext): Promise<Record<string, unknown>> {
  const body = await ctx.readBody();
  if (!isRecord(body)) throw paramMissing('hook');
  return body;
}

const listHooks: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/webhooks/hooks',
  company: 'required',
  handle(ctx) {
    const actor = webhooksActor(ctx, scopeCompany(ctx));
    const namespace = ctx.url.searchParams.get('namespace');
    const version = ctx.url.searchParams.get('api_version');
    const hooks = ctx.state
      .hooksOf(actor.companyId)
      .filter(
        (h) => (!namespace || h.namespace === namespace) && (!version || h.apiVersion === version),
      );
    return json(200, hooks.map(hookJson));
  },
};

const createHook: ApiRoute = {
  method: 'POST',
  path: '/rest/v1.0/webhooks/hooks',
  company: 'required',
  async handle(ctx) {
    const body = await hookBody(ctx);
    const actor = webhooksActor(ctx, scopeCompany(ctx, body));
    if (!isRecord(body.hook)) throw paramMissing('hook');
    const fields = hookFields(body.hook, false);
    const hook = ctx.state.createHook({
      companyId: actor.companyId,
      namespace: fields.namespace!,
      apiVersion: fields.apiVersion!,
      destinationUrl: fields.destinationUrl!,
      destinationHeaders: fields.destinationHeaders ?? {},
      ownedByUserId: actor.userId,
    });
    return json(201, hookJson(hook));
  },
};

const showHook: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/webhooks/hooks/:id',
  company: 'required',
  handle(ctx) {
    const actor = webhooksActor(ctx, scopeCompany(ctx));
    return json(200, hookJson(companyHook(ctx, actor, ctx.params.id)));
  },
};

const updateHook: ApiRoute = {
  method: 'PATCH',
  path: '/rest/v1.0/webhooks/hooks/:id',
  company: 'required',
  async handle(ctx) {
    const body = await hookBody(ctx);
    const actor = webhooksActor(ctx, scopeCompany(ctx, body));
    const hook = companyHook(ctx, actor, ctx.params.id);
    if (!isRecord(body.hook)) throw paramMissing('hook');
    Object.assign(hook, hookFields(body.hook, true));
    return json(200, hookJson(hook));
  },
};

const deleteHook: ApiRoute = {
  method: 'DELETE',
  path: '/rest/v1.0/webhooks/hooks/:id',
  company: 'required',
  handle(ctx): ApiResult {
    const actor = webhooksActor(ctx, scopeCompany(ctx));
    const hook = companyHook(ctx, actor, ctx.params.id);
    ctx.state.deleteHook(hook.id);
    return deleted();
  },
};

/** Triggers are paginated like Procore's lists (at most 100 a page, per the reference). */
const TRIGGER_LIMITS = { defaultPerPage: 100, maxPerPage: 100 };

const listTriggers: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/webhooks/hooks/:hook_id/triggers',
  company: 'required',
  handle(ctx) {
    const actor = webhooksActor(ctx, scopeCompany(ctx));
    const hook = companyHook(ctx, actor, ctx.params.hook_id);
    const page = paginate(ctx.state.triggersOf(hook.id), ctx.url, TRIGGER_LIMITS);
    return json(200, page.items.map(triggerJson), page.headers);
  },
};

function triggerFields(input: Record<string, unknown>) {
  const resource = input.resource_name;
  const event = input.event_type;
  if (typeof resource !== 'string' || !(resource in COMPANY_HOOK_RESOURCES)) {
    throw unprocessable({ resource_name: ['is not a valid webhook resource'] });
  }
  const removed = REMOVED_TRIGGERS[resource] ?? [];
  if (typeof event === 'string' && removed.includes(event as WebhookEventType)) {
    throw unprocessable({
      event_type: [`${event} is no longer available for ${resource} (removed on 2026-06-30)`],
    });
  }
  const allowed = COMPANY_HOOK_RESOURCES[resource]!;
  if (typeof event !== 'string' || !allowed.includes(event as WebhookEventType)) {
    throw unprocessable({ event_type: ['is not included in the list'] });
  }
  return { resourceName: resource, eventType: event as WebhookEventType };
}

const createTrigger: ApiRoute = {
  method: 'POST',
  path: '/rest/v1.0/webhooks/hooks/:hook_id/triggers',
  company: 'required',
  async handle(ctx) {
    const body = await ctx.readBody();
    if (!isRecord(body)) throw paramMissing('trigger');
    const actor = webhooksActor(ctx, scopeCompany(ctx, body));
    const hook = companyHook(ctx, actor, ctx.params.hook_id);
    // "Body must include api_version and a trigger object" (Set Up Webhooks).
    if (body.api_version !== hook.apiVersion) {
      throw unprocessable({ api_version: ["must match the hook's api_version"] });
    }
    if (!isRecord(body.trigger)) throw paramMissing('trigger');
    const fields = triggerFields(body.trigger);
    const taken = ctx.state
      .triggersOf(hook.id)
      .some((t) => t.resourceName === fields.resourceName && t.eventType === fields.eventType);
    if (taken) throw unprocessable({ event_type: ['has already been taken'] });
    const trigger = ctx.state.createTrigger({
      ...fields,
      hookId: hook.id,
      companyId: actor.companyId,
      userId: actor.userId,
    });
    return json(201, triggerJson(trigger));
  },
};

const deleteTrigger: ApiRoute = {
  method: 'DELETE',
  path: '/rest/v1.0/webhooks/hooks/:hook_id/triggers/:id',
  company: 'required',
  handle(ctx): ApiResult {
    const actor = webhooksActor(ctx, scopeCompany(ctx));
    const hook = companyHook(ctx, actor, ctx.params.hook_id);
    const trigger = ctx.state.triggers.get(ctx.params.id ?? '');
    if (!trigger || trigger.hookId !== hook.id) throw notFound();
    ctx.state.triggers.delete(trigger.id);
    return deleted();
  },
};

export const webhookRoutes: ApiRoute[] = [
  listHooks,
  createHook,
  showHook,
  updateHook,
  deleteHook,
  listTriggers,
  createTrigger,
  deleteTrigger,
];
