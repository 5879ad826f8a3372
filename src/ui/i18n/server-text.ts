import type {
  CompanyStatus,
  PrivilegeExcess,
  ProjectProblem,
  RunProgress,
  StepDetails,
  StepResult,
} from '../../api/contract.ts';
import { ApiError } from '../api/http.ts';
import type { Locale } from './locale.tsx';
import { catalogs, currentLocale, formatList, t, type MessageKey } from './t.ts';

/**
 * The server's codes and facts in the page's language (contract.ts: the server speaks in codes,
 * the UI in words). Each known code is composed from the catalog and the structured details; the
 * server's English message is shown only for a code this UI does not know yet.
 *
 * A few facts travel only inside the server's English message (Procore's own words after
 * "Procore answered 503: ", the field a paused run names). Those are read out of the message by
 * pattern; if the wording ever changes, the translated sentence without that fact is shown.
 */

type Reason = { code: string; message: string };

/** French typography puts a (thin) space before a semicolon. */
const SEMICOLON: Record<Locale, string> = { en: '; ', es: '; ', fr: ' ; ' };

const detailsOf = <S extends StepDetails['step']>(result: StepResult, step: S) =>
  result.details?.step === step ? (result.details as Extract<StepDetails, { step: S }>) : null;

/** A Procore permission level ('Read Only' or 'read_only') as Procore names it; others as sent. */
export function accessLevelText(level: string): string {
  const key = level.trim().toLowerCase().replace(/\s+/g, '_');
  return Object.hasOwn(catalogs.en.accessLevels, key)
    ? t(`accessLevels.${key as keyof typeof catalogs.en.accessLevels}`)
    : level;
}

/** A Procore tool by its id or English name ('daily_log', 'Daily Log'); unknown ones as sent. */
export function toolText(tool: string): string {
  const key = tool.trim().toLowerCase().replace(/\s+/g, '_');
  return Object.hasOwn(catalogs.en.tools, key)
    ? t(`tools.${key as keyof typeof catalogs.en.tools}`)
    : tool;
}

const PATH_KEYS: Partial<Record<string, MessageKey>> = {
  'Company Tools': 'procorePath.companyTools',
  'App Management': 'procorePath.appManagement',
  Directory: 'procorePath.directory',
  Edit: 'procorePath.edit',
  'Current Project Settings': 'procorePath.currentProjectSettings',
  Permissions: 'procorePath.permissions',
  'Permission Templates': 'procorePath.permissionTemplates',
  'Your user': 'procorePath.yourUser',
  'Company Permissions': 'procorePath.companyPermissions',
};

/** Procore's menu names in its own translation; user names in the path stay as they are. */
export function procorePathText(path: readonly string[]): string {
  return path
    .map((part) => {
      const key = Object.hasOwn(PATH_KEYS, part) ? PATH_KEYS[part] : undefined;
      return key ? t(key) : part;
    })
    .join(' → ');
}

/** "Procore answered 503: <Procore's words>" / "Could not check: …" (steps/step.ts). */
function procoreErrorText(message: string): string {
  const answered = /^Procore answered (\S+): ([\s\S]*)$/.exec(message);
  if (answered) {
    const [, status, words] = answered as unknown as [string, string, string];
    return status === 'nothing'
      ? t('reasons.procoreNoAnswer', { message: words })
      : t('reasons.procoreAnswered', { status, message: words });
  }
  const failed = /^Could not check: ([\s\S]*)$/.exec(message);
  return t('reasons.couldNotCheck', { message: failed?.[1] ?? message });
}

function excessText(excess: PrivilegeExcess): string {
  const part =
    excess.scope === 'company'
      ? t('reasons.overPrivilegedCompany', { name: excess.template.name })
      : t('reasons.overPrivilegedProject', { name: excess.template.name, count: excess.projects });
  return excess.adminTools?.length
    ? t('reasons.overPrivilegedAdmin', {
        part,
        tools: formatList(excess.adminTools.map(toolText)),
      })
    : part;
}

/** Why a step is not complete, in the page's language. */
export function stepReasonText(result: StepResult): string | null {
  const { reason } = result;
  if (!reason) return null;
  switch (reason.code) {
    case 'not-directory-admin': {
      const level = detailsOf(result, 'admin')?.accessLevel;
      return level
        ? t('reasons.notDirectoryAdmin', { level: accessLevelText(level) })
        : t('reasons.notDirectoryAdminNone');
    }
    case 'not-installed':
      return t(
        /not connected/.test(reason.message) ? 'reasons.notConnected' : 'reasons.notInstalled',
      );
    case 'pending-operation':
      return t('reasons.pendingOperation');
    case 'update-available':
      return t('reasons.updateAvailable');
    case 'several-candidates': {
      const details = detailsOf(result, 'service-account');
      if (!details) break;
      return t('reasons.severalCandidates', { count: details.candidates.length });
    }
    case 'not-found': {
      const prefix = /named (\S+?)…/.exec(reason.message)?.[1] ?? 'salus-integration-';
      return t('reasons.notFound', { prefix });
    }
    case 'waiting':
      return t(
        result.id === 'service-account' ? 'reasons.waitingForApp' : 'reasons.waitingForAccount',
      );
    case 'procore-error':
      return procoreErrorText(reason.message);
    case 'template-missing': {
      const company = detailsOf(result, 'company-template');
      if (company) return t('reasons.companyTemplateMissing', { name: company.requiredName });
      const project = detailsOf(result, 'new-projects');
      if (project) return t('reasons.projectTemplateMissing', { name: project.requiredName });
      return t('reasons.projectTemplateMissingAccess');
    }
    case 'wrong-template': {
      const details = detailsOf(result, 'company-template');
      if (!details) break;
      const required = details.required?.name ?? details.requiredName;
      return details.current
        ? t('reasons.wrongTemplate', { current: details.current.name, required })
        : t('reasons.wrongTemplateUnset', { required });
    }
    case 'wrong-default-template': {
      const details = detailsOf(result, 'new-projects');
      if (!details) break;
      const required = details.required?.name ?? details.requiredName;
      return details.currentDefault
        ? t('reasons.wrongDefaultTemplate', { current: details.currentDefault.name, required })
        : t('reasons.wrongDefaultTemplateUnset', { required });
    }
    case 'flag-unknown':
      return t('reasons.flagUnknown');
    case 'run-in-progress':
      return t('reasons.runInProgress');
    case 'not-added-to-new-projects':
      return t('reasons.notAddedToNewProjects');
    case 'projects-missing': {
      const details = detailsOf(result, 'project-access');
      if (!details) break;
      const parts = [
        details.missing > 0 && t('reasons.projectsMissingFrom', { count: details.missing }),
        details.wrongTemplate > 0 &&
          t('reasons.projectsWrongTemplate', { count: details.wrongTemplate }),
        details.unverified > 0 && t('reasons.projectsUnverified', { count: details.unverified }),
      ].filter((part): part is string => typeof part === 'string');
      return t('reasons.projectsMissing', {
        on: details.onWithTemplate,
        total: details.activeTotal,
        parts: parts.join(', '),
      });
    }
    case 'limited-view': {
      const access = detailsOf(result, 'project-access');
      if (access) return t('reasons.limitedViewAccess', { count: access.activeTotal });
      const connection = detailsOf(result, 'connection-test');
      if (connection)
        return t('reasons.limitedViewConnection', { count: connection.visibleProjects });
      break;
    }
    case 'cannot-read': {
      const details = detailsOf(result, 'connection-test');
      const first = details?.failures[0];
      if (!details || !first) break;
      return t('reasons.cannotRead', {
        failed: details.failures.length,
        sampled: details.sampled,
        project: first.projectName,
      });
    }
    case 'projects-not-visible': {
      const details = detailsOf(result, 'connection-test');
      if (!details) break;
      return t('reasons.projectsNotVisible', {
        visible: details.visibleProjects,
        active: details.activeProjects,
      });
    }
    case 'over-privileged': {
      const details = detailsOf(result, 'over-privilege');
      if (!details || details.excess.length === 0) break;
      return t('reasons.overPrivileged', {
        parts: details.excess.map(excessText).join(SEMICOLON[currentLocale()]),
      });
    }
    case 'queued':
      return t('reasons.queued');
    case 'held':
      return t('reasons.held');
    case 'not-yet':
      return t('reasons.notYet');
  }
  return reason.message;
}

/**
 * Why the plan cannot be applied. `blockedBy` is one step's reason (setup/plan.ts), so it is
 * said the way that step says it, details included.
 */
export function blockedText(blockedBy: Reason, status: CompanyStatus): string {
  const step = status.steps.find(
    (s) => s.reason?.code === blockedBy.code && s.reason.message === blockedBy.message,
  );
  return step ? (stepReasonText(step) ?? blockedBy.message) : blockedBy.message;
}

/** Why a run paused (setup/run.ts, server/run-manager.ts). */
export function pauseReasonText(reason: RunProgress['pausedReason']): string {
  if (!reason) return '';
  switch (reason.code) {
    case 'app-not-connected':
      return t('pause.appNotConnected');
    case 'session-expired':
      return t('pause.sessionExpired');
    case 'account-not-updated': {
      const field = /but (\w+) still reads/.exec(reason.message)?.[1];
      return field && Object.hasOwn(catalogs.en.fix.fields, field)
        ? t('pause.accountNotUpdated', {
            field: t(`fix.fields.${field as keyof typeof catalogs.en.fix.fields}`),
          })
        : t('pause.accountNotUpdatedUnknown');
    }
    case 'systemic-failure': {
      const match = /^(\d+) projects in a row failed with "([\s\S]*)" \(([^)]*)\)\./.exec(
        reason.message,
      );
      return match
        ? t('pause.systemicFailure', {
            count: Number(match[1]),
            message: match[2] ?? '',
            code: match[3] ?? '',
          })
        : t('pause.systemicFailureUnknown');
    }
    case 'template-not-created': {
      const match = /template "(.*?)"(?: \((\S+): ([\s\S]*)\))?\. Create it/.exec(reason.message);
      if (!match) return t('pause.templateNotCreatedUnknown');
      const [, name = '', code, message] = match;
      return code === undefined
        ? t('pause.templateNotCreated', { name })
        : t('pause.templateNotCreatedRefused', { name, code, message: message ?? '' });
    }
    case 'trial-done': {
      const project = /^Tried on "([\s\S]*)" \(project \d+\): /.exec(reason.message)?.[1];
      return project === undefined
        ? t('pause.trialDoneUnknown')
        : t('pause.trialDone', { project });
    }
    case 'trial-failed': {
      const match =
        /^Tried on "([\s\S]*)" \(project \d+\), but [\s\S]*? Procore said: ([\s\S]*)\. Fix the cause/.exec(
          reason.message,
        );
      return match
        ? t('pause.trialFailed', { project: match[1] ?? '', message: match[2] ?? '' })
        : t('pause.trialFailedUnknown');
    }
    case 'interrupted': {
      const cause = /^The run stopped unexpectedly \(([\s\S]*)\)\. Resume/.exec(reason.message);
      return cause
        ? t('pause.interrupted', { message: cause[1] ?? '' })
        : t('pause.interruptedUnknown');
    }
  }
  return reason.message;
}

/** A project's failure: Procore's words as they are, except our own placeholder. */
export function problemMessage(problem: ProjectProblem): string {
  return problem.message === 'Failed' ? t('apiErrors.projectFailed') : problem.message;
}

/** What our server said went wrong, in the page's language (contract.ts `ApiErrorCode`). */
export function apiErrorText(error: ApiError): string {
  const quoted = (prefix: string, key: MessageKey) =>
    error.message.startsWith(prefix)
      ? t(key, { message: error.message.slice(prefix.length) })
      : null;
  switch (error.code) {
    case 'forbidden':
      return quoted('Procore refused: ', 'apiErrors.procoreRefused') ?? t('apiErrors.forbidden');
    case 'not-found':
      return (
        quoted('Procore could not find it: ', 'apiErrors.procoreNotFound') ??
        t('apiErrors.not-found')
      );
    case 'procore-unavailable':
      return (
        quoted('Procore could not be reached or failed: ', 'apiErrors.procoreFailed') ??
        t('apiErrors.procore-unavailable')
      );
    case 'unknown':
      return t('apiErrors.unknown', { status: String(error.status) });
    default:
      return Object.hasOwn(catalogs.en.apiErrors, error.code)
        ? t(`apiErrors.${error.code}`)
        : error.message;
  }
}

/** Any failure as the page shows it: our server's by its code, anything else as thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return apiErrorText(error);
  return error instanceof Error ? error.message : String(error);
}
