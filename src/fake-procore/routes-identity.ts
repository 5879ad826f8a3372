/** `/me`, `/companies`, `/company_base_url`, `/settings/permissions`, `/app_installations`. */
import {
  LEVEL_LABEL,
  companyActor,
  companyDirectory,
  levelRank,
  projectAccess,
  visibleProject,
} from './access.ts';
import { ApiError, badRequest, json, notFound } from './http-kit.ts';
import type { AccessLevel, Id } from './model.ts';
import { paginate } from './pagination.ts';
import type { Actor, ApiContext, ApiRoute } from './pipeline.ts';
import { companyJson, installationJson } from './serializers.ts';

function userSummary(ctx: ApiContext, userId: Id, withName: boolean) {
  const u = ctx.state.users.get(userId);
  if (!u) throw notFound();
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ');
  return { id: u.id, login: u.email, ...(withName ? { name } : {}) };
}

/** The company an optional `company_id`/`project_id` query names, checked for visibility. */
function scopeFromQuery(ctx: ApiContext): Actor | null {
  const companyId = ctx.url.searchParams.get('company_id');
  if (companyId !== null) return companyActor(ctx, companyId);
  const projectId = ctx.url.searchParams.get('project_id');
  if (projectId !== null) return visibleProject(ctx, projectId).actor;
  return null;
}

const me: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/me',
  company: 'me',
  handle(ctx) {
    const scoped = scopeFromQuery(ctx);
    const withName = scoped !== null;
    if (ctx.token.kind === 'user') return json(200, userSummary(ctx, ctx.token.userId!, withName));
    // DMSA /me: strongly implied but UNCONFIRMED (§3.3), hence the knob.
    if (ctx.knobs.dmsaMe === 'forbidden') throw new ApiError(403, { errors: 'Forbidden' });
    if (ctx.knobs.dmsaMe === 'not-found') throw notFound();
    return json(200, userSummary(ctx, (scoped ?? ctx.actor)!.userId, withName));
  },
};

const companies: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/companies',
  company: 'companies',
  handle(ctx) {
    const { state, token } = ctx;
    const includeFree = ctx.url.searchParams.get('include_free_companies') === 'true';
    const list = [...state.companies.values()]
      .filter((c) => includeFree || !c.isFree)
      .flatMap((c) => {
        if (token.kind === 'client') {
          return state.activeInstallation(c.id, token.clientId) ? [companyJson(c, false)] : [];
        }
        const cu = state.companyUser(c.id, token.userId!);
        return cu?.isActive ? [companyJson(c, cu.isEmployee)] : [];
      });
    const page = paginate(list, ctx.url);
    return json(200, page.items, page.headers);
  },
};

const companyBaseUrl: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/company_base_url',
  company: 'required',
  handle(ctx) {
    const company = ctx.state.companies.get(ctx.actor!.companyId)!;
    return json(200, { zone: company.zone, web_base_url: company.webBaseUrl });
  },
};

const COMPANY_TOOLS = [
  ['admin', 'Admin'],
  ['directory', 'Directory'],
  ['permissions', 'Permissions'],
  ['app_management', 'App Management'],
  ['portfolio', 'Portfolio'],
] as const;

const PROJECT_TOOLS = [
  ['directory', 'Directory'],
  ['daily_log', 'Daily Log'],
  ['observations', 'Observations'],
  ['inspections', 'Inspections'],
  ['incidents', 'Incidents'],
  ['documents', 'Documents'],
] as const;

function toolJson(id: number, name: string, friendly: string, level: AccessLevel, path: string) {
  return {
    id: String(id),
    name,
    friendly_name: friendly,
    domain_id: String(100 + id),
    tab_group: 'core_tools',
    available_for_user: level !== 'none',
    url: `${path}/tools/${name}`,
    user_access_level: { id: String(levelRank(level)), name: LEVEL_LABEL[level] },
    permitted_actions: [],
    create_url: null,
    can_create: level === 'standard' || level === 'admin',
    trial: false,
  };
}

function companyToolLevel(actor: Actor, tool: string): AccessLevel {
  const admin = actor.kind === 'user' && actor.companyUser.companyAdmin;
  if (tool === 'directory') return companyDirectory(actor);
  if (tool === 'permissions') return companyDirectory(actor) === 'admin' ? 'admin' : 'none';
  if (tool === 'portfolio') return admin ? 'admin' : actor.kind === 'user' ? 'read_only' : 'none';
  return admin ? 'admin' : 'none';
}

/** The current user's permission manifest for a company or a project (§2). */
const permissions: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/settings/permissions',
  company: 'required',
  handle(ctx) {
    const companyId = ctx.url.searchParams.get('company_id');
    const projectId = ctx.url.searchParams.get('project_id');
    if (projectId !== null) {
      const { project, actor } = visibleProject(ctx, projectId);
      const tools = PROJECT_TOOLS.map(([name, friendly], i) =>
        toolJson(
          i + 1,
          name,
          friendly,
          projectAccess(ctx.state, actor, project.id, name),
          `/projects/${project.id}`,
        ),
      );
      return json(200, { tools });
    }
    if (companyId === null) throw badRequest('company_id or project_id is required');
    const actor = companyActor(ctx, companyId);
    const tools = COMPANY_TOOLS.map(([name, friendly], i) =>
      toolJson(
        i + 1,
        name,
        friendly,
        companyToolLevel(actor, name),
        `/companies/${actor.companyId}`,
      ),
    );
    return json(200, { tools });
  },
};

function installationScope(ctx: ApiContext): Actor {
  const scoped = scopeFromQuery(ctx);
  if (!scoped) throw badRequest('company_id or project_id is required');
  return scoped;
}

const installations: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/app_installations',
  company: 'required',
  handle(ctx) {
    const actor = installationScope(ctx);
    const list = ctx.state
      .installationsOf(actor.companyId)
      .map((i) => installationJson(ctx.state, i, false));
    const page = paginate(list, ctx.url);
    return json(200, page.items, page.headers);
  },
};

const installation: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/app_installations/:id',
  company: 'required',
  handle(ctx) {
    const actor = scopeFromQuery(ctx) ?? ctx.actor!;
    const found = ctx.state.installations.get(ctx.params.id ?? '');
    if (!found || found.companyId !== actor.companyId) throw notFound();
    return json(200, installationJson(ctx.state, found, true));
  },
};

export const identityRoutes: ApiRoute[] = [
  me,
  companies,
  companyBaseUrl,
  permissions,
  installations,
  installation,
];
