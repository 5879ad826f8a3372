import { P, UL } from '@procore/core-react';
import type { CompanyStatus, Plan } from '../../api/contract.ts';
import { toolLevels } from '../checklist/access-words.ts';
import { formatDuration, t } from '../i18n/t.ts';
import { describeChanges } from './plan-text.ts';

/** The dry run, as the review shows it: every field change, project counts, cost in time. */
export function PlanSummary({ plan, status }: { plan: Plan; status: CompanyStatus }) {
  const changes = describeChanges(plan, status);
  // Said once, under the list: why the flag's current value reads "unknown".
  const flagUnknown = plan.userChanges.some(
    (change) => change.field === 'add_to_new_projects' && change.from === null,
  );
  const nothing =
    plan.createTemplates.length === 0 &&
    changes.length === 0 &&
    plan.addProjects === 0 &&
    plan.retemplateProjects === 0;
  return (
    <>
      <P>{t('fix.intro')}</P>
      {plan.createTemplates.length > 0 && (
        <UL>
          {plan.createTemplates.map((template) => (
            <li key={template.name}>
              {template.kind === 'company'
                ? t('fix.createCompanyTemplate', { name: template.name })
                : t('fix.createProjectTemplate', { name: template.name })}
              <UL>
                {toolLevels(template.levels).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </UL>
            </li>
          ))}
        </UL>
      )}
      {changes.length > 0 && (
        <>
          {plan.account && <P>{t('fix.accountLine', { name: plan.account.name })}</P>}
          <UL>
            {changes.map((change) => (
              <li key={change.field}>{t('fix.fieldChange', { ...change })}</li>
            ))}
          </UL>
          {flagUnknown && <P>{t('fix.flagUnknown')}</P>}
        </>
      )}
      {(plan.addProjects > 0 || plan.retemplateProjects > 0) && (
        <UL>
          {plan.addProjects > 0 && <li>{t('fix.addProjects', { count: plan.addProjects })}</li>}
          {plan.retemplateProjects > 0 && (
            <li>{t('fix.retemplateProjects', { count: plan.retemplateProjects })}</li>
          )}
        </UL>
      )}
      {nothing ? (
        <P>{t('fix.nothing')}</P>
      ) : (
        <P>
          {t('fix.requests', { count: plan.requests })}{' '}
          {t('fix.estimate', { duration: formatDuration(plan.estimatedSeconds) })}{' '}
          {t(plan.budget.hourlyAssumed ? 'fix.hourlyAssumed' : 'fix.hourly', {
            limit: plan.budget.hourlyLimit,
          })}{' '}
          {plan.budget.crossesHour && `${t('fix.crossesHour')} `}
          {t('fix.inactiveNote')}
        </P>
      )}
    </>
  );
}
