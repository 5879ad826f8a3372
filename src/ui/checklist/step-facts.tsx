import { P, UL } from '@procore/core-react';
import type { ReactNode } from 'react';
import type {
  ProjectProblem,
  StepDetails,
  StepResult,
  TemplateSummary,
} from '../../api/contract.ts';
import { accessLevelText, problemMessage } from '../i18n/server-text.ts';
import { formatDate, t } from '../i18n/t.ts';
import { toolList } from './access-words.ts';

/**
 * The facts behind a step, as "label: current → required" when they differ and
 * "label: value" when they agree, so the admin sees what was read, not just a verdict.
 */

function compare(label: string, current: string, required: string): string {
  return current === required
    ? t('facts.value', { label, value: current })
    : t('facts.change', { label, from: current, to: required });
}

const templateName = (template: TemplateSummary | null) => template?.name ?? t('facts.none');
const onOff = (value: boolean | null) =>
  value === null ? t('facts.unknown') : value ? t('facts.on') : t('facts.off');

function factLines(details: StepDetails, state: StepResult['state']): ReactNode[] {
  switch (details.step) {
    case 'admin':
      // What the viewer has, never "→ Admin": the app does not change anyone's own access.
      return [
        t('facts.value', {
          label: t('facts.adminAccess'),
          value: details.isAdmin
            ? t('facts.adminRequired')
            : details.accessLevel
              ? accessLevelText(details.accessLevel)
              : t('facts.none'),
        }),
      ];
    case 'app-installed':
      return [
        t('facts.value', {
          label: t('facts.appStatus'),
          value: !details.installed
            ? t('facts.appNotInstalled')
            : details.version
              ? t('facts.appInstalledVersion', { version: details.version })
              : t('facts.appInstalled'),
        }),
        details.pendingOperation && t('facts.appPending'),
        details.updateAvailable && t('facts.appUpdate'),
      ];
    case 'service-account':
      return [
        t('facts.value', {
          label: t('facts.account'),
          value: details.account
            ? details.account.email
              ? t('facts.accountValue', {
                  name: details.account.name,
                  email: details.account.email,
                })
              : details.account.name
            : details.candidates.length > 1
              ? t('facts.accountNotChosen')
              : t('facts.accountNotFound'),
        }),
      ];
    case 'company-template':
      return [
        compare(t('facts.companyTemplate'), templateName(details.current), details.requiredName),
      ];
    case 'new-projects':
      return [
        compare(t('facts.addToNewProjects'), onOff(details.addToNewProjects), t('facts.on')),
        details.addToNewProjects === null && t('facts.addToNewProjectsUnknown'),
        compare(
          t('facts.defaultTemplate'),
          templateName(details.currentDefault),
          details.requiredName,
        ),
      ];
    case 'project-access':
      return [
        state === 'complete' &&
        details.missing === 0 &&
        details.wrongTemplate === 0 &&
        details.unverified === 0
          ? t('facts.projectsAllOn', { count: details.activeTotal })
          : t('facts.projects', {
              on: details.onWithTemplate,
              total: details.activeTotal,
              missing: details.missing,
              wrongTemplate: details.wrongTemplate,
            }),
        details.templatesVerified > 0 &&
          details.templatesVerifiedAt &&
          t('facts.templatesVerified', {
            count: details.templatesVerified,
            time: formatDate(details.templatesVerifiedAt),
          }),
        details.fallback === 'account-is-company-admin' && t('facts.membershipPerProject'),
        details.fallback === 'list-holds-other-projects' && t('facts.membershipPerProjectList'),
        details.inactiveTotal > 0 && t('facts.inactiveProjects', { count: details.inactiveTotal }),
      ];
    case 'connection-test':
      return [
        t('facts.connectionSampled', {
          sampled: details.sampled,
          active: details.activeProjects,
        }),
        details.readable.length > 0
          ? t('facts.readable', { list: toolList(details.readable) })
          : t('facts.readableNone'),
      ];
    case 'over-privilege':
      if (details.excess.length === 0) return [t('facts.overPrivilegeNone')];
      return details.excess.map((excess) =>
        excess.scope === 'project'
          ? t('facts.overPrivilegeProject', {
              name: excess.template.name,
              tools: toolList(excess.adminTools ?? []),
              count: excess.projects,
            })
          : excess.adminTools?.length
            ? t('facts.overPrivilegeCompanyAdmin', {
                name: excess.template.name,
                tools: toolList(excess.adminTools),
              })
            : t('facts.overPrivilegeCompany', { name: excess.template.name }),
      );
    case 'support-notified':
      switch (details.status) {
        case 'delivered':
          return [
            details.at
              ? t('facts.support.deliveredAt', { time: formatDate(details.at) })
              : t('facts.support.delivered'),
          ];
        case 'held':
          return [
            details.at
              ? t('facts.support.heldAt', { time: formatDate(details.at) })
              : t('facts.support.held'),
          ];
        case 'queued':
          return [t('facts.support.queued')];
        case 'not-yet':
          // Its reason says it: once, not twice.
          return [];
      }
  }
}

function problemText(problem: ProjectProblem): string {
  const params = { project: problem.projectName, message: problemMessage(problem) };
  return problem.status === null
    ? t('facts.failure', params)
    : t('facts.failureWithStatus', { ...params, status: String(problem.status) });
}

export function ProblemList({ problems }: { problems: readonly ProjectProblem[] }) {
  return (
    <UL>
      {problems.map((problem) => (
        <li key={problem.projectId}>{problemText(problem)}</li>
      ))}
    </UL>
  );
}

export function StepFacts({ result }: { result: StepResult }) {
  const { details } = result;
  if (!details) return null;
  const lines = factLines(details, result.state).filter(Boolean);
  if (lines.length === 0 && details.step !== 'connection-test') return null;
  return (
    <>
      <UL>
        {lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </UL>
      {details.step === 'connection-test' && details.failures.length > 0 && (
        <>
          <P>{t('facts.failuresTitle')}</P>
          <ProblemList problems={details.failures} />
        </>
      )}
    </>
  );
}
