import type { CompanyUser, PermissionTemplate, PermissionsManifest } from '../procore/types.ts';
import { sameName, type SetupContext } from './context.ts';
import { isDirectoryAdmin, templateOf } from './facts.ts';
import type { FixPlan } from './plan.ts';

/**
 * Before Apply runs a reviewed plan, a cheap re-read (the viewer's permissions, the account and
 * the two template lists: four requests) tells whether the plan still describes Procore: every
 * `from` it shows is still what the account has, every template it assigns still exists, and
 * every template it creates is still missing. Projects are not re-read: the run finds a
 * membership that appeared meanwhile and records it as already there.
 */

export interface PlanRereading {
  permissions: PermissionsManifest;
  account: CompanyUser | null;
  companyTemplates: PermissionTemplate[];
  projectTemplates: PermissionTemplate[];
}

export async function rereadForPlan(ctx: SetupContext, plan: FixPlan): Promise<PlanRereading> {
  const { companyId, signal } = ctx;
  const [permissions, account, companyTemplates, projectTemplates] = await Promise.all([
    ctx.user.settingsPermissions(companyId, { signal }),
    plan.accountId ? ctx.user.getCompanyUser(companyId, plan.accountId, { signal }) : null,
    ctx.user.listPermissionTemplates(companyId, { type: 'company_tools', signal }),
    ctx.user.listPermissionTemplates(companyId, { type: 'global', signal }),
  ]);
  return { permissions, account, companyTemplates, projectTemplates };
}

export function viewerMayApply(now: PlanRereading): boolean {
  return isDirectoryAdmin(now.permissions);
}

/** Whether what Procore shows now is what the review showed. */
export function planStillMatches(plan: FixPlan, now: PlanRereading): boolean {
  if (plan.accountId && now.account?.id !== plan.accountId) return false;
  const ids = new Set([...now.companyTemplates, ...now.projectTemplates].map((t) => t.id));
  for (const change of plan.userChanges) {
    const field = change.field;
    if (field === 'add_to_new_projects') {
      // Reads often omit the flag (procore-platform.md §3.2): compare only what both know.
      const current = now.account?.add_to_new_projects;
      if (
        typeof current === 'boolean' &&
        typeof change.from === 'boolean' &&
        current !== change.from
      )
        return false;
      continue;
    }
    const current = now.account
      ? templateOf(now.account, field === 'company_permission_template_id' ? 'company' : 'default')
      : null;
    if (current !== change.from) return false;
    if (typeof change.to === 'string' && !ids.has(change.to)) return false;
  }
  if (plan.projectTemplateId !== null && !ids.has(plan.projectTemplateId)) return false;
  for (const template of plan.createTemplates) {
    const list = template.type === 'company_tools' ? now.companyTemplates : now.projectTemplates;
    if (list.some((t) => sameName(t.name, template.name))) return false;
  }
  return true;
}
