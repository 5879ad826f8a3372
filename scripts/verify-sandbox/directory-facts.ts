import type { Id } from '../../src/procore/index.ts';
import { answer, describe, isRecord, ok } from './answer.ts';
import { result, type FactResult, type Identity } from './types.ts';

/**
 * Directory and identity facts, all read-only: `add_to_new_projects` on reads, the DMSA `/me`,
 * `app_uid` versus the client id, and the template types `filters[type]=project_tools` returns
 * (procore-platform.md §3, §4, §6, §17). One write: the PATCH of `patchRequiresLastNameFact`.
 */

/** GET of one company user (show) and one page of the list: is `add_to_new_projects` there? */
export async function addToNewProjectsOnReadFact(
  user: Identity,
  companyId: Id,
  userId: Id,
): Promise<FactResult> {
  const base = `/rest/v1.3/companies/${encodeURIComponent(companyId)}/users`;
  const show = await answer(user.http, {
    path: `${base}/${encodeURIComponent(userId)}`,
    companyId,
  });
  const list = await answer(user.http, { path: base, companyId, query: { per_page: 5 } });
  if (!ok(show) || !isRecord(show.body)) {
    return result(
      'add-to-new-projects-on-read',
      'could-not-tell',
      `show answered ${describe(show)}`,
    );
  }
  const inShow = 'add_to_new_projects' in show.body;
  const items = ok(list) && Array.isArray(list.body) ? list.body.filter(isRecord) : [];
  const inList = items.some((u) => 'add_to_new_projects' in u);
  const evidence =
    `show ${show.status}: add_to_new_projects ${inShow ? `= ${String(show.body.add_to_new_projects)}` : 'absent'}` +
    `; list ${list.status} (${items.length} users): ${inList ? 'present' : 'absent'}`;
  const seen = inShow || inList;
  return result('add-to-new-projects-on-read', seen ? 'differs' : 'confirmed', evidence, seen);
}

/**
 * `GET /rest/v1.0/me` with the app's client-credentials token and `Procore-Company-Id`
 * (`company_id` too, without which Procore leaves out `name`).
 */
export async function dmsaMeFact(
  app: Identity | null,
  companyId: Id,
  prefix: string,
  appProblem: string | null = null,
): Promise<FactResult> {
  if (!app) {
    const why = `no client-credentials token${appProblem ? `: ${appProblem}` : ''}`;
    return result('dmsa-me', 'could-not-tell', why);
  }
  const me = await answer(app.http, {
    path: '/rest/v1.0/me',
    companyId,
    query: { company_id: companyId },
  });
  if (me.status === 403) {
    return result('dmsa-me', 'differs', `/me ${describe(me)}`, 'forbidden');
  }
  if (!ok(me) || !isRecord(me.body)) {
    return result('dmsa-me', 'differs', `/me ${describe(me)}`, 'not-found');
  }
  const name = typeof me.body.name === 'string' ? me.body.name : null;
  const login = typeof me.body.login === 'string' ? me.body.login : null;
  const matches = [name, login].some((v) => v?.toLowerCase().startsWith(prefix.toLowerCase()));
  const evidence = `/me ${me.status}: id ${String(me.body.id)}, name ${JSON.stringify(name)}, login ${JSON.stringify(login)}`;
  return matches
    ? result('dmsa-me', 'confirmed', evidence, 'service-account')
    : result('dmsa-me', 'differs', `${evidence} (no "${prefix}" prefix)`, 'not-found');
}

export async function appUidFact(user: Identity, companyId: Id, clientId: string) {
  const list = await answer(user.http, {
    path: '/rest/v1.0/app_installations',
    companyId,
    query: { company_id: companyId, per_page: 100 },
  });
  if (!ok(list) || !Array.isArray(list.body)) {
    return result('app-uid', 'could-not-tell', `app_installations ${describe(list)}`);
  }
  const installed = list.body.filter(isRecord).filter((i) => i.status !== 'uninstalled');
  const devUid = (i: Record<string, unknown>) =>
    isRecord(i.developer_app) ? i.developer_app.uid : undefined;
  const byAppUid = installed.find((i) => i.app_uid === clientId);
  const byDevUid = installed.find((i) => devUid(i) === clientId);
  const evidence = `${installed.length} installed; app_uid ${byAppUid ? 'matches' : 'matches none'}, developer_app.uid ${byDevUid ? 'matches' : 'matches none'}`;
  if (byAppUid || byDevUid) {
    const field = byAppUid ? 'app_uid' : 'developer_app.uid';
    return result('app-uid', 'confirmed', evidence, field);
  }
  const named = installed.filter((i) =>
    /\bSALUS\b/i.test(String(isRecord(i.developer_app) ? i.developer_app.name : '')),
  );
  if (named.length === 0) {
    return result('app-uid', 'could-not-tell', `${evidence}; no SALUS app installed`);
  }
  // Never print the whole uid: it may be the client id of another app.
  const shapes = named.map(
    (i) => `app_uid ${String(i.app_uid).slice(0, 6)}… (${String(i.app_uid).length} chars)`,
  );
  return result(
    'app-uid',
    'differs',
    `${evidence}; SALUS by name: ${shapes.join(', ')}`,
    'no-match',
  );
}

export async function projectToolsTypesFact(user: Identity, companyId: Id) {
  const list = await answer(user.http, {
    path: `/rest/v1.0/companies/${encodeURIComponent(companyId)}/permission_templates`,
    companyId,
    query: { 'filters[type]': 'project_tools', per_page: 1000 },
  });
  if (!ok(list) || !Array.isArray(list.body)) {
    return result(
      'project-tools-types',
      'could-not-tell',
      `permission_templates ${describe(list)}`,
    );
  }
  const types = [
    ...new Set(list.body.filter(isRecord).map((t) => String(t.type ?? '(none)'))),
  ].sort();
  const evidence = `${list.body.length} templates, type values: ${types.join(', ') || '(none)'}`;
  if (types.length === 0) return result('project-tools-types', 'could-not-tell', evidence, types);
  const expected = new Set(['global', 'project_specific']);
  const fits = types.every((t) => expected.has(t));
  return result('project-tools-types', fits ? 'confirmed' : 'differs', evidence, types);
}

/**
 * Does the company-user PATCH enforce the schema's "required" `last_name`? One PATCH of the
 * sandbox user without it, setting a field to the value it already has (`job_title`, else
 * `first_name`). Undo: if the field reads differently afterwards, a second PATCH sets it back.
 */
export async function patchRequiresLastNameFact(
  user: Identity,
  companyId: Id,
  userId: Id | null,
): Promise<FactResult> {
  const fact = 'patch-requires-last-name';
  if (!userId)
    return result(fact, 'could-not-tell', 'no sandbox user to act on (set VERIFY_USER_ID)');
  const path = `/rest/v1.3/companies/${encodeURIComponent(companyId)}/users/${encodeURIComponent(userId)}`;
  const read = await answer(user.http, { path, companyId });
  if (!ok(read) || !isRecord(read.body)) {
    return result(fact, 'could-not-tell', `show answered ${describe(read)}`);
  }
  const before = read.body;
  const field = (['job_title', 'first_name'] as const).find((f) => typeof before[f] === 'string');
  if (!field)
    return result(fact, 'could-not-tell', `user ${userId} has no job_title or first_name`);
  const value = before[field] as string;
  // Write under test: the same value, without last_name.
  const a = await answer(user.http, {
    method: 'PATCH',
    path,
    companyId,
    body: { user: { [field]: value } },
  });
  const after = await answer(user.http, { path, companyId });
  let undo = '';
  if (ok(after) && isRecord(after.body) && after.body[field] !== value) {
    // Undo: put the field back (with last_name, which satisfies either answer).
    const back = await answer(user.http, {
      method: 'PATCH',
      path,
      companyId,
      body: { user: { [field]: value, last_name: before.last_name ?? '' } },
    });
    undo = `; ${field} changed, set back → ${back.status}`;
  }
  const evidence = `PATCH user ${userId} with only ${field} (unchanged) → ${describe(a)}${undo}`;
  if (ok(a)) return result(fact, 'confirmed', evidence, false);
  if ((a.status === 422 || a.status === 400) && /last.?name/i.test(a.message ?? '')) {
    return result(fact, 'differs', evidence, true);
  }
  return result(fact, 'could-not-tell', evidence);
}
