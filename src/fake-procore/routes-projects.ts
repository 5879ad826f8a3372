/** Project lists and project users (procore-platform.md §5.1, §5.2). */
import { atLeast, canSeeProject, companyActor, projectAccess, visibleProject } from './access.ts';
import { ApiError, forbidden, json, notFound } from './http-kit.ts';
import { compareIds } from './ids.ts';
import type { FakeCompanyUser, FakeProject } from './model.ts';
import { paginate, type PageLimits } from './pagination.ts';
import type { Actor, ApiContext, ApiRoute } from './pipeline.ts';
import {
  byStatus,
  byText,
  filterValue,
  filterValues,
  matchesSearch,
  statusMatches,
} from './query.ts';
import { projectJsonV10, projectJsonV11, projectUserJson } from './serializers.ts';

/** v1.1 projects: default 100, max 300 per page (§5.1). */
const V11_LIMITS: PageLimits = { defaultPerPage: 100, maxPerPage: 300 };

/** The UNCONFIRMED case where the service account's list is not its membership (knob). */
const listsEveryProject = (ctx: ApiContext, actor: Actor) =>
  actor.kind === 'client' && ctx.knobs.dmsaProjectList === 'all';

function visibleProjects(ctx: ApiContext): { actor: Actor; projects: FakeProject[] } {
  const companyId = ctx.url.searchParams.get('company_id');
  if (companyId === null) throw new ApiError(400, { errors: 'company_id is required' });
  const actor = companyActor(ctx, companyId);
  const status = byStatus(ctx.url);
  const name = filterValue(ctx.url, 'name');
  const number = filterValue(ctx.url, 'project_number');
  const ids = filterValues(ctx.url, 'id');
  const projects = ctx.state
    .projectsOf(actor.companyId)
    .filter(
      (p) =>
        statusMatches(status, p.active) &&
        matchesSearch(name, p.name) &&
        matchesSearch(number, p.projectNumber) &&
        (ids.length === 0 || ids.includes(p.id)) &&
        (canSeeProject(ctx.state, actor, p) || listsEveryProject(ctx, actor)),
    );
  const sort = ctx.url.searchParams.get('sort');
  if (sort === 'name' || sort === 'display_name') projects.sort(byText((p) => p.name));
  return { actor, projects };
}

const listV11: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.1/projects',
  company: 'required',
  handle(ctx) {
    const { actor, projects } = visibleProjects(ctx);
    const view = ctx.url.searchParams.get('view') ?? 'normal';
    if (view === 'ids') {
      // "ids only; per_page forced to 200000" (§5.1). shapes.json has no bare-number variant
      // here (unlike v1.3 users' ids_only), so each item is `{id}` (see NOTES.md).
      const page = paginate(projects, ctx.url, { defaultPerPage: 200_000, maxPerPage: 200_000 });
      return json(
        200,
        page.items.map((p) => ({ id: p.id })),
        page.headers,
      );
    }
    const company = ctx.state.companies.get(actor.companyId)!;
    const page = paginate(projects, ctx.url, V11_LIMITS);
    return json(
      200,
      page.items.map((p) => projectJsonV11(p, company, view)),
      page.headers,
    );
  },
};

const listV10: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/projects',
  company: 'required',
  handle(ctx) {
    const { actor, projects } = visibleProjects(ctx);
    const company = ctx.state.companies.get(actor.companyId)!;
    const compact = ctx.url.searchParams.get('serializer_view') === 'compact';
    const page = paginate(projects, ctx.url);
    const body = page.items.map((p) =>
      compact ? projectJsonV11(p, company, 'compact') : projectJsonV10(p, company),
    );
    return json(200, body, page.headers);
  },
};

/** `view=normal` needs Directory read on the project; `compact` does not (§5.2). */
function projectUserView(ctx: ApiContext, actor: Actor, projectId: string): 'compact' | 'normal' {
  const view = ctx.url.searchParams.get('view') === 'compact' ? 'compact' : 'normal';
  if (
    view === 'normal' &&
    !atLeast(projectAccess(ctx.state, actor, projectId, 'directory'), 'read_only')
  ) {
    throw forbidden();
  }
  return view;
}

function activeMembers(ctx: ApiContext, project: FakeProject): FakeCompanyUser[] {
  const out: FakeCompanyUser[] = [];
  for (const userId of ctx.state.membersOf(project.id).keys()) {
    const cu = ctx.state.companyUser(project.companyId, userId);
    if (cu?.isActive) out.push(cu);
  }
  return out.sort((a, b) => compareIds(a.userId, b.userId));
}

const projectUsers: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/projects/:project_id/users',
  company: 'required',
  handle(ctx) {
    const { project, actor } = visibleProject(ctx, ctx.params.project_id);
    const view = projectUserView(ctx, actor, project.id);
    const search = filterValue(ctx.url, 'search');
    const ids = filterValues(ctx.url, 'id');
    const templateId = filterValue(ctx.url, 'permission_template');
    const employee = filterValue(ctx.url, 'employee');
    const users = activeMembers(ctx, project).filter((cu) => {
      const u = ctx.state.users.get(cu.userId)!;
      return (
        (ids.length === 0 || ids.includes(cu.userId)) &&
        (templateId === null || ctx.state.membership(project.id, cu.userId) === templateId) &&
        (employee === null || String(cu.isEmployee) === employee) &&
        matchesSearch(search, u.firstName, u.lastName, u.email, u.jobTitle)
      );
    });
    if (ctx.url.searchParams.get('sort') === 'name') {
      users.sort(byText((cu) => ctx.state.users.get(cu.userId)!.lastName));
    }
    const page = paginate(users, ctx.url);
    return json(
      200,
      page.items.map((cu) => projectUserJson(ctx.state, project.id, cu, view)),
      page.headers,
    );
  },
};

const projectUser: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/projects/:project_id/users/:id',
  company: 'required',
  handle(ctx) {
    const { project, actor } = visibleProject(ctx, ctx.params.project_id);
    const view = projectUserView(ctx, actor, project.id);
    const cu = activeMembers(ctx, project).find((m) => m.userId === ctx.params.id);
    if (!cu) throw notFound();
    return json(200, projectUserJson(ctx.state, project.id, cu, view));
  },
};

export const projectRoutes: ApiRoute[] = [listV11, listV10, projectUsers, projectUser];
