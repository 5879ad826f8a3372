/**
 * Who may see and change what, as far as the SALUS endpoints go (procore-platform.md §3.2, §5,
 * §9): 404 for what the caller cannot see, 403 for what they may see but not do.
 */
import { forbidden, notFound } from './http-kit.ts';
import { isDecimalId } from './ids.ts';
import type { AccessLevel, FakeProject, Id } from './model.ts';
import type { Actor, ApiContext } from './pipeline.ts';
import type { FakeState } from './state.ts';

const RANK: Record<AccessLevel, number> = { none: 0, read_only: 1, standard: 2, admin: 3 };

export const LEVEL_LABEL: Record<AccessLevel, string> = {
  none: 'None',
  read_only: 'Read Only',
  standard: 'Standard',
  admin: 'Admin',
};

export function atLeast(level: AccessLevel, wanted: AccessLevel): boolean {
  return RANK[level] >= RANK[wanted];
}

export function levelRank(level: AccessLevel): number {
  return RANK[level];
}

/** Company-level Directory access; a full company admin has Admin everywhere. */
export function companyDirectory(actor: Actor): AccessLevel {
  if (actor.kind === 'user' && actor.companyUser.companyAdmin) return 'admin';
  return actor.companyUser.directory;
}

export function requireCompanyDirectory(actor: Actor, wanted: AccessLevel): void {
  if (!atLeast(companyDirectory(actor), wanted)) throw forbidden();
}

/** The Directory Admin rule for permission fields and template writes (§3.2). */
export function requireDirectoryAdmin(actor: Actor): void {
  requireCompanyDirectory(actor, 'admin');
}

/** Full company admins see every project; everyone else (and the DMSA) only their own (§5.1). */
export function canSeeProject(state: FakeState, actor: Actor, project: FakeProject): boolean {
  if (project.companyId !== actor.companyId) return false;
  // A full company admin sees every project, the app's service account included (§5.1).
  if (actor.companyUser.companyAdmin) return true;
  return state.membership(project.id, actor.userId) !== undefined;
}

/** Project-level access to a tool: company admins have Admin, members their template's level. */
export function projectAccess(
  state: FakeState,
  actor: Actor,
  projectId: Id,
  tool: string,
): AccessLevel {
  if (actor.kind === 'user' && actor.companyUser.companyAdmin) return 'admin';
  return state.projectAccess(projectId, actor.userId, tool);
}

/** A project in the header's company that the caller can see, else 404. */
export function visibleProject(
  ctx: ApiContext,
  projectId: string | undefined,
): {
  project: FakeProject;
  actor: Actor;
} {
  if (!isDecimalId(projectId)) throw notFound();
  const project = ctx.state.projects.get(projectId);
  if (!project) throw notFound();
  const actor = ctx.actorFor(project.companyId);
  if (!canSeeProject(ctx.state, actor, project)) throw notFound();
  return { project, actor };
}

/** Adding, removing and re-templating members: company or project Directory Admin. */
export function requireProjectDirectoryAdmin(ctx: ApiContext, actor: Actor, projectId: Id): void {
  if (atLeast(companyDirectory(actor), 'admin')) return;
  if (projectAccess(ctx.state, actor, projectId, 'directory') === 'admin') return;
  throw forbidden();
}

/** A company named in the path or the `company_id` query, checked against the header. */
export function companyActor(ctx: ApiContext, companyId: string | null | undefined): Actor {
  if (!isDecimalId(companyId)) throw notFound();
  return ctx.actorFor(companyId);
}
