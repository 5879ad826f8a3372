import { z } from 'zod';
import { isProcoreApiError } from './errors.ts';
import type { ProcoreHttp, ProcoreRequest } from './http.ts';
import { collectAll } from './pagination.ts';
import {
  appInstallationSchema,
  bulkAddResultSchema,
  companyBaseUrlSchema,
  companySchema,
  companyUserSchema,
  meSchema,
  parseBody,
  permissionTemplateDetailSchema,
  permissionTemplateSchema,
  permissionsManifestSchema,
  projectAssignmentSchema,
  projectSchema,
  projectUserSchema,
  templateAssignmentSchema,
  webhookHookSchema,
  webhookTriggerSchema,
} from './schemas.ts';
import type {
  AppInstallation,
  BulkAddResult,
  BulkAddTriplet,
  Company,
  CompanyBaseUrl,
  CompanyUser,
  CompanyUserPatch,
  Id,
  Me,
  NewPermissionTemplate,
  NewWebhookHook,
  NewWebhookTrigger,
  PermissionTemplate,
  PermissionTemplateDetail,
  PermissionsManifest,
  Project,
  ProjectAssignment,
  ProjectUser,
  TemplateAssignment,
  WebhookApiVersion,
  WebhookHook,
  WebhookHookPatch,
  WebhookTrigger,
} from './types.ts';

/**
 * The Procore calls SALUS Setup makes, typed, one function per endpoint. Every function that
 * touches company data takes `companyId` first and sends it as `Procore-Company-Id`.
 * Endpoint reference: https://developers.procore.com/reference/rest (procore-platform.md §2–§6).
 */

export interface CallOptions {
  signal?: AbortSignal;
}

export type ProjectStatus = 'Active' | 'Inactive' | 'All';
export type TemplateTypeFilter = 'company_tools' | 'project_tools' | 'global';

/** bulk_add processes at most this many triplets per request (procore-platform.md §5.3). */
export const BULK_ADD_MAX = 1000;

/** The payload format of SALUS's hooks; triggers must name the hook's (Set Up Webhooks). */
export const WEBHOOK_API_VERSION: WebhookApiVersion = 'v2';

const HOOKS_PATH = '/rest/v1.0/webhooks/hooks';

export interface ProcoreClient {
  /**
   * `GET /rest/v1.0/me` with a **user** token. Without `companyId` no company header is sent
   * (Procore allows that for user tokens); with it, the header and `company_id` are sent so
   * Procore includes `name`.
   */
  me(companyId?: Id, options?: CallOptions): Promise<Me>;
  /** `GET /rest/v1.0/me` with the app's client-credentials (DMSA) token: the company is required. */
  meAsServiceAccount(companyId: Id, options?: CallOptions): Promise<Me>;
  /**
   * `GET /rest/v1.0/companies`, every page. A user token may omit `companyId`; the app's
   * client-credentials token must pass one (it then lists the companies where the app is installed).
   */
  companies(companyId?: Id, options?: CallOptions): Promise<Company[]>;
  /**
   * `GET /rest/v1.0/companies/{company_id}/me`: the caller's own company-user record. With the
   * app's token, the service account's settings: `add_to_new_projects` and both template ids
   * (documented in the OAS, UNCONFIRMED for a DMSA token; procore-platform.md §18).
   */
  companyMe(companyId: Id, options?: CallOptions): Promise<CompanyUser>;
  /** `GET /rest/v1.0/company_base_url`: the company's zone and web host. */
  companyBaseUrl(companyId: Id, options?: CallOptions): Promise<CompanyBaseUrl>;
  /** `GET /rest/v1.0/settings/permissions?company_id=`: the signed-in user's company permissions. */
  settingsPermissions(companyId: Id, options?: CallOptions): Promise<PermissionsManifest>;
  /** `GET /rest/v1.3/companies/{company_id}/users`: active directory users, every page. */
  listCompanyUsers(
    companyId: Id,
    options?: CallOptions & { search?: string; view?: 'normal' | 'extended' },
  ): Promise<CompanyUser[]>;
  /** `GET /rest/v1.3/companies/{company_id}/users/{id}`. */
  getCompanyUser(companyId: Id, userId: Id, options?: CallOptions): Promise<CompanyUser>;
  /**
   * `PATCH /rest/v1.3/companies/{company_id}/users/{id}` with `{user:{…}}`. Sends the user's
   * current `last_name` (read first when `patch` lacks it) and never `email_address`: the schema
   * marks both required and email is Directory-Admin-only (procore-platform.md §3.2). Idempotent:
   * verify with `getCompanyUser` after an ambiguous failure.
   */
  updateCompanyUser(
    companyId: Id,
    userId: Id,
    patch: CompanyUserPatch,
    options?: CallOptions,
  ): Promise<CompanyUser>;
  /** `GET /rest/v1.0/companies/{company_id}/permission_templates?filters[type]=`. */
  listPermissionTemplates(
    companyId: Id,
    options?: CallOptions & { type?: TemplateTypeFilter },
  ): Promise<PermissionTemplate[]>;
  /** `GET /rest/v1.0/companies/{company_id}/permission_templates/{id}`: with `user_access_levels`. */
  getPermissionTemplate(
    companyId: Id,
    templateId: Id,
    options?: CallOptions,
  ): Promise<PermissionTemplateDetail>;
  /** `POST /rest/v1.0/companies/{company_id}/permission_templates`. */
  createPermissionTemplate(
    companyId: Id,
    template: NewPermissionTemplate,
    options?: CallOptions,
  ): Promise<PermissionTemplate>;
  /**
   * `GET /rest/v1.1/projects?company_id=&view=compact&filters[by_status]=`, every page (300 per
   * page, the endpoint's maximum). Company admins see every project, others only their own.
   */
  listProjects(
    companyId: Id,
    options?: CallOptions & { status?: ProjectStatus; view?: 'compact' | 'normal' },
  ): Promise<Project[]>;
  /**
   * One page of `GET /rest/v1.1/projects` with Procore's `Total`: a count and a sample in one
   * request (e.g. what the service account can see).
   */
  projectsPage(
    companyId: Id,
    options: CallOptions & { status?: ProjectStatus; page?: number; perPage: number },
  ): Promise<{ items: Project[]; total: number | null }>;
  /** `GET /rest/v1.0/projects/{project_id}/users`: active project users, every page. */
  listProjectUsers(
    companyId: Id,
    projectId: Id,
    options?: CallOptions & { search?: string; ids?: readonly Id[] },
  ): Promise<ProjectUser[]>;
  /** `GET /rest/v1.0/projects/{project_id}/users/{id}`. */
  getProjectUser(
    companyId: Id,
    projectId: Id,
    userId: Id,
    options?: CallOptions,
  ): Promise<ProjectUser>;
  /**
   * `POST /rest/v1.0/projects/{project_id}/users/{id}/actions/add` with
   * `{user:{permission_template_id}}`. Null when Procore answers without a body. Not idempotent
   * by contract: after an `ambiguous` failure, read membership before adding again.
   */
  addUserToProject(
    companyId: Id,
    projectId: Id,
    userId: Id,
    templateId?: Id,
    options?: CallOptions,
  ): Promise<ProjectUser | null>;
  /** `DELETE /rest/v1.0/projects/{project_id}/users/{id}/actions/remove`. */
  removeUserFromProject(
    companyId: Id,
    projectId: Id,
    userId: Id,
    options?: CallOptions,
  ): Promise<void>;
  /**
   * `POST /rest/v1.3/companies/{company_id}/users/bulk_add` [BETA], at most {@link BULK_ADD_MAX}
   * triplets (throws RangeError above). 200, or 207 with per-item `errors`. Existing members keep
   * their template.
   */
  bulkAdd(
    companyId: Id,
    triplets: readonly BulkAddTriplet[],
    options?: CallOptions,
  ): Promise<BulkAddResult>;
  /**
   * `GET /rest/v1.0/companies/{company_id}/users/{user_id}/project_assignments` [BETA], every
   * page. **null when Procore answers 404**: the beta endpoint is not offered to this company
   * (or the user is not visible); fall back to listing projects and their users.
   */
  listProjectAssignments(
    companyId: Id,
    userId: Id,
    options?: CallOptions & {
      assignmentStatus?: 'all' | 'assigned' | 'unassigned';
      byStatus?: ProjectStatus;
      perPage?: number;
    },
  ): Promise<ProjectAssignment[] | null>;
  /**
   * `PATCH /rest/v1.0/projects/{project_id}/permission_template_assignments` with
   * `{permission_template_assignments:{user_id, permission_template_id}}`: changes an existing
   * member's project template.
   */
  assignProjectTemplate(
    companyId: Id,
    projectId: Id,
    userId: Id,
    templateId: Id,
    options?: CallOptions,
  ): Promise<TemplateAssignment>;
  /**
   * `GET /rest/v1.1/projects?company_id=&filters[id]=&filters[by_status]=All&view=compact`: the
   * project if the caller can see it, else null. A list read, so a project the service account
   * is not on is an empty list, not a 403 or 404 that Integration Health scores (§18).
   */
  findProject(companyId: Id, projectId: Id, options?: CallOptions): Promise<Project | null>;
  /**
   * `GET /rest/v1.0/webhooks/hooks?company_id=[&namespace=]`: the company's hooks. With the app's
   * token this needs the manifest's Webhooks API permission (§18).
   */
  listHooks(companyId: Id, options?: CallOptions & { namespace?: string }): Promise<WebhookHook[]>;
  /**
   * `POST /rest/v1.0/webhooks/hooks` with `{company_id, hook:{api_version: 'v2', namespace,
   * destination_url, destination_headers}}`.
   */
  createHook(companyId: Id, hook: NewWebhookHook, options?: CallOptions): Promise<WebhookHook>;
  /** `PATCH /rest/v1.0/webhooks/hooks/{id}` with `{company_id, hook:{…}}`: only what is given. */
  updateHook(
    companyId: Id,
    hookId: Id,
    patch: WebhookHookPatch,
    options?: CallOptions,
  ): Promise<WebhookHook>;
  /** `DELETE /rest/v1.0/webhooks/hooks/{id}?company_id=` (its triggers go with it). */
  deleteHook(companyId: Id, hookId: Id, options?: CallOptions): Promise<void>;
  /** `GET /rest/v1.0/webhooks/hooks/{hook_id}/triggers?company_id=`, every page. */
  listTriggers(companyId: Id, hookId: Id, options?: CallOptions): Promise<WebhookTrigger[]>;
  /**
   * `POST /rest/v1.0/webhooks/hooks/{hook_id}/triggers` with `{company_id, api_version,
   * trigger:{resource_name, event_type}}`, e.g. Projects create or Company Users update.
   */
  createTrigger(
    companyId: Id,
    hookId: Id,
    trigger: NewWebhookTrigger,
    options?: CallOptions,
  ): Promise<WebhookTrigger>;
  /** `DELETE /rest/v1.0/webhooks/hooks/{hook_id}/triggers/{id}?company_id=`. */
  deleteTrigger(companyId: Id, hookId: Id, triggerId: Id, options?: CallOptions): Promise<void>;
  /** `GET /rest/v1.0/app_installations?company_id=`, every page. */
  listAppInstallations(companyId: Id, options?: CallOptions): Promise<AppInstallation[]>;
  /** `GET /rest/v1.0/app_installations/{id}?company_id=`. */
  getAppInstallation(
    companyId: Id,
    installationId: Id,
    options?: CallOptions,
  ): Promise<AppInstallation>;
}

/** A path segment from an ID; IDs are decimal strings, but never trust one into a URL. */
const seg = (value: Id) => encodeURIComponent(value);
const byId = (item: { id: Id }) => item.id;

export function createProcoreClient(http: ProcoreHttp): ProcoreClient {
  async function get<S extends z.ZodType>(schema: S, req: ProcoreRequest): Promise<z.output<S>> {
    return parseBody(schema, await http.request(req));
  }

  function list<S extends z.ZodType>(
    item: S,
    req: ProcoreRequest,
    key: (item: z.output<S>) => string,
    perPage?: number,
  ): Promise<z.output<S>[]> {
    const page = z.array(item);
    return collectAll(http, req, { parsePage: (res) => parseBody(page, res), key, perPage });
  }

  const client: ProcoreClient = {
    me: (companyId, { signal } = {}) =>
      companyId === undefined
        ? get(meSchema, { path: '/rest/v1.0/me', signal })
        : get(meSchema, {
            path: '/rest/v1.0/me',
            companyId,
            query: { company_id: companyId },
            signal,
          }),

    meAsServiceAccount: (companyId, { signal } = {}) =>
      get(meSchema, { path: '/rest/v1.0/me', companyId, signal }),

    companies: (companyId, { signal } = {}) =>
      list(
        companySchema,
        companyId === undefined
          ? { path: '/rest/v1.0/companies', signal }
          : { path: '/rest/v1.0/companies', companyId, signal },
        byId,
      ),

    companyMe: (companyId, { signal } = {}) =>
      get(companyUserSchema, {
        path: `/rest/v1.0/companies/${seg(companyId)}/me`,
        companyId,
        signal,
      }),

    companyBaseUrl: (companyId, { signal } = {}) =>
      get(companyBaseUrlSchema, { path: '/rest/v1.0/company_base_url', companyId, signal }),

    settingsPermissions: (companyId, { signal } = {}) =>
      get(permissionsManifestSchema, {
        path: '/rest/v1.0/settings/permissions',
        companyId,
        query: { company_id: companyId },
        signal,
      }),

    listCompanyUsers: (companyId, { search, view, signal } = {}) =>
      list(
        companyUserSchema,
        {
          path: `/rest/v1.3/companies/${seg(companyId)}/users`,
          companyId,
          query: { 'filters[search]': search, view },
          signal,
        },
        byId,
      ),

    getCompanyUser: (companyId, userId, { signal } = {}) =>
      get(companyUserSchema, {
        path: `/rest/v1.3/companies/${seg(companyId)}/users/${seg(userId)}`,
        companyId,
        signal,
      }),

    async updateCompanyUser(companyId, userId, patch, { signal } = {}) {
      const lastName =
        patch.last_name ?? (await client.getCompanyUser(companyId, userId, { signal })).last_name;
      const user: CompanyUserPatch = {
        company_permission_template_id: patch.company_permission_template_id,
        default_permission_template_id: patch.default_permission_template_id,
        add_to_new_projects: patch.add_to_new_projects,
        last_name: lastName ?? undefined,
      };
      return get(companyUserSchema, {
        method: 'PATCH',
        path: `/rest/v1.3/companies/${seg(companyId)}/users/${seg(userId)}`,
        companyId,
        body: { user },
        signal,
      });
    },

    listPermissionTemplates: (companyId, { type, signal } = {}) =>
      list(
        permissionTemplateSchema,
        {
          path: `/rest/v1.0/companies/${seg(companyId)}/permission_templates`,
          companyId,
          query: { 'filters[type]': type },
          signal,
        },
        byId,
      ),

    getPermissionTemplate: (companyId, templateId, { signal } = {}) =>
      get(permissionTemplateDetailSchema, {
        path: `/rest/v1.0/companies/${seg(companyId)}/permission_templates/${seg(templateId)}`,
        companyId,
        signal,
      }),

    createPermissionTemplate: (companyId, template, { signal } = {}) =>
      get(permissionTemplateSchema, {
        method: 'POST',
        path: `/rest/v1.0/companies/${seg(companyId)}/permission_templates`,
        companyId,
        body: { permission_template: template },
        signal,
      }),

    listProjects: (companyId, { status, view = 'compact', signal } = {}) =>
      list(
        projectSchema,
        {
          path: '/rest/v1.1/projects',
          companyId,
          query: { company_id: companyId, view, 'filters[by_status]': status },
          signal,
        },
        byId,
      ),

    projectsPage: async (companyId, { status, page = 1, perPage, signal }) => {
      const res = await http.request({
        path: '/rest/v1.1/projects',
        companyId,
        query: {
          company_id: companyId,
          view: 'compact',
          'filters[by_status]': status,
          page,
          per_page: perPage,
        },
        signal,
      });
      const total = Number(res.headers.get('total'));
      return {
        items: parseBody(z.array(projectSchema), res),
        total: Number.isInteger(total) && res.headers.has('total') ? total : null,
      };
    },

    listProjectUsers: (companyId, projectId, { search, ids, signal } = {}) =>
      list(
        projectUserSchema,
        {
          path: `/rest/v1.0/projects/${seg(projectId)}/users`,
          companyId,
          query: { 'filters[search]': search, 'filters[id][]': ids },
          signal,
        },
        byId,
      ),

    getProjectUser: (companyId, projectId, userId, { signal } = {}) =>
      get(projectUserSchema, {
        path: `/rest/v1.0/projects/${seg(projectId)}/users/${seg(userId)}`,
        companyId,
        signal,
      }),

    async addUserToProject(companyId, projectId, userId, templateId, { signal } = {}) {
      const res = await http.request({
        method: 'POST',
        path: `/rest/v1.0/projects/${seg(projectId)}/users/${seg(userId)}/actions/add`,
        companyId,
        body:
          templateId === undefined ? undefined : { user: { permission_template_id: templateId } },
        signal,
      });
      return res.body === null ? null : parseBody(projectUserSchema, res);
    },

    async removeUserFromProject(companyId, projectId, userId, { signal } = {}) {
      await http.request({
        method: 'DELETE',
        path: `/rest/v1.0/projects/${seg(projectId)}/users/${seg(userId)}/actions/remove`,
        companyId,
        signal,
      });
    },

    async bulkAdd(companyId, triplets, { signal } = {}) {
      if (triplets.length > BULK_ADD_MAX) {
        throw new RangeError(
          `bulk_add takes at most ${BULK_ADD_MAX} triplets, got ${triplets.length}.`,
        );
      }
      if (triplets.length === 0) return { entities: [] };
      return get(bulkAddResultSchema, {
        method: 'POST',
        path: `/rest/v1.3/companies/${seg(companyId)}/users/bulk_add`,
        companyId,
        body: { users: triplets },
        signal,
      });
    },

    async listProjectAssignments(companyId, userId, options = {}) {
      const { assignmentStatus, byStatus, perPage, signal } = options;
      try {
        return await list(
          projectAssignmentSchema,
          {
            path: `/rest/v1.0/companies/${seg(companyId)}/users/${seg(userId)}/project_assignments`,
            companyId,
            query: {
              'filters[assignment_status]': assignmentStatus,
              'filters[by_status]': byStatus,
            },
            signal,
          },
          (item) => item.project_id,
          perPage,
        );
      } catch (err) {
        if (isProcoreApiError(err, 'not-found')) return null;
        throw err;
      }
    },

    async assignProjectTemplate(companyId, projectId, userId, templateId, { signal } = {}) {
      const assignment = await get(templateAssignmentSchema, {
        method: 'PATCH',
        path: `/rest/v1.0/projects/${seg(projectId)}/permission_template_assignments`,
        companyId,
        body: {
          permission_template_assignments: { user_id: userId, permission_template_id: templateId },
        },
        signal,
      });
      return { ...assignment, project_id: assignment.project_id ?? projectId };
    },

    async findProject(companyId, projectId, { signal } = {}) {
      const found = await get(z.array(projectSchema), {
        path: '/rest/v1.1/projects',
        companyId,
        query: {
          company_id: companyId,
          'filters[id]': projectId,
          'filters[by_status]': 'All',
          view: 'compact',
        },
        signal,
      });
      return found.find((p) => p.id === projectId) ?? null;
    },

    listHooks: (companyId, { namespace, signal } = {}) =>
      list(
        webhookHookSchema,
        { path: HOOKS_PATH, companyId, query: { company_id: companyId, namespace }, signal },
        byId,
      ),

    createHook: (companyId, hook, { signal } = {}) =>
      get(webhookHookSchema, {
        method: 'POST',
        path: HOOKS_PATH,
        companyId,
        body: {
          company_id: companyId,
          hook: {
            api_version: WEBHOOK_API_VERSION,
            namespace: hook.namespace,
            destination_url: hook.destinationUrl,
            destination_headers: hook.destinationHeaders,
          },
        },
        signal,
      }),

    updateHook: (companyId, hookId, patch, { signal } = {}) =>
      get(webhookHookSchema, {
        method: 'PATCH',
        path: `${HOOKS_PATH}/${seg(hookId)}`,
        companyId,
        body: {
          company_id: companyId,
          hook: {
            destination_url: patch.destinationUrl,
            destination_headers: patch.destinationHeaders,
          },
        },
        signal,
      }),

    async deleteHook(companyId, hookId, { signal } = {}) {
      await http.request({
        method: 'DELETE',
        path: `${HOOKS_PATH}/${seg(hookId)}`,
        companyId,
        query: { company_id: companyId },
        signal,
      });
    },

    listTriggers: (companyId, hookId, { signal } = {}) =>
      list(
        webhookTriggerSchema,
        {
          path: `${HOOKS_PATH}/${seg(hookId)}/triggers`,
          companyId,
          query: { company_id: companyId },
          signal,
        },
        byId,
      ),

    createTrigger: (companyId, hookId, trigger, { signal } = {}) =>
      get(webhookTriggerSchema, {
        method: 'POST',
        path: `${HOOKS_PATH}/${seg(hookId)}/triggers`,
        companyId,
        body: {
          company_id: companyId,
          api_version: WEBHOOK_API_VERSION,
          trigger: { resource_name: trigger.resourceName, event_type: trigger.eventType },
        },
        signal,
      }),

    async deleteTrigger(companyId, hookId, triggerId, { signal } = {}) {
      await http.request({
        method: 'DELETE',
        path: `${HOOKS_PATH}/${seg(hookId)}/triggers/${seg(triggerId)}`,
        companyId,
        query: { company_id: companyId },
        signal,
      });
    },

    listAppInstallations: (companyId, { signal } = {}) =>
      list(
        appInstallationSchema,
        {
          path: '/rest/v1.0/app_installations',
          companyId,
          query: { company_id: companyId },
          signal,
        },
        byId,
      ),

    getAppInstallation: (companyId, installationId, { signal } = {}) =>
      get(appInstallationSchema, {
        path: `/rest/v1.0/app_installations/${seg(installationId)}`,
        companyId,
        query: { company_id: companyId },
        signal,
      }),
  };
  return client;
}
