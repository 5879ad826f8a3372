import type { ReportAccountChange, ReportProject, RunReport } from '../../api/contract.ts';
import { toCsv } from '../../api/csv.ts';
import { t } from '../i18n/t.ts';

/**
 * A run's report as the CSV the admin downloads, in the language of the page: names first,
 * in Procore's words; Procore's ids only in the trailing columns, for whoever needs to look
 * something up.
 */

function accountValue(change: ReportAccountChange, side: 'from' | 'to'): string {
  const value = change[side];
  if (typeof value === 'boolean') return value ? t('facts.on') : t('facts.off');
  if (value === null)
    return change.field === 'add_to_new_projects' ? t('facts.unknown') : t('facts.none');
  return (side === 'from' ? change.fromName : change.toName) ?? t('report.templateUnnamed');
}

function details(project: ReportProject): string {
  if (project.procore)
    return project.procore.status === null
      ? t('report.procoreSaid', { message: project.procore.message })
      : t('report.procoreAnswered', {
          status: project.procore.status,
          message: project.procore.message,
        });
  return project.note ? t(`report.notes.${project.note}`) : '';
}

const templateName = (template: ReportProject['templateBefore']) =>
  template ? (template.name ?? t('report.templateUnnamed')) : '';

export function reportCsv(report: RunReport): string {
  // An automatic repair acts on its admin's behalf: the CSV says so on every change.
  const by = (name: string) => (report.origin === 'rule' ? t('report.byRule', { name }) : name);
  const header = [
    t('report.columns.what'),
    t('report.columns.name'),
    t('report.columns.change'),
    t('report.columns.result'),
    t('report.columns.details'),
    t('report.columns.before'),
    t('report.columns.after'),
    t('report.columns.by'),
    t('report.columns.at'),
    t('report.columns.id'),
    t('report.columns.beforeId'),
    t('report.columns.afterId'),
  ];
  const accountRows = report.accountChanges.map((change) => [
    t('report.targets.account'),
    report.account?.name ?? '',
    t(`fix.fields.${change.field}`),
    t('report.outcomes.changed'),
    '',
    accountValue(change, 'from'),
    accountValue(change, 'to'),
    by(change.by),
    change.at,
    report.account?.id ?? '',
    typeof change.from === 'string' ? change.from : '',
    typeof change.to === 'string' ? change.to : '',
  ]);
  const projectRows = report.projects.map((project) => [
    t('report.targets.project'),
    project.name,
    t(`report.actions.${project.action}`),
    t(`report.outcomes.${project.outcome}`),
    details(project),
    templateName(project.templateBefore),
    templateName(project.templateAfter),
    by(project.by),
    project.at,
    project.id,
    project.templateBefore?.id ?? '',
    project.templateAfter?.id ?? '',
  ]);
  return toCsv(header, [...accountRows, ...projectRows]);
}

/** "SALUS setup - Granite Ridge Construction - 2026-12-05.csv": the company and the day. */
export function reportFileName(report: RunReport): string {
  const company = report.companyName.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').trim();
  return `${t('report.fileName', { company, date: report.startedAt.slice(0, 10) })}.csv`;
}
