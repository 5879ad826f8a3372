import type {
  CompanyStatus,
  Plan,
  PlannedFieldChange,
  TemplateSummary,
} from '../../api/contract.ts';
import { toolLevels } from '../checklist/access-words.ts';
import { stepDetails } from '../checklist/steps.ts';
import { blockedText } from '../i18n/server-text.ts';
import { formatList, t } from '../i18n/t.ts';

/**
 * A plan's user-field changes in words, with template names instead of ids. The names come from
 * the status the plan was made from (the same server read), so nothing is fetched twice.
 */
export interface ChangeWords {
  field: string;
  from: string;
  to: string;
}

function templateNames(status: CompanyStatus): Map<string, string> {
  const company = stepDetails(status, 'company-template');
  const projects = stepDetails(status, 'new-projects');
  const known: (TemplateSummary | null | undefined)[] = [
    company?.current,
    company?.required,
    projects?.currentDefault,
    projects?.required,
  ];
  return new Map(known.filter((tpl) => tpl != null).map((tpl) => [tpl.id, tpl.name]));
}

function valueWords(
  value: string | boolean | null,
  names: Map<string, string>,
  field: PlannedFieldChange['field'],
): string {
  // A null flag means Procore does not report it, not that it is off.
  if (value === null) return field === 'add_to_new_projects' ? t('facts.unknown') : t('facts.none');
  if (typeof value === 'boolean') return value ? t('facts.on') : t('facts.off');
  return names.get(value) ?? t('fix.templateById', { id: value });
}

export function describeChanges(
  plan: Pick<Plan, 'userChanges'>,
  status: CompanyStatus,
): ChangeWords[] {
  const names = templateNames(status);
  return plan.userChanges.map((change: PlannedFieldChange) => ({
    field: t(`fix.fields.${change.field}`),
    from: change.fromName ?? valueWords(change.from, names, change.field),
    to: change.toName ?? valueWords(change.to, names, change.field),
  }));
}

/** The message a non-admin sends to an admin: exactly what the fix would do, by hand. */
export function handoffText(plan: Plan, status: CompanyStatus): string {
  const lines = [
    t('notAdmin.handoff.greeting', { company: status.companyName, id: status.companyId }),
  ];
  // The sender's own lack of Directory admin is not the recipient's business: they have it.
  if (plan.blockedBy && plan.blockedBy.step !== 'admin')
    lines.push(t('notAdmin.handoff.blocked', { message: blockedText(plan.blockedBy, status) }));
  for (const template of plan.createTemplates) {
    const params = { name: template.name, levels: formatList(toolLevels(template.levels)) };
    lines.push(
      template.kind === 'company'
        ? t('notAdmin.handoff.createCompanyTemplate', params)
        : t('notAdmin.handoff.createProjectTemplate', params),
    );
  }
  if (plan.account) lines.push(t('notAdmin.handoff.account', { name: plan.account.name }));
  for (const change of describeChanges(plan, status))
    lines.push(t('notAdmin.handoff.change', { ...change }));
  if (plan.addProjects > 0)
    lines.push(t('notAdmin.handoff.addProjects', { count: plan.addProjects }));
  if (plan.retemplateProjects > 0)
    lines.push(t('notAdmin.handoff.retemplateProjects', { count: plan.retemplateProjects }));
  lines.push(t('notAdmin.handoff.app'));
  return lines.join('\n');
}
