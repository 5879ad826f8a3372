import { z } from 'zod';
import { ProcoreApiError } from './errors.ts';
import type { ProcoreResponse } from './http.ts';
import { parseProcoreJson } from './json.ts';
import type {
  AppInstallation,
  BulkAddResult,
  Company,
  CompanyBaseUrl,
  CompanyUser,
  Me,
  PermissionTemplate,
  PermissionTemplateDetail,
  PermissionsManifest,
  Project,
  ProjectAssignment,
  ProcoreWebhookEvent,
  ProjectUser,
  TemplateAssignment,
  TemplateRef,
  WebhookHook,
  WebhookTrigger,
} from './types.ts';

/**
 * Runtime shapes of the Procore responses we read, checked before anything trusts them.
 *
 * Lenient where Procore is loose (extra fields are dropped, `null` stands for absent, IDs may
 * arrive as numbers or strings) and strict where our logic depends on a field (IDs, flags we
 * branch on, documented enums). Field lists: `procore-openapi/shapes.json` and
 * https://developers.procore.com/reference/rest (procore-platform.md §2–§6).
 */

const id = z.union([z.string().min(1), z.number()]).transform(String);
/** A text field Procore may send as null. */
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');
/** An optional field Procore may send as null; absent either way. */
const opt = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((v): z.output<T> | undefined => v ?? undefined);

const templateRef = z.object({
  id,
  name: text,
  project_specific: opt(z.boolean()),
  type: z.string().nullish(),
}) satisfies z.ZodType<TemplateRef, unknown>;

export const meSchema = z.object({
  id,
  login: text,
  name: z.string().nullish(),
}) satisfies z.ZodType<Me, unknown>;

export const companySchema = z.object({
  id,
  name: text,
  is_active: z.boolean(),
  logo_url: z.string().nullish(),
  pcn_business_experience: opt(z.boolean()),
  my_company: opt(z.boolean()),
}) satisfies z.ZodType<Company, unknown>;

export const companyBaseUrlSchema = z.object({
  zone: z.string(),
  web_base_url: z.string(),
}) satisfies z.ZodType<CompanyBaseUrl, unknown>;

export const permissionsManifestSchema = z.object({
  tools: z.array(
    z.object({
      id,
      name: text,
      friendly_name: opt(z.string()),
      available_for_user: opt(z.boolean()),
      user_access_level: z.object({ id, name: text }).nullish(),
      permitted_actions: opt(
        z.array(
          z.object({
            id,
            action_name: text,
            label: opt(z.string()),
            tool_name: opt(z.string()),
          }),
        ),
      ),
      can_create: opt(z.boolean()),
    }),
  ),
}) satisfies z.ZodType<PermissionsManifest, unknown>;

export const companyUserSchema = z.object({
  id,
  name: text,
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  email_address: z.string().nullish(),
  is_active: z.boolean(),
  is_employee: opt(z.boolean()),
  job_title: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  permission_template: templateRef.nullish(),
  company_permission_template: templateRef.nullish(),
  default_permission_template_id: id.nullish(),
  company_permission_template_id: id.nullish(),
  add_to_new_projects: opt(z.boolean()),
  vendor: z.object({ id, name: text }).nullish(),
}) satisfies z.ZodType<CompanyUser, unknown>;

export const permissionTemplateSchema = z.object({
  id,
  name: text,
  project_specific: opt(z.boolean()),
  // Documented values: project_specific | company_tools | global; what `project_tools` returns is
  // UNCONFIRMED (§4), so unknown values pass through and callers filter.
  type: z.string().nullish(),
  category: z.enum(['internal', 'external']).nullish().catch(null),
}) satisfies z.ZodType<PermissionTemplate, unknown>;

/**
 * A level is documented as a string; an object with a `name` (as /settings/permissions writes
 * levels) is read the same way, since the exact show shape is UNCONFIRMED (§4, §17).
 */
const accessLevel = z
  .union([z.string(), z.object({ name: z.string() }).transform((l) => l.name)])
  .nullish()
  .transform((l) => l ?? 'none');

export const permissionTemplateDetailSchema = permissionTemplateSchema.extend({
  user_access_levels: z
    .record(z.string(), accessLevel)
    .nullish()
    .transform((levels) => levels ?? {}),
}) satisfies z.ZodType<PermissionTemplateDetail, unknown>;

export const projectSchema = z.object({
  id,
  name: text,
  display_name: z.string().nullish(),
  project_number: z.string().nullish(),
  active: opt(z.boolean()),
  company: z.object({ id, name: text }).nullish(),
}) satisfies z.ZodType<Project, unknown>;

export const projectUserSchema = z.object({
  id,
  name: text,
  email_address: z.string().nullish(),
  is_active: opt(z.boolean()),
  permission_template: templateRef.nullish(),
}) satisfies z.ZodType<ProjectUser, unknown>;

export const projectAssignmentSchema = z.object({
  project_id: id,
  name: text,
  project_number: z.string().nullish(),
  is_assigned: z.boolean(),
  active: z.boolean(),
  permission_template_id: id.nullish(),
  permission_template_name: z.string().nullish(),
}) satisfies z.ZodType<ProjectAssignment, unknown>;

export const appInstallationSchema = z.object({
  id,
  app_uid: z.string(),
  status: z.enum(['installed', 'uninstalled']),
  components: opt(z.array(z.string())),
  developer_app: z
    .object({
      id: opt(id),
      uid: opt(z.string()),
      name: opt(z.string()),
      internal_name: z.string().nullish(),
    })
    .nullish(),
  installed_at: z.string().nullish(),
  installer: z.object({ id, login: opt(z.string()), name: opt(z.string()) }).nullish(),
  semantic_version: z.string().nullish(),
  uninstalled_at: z.string().nullish(),
  updatable_app_version_id: id.nullish(),
  pending_operation_id: id.nullish(),
  app_version_id: id.nullish(),
}) satisfies z.ZodType<AppInstallation, unknown>;

const bulkProject = z.object({ projectId: id, message: text });
export const bulkAddResultSchema = z.object({
  entities: z.array(z.object({ userId: id, projects: z.array(bulkProject) })),
  errors: opt(z.array(z.object({ userId: id, errors: z.array(bulkProject) }))),
}) satisfies z.ZodType<BulkAddResult, unknown>;

export const templateAssignmentSchema = z.object({
  user_id: id,
  permission_template_id: id,
  project_id: opt(id),
}) satisfies z.ZodType<Omit<TemplateAssignment, 'project_id'>, unknown>;

/** `create`, `update` or `delete`, in whatever case Procore writes it. */
const webhookEventType = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(['create', 'update', 'delete']));

export const webhookHookSchema = z.object({
  id,
  api_version: text,
  namespace: text,
  destination_url: text,
  destination_headers: z
    .record(z.string(), z.string())
    .nullish()
    .transform((h) => h ?? {}),
  owned_by_company_id: id.nullish(),
  owned_by_user_id: id.nullish(),
}) satisfies z.ZodType<WebhookHook, unknown>;

export const webhookTriggerSchema = z.object({
  id,
  webhook_hook_id: id.nullish(),
  resource_name: z.string(),
  event_type: webhookEventType,
}) satisfies z.ZodType<WebhookTrigger, unknown>;

/** An ID field of an event that may be null or absent: null either way. */
const eventId = id.nullish().transform((v) => v ?? null);
/**
 * The IDs a receiver acts on: Procore's IDs are whole numbers (as JSON numbers, read exactly). An
 * event naming anything else is not Procore's, and its ID must not reach a notice or a query.
 */
const webhookId = z
  .union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()])
  .transform(String);

/**
 * A webhook delivery's body, payload v2 (https://developers.procore.com/documentation/webhooks):
 * strict on what a receiver acts on (`ulid`, `resource_name`, `event_type`, `resource_id`,
 * `company_id`), lenient on the rest (absent means null; unknown fields are dropped). Parse the
 * body with {@link parseProcoreWebhookEvent} (or `parseProcoreJson`) first: IDs can exceed 2^53.
 */
export const procoreWebhookEventSchema = z.object({
  id: eventId,
  // "26-character unique identifier" (Procore's guide): Crockford base 32, read as upper case so
  // a delivery cannot pass for a new one by changing the letters' case.
  ulid: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/i, 'a 26-character ULID')
    .transform((v) => v.toUpperCase()),
  timestamp: z
    .string()
    .refine((v) => Number.isFinite(Date.parse(v)), 'a date and time')
    .nullish()
    .transform((v) => v ?? null),
  company_id: webhookId,
  project_id: eventId,
  user_id: eventId,
  api_version: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  resource_name: z.string().min(1).max(100),
  resource_id: webhookId,
  event_type: webhookEventType,
  metadata: z
    .object({
      source_application_id: eventId,
      source_user_id: eventId,
      source_company_id: eventId,
      source_project_id: eventId,
      source_operation_id: eventId,
    })
    .nullish()
    .transform(
      (m) =>
        m ?? {
          source_application_id: null,
          source_user_id: null,
          source_company_id: null,
          source_project_id: null,
          source_operation_id: null,
        },
    ),
}) satisfies z.ZodType<ProcoreWebhookEvent, unknown>;

/**
 * A delivery's raw body as a {@link ProcoreWebhookEvent}, IDs exact; null when it is not JSON or
 * not an event (answer it 2xx anyway or not: that is the receiver's choice).
 */
export function parseProcoreWebhookEvent(body: string): ProcoreWebhookEvent | null {
  let raw: unknown;
  try {
    raw = parseProcoreJson(body);
  } catch {
    return null;
  }
  const result = procoreWebhookEventSchema.safeParse(raw);
  return result.success ? result.data : null;
}

/** The response body in `schema`'s shape, or an `invalid-response` error naming the mismatch. */
export function parseBody<S extends z.ZodType>(schema: S, res: ProcoreResponse): z.output<S> {
  const result = schema.safeParse(res.body);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  return invalidShape(res, `${where}: ${issue?.message ?? 'unexpected value'}`, result.error);
}

function invalidShape(res: ProcoreResponse, detail: string, cause: unknown): never {
  throw new ProcoreApiError({
    kind: 'invalid-response',
    status: res.status,
    method: res.method,
    path: new URL(res.url).pathname,
    procoreMessage: `Procore's answer did not have the expected shape (${detail}).`,
    requestId: res.headers.get('x-request-id'),
    cause,
  });
}
