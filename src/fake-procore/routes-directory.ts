/** Company directory users: list, show, PATCH, inactive list (procore-platform.md §3). */
import { companyActor, requireCompanyDirectory, requireDirectoryAdmin } from './access.ts';
import { isRecord } from './body.ts';
import { idList, json, notFound, paramMissing, unprocessable } from './http-kit.ts';
import { compareIds, isDecimalId } from './ids.ts';
import type { FakeCompanyUser } from './model.ts';
import { paginate } from './pagination.ts';
import type { ApiContext, ApiRoute } from './pipeline.ts';
import { byText, filterValue, filterValues, matchesSearch } from './query.ts';
import { companyUserJson } from './serializers.ts';
import type { CompanyUserChanges, FakeState } from './state.ts';

export const USER_VERSIONS = ['v1.0', 'v1.1', 'v1.2', 'v1.3'] as const;

function fullName(state: FakeState, cu: FakeCompanyUser): string {
  const u = state.users.get(cu.userId)!;
  return [u.firstName, u.lastName].filter(Boolean).join(' ');
}

/** `filters[search]` covers first/last name, email, job title and company (vendor) name. */
function searchUsers(ctx: ApiContext, users: FakeCompanyUser[]): FakeCompanyUser[] {
  const needle = filterValue(ctx.url, 'search');
  const vendorIds = filterValues(ctx.url, 'vendor_id');
  const out = users.filter((cu) => {
    const u = ctx.state.users.get(cu.userId)!;
    if (vendorIds.length > 0 && !vendorIds.includes(cu.vendor?.id ?? '')) return false;
    return matchesSearch(
      needle,
      u.firstName,
      u.lastName,
      fullName(ctx.state, cu),
      u.email,
      u.jobTitle,
      cu.vendor?.name,
    );
  });
  const sort = ctx.url.searchParams.get('sort');
  const desc = sort?.startsWith('-') ?? false;
  const key = sort?.replace(/^-/, '');
  if (key === 'name' || key === 'full_name')
    out.sort(byText((cu) => fullName(ctx.state, cu), desc));
  else if (key === 'email') out.sort(byText((cu) => ctx.state.users.get(cu.userId)!.email, desc));
  else if (key === 'job_title')
    out.sort(byText((cu) => ctx.state.users.get(cu.userId)!.jobTitle, desc));
  else out.sort((a, b) => compareIds(a.userId, b.userId));
  return out;
}

function listUsers(ctx: ApiContext, active: boolean) {
  const actor = companyActor(ctx, ctx.params.company_id);
  requireCompanyDirectory(actor, 'read_only');
  const users = searchUsers(
    ctx,
    ctx.state.companyUsers(actor.companyId).filter((cu) => cu.isActive === active),
  );
  // `view` exists on v1.3 only (shapes.json).
  const view = ctx.params.version === 'v1.3' ? ctx.url.searchParams.get('view') : null;
  const page = paginate(users, ctx.url);
  if (view === 'ids_only')
    return json(200, idList(page.items.map((cu) => cu.userId)), page.headers);
  const body = page.items.map((cu) =>
    companyUserJson(ctx.state, cu, {
      view: 'list',
      extended: view === 'extended',
      addToNewProjects: ctx.knobs.addToNewProjectsOnRead,
    }),
  );
  return json(200, body, page.headers);
}

const list: ApiRoute = {
  method: 'GET',
  path: '/rest/:version/companies/:company_id/users',
  versions: USER_VERSIONS,
  company: 'required',
  handle: (ctx) => listUsers(ctx, true),
};

const inactive: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/companies/:company_id/users/inactive',
  company: 'required',
  handle: (ctx) => listUsers(ctx, false),
};

function targetUser(ctx: ApiContext, companyId: string): FakeCompanyUser {
  const cu = ctx.state.companyUser(companyId, ctx.params.id ?? '');
  if (!cu) throw notFound();
  return cu;
}

const show: ApiRoute = {
  method: 'GET',
  path: '/rest/:version/companies/:company_id/users/:id',
  versions: USER_VERSIONS,
  company: 'required',
  handle(ctx) {
    const actor = companyActor(ctx, ctx.params.company_id);
    requireCompanyDirectory(actor, 'read_only');
    const cu = targetUser(ctx, actor.companyId);
    return json(
      200,
      companyUserJson(ctx.state, cu, {
        view: 'show',
        extended: ctx.params.version === 'v1.3',
        addToNewProjects: ctx.knobs.addToNewProjectsOnRead,
      }),
    );
  },
};

/**
 * `GET /rest/v1.x/companies/{id}/me`: the caller's own company-user record (OAS extract, §18).
 * With the app's token, the service account's; whether `add_to_new_projects` is in it for a DMSA
 * token is UNCONFIRMED (knob `companyMe`).
 */
const companyMe: ApiRoute = {
  method: 'GET',
  path: '/rest/:version/companies/:company_id/me',
  versions: USER_VERSIONS,
  company: 'required',
  handle(ctx) {
    if (ctx.knobs.companyMe === 'not-found') throw notFound();
    const actor = companyActor(ctx, ctx.params.company_id);
    return json(
      200,
      companyUserJson(ctx.state, actor.companyUser, {
        view: 'show',
        extended: false,
        addToNewProjects: ctx.knobs.companyMe === 'with-flag',
      }),
    );
  },
};

/** Fields that need Directory Admin (§3.2). */
const ADMIN_FIELDS = [
  'company_permission_template_id',
  'default_permission_template_id',
  'add_to_new_projects',
  'email_address',
];

function parseBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return null;
}

/** Reads a template id field: null clears it; anything else must name a fitting template. */
function templateField(
  ctx: ApiContext,
  companyId: string,
  value: unknown,
  type: 'company_tools' | 'global',
): string | null | undefined {
  if (value === null || value === '') return null;
  if (!isDecimalId(value)) return undefined;
  const t = ctx.state.templates.get(value);
  return t && t.companyId === companyId && t.type === type ? t.id : undefined;
}

const patch: ApiRoute = {
  method: 'PATCH',
  path: '/rest/:version/companies/:company_id/users/:id',
  versions: USER_VERSIONS,
  company: 'required',
  async handle(ctx) {
    const actor = companyActor(ctx, ctx.params.company_id);
    const body = await ctx.readBody();
    if (!isRecord(body) || !isRecord(body.user)) throw paramMissing('user');
    const input = body.user;
    if (ADMIN_FIELDS.some((f) => f in input)) requireDirectoryAdmin(actor);
    else requireCompanyDirectory(actor, 'standard');
    const cu = targetUser(ctx, actor.companyId);
    if (!cu.isActive) throw notFound();

    const errors: Record<string, string[]> = {};
    const changes: CompanyUserChanges = {};
    if (ctx.knobs.patchRequiresLastName && !('last_name' in input)) {
      errors.last_name = ["can't be blank"];
    }
    if ('company_permission_template_id' in input) {
      const id = templateField(
        ctx,
        actor.companyId,
        input.company_permission_template_id,
        'company_tools',
      );
      if (id === undefined) errors.company_permission_template_id = ['is invalid'];
      else changes.companyPermissionTemplateId = id;
    }
    if ('default_permission_template_id' in input) {
      const id = templateField(
        ctx,
        actor.companyId,
        input.default_permission_template_id,
        'global',
      );
      if (id === undefined) errors.default_permission_template_id = ['is invalid'];
      else changes.defaultPermissionTemplateId = id;
    }
    if ('add_to_new_projects' in input) {
      const flag = parseBoolean(input.add_to_new_projects);
      if (flag === null) errors.add_to_new_projects = ['is not included in the list'];
      else changes.addToNewProjects = flag;
    }
    for (const [field, key] of [
      ['first_name', 'firstName'],
      ['last_name', 'lastName'],
      ['job_title', 'jobTitle'],
    ] as const) {
      const value = input[field];
      if (typeof value === 'string') changes[key] = value;
    }
    if (Object.keys(errors).length > 0) throw unprocessable(errors);
    ctx.state.patchCompanyUser(actor.companyId, cu.userId, changes, ctx.via);
    return json(200, companyUserJson(ctx.state, cu, { view: 'write', addToNewProjects: true }));
  },
};

/** `inactive` before `:id`, so the literal segment wins. */
export const directoryRoutes: ApiRoute[] = [inactive, companyMe, list, show, patch];
