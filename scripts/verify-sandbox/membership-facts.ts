import type { Id, Project } from '../../src/procore/index.ts';
import { answer, describe, isRecord, ok } from './answer.ts';
import { result, type FactResult, type Identity } from './types.ts';

/**
 * Membership facts (procore-platform.md §5.3, §5.4, §17): whether the BETA `project_assignments`
 * and `bulk_add` are offered, and what `actions/add` answers for an existing member and on an
 * inactive project.
 *
 * Writes, each undone before the check returns:
 * - `bulk_add` with `users: []`: adds nobody, so there is nothing to undo;
 * - `actions/add` for a member already on the project, with the template they already have: if
 *   Procore changes the template anyway, `permission_template_assignments` sets it back;
 * - when the subject is on no active project, one `actions/add` to make them a member, undone
 *   with `actions/remove`;
 * - `actions/add` on an inactive project the subject is not on: if Procore accepts it,
 *   `actions/remove` takes it away again.
 * The subject is a sandbox directory user, never the signed-in admin or the service account.
 */

/** How many projects to look through for one that fits (one request each). */
const SCAN_LIMIT = 25;
const seg = encodeURIComponent;

/** One page (1 item) of the BETA read; 404 means not offered. */
export async function projectAssignmentsFact(user: Identity, companyId: Id, userId: Id) {
  const a = await answer(user.http, {
    path: `/rest/v1.0/companies/${seg(companyId)}/users/${seg(userId)}/project_assignments`,
    companyId,
    query: { 'filters[by_status]': 'Active', per_page: 1 },
  });
  const evidence = `GET project_assignments ${describe(a)}`;
  if (ok(a)) return result('project-assignments', 'confirmed', evidence, true);
  if (a.status === 404) return result('project-assignments', 'differs', evidence, false);
  return result('project-assignments', 'could-not-tell', evidence);
}

/** `users: []` adds nobody; any answer but 404 (or 401) shows the route is there. */
export async function bulkAddFact(user: Identity, companyId: Id) {
  const a = await answer(user.http, {
    method: 'POST',
    path: `/rest/v1.3/companies/${seg(companyId)}/users/bulk_add`,
    companyId,
    body: { users: [] },
  });
  const evidence = `POST bulk_add with users: [] → ${describe(a)}`;
  if (a.status === 404) return result('bulk-add', 'differs', evidence, false);
  if (a.status === 401 || a.status === null || a.status >= 500) {
    return result('bulk-add', 'could-not-tell', evidence);
  }
  return result('bulk-add', 'confirmed', evidence, true);
}

/**
 * The sandbox user the membership checks act on: `VERIFY_USER_ID` when given, else an active
 * directory user who is neither the signed-in user nor a service account, preferring the
 * Developer Sandbox's seed users ("Test Subcontractor", "Test Architect").
 */
export async function pickSubject(
  user: Identity,
  companyId: Id,
  exclude: { signedInUserId: Id; prefix: string },
): Promise<Id | null> {
  const users = await user.client.listCompanyUsers(companyId);
  const prefix = exclude.prefix.toLowerCase();
  const candidates = users.filter(
    (u) =>
      u.is_active &&
      u.id !== exclude.signedInUserId &&
      !u.name.toLowerCase().startsWith(prefix) &&
      !(u.email_address ?? '').toLowerCase().startsWith(prefix),
  );
  const seed = candidates.find((u) => /^test (subcontractor|architect)$/i.test(u.name.trim()));
  return (seed ?? candidates[0])?.id ?? null;
}

/** The subject's project template on the project, `undefined` when not a member. */
async function membership(user: Identity, companyId: Id, projectId: Id, userId: Id) {
  const a = await answer(user.http, {
    path: `/rest/v1.0/projects/${seg(projectId)}/users`,
    companyId,
    query: { 'filters[id][]': [userId], per_page: 100 },
  });
  if (!ok(a) || !Array.isArray(a.body)) return { readable: false, templateId: undefined };
  const row = a.body.filter(isRecord).find((u) => String(u.id) === userId);
  if (!row) return { readable: true, templateId: undefined };
  const t = row.permission_template;
  return {
    readable: true,
    templateId: isRecord(t) && t.id !== undefined && t.id !== null ? String(t.id) : null,
  };
}

const add = (user: Identity, companyId: Id, projectId: Id, userId: Id, templateId?: Id | null) =>
  answer(user.http, {
    method: 'POST',
    path: `/rest/v1.0/projects/${seg(projectId)}/users/${seg(userId)}/actions/add`,
    companyId,
    body: templateId ? { user: { permission_template_id: templateId } } : undefined,
  });

const remove = (user: Identity, companyId: Id, projectId: Id, userId: Id) =>
  answer(user.http, {
    method: 'DELETE',
    path: `/rest/v1.0/projects/${seg(projectId)}/users/${seg(userId)}/actions/remove`,
    companyId,
  });

export async function addExistingMemberFact(
  user: Identity,
  companyId: Id,
  userId: Id | null,
): Promise<FactResult> {
  const cannot = (why: string) => result('add-existing-member', 'could-not-tell', why);
  if (!userId) return cannot('no sandbox user to act on (set VERIFY_USER_ID)');
  const projects: Project[] = await user.client.listProjects(companyId, { status: 'Active' });
  let project: Project | undefined;
  let before: Id | null | undefined;
  for (const p of projects.slice(0, SCAN_LIMIT)) {
    const m = await membership(user, companyId, p.id, userId);
    if (m.templateId !== undefined) {
      project = p;
      before = m.templateId;
      break;
    }
  }
  let addedForTest = false;
  const notes: string[] = [];
  if (!project) {
    project = projects[0];
    if (!project) return cannot('no active project');
    // Write: make the subject a member so there is an existing membership to test.
    const setup = await add(user, companyId, project.id, userId);
    if (!ok(setup)) return cannot(`could not make user ${userId} a member: ${describe(setup)}`);
    addedForTest = true;
    before = (await membership(user, companyId, project.id, userId)).templateId ?? null;
    notes.push('added the user first');
  }
  try {
    // Write under test: the same template the member already has, so nothing should change.
    const a = await add(user, companyId, project.id, userId, before);
    const after = (await membership(user, companyId, project.id, userId)).templateId;
    let templateNote = after === before ? 'template unchanged' : `template ${before} → ${after}`;
    if (after !== before && before && after !== undefined) {
      // Undo: put the member's template back.
      const back = await answer(user.http, {
        method: 'PATCH',
        path: `/rest/v1.0/projects/${seg(project.id)}/permission_template_assignments`,
        companyId,
        body: {
          permission_template_assignments: { user_id: userId, permission_template_id: before },
        },
      });
      templateNote += `, set back (${back.status})`;
    }
    const already = /already/i.test(a.message ?? '');
    const evidence = [
      `project ${project.id}, user ${userId}`,
      ...notes,
      `actions/add → ${describe(a)}`,
      templateNote,
      ...(!ok(a) && !already ? ['no "already" in the message: the run would count it failed'] : []),
    ].join('; ');
    if (ok(a)) return result('add-existing-member', 'confirmed', evidence, 'ok');
    if (
      a.status !== null &&
      a.status >= 400 &&
      a.status < 500 &&
      a.status !== 401 &&
      a.status !== 403
    ) {
      return result('add-existing-member', 'differs', evidence, 'error');
    }
    return cannot(evidence);
  } finally {
    // Undo: take away the membership this check created.
    if (addedForTest) await remove(user, companyId, project.id, userId);
  }
}

export async function addToInactiveProjectFact(
  user: Identity,
  companyId: Id,
  userId: Id | null,
): Promise<FactResult> {
  const cannot = (why: string) => result('add-to-inactive-project', 'could-not-tell', why);
  if (!userId) return cannot('no sandbox user to act on (set VERIFY_USER_ID)');
  const inactive = await user.client.listProjects(companyId, { status: 'Inactive' });
  if (inactive.length === 0) {
    return cannot('no inactive project in the sandbox (deactivate one, then run again)');
  }
  let project: Project | undefined;
  for (const p of inactive.slice(0, SCAN_LIMIT)) {
    const m = await membership(user, companyId, p.id, userId);
    if (m.readable && m.templateId === undefined) {
      project = p;
      break;
    }
  }
  if (!project) return cannot(`user ${userId} is already on every inactive project checked`);
  // Write under test; whatever Procore answered, a membership found afterwards is removed.
  const a = await add(user, companyId, project.id, userId);
  const landed = (await membership(user, companyId, project.id, userId)).templateId !== undefined;
  // Undo: the add landed, so take it away again.
  const undo = landed
    ? `, removed again → ${describe(await remove(user, companyId, project.id, userId))}`
    : '';
  const evidence = `inactive project ${project.id}, user ${userId}; actions/add → ${describe(a)}${undo}`;
  if (ok(a)) return result('add-to-inactive-project', 'differs', evidence, 'ok');
  if (a.status === 422 || a.status === 400 || a.status === 409) {
    return result('add-to-inactive-project', 'confirmed', evidence, 'error');
  }
  return cannot(evidence);
}
