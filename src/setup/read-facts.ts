import { DEFAULT_HOURLY_LIMIT } from '../procore/budget.ts';
import { FAN_OUT_CONCURRENCY } from '../procore/pacer.ts';
import type { ProcoreClient } from '../procore/client.ts';
import { isAppNotConnected, isProcoreApiError } from '../procore/errors.ts';
import type {
  CompanyBaseUrl,
  CompanyUser,
  Id,
  PermissionTemplateDetail,
  Project,
} from '../procore/types.ts';
import type { SetupContext } from './context.ts';
import {
  accountPattern,
  requiredTemplates,
  templateOf,
  type AccountLookup,
  type Attempt,
  type CompanyFacts,
  type ConnectionResult,
  type ProjectAccess,
} from './facts.ts';
import type { KnownTemplate } from './memory.ts';
import { normalizeAccessLevel } from './salus-requirements.ts';

/**
 * Everything the checks depend on, read live from Procore in as few round trips as the endpoints
 * allow: independent reads run together, and the per-project fallback is used only when
 * Procore does not offer `project_assignments` (procore-platform.md §5.4, §16).
 */

/**
 * A read whose failure becomes "can't check" for its step. Only Procore's answers do: a
 * sign-in Procore no longer accepts (401 as the user) or a failure of our own propagates, so the
 * viewer is asked to sign in again instead of seeing every step fail.
 */
async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (!isProcoreApiError(error) || error.kind === 'unauthorized') throw error;
    return { ok: false, error };
  }
}

/** The same for reads as the app itself, whose 401 is not the viewer's sign-in. */
async function attemptAsApp<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (!isProcoreApiError(error)) throw error;
    return { ok: false, error };
  }
}

async function findAccount(ctx: SetupContext): Promise<AccountLookup> {
  const { companyId, signal } = ctx;
  if (ctx.chosenAccountId) {
    const chosen = await attempt(() =>
      ctx.user.getCompanyUser(companyId, ctx.chosenAccountId!, { signal }),
    );
    if (chosen.ok) return { kind: 'found', user: chosen.value, method: 'directory-search' };
  }
  let own: CompanyUser | null = null;
  let serviceAccountId: Id | null = null;
  try {
    // The app's own token acts as its service account: its company record names it and carries
    // its settings (companies/{id}/me, §18); plain /me names it where that is not offered (§3.3).
    own = await ctx.app.companyMe(companyId, { signal });
    serviceAccountId = own.id;
  } catch (error) {
    if (isAppNotConnected(error)) return { kind: 'not-connected', error };
    try {
      serviceAccountId = (await ctx.app.meAsServiceAccount(companyId, { signal })).id;
    } catch (again) {
      if (isAppNotConnected(again)) return { kind: 'not-connected', error: again };
      // Any other failure (e.g. /me unsupported for DMSA tokens, UNCONFIRMED): search instead.
    }
  }
  if (serviceAccountId !== null) {
    const id = serviceAccountId;
    const user = await attempt(() => ctx.user.getCompanyUser(companyId, id, { signal }));
    if (!user.ok) return { kind: 'error', error: user.error };
    // Directory reads may omit the flag (UNCONFIRMED, §3.1): the account's own record has it.
    const flag = user.value.add_to_new_projects ?? own?.add_to_new_projects;
    return {
      kind: 'found',
      user: flag === undefined ? user.value : { ...user.value, add_to_new_projects: flag },
      method: 'client-credentials',
    };
  }
  // Fallback: the directory, by the name Procore gives DMSA users. Never guess between several.
  const pattern = accountPattern(ctx.names.accountPrefix);
  const search = await attempt(() =>
    ctx.user.listCompanyUsers(companyId, { search: ctx.names.accountPrefix, signal }),
  );
  if (!search.ok) return { kind: 'error', error: search.error };
  const candidates = search.value.filter(
    (u) => u.is_active && (pattern.test(u.name) || pattern.test(u.email_address ?? '')),
  );
  if (candidates.length === 0) return { kind: 'none' };
  if (candidates.length > 1) return { kind: 'several', candidates };
  return { kind: 'found', user: candidates[0]!, method: 'directory-search' };
}

const toRef = (p: { id?: Id; project_id?: Id; name: string; project_number?: string | null }) => ({
  id: (p.project_id ?? p.id)!,
  name: p.name,
  projectNumber: p.project_number ?? null,
});

/**
 * Project membership from list endpoints, not one read per project (procore-platform.md §18):
 * `project_assignments` [BETA] where Procore offers it (membership and templates in one list);
 * otherwise every active project (the viewer's list) minus the service account's own list (the
 * app's token), ⌈N/300⌉ requests each. Only memberships whose template we do not know yet cost a
 * read each, within the app token's read budget.
 */
async function readProjectAccess(
  ctx: SetupContext,
  accountId: Id,
  accountIsCompanyAdmin: boolean,
): Promise<ProjectAccess> {
  const { companyId, signal } = ctx;
  const memory = ctx.memory;
  const now = new Date(ctx.now?.() ?? Date.now());
  if (!(await memory?.betaAbsent('project-assignments'))) {
    const assignments = await ctx.user.listProjectAssignments(companyId, accountId, {
      assignmentStatus: 'all',
      byStatus: 'All',
      signal,
    });
    if (assignments) {
      const active = assignments.filter((a) => a.active);
      const members = active.filter((a) => a.is_assigned);
      await memory?.recordTemplates(
        accountId,
        members.map((a) => ({
          projectId: a.project_id,
          templateId: a.permission_template_id ?? null,
          verifiedAt: now,
          source: 'assignments' as const,
        })),
      );
      return {
        source: 'project-assignments',
        fallback: null,
        active: active.map(toRef),
        inactive: assignments.filter((a) => !a.active).map(toRef),
        memberTemplates: new Map(
          members.map((a) => [a.project_id, a.permission_template_id ?? null]),
        ),
        unverified: new Set(),
        verification: {
          verified: members.length,
          oldestAt: members.length ? now.toISOString() : null,
          readNow: 0,
        },
      };
    }
    // The account exists (the directory showed it), so a 404 means "not offered here".
    await memory?.rememberBetaAbsent('project-assignments');
  }
  const [active, inactive, listed] = await Promise.all([
    ctx.user.listProjects(companyId, { status: 'Active', signal }),
    ctx.user.listProjects(companyId, { status: 'Inactive', signal }),
    // A full company admin's list is every project (§5.1): it says nothing about membership.
    accountIsCompanyAdmin
      ? Promise.resolve(null)
      : ctx.app.listProjects(companyId, { status: 'Active', signal }),
  ]);
  const activeIds = new Set(active.map((p) => p.id));
  if (listed === null) {
    return perProjectAccess(ctx, accountId, active, inactive, 'account-is-company-admin', true);
  }
  const members = listed.filter((p) => activeIds.has(p.id)).map((p) => p.id);
  const known = (await memory?.knownTemplates(accountId)) ?? new Map<Id, KnownTemplate>();
  const memberSet = new Set(members);
  // Only active memberships are listed: an inactive project's template is kept for when it
  // comes back; a project the account has left is forgotten.
  const inactiveIds = new Set(inactive.map((p) => p.id));
  const left = [...known.keys()].filter((id) => !memberSet.has(id) && !inactiveIds.has(id));
  await memory?.forgetTemplates(accountId, left);
  // Unknown templates first, then the oldest verified, within the app token's read budget.
  const budget = await templateReadBudget(ctx, accountId, now);
  const unknown = members.filter((id) => !known.has(id));
  const staleBefore = now.getTime() - TEMPLATE_FRESH_MS;
  const stale = members
    .filter((id) => known.has(id) && known.get(id)!.verifiedAt.getTime() < staleBefore)
    .sort((a, b) => known.get(a)!.verifiedAt.getTime() - known.get(b)!.verifiedAt.getTime());
  const toRead = [...unknown, ...stale].slice(0, budget);
  const read = await readTemplates(ctx, accountId, toRead);
  if (read.notMember > 0) {
    // Its list holds projects it is not on (UNCONFIRMED that this never happens, §18).
    return perProjectAccess(ctx, accountId, active, inactive, 'list-holds-other-projects', false);
  }
  await memory?.recordTemplates(
    accountId,
    [...read.templates].map(([projectId, templateId]) => ({
      projectId,
      templateId,
      verifiedAt: now,
      source: 'read' as const,
    })),
  );
  const memberTemplates = new Map<Id, Id | null>();
  const unverified = new Set<Id>();
  let oldest: Date | null = null;
  for (const id of members) {
    if (read.templates.has(id)) {
      memberTemplates.set(id, read.templates.get(id)!);
      oldest ??= now;
    } else if (known.has(id)) {
      const k = known.get(id)!;
      memberTemplates.set(id, k.templateId);
      if (!oldest || k.verifiedAt < oldest) oldest = k.verifiedAt;
    } else {
      memberTemplates.set(id, null);
      unverified.add(id);
    }
  }
  return {
    source: 'lists',
    fallback: null,
    active: active.map(toRef),
    inactive: inactive.map(toRef),
    memberTemplates,
    unverified,
    verification: {
      verified: members.length - unverified.size,
      oldestAt: oldest?.toISOString() ?? null,
      readNow: read.templates.size,
    },
  };
}

/**
 * A verified template is trusted this long; older ones are read again, oldest first, when the
 * read budget allows. Membership itself is read on every check.
 */
export const TEMPLATE_FRESH_MS = 24 * 3600_000;

/**
 * Runs `work` on every item, at most `limit` at a time: the pacer keeps within Procore's
 * windows, this keeps thousands of waiting requests (and their abort listeners) out of memory.
 */
async function eachWithin<T>(limit: number, items: readonly T[], work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Share of the app token's hourly budget that template reads may use (re-verification). */
export const TEMPLATE_READ_SHARE = 0.1;

/** Template reads still allowed this hour: 10 % of the app token's hourly limit, less those made. */
async function templateReadBudget(ctx: SetupContext, accountId: Id, now: Date): Promise<number> {
  const hourly = ctx.appHourlyLimit ?? DEFAULT_HOURLY_LIMIT;
  const cap = Math.floor(hourly * TEMPLATE_READ_SHARE);
  const spent =
    (await ctx.memory?.templateReadsSince(accountId, new Date(now.getTime() - 3600_000))) ?? 0;
  return Math.max(0, cap - spent);
}

/**
 * The account's template on each project, read as the account itself (the app token's budget);
 * where the app token may not read the project's directory (a template without Directory read),
 * as the viewer. A 404 for a project its own list showed means the list is not its membership.
 */
async function readTemplates(ctx: SetupContext, accountId: Id, projectIds: readonly Id[]) {
  const { companyId, signal } = ctx;
  const templates = new Map<Id, Id | null>();
  let notMember = 0;
  await eachWithin(FAN_OUT_CONCURRENCY, projectIds, async (projectId) => {
    const read = (client: ProcoreClient) =>
      client.getProjectUser(companyId, projectId, accountId, { signal });
    try {
      let user;
      try {
        user = await read(ctx.app);
      } catch (error) {
        if (!isProcoreApiError(error, 'forbidden')) throw error;
        user = await read(ctx.user);
      }
      templates.set(projectId, user.permission_template?.id ?? null);
    } catch (error) {
      if (!isProcoreApiError(error, 'not-found')) throw error;
      notMember += 1;
    }
  });
  return { templates, notMember };
}

/**
 * Membership read project by project, when the account's own list cannot be trusted: as the
 * account when it sees every project (a company admin can read them all), else as the viewer.
 */
async function perProjectAccess(
  ctx: SetupContext,
  accountId: Id,
  active: Project[],
  inactive: Project[],
  fallback: NonNullable<ProjectAccess['fallback']>,
  asApp: boolean,
): Promise<ProjectAccess> {
  const { companyId, signal } = ctx;
  const memberTemplates = new Map<Id, Id | null>();
  const readAs = (client: ProcoreClient, projectId: Id) =>
    client.listProjectUsers(companyId, projectId, { ids: [accountId], signal });
  await eachWithin(FAN_OUT_CONCURRENCY, active, async (project: Project) => {
    let users;
    try {
      users = await readAs(asApp ? ctx.app : ctx.user, project.id);
    } catch (error) {
      // Whether a company-admin service account may read every project's directory is
      // UNCONFIRMED: where it may not, the viewer reads it.
      if (!asApp || !isProcoreApiError(error, 'forbidden')) throw error;
      users = await readAs(ctx.user, project.id);
    }
    const member = users.find((u) => u.id === accountId);
    if (member) memberTemplates.set(project.id, member.permission_template?.id ?? null);
  });
  const now = new Date(ctx.now?.() ?? Date.now());
  return {
    source: 'per-project',
    fallback,
    active: active.map(toRef),
    inactive: inactive.map(toRef),
    memberTemplates,
    unverified: new Set(),
    verification: {
      verified: memberTemplates.size,
      oldestAt: memberTemplates.size ? now.toISOString() : null,
      readNow: memberTemplates.size,
    },
  };
}

/** The service account's own view: whether it can read what SALUS reads, on a sample. */
async function testConnection(
  ctx: SetupContext,
  access: Attempt<ProjectAccess>,
): Promise<ConnectionResult> {
  const { companyId, signal } = ctx;
  const sample = ctx.connectionSample ?? 5;
  // The account's memberships are what it can see; its list was read for them when offered.
  let visible: { id: Id; name: string }[];
  let visibleCount: number;
  if (access.ok && access.value.source !== 'per-project') {
    // Its memberships are its own list (read for them, or given by project_assignments), in
    // Procore's order (by id).
    const byId = new Map(access.value.active.map((p) => [p.id, p.name]));
    visible = [...access.value.memberTemplates.keys()]
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0))
      .map((id) => ({ id, name: byId.get(id) ?? id }));
    visibleCount = visible.length;
  } else {
    // One request gives both the count (Total) and the sample.
    const page = await ctx.app.projectsPage(companyId, {
      status: 'Active',
      perPage: sample,
      signal,
    });
    visible = page.items;
    visibleCount = page.total ?? page.items.length;
  }
  const sampled = visible.slice(0, sample);
  const failures: ConnectionResult['failures'] = [];
  await Promise.all(
    sampled.map(async (project) => {
      try {
        await ctx.app.listProjectUsers(companyId, project.id, { signal });
      } catch (error) {
        if (!isProcoreApiError(error) || !['forbidden', 'not-found'].includes(error.kind)) {
          throw error;
        }
        failures.push({
          projectId: project.id,
          projectName: project.name,
          status: error.status,
          message: error.procoreMessage,
        });
      }
    }),
  );
  return {
    visibleCount,
    sampled: sampled.length,
    readable: sampled.length > failures.length ? ['directory'] : [],
    failures,
  };
}

/** The company's web host: it does not move, so it is asked once a day, not on every check. */
async function companyBaseUrl(ctx: SetupContext): Promise<CompanyBaseUrl> {
  const known = await ctx.memory?.companyBaseUrl();
  if (known) return known;
  const fresh = await ctx.user.companyBaseUrl(ctx.companyId, { signal: ctx.signal });
  await ctx.memory?.rememberCompanyBaseUrl(fresh);
  return fresh;
}

export async function inspectCompany(ctx: SetupContext): Promise<CompanyFacts> {
  const { companyId, signal } = ctx;
  const [permissions, installations, baseUrl, account, companyTemplates, projectTemplates] =
    await Promise.all([
      attempt(() => ctx.user.settingsPermissions(companyId, { signal })),
      attempt(() => ctx.user.listAppInstallations(companyId, { signal })),
      attempt(() => companyBaseUrl(ctx)),
      findAccount(ctx),
      attempt(() => ctx.user.listPermissionTemplates(companyId, { type: 'company_tools', signal })),
      attempt(() => ctx.user.listPermissionTemplates(companyId, { type: 'global', signal })),
    ]);
  const facts: CompanyFacts = {
    permissions,
    installations,
    baseUrl,
    account,
    companyTemplates,
    projectTemplates,
    access: null,
    connection: null,
    heldTemplates: new Map<Id, Attempt<PermissionTemplateDetail>>(),
  };
  const found = account.kind === 'found' ? account.user : null;
  if (!found) return facts;
  const readHeld = async (ids: Id[]) => {
    const fresh = ids.filter((id) => !facts.heldTemplates.has(id));
    const details = await Promise.all(
      fresh.map((id) => attempt(() => ctx.user.getPermissionTemplate(companyId, id, { signal }))),
    );
    fresh.forEach((id, i) => facts.heldTemplates.set(id, details[i]!));
  };
  // The account's own company template first: a company admin's project list is every project.
  await readHeld(heldTemplateIds(facts, ctx));
  if (ctx.skipProjectReads) return facts;
  const companyAdmin = isCompanyAdminTemplate(
    facts.heldTemplates.get(templateOf(found, 'company') ?? ''),
  );
  facts.access = await attempt(() => readProjectAccess(ctx, found.id, companyAdmin));
  facts.connection = await attemptAsApp(() => testConnection(ctx, facts.access!));
  await readHeld(heldTemplateIds(facts, ctx));
  return facts;
}

/** Admin on the company Admin tool: what Procore calls a full company admin (§5.1). */
function isCompanyAdminTemplate(detail: Attempt<PermissionTemplateDetail> | undefined): boolean {
  if (!detail?.ok) return false;
  return Object.entries(detail.value.user_access_levels).some(
    ([tool, level]) => tool.toLowerCase() === 'admin' && normalizeAccessLevel(level) === 'admin',
  );
}

/** The account's company template and project templates, except the SALUS ones. */
function heldTemplateIds(facts: CompanyFacts, ctx: Pick<SetupContext, 'names'>): Id[] {
  if (facts.account.kind !== 'found') return [];
  const salus = requiredTemplates(facts, ctx);
  const ids = new Set<Id>();
  const company = templateOf(facts.account.user, 'company');
  if (company !== null && company !== salus.company?.id) ids.add(company);
  if (facts.access?.ok) {
    for (const id of facts.access.value.memberTemplates.values())
      if (id !== null && id !== salus.project?.id) ids.add(id);
  }
  return [...ids];
}
