/**
 * Procore resource shapes the SALUS setup reads and writes.
 *
 * Field names are Procore's own (snake_case). Every ID is a decimal string: Procore IDs can exceed
 * 2^53 in newer regions, which a JS number cannot hold exactly.
 * https://developers.procore.com/documentation/tutorial-mpz (see procore-platform.md §1)
 */

/** A Procore ID as a decimal string, e.g. "562949953421312". */
export type Id = string;

export interface Me {
  id: Id;
  login: string;
  name?: string | null;
}

export interface Company {
  id: Id;
  name: string;
  is_active: boolean;
  logo_url?: string | null;
  pcn_business_experience?: boolean;
  my_company?: boolean;
}

export interface TemplateRef {
  id: Id;
  name: string;
  project_specific?: boolean;
  type?: string | null;
}

/** A company directory user (`/rest/v1.3/companies/{company_id}/users`). */
export interface CompanyUser {
  id: Id;
  name: string;
  first_name?: string | null;
  last_name?: string | null;
  email_address?: string | null;
  is_active: boolean;
  is_employee?: boolean;
  job_title?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  /** The default *project* template applied when the user is added to projects. */
  permission_template?: TemplateRef | null;
  company_permission_template?: TemplateRef | null;
  default_permission_template_id?: Id | null;
  company_permission_template_id?: Id | null;
  /** Documented only on POST/PATCH responses; UNCONFIRMED on reads (procore-platform.md §3.1). */
  add_to_new_projects?: boolean;
  vendor?: { id: Id; name: string } | null;
}

/** The three fields the SALUS setup sets on the service account (procore-platform.md §3.2). */
export interface CompanyUserPatch {
  company_permission_template_id?: Id | null;
  default_permission_template_id?: Id | null;
  add_to_new_projects?: boolean;
  last_name?: string;
}

export type PermissionTemplateType = 'project_specific' | 'company_tools' | 'global';

export interface PermissionTemplate {
  id: Id;
  name: string;
  project_specific?: boolean;
  /** Usually a {@link PermissionTemplateType}; anything else is passed through. */
  type?: string | null;
  category?: 'internal' | 'external' | null;
}

/** `GET /rest/v1.0/companies/{company_id}/permission_templates/{id}`: a template with its levels. */
export interface PermissionTemplateDetail extends PermissionTemplate {
  /** Tool name → access level (None, Read-only, Standard, Admin; spelling UNCONFIRMED, §4). */
  user_access_levels: Record<string, string>;
}

export interface Project {
  id: Id;
  name: string;
  display_name?: string | null;
  project_number?: string | null;
  active?: boolean;
  company?: { id: Id; name: string } | null;
}

export interface ProjectUser {
  id: Id;
  name: string;
  email_address?: string | null;
  is_active?: boolean;
  permission_template?: TemplateRef | null;
}

/** `GET /rest/v1.0/companies/{company_id}/users/{user_id}/project_assignments` [BETA]. */
export interface ProjectAssignment {
  project_id: Id;
  name: string;
  project_number?: string | null;
  is_assigned: boolean;
  active: boolean;
  permission_template_id?: Id | null;
  permission_template_name?: string | null;
}

export interface AppInstallation {
  id: Id;
  app_uid: string;
  status: 'installed' | 'uninstalled';
  components?: string[];
  developer_app?: {
    id?: Id;
    uid?: string;
    name?: string;
    internal_name?: string | null;
  } | null;
  installed_at?: string | null;
  installer?: { id: Id; login?: string; name?: string } | null;
  semantic_version?: string | null;
  uninstalled_at?: string | null;
  updatable_app_version_id?: string | null;
  /** An in-flight async permissions reapply operation. */
  pending_operation_id?: string | null;
  app_version_id?: string | null;
}

export interface PermissionTool {
  id: Id;
  name: string;
  friendly_name?: string;
  available_for_user?: boolean;
  user_access_level?: { id: Id; name: string } | null;
  permitted_actions?: { id: Id; action_name: string; label?: string; tool_name?: string }[];
  can_create?: boolean;
}

/** `GET /rest/v1.0/settings/permissions`: the current user's permission manifest. */
export interface PermissionsManifest {
  tools: PermissionTool[];
}

export interface BulkAddTriplet {
  user_id: Id;
  project_id: Id;
  permission_template_id: Id;
}

/** `POST /rest/v1.3/companies/{company_id}/users/bulk_add`: 200, or 207 with per-item errors. */
export interface BulkAddResult {
  entities: { userId: Id; projects: { projectId: Id; message: string }[] }[];
  errors?: { userId: Id; errors: { projectId: Id; message: string }[] }[];
}

export interface TemplateAssignment {
  user_id: Id;
  permission_template_id: Id;
  project_id: Id;
}

export interface CompanyBaseUrl {
  zone: string;
  web_base_url: string;
}

export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  created_at?: number;
}

/** `POST /rest/v1.0/companies/{company_id}/permission_templates` body (procore-platform.md §4). */
export interface NewPermissionTemplate {
  name: string;
  type: PermissionTemplateType;
  category?: 'internal' | 'external';
  /** Tool name → access level. */
  user_access_levels?: Record<string, string>;
  /** Tool name → granular action → granted. */
  permissions?: Record<string, Record<string, boolean>>;
  provider_type?: 'Project' | 'Company';
  project_id?: Id;
}

/** The payload format SALUS's hooks use (procore-platform.md §18: `"api_version": "v2"`). */
export type WebhookApiVersion = 'v2';

export type WebhookEventType = 'create' | 'update' | 'delete';

/** A company webhook hook (`/rest/v1.0/webhooks/hooks`, procore-platform.md §18). */
export interface WebhookHook {
  id: Id;
  api_version: string;
  /** Lowercase letters, digits and dashes; one per app. */
  namespace: string;
  destination_url: string;
  /** As Procore shows them: `Authorization` masked to its last 5 characters. */
  destination_headers: Record<string, string>;
  owned_by_company_id?: Id | null;
  owned_by_user_id?: Id | null;
}

/** A trigger of a hook: which resource and event type Procore delivers. */
export interface WebhookTrigger {
  id: Id;
  webhook_hook_id?: Id | null;
  resource_name: string;
  /** Lower case, whatever case Procore answers in (the OAS enum is upper case). */
  event_type: WebhookEventType;
}

/** `createHook` input; `destinationHeaders` usually `{ Authorization: 'Bearer …' }`. */
export interface NewWebhookHook {
  namespace: string;
  destinationUrl: string;
  destinationHeaders: Record<string, string>;
}

/** `updateHook` input: what changes (a rotated secret, a moved receiver). */
export interface WebhookHookPatch {
  destinationUrl?: string;
  destinationHeaders?: Record<string, string>;
}

/** `createTrigger` input, e.g. `{ resourceName: 'Projects', eventType: 'create' }`. */
export interface NewWebhookTrigger {
  resourceName: string;
  eventType: WebhookEventType;
}

/**
 * One event Procore POSTs to a hook's destination, payload v2 (Procore's "How Webhooks Work":
 * https://developers.procore.com/documentation/webhooks). Deliveries can repeat (the same
 * `ulid`) or never come; `metadata.source_application_id` tells a change made through an app.
 */
export interface ProcoreWebhookEvent {
  /** Procore's numeric event id, when sent. */
  id: Id | null;
  /** 26 characters, unique per event: the key to de-duplicate on. */
  ulid: string;
  timestamp: string | null;
  company_id: Id;
  /** Null for company-level resources such as Company Users. */
  project_id: Id | null;
  /** Who acted. */
  user_id: Id | null;
  api_version: string | null;
  resource_name: string;
  resource_id: Id;
  event_type: WebhookEventType;
  metadata: {
    /** The app whose token made the change; null for changes made in Procore itself. */
    source_application_id: string | null;
    source_user_id: Id | null;
    source_company_id: Id | null;
    source_project_id: Id | null;
    source_operation_id: Id | null;
  };
}
