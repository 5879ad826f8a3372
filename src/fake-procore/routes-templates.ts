/** Permission templates at company and project level (procore-platform.md §4). */
import { companyActor, requireDirectoryAdmin, visibleProject } from './access.ts';
import { isRecord } from './body.ts';
import { json, notFound, paramMissing, unprocessable } from './http-kit.ts';
import { compareIds, isDecimalId } from './ids.ts';
import type { AccessLevel, FakeTemplate, TemplateType } from './model.ts';
import { paginate } from './pagination.ts';
import type { ApiRoute } from './pipeline.ts';
import { filterValue } from './query.ts';
import { templateJson } from './serializers.ts';

const byId = (a: FakeTemplate, b: FakeTemplate) => compareIds(a.id, b.id);

/** `filters[type]`: `project_tools` (the default) is taken to mean global + project_specific (UNCONFIRMED, §4). */
function typeFilter(raw: string | null): (t: FakeTemplate) => boolean {
  switch (raw) {
    case 'company_tools':
      return (t) => t.type === 'company_tools';
    case 'global':
      return (t) => t.type === 'global';
    case 'project_specific':
      return (t) => t.type === 'project_specific';
    default:
      return (t) => t.type !== 'company_tools';
  }
}

const list: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/companies/:company_id/permission_templates',
  company: 'required',
  handle(ctx) {
    const actor = companyActor(ctx, ctx.params.company_id);
    const detail = ctx.url.searchParams.get('view') === 'with_permissions';
    const templates = ctx.state
      .templatesOf(actor.companyId)
      .filter(typeFilter(filterValue(ctx.url, 'type')))
      .sort(byId);
    const page = paginate(templates, ctx.url);
    return json(
      200,
      page.items.map((t) => templateJson(t, detail)),
      page.headers,
    );
  },
};

const show: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/companies/:company_id/permission_templates/:id',
  company: 'required',
  handle(ctx) {
    const actor = companyActor(ctx, ctx.params.company_id);
    const t = ctx.state.templates.get(ctx.params.id ?? '');
    if (!t || t.companyId !== actor.companyId) throw notFound();
    return json(200, templateJson(t, true));
  },
};

const LEVELS: Record<string, AccessLevel> = {
  none: 'none',
  read_only: 'read_only',
  readonly: 'read_only',
  standard: 'standard',
  admin: 'admin',
};

const TYPES: TemplateType[] = ['company_tools', 'global', 'project_specific'];

const create: ApiRoute = {
  method: 'POST',
  path: '/rest/v1.0/companies/:company_id/permission_templates',
  company: 'required',
  async handle(ctx) {
    const actor = companyActor(ctx, ctx.params.company_id);
    const body = await ctx.readBody();
    if (!isRecord(body) || !isRecord(body.permission_template)) {
      throw paramMissing('permission_template');
    }
    requireDirectoryAdmin(actor);
    const input = body.permission_template;
    const errors: Record<string, string[]> = {};
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    const type = (input.type ?? 'global') as TemplateType;
    if (!name) errors.name = ["can't be blank"];
    if (!TYPES.includes(type)) errors.type = ['is not included in the list'];
    const existing = ctx.state.templatesOf(actor.companyId);
    if (
      name &&
      existing.some(
        (t) => t.name === name && (t.type === 'company_tools') === (type === 'company_tools'),
      )
    ) {
      errors.name = ['has already been taken'];
    }
    let projectId: string | null = null;
    if (type === 'project_specific') {
      const p = isDecimalId(input.project_id)
        ? ctx.state.projects.get(input.project_id)
        : undefined;
      if (!p || p.companyId !== actor.companyId) errors.project_id = ['is invalid'];
      else projectId = p.id;
    }
    const levels: Record<string, AccessLevel> = {};
    const rawLevels = input.user_access_levels ?? {};
    if (!isRecord(rawLevels)) errors.user_access_levels = ['is invalid'];
    else {
      for (const [tool, level] of Object.entries(rawLevels)) {
        const known = typeof level === 'string' ? LEVELS[level] : undefined;
        if (known) levels[tool] = known;
        else errors.user_access_levels = [`${tool} has an invalid level`];
      }
    }
    const category = input.category === 'external' ? 'external' : 'internal';
    if (Object.keys(errors).length > 0) throw unprocessable(errors);
    const created = ctx.state.createTemplate(
      { companyId: actor.companyId, name, type, category, projectId, userAccessLevels: levels },
      ctx.via,
    );
    return json(201, templateJson(created, true));
  },
};

const projectList: ApiRoute = {
  method: 'GET',
  path: '/rest/v1.0/projects/:project_id/permission_templates',
  company: 'required',
  handle(ctx) {
    const { project } = visibleProject(ctx, ctx.params.project_id);
    const templates = ctx.state
      .templatesOf(project.companyId)
      .filter((t) => ctx.state.isProjectTemplateFor(t.id, project.id))
      .sort(byId);
    return json(
      200,
      templates.map((t) => templateJson(t, false)),
    );
  },
};

export const templateRoutes: ApiRoute[] = [list, show, create, projectList];
