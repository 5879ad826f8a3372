import type { Id } from '../../src/procore/index.ts';
import { answer, describe, isRecord, ok } from './answer.ts';
import { result, type FactResult, type Identity } from './types.ts';

/**
 * What the service account can read about itself (procore-platform.md §18): its own company
 * record with `add_to_new_projects`, and whether its own project list is exactly the projects it
 * is on (the app counts coverage from that list). Reads only.
 */

const seg = encodeURIComponent;
/** Listed projects whose membership is read to compare (one request each). */
const SAMPLE = 10;

const noApp = (fact: FactResult['fact'], problem: string | null) =>
  result(fact, 'could-not-tell', `no client-credentials token${problem ? `: ${problem}` : ''}`);

/** `GET /rest/v1.0/companies/{id}/me` as the app: its settings, the flag among them? */
export async function companyMeFact(
  app: Identity | null,
  companyId: Id,
  appProblem: string | null = null,
): Promise<FactResult> {
  if (!app) return noApp('company-me-flag', appProblem);
  const me = await answer(app.http, {
    path: `/rest/v1.0/companies/${seg(companyId)}/me`,
    companyId,
  });
  if (me.status === 404)
    return result('company-me-flag', 'differs', `companies/{id}/me ${describe(me)}`, 'not-found');
  if (!ok(me) || !isRecord(me.body)) {
    return result('company-me-flag', 'could-not-tell', `companies/{id}/me ${describe(me)}`);
  }
  const flag = me.body.add_to_new_projects;
  const evidence =
    `companies/{id}/me ${me.status}: id ${String(me.body.id)}, add_to_new_projects ` +
    `${typeof flag === 'boolean' ? `= ${String(flag)}` : 'absent'}, default_permission_template_id ` +
    `${'default_permission_template_id' in me.body ? 'present' : 'absent'}`;
  return typeof flag === 'boolean'
    ? result('company-me-flag', 'confirmed', evidence, 'with-flag')
    : result('company-me-flag', 'differs', evidence, 'without-flag');
}

/**
 * The app's `GET /rest/v1.1/projects` against the account's memberships, read as the admin on a
 * sample of the listed projects: every listed project should have the account as a member.
 */
export async function dmsaProjectListFact(
  app: Identity | null,
  user: Identity,
  companyId: Id,
  accountId: Id | null,
  appProblem: string | null = null,
): Promise<FactResult> {
  if (!app) return noApp('dmsa-project-list', appProblem);
  if (!accountId) return result('dmsa-project-list', 'could-not-tell', 'no service account found');
  const [listed, active] = await Promise.all([
    app.client.listProjects(companyId, { status: 'Active' }),
    user.client.listProjects(companyId, { status: 'Active' }),
  ]);
  const notOn: Id[] = [];
  for (const project of listed.slice(0, SAMPLE)) {
    const members = await answer(user.http, {
      path: `/rest/v1.0/projects/${seg(project.id)}/users`,
      companyId,
      query: { 'filters[id][]': [accountId], per_page: 100 },
    });
    if (!ok(members) || !Array.isArray(members.body)) continue;
    if (!members.body.filter(isRecord).some((u) => String(u.id) === accountId))
      notOn.push(project.id);
  }
  const evidence =
    `the app lists ${listed.length} of ${active.length} active projects; of ${Math.min(SAMPLE, listed.length)} ` +
    `checked, the account is not on ${notOn.length}${notOn.length ? ` (${notOn.join(', ')})` : ''}`;
  if (notOn.length > 0) return result('dmsa-project-list', 'differs', evidence, 'all');
  if (listed.length === 0)
    return result(
      'dmsa-project-list',
      'could-not-tell',
      `${evidence}: add the account to a project first`,
    );
  return result('dmsa-project-list', 'confirmed', evidence, 'membership');
}
