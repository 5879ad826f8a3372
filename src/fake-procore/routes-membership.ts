/**
 * Project membership writes and the BETA one-user views (procore-platform.md §4, §5.3, §5.4):
 * `actions/add`, `actions/remove`, `permission_template_assignments`, `bulk_add`,
 * `project_assignments`.
 */
import {
  canSeeProject,
  companyActor,
  requireCompanyDirectory,
  requireDirectoryAdmin,
  requireProjectDirectoryAdmin,
  visibleProject,
} from './access.ts';
import { isRecord } from './body.ts';
import { ApiError, json, notFound, paramMissing, unprocessable } from './http-kit.ts';
import { isDecimalId } from './ids.ts';
import type { Id } from './model.ts';
import { paginate } from './pagination.ts';
import type { ApiContext, ApiRoute } from './pipeline.ts';
import { byStatus, byText, filterValue, filterValues, statusMatches } from './query.ts';
import { addedUserJson } from './serializers.ts';
import type { Via } from './state.ts';

const add: ApiRoute = {
  method: 'POST',
  path: '/rest/v1.0/projects/:project_id/users/:id/actions/add',
  company: 'required',
  async handle(ctx) {
    const { project, actor } = visibleProject(ctx, ctx.params.project_id);
    const body = await ctx.readBody();
    requireProjectDirectoryAdmin(ctx, actor, project.id);
    const cu = ctx.state.companyUser(project.companyId, ctx.params.id ?? '');
    if (!cu || !cu.isActive) throw notFound();
    // Without a template in the body, the user's default project template applies (§3.2).
    let templateId: Id | null = cu.defaultPermissionTemplateId;
    const requested =
      isRecord(body) && isRecord(body.user) ? body.user.permission_template_id : null;
    if (requested !== null && requested !== undefined) {
      if (!isDecimalId(requested) || !ctx.state.isProjectTemplateFor(requested, project.id)) {
        throw unprocessable({ permission_template_id: ['is invalid'] });
      }
      templateId = requested;
    }
    if (!project.active && ctx.knobs.addToInactiveProject === 'error') {
      throw unprocessable('Project is inactive');
    }
    if (ctx.state.membership(project.id, cu.userId) !== undefined) {
      // UNCONFIRMED (§5.3): 201 with the template left alone, or 422.
      if (ctx.knobs.addExistingMember === 'error')
        throw unprocessable('User is already on this project');
    } else {
      ctx.state.addMember(project.id, cu.userId, templateId, ctx.via);
    }
    return json(201, addedUserJson(ctx.state, project.id, cu));
  },
};

const remove: ApiRoute = {
  method: 'DELETE',
  path: '/rest/v1.0/projects/:project_id/users/:id/actions/remove',
  company: 'required',
  handle(ctx) {
    const { project, actor } = visibleProject(ctx, ctx.params.project_id);
    requireProjectDirectoryAdmin(ctx, actor, project.id);
    const userId = ctx.params.id ?? '';
    if (ctx.state.membership(project.id, userId) === undefined) throw notFound();
    ctx.state.removeMember(project.id, userId, ctx.via);
    return { status: 204 };
  },
};

const assignTemplate: ApiRoute = {
  method: 'PATCH',
  path: '/rest/v1.0/projects/:project_id/permission_template_assignments',
  company: 'required',
  async handle(ctx) {
    const { project, actor } = visibleProject(ctx, ctx.params.project_id);
    const body = await ctx.readBody();
    if (!isRecord(body) || !isRecord(body.permission_template_assignments)) {
      throw paramMissing('permission_template_assignments');
    }
    requireProjectDirectoryAdmin(ctx, actor, project.id);
    const { user_id: userId, permission_template_id: templateId } =
      body.permission_template_assignments;
    const errors: Record<string, string[]> = {};
    if (!isDecimalId(userId) || ctx.state.membership(project.id, userId) === undefined) {
      errors.user_id = ['is not a member of this project'];
    }
    if (!isDecimalId(templateId) || !ctx.state.isProjectTemplateFor(templateId, project.id)) {
      errors.permission_template_id = ['is invalid'];
    }
    if (Object.keys(errors).length > 0) throw unprocessable(errors);
    ctx.state.setMemberTemplate(project.id, userId as Id, templateId as Id, ctx.via);
    return json(200, {
      user_id: userId,
      permission_template_id: templateId,
      project_id: project.id,
    });
  },
};

const BULK_LIMIT = 1000;
const COULD_NOT_ADD = 'Contact could not be added.';

type Outcome = { userId: string; projectId: string; ok: boolean };

/** Applies triplets; existing members keep their template ("will not update", §5.3). */
function applyBulk(ctx: ApiContext, companyId: Id, items: unknown[], via: Via): Outcome[] {
  const { state } = ctx;
  return items.map((item) => {
    const t = isRecord(item) ? item : {};
    const userId = String(t.user_id ?? '');
    const projectId = String(t.project_id ?? '');
    const templateId = t.permission_template_id;
    const cu = state.companyUser(companyId, userId);
    const project = state.projects.get(projectId);
    const ok =
      cu !== undefined &&
      cu.isActive &&
      project !== undefined &&
      project.companyId === companyId &&
      project.active &&
      isDecimalId(templateId) &&
      state.isProjectTemplateFor(templateId, projectId);
    if (ok && state.membership(projectId, userId) === undefined) {
      state.addMember(projectId, userId, templateId, via);
    }
    return { userId, projectId, ok };
  });
}

function groupByUser(outcomes: Outcome[], ok: boolean) {
  const groups = new Map<string, { projectId: string; message: string }[]>();
  for (const o of outcomes.filter((x) => x.ok === ok)) {
    const list = groups.get(o.userId) ?? [];
    list.push({ projectId: o.projectId, message: ok ? 'success' : COULD_NOT_ADD });
    groups.set(o.userId, list);
  }
  return [...groups].map(([userId, list]) =>
    ok ? { userId, projects: list } : { userId, errors: list },
  );
}

/** The 2026 extract types `userId` as a string; `stringifyProcoreJson` writes IDs as numbers. */
function idStyle(ctx: ApiContext) {
  if (ctx.knobs.bulkAddIdStyle === 'number') return undefined;
  return (text: string) => text.replace(/"(userId|projectId)":(\d+)/g, '"$1":"$2"');
}

const bulkAdd: ApiRoute = {
  method: 'POST',
  path: '/rest/:version/companies/:company_id/users/bulk_add',
  versions: ['v1.1', 'v1.2', 'v1.3'],
  company: 'required',
  beta: 'bulkAdd',
  async handle(ctx) {
    const actor = companyActor(ctx, ctx.params.company_id);
    const body = await ctx.readBody();
    if (!isRecord(body) || !Array.isArray(body.users)) throw paramMissing('users');
    requireDirectoryAdmin(actor);
    const items = body.users;
    if (items.length > BULK_LIMIT) {
      if (ctx.knobs.bulkAddOverLimit === 'reject') {
        throw new ApiError(400, {
          errors: `At most ${BULK_LIMIT} users can be added per request.`,
        });
      }
      // "a worker will be triggered to perform the action asynchronously" (shapes.json).
      const via = ctx.via;
      ctx.fake.enqueue(ctx.knobs.bulkAddAsyncDelayMs, () =>
        applyBulk(ctx, actor.companyId, items, via),
      );
      return json(202, { entities: [], errors: [] });
    }
    const outcomes = applyBulk(ctx, actor.companyId, items, ctx.via);
    const errors = groupByUser(outcomes, false);
    const entities = groupByUser(outcomes, true);
    // Only v1.3 documents 207; v1.1/v1.2 answer 200 with the errors included.
    const status = errors.length > 0 && ctx.params.version === 'v1.3' ? 207 : 200;
    return {
      status,
      body: errors.length > 0 ? { entities, errors } : { entities },
      rewrite: idStyle(ctx),
    };
  },
};

const projectAssignments: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/companies/:company_id/users/:user_id/project_assignments',
  company: 'required',
  beta: 'projectAssignments',
  handle(ctx) {
    const actor = companyActor(ctx, ctx.params.company_id);
    requireCompanyDirectory(actor, 'read_only');
    const userId = ctx.params.user_id ?? '';
    if (!ctx.state.companyUser(actor.companyId, userId)) throw notFound();
    const status = byStatus(ctx.url);
    const activeFilter = filterValue(ctx.url, 'active');
    const assignment = filterValue(ctx.url, 'assignment_status') ?? 'all';
    const names = filterValues(ctx.url, 'name');
    const rows = ctx.state
      .projectsOf(actor.companyId)
      .filter((p) => canSeeProject(ctx.state, actor, p))
      .filter((p) => statusMatches(status, p.active))
      .filter((p) => activeFilter === null || String(p.active) === activeFilter)
      .filter((p) => names.length === 0 || names.includes(p.name))
      .map((p) => {
        const templateId = ctx.state.membership(p.id, userId);
        const template = templateId ? ctx.state.templates.get(templateId) : undefined;
        return {
          project_id: p.id,
          name: p.name,
          project_number: p.projectNumber,
          address: p.address,
          stage: p.stage,
          is_assigned: templateId !== undefined,
          active: p.active,
          roles: [],
          permission_template_id: templateId ?? null,
          permission_template_name: template?.name ?? null,
          region: p.region,
          program: p.program,
          project_type: p.projectType,
        };
      })
      .filter((r) => assignment === 'all' || r.is_assigned === (assignment === 'assigned'));
    const sort = ctx.url.searchParams.get('sort') ?? 'name';
    const desc = ctx.url.searchParams.get('direction') === 'desc';
    if (sort === 'assignment_status') rows.sort(byText((r) => String(r.is_assigned), desc));
    else if (sort === 'permission_template_name')
      rows.sort(byText((r) => r.permission_template_name, desc));
    else rows.sort(byText((r) => r.name, desc));
    const page = paginate(rows, ctx.url);
    return json(200, page.items, page.headers);
  },
};

export const membershipRoutes: ApiRoute[] = [
  add,
  remove,
  assignTemplate,
  bulkAdd,
  projectAssignments,
];
