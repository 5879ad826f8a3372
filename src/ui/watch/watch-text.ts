import type { WatchDrift } from '../../api/contract.ts';
import { formatDate, t } from '../i18n/t.ts';

/**
 * What SALUS Setup found after setup was complete (`WatchDrift`), one sentence per finding in the
 * admin's words: project and template names, never ids. Each kind has its wording here, so a
 * kind without one is a type error.
 */

const quoted = (name: string) => t('watch.quoted', { name });

type DriftWording = {
  [K in WatchDrift['kind']]: (drift: Extract<WatchDrift, { kind: K }>, date: string) => string;
};

/** `requiredTemplate`: the SALUS project template's name, when the checks read it. */
function wordings(requiredTemplate: string | null): DriftWording {
  const required = requiredTemplate ? quoted(requiredTemplate) : t('watch.salusProjectTemplate');
  return {
    'not-on-project': ({ project }, date) =>
      project.name === null
        ? t('watch.drift.notOnNewProject', { date })
        : t('watch.drift.notOnProject', { project: project.name, date }),
    'left-project': ({ project }, date) =>
      t('watch.drift.leftProject', { project: project.name, date }),
    'project-template': ({ project, templateName }, date) =>
      templateName
        ? t('watch.drift.projectTemplate', {
            project: project.name,
            template: quoted(templateName),
            required,
            date,
          })
        : t('watch.drift.projectTemplateNone', { project: project.name, required, date }),
    'account-setting': ({ field, now }, date) => {
      switch (field) {
        case 'company_permission_template_id':
          return typeof now === 'string'
            ? t('watch.drift.companyTemplate', { now: quoted(now), date })
            : t('watch.drift.companyTemplateNone', { date });
        case 'default_permission_template_id':
          return typeof now === 'string'
            ? t('watch.drift.defaultTemplate', { now: quoted(now), date })
            : t('watch.drift.defaultTemplateNone', { date });
        case 'add_to_new_projects':
          return now === false
            ? t('watch.drift.notAddedToNewProjects', { date })
            : t('watch.drift.addToNewProjects', {
                value: now === true ? t('facts.on') : t('facts.unknown'),
                date,
              });
      }
    },
  };
}

/** One finding, with since when it has been seen. */
export function driftText(drift: WatchDrift, requiredTemplate: string | null): string {
  const word = wordings(requiredTemplate)[drift.kind] as (d: WatchDrift, date: string) => string;
  return word(drift, formatDate(drift.since));
}
