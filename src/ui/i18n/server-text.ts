import type {
  CompanyStatus,
  PauseReason,
  PrivilegeExcess,
  ProcoreAnswer,
  ProjectProblem,
  StepId,
  StepReason,
  StepResult,
} from '../../api/contract.ts';
import { ApiError } from '../api/http.ts';
import type { Locale } from './locale.tsx';
import { catalogs, currentLocale, formatList, t, type MessageKey } from './t.ts';

/**
 * The server's codes and facts in the page's language (contract.ts: the server speaks in codes,
 * the UI in words). Each code has its wording here, composed from the catalog and the code's own
 * parameters: a code without one fails the type check, and no sentence of the server's is read.
 */

/** French typography puts a (thin) space before a semicolon. */
const SEMICOLON: Record<Locale, string> = { en: '; ', es: '; ', fr: ' ; ' };

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

/** What Procore answered, in the page's language with Procore's own words. */
function procoreAnswerText(answer: ProcoreAnswer): string {
  return answer.status === null
    ? t('reasons.procoreNoAnswer', { message: answer.message })
    : t('reasons.procoreAnswered', { status: String(answer.status), message: answer.message });
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

type Wording<R extends { code: string }, Extra = never> = {
  [C in R['code']]: (reason: Extract<R, { code: C }>, extra: Extra) => string;
};

/** One wording per reason code: a code without one is a type error. */
const STEP_REASONS: Wording<StepReason, StepResult> = {
  'not-directory-admin': ({ accessLevel }) =>
    accessLevel
      ? t('reasons.notDirectoryAdmin', { level: accessLevelText(accessLevel) })
      : t('reasons.notDirectoryAdminNone'),
  'not-installed': () => t('reasons.notInstalled'),
  'not-connected': () => t('reasons.notConnected'),
  'pending-operation': () => t('reasons.pendingOperation'),
  'update-available': () => t('reasons.updateAvailable'),
  'several-candidates': ({ count }) => t('reasons.severalCandidates', { count }),
  'not-found': ({ prefix }) => t('reasons.notFound', { prefix }),
  waiting: ({ step }) =>
    t(step === 'app-installed' ? 'reasons.waitingForApp' : 'reasons.waitingForAccount'),
  'procore-error': ({ procore }) => procoreAnswerText(procore),
  'could-not-check': () => t('reasons.couldNotCheck'),
  'template-missing': ({ kind, name }, result) =>
    kind === 'company'
      ? t('reasons.companyTemplateMissing', { name })
      : result.id === 'project-access'
        ? t('reasons.projectTemplateMissingAccess')
        : t('reasons.projectTemplateMissing', { name }),
  'wrong-template': ({ current, required }) =>
    current
      ? t('reasons.wrongTemplate', { current, required })
      : t('reasons.wrongTemplateUnset', { required }),
  'wrong-default-template': ({ current, required }) =>
    current
      ? t('reasons.wrongDefaultTemplate', { current, required })
      : t('reasons.wrongDefaultTemplateUnset', { required }),
  'flag-unknown': () => t('reasons.flagUnknown'),
  'not-added-to-new-projects': () => t('reasons.notAddedToNewProjects'),
  'run-in-progress': () => t('reasons.runInProgress'),
  'projects-missing': (reason) => {
    const parts = [
      reason.missing > 0 && t('reasons.projectsMissingFrom', { count: reason.missing }),
      reason.wrongTemplate > 0 &&
        t('reasons.projectsWrongTemplate', { count: reason.wrongTemplate }),
      reason.unverified > 0 && t('reasons.projectsUnverified', { count: reason.unverified }),
    ].filter((part): part is string => typeof part === 'string');
    return t('reasons.projectsMissing', {
      on: reason.on,
      total: reason.total,
      parts: parts.join(', '),
    });
  },
  'limited-view': ({ count }, result) =>
    result.id === 'connection-test'
      ? t('reasons.limitedViewConnection', { count })
      : t('reasons.limitedViewAccess', { count }),
  'cannot-read': ({ failed, sampled, project }) =>
    t('reasons.cannotRead', { failed, sampled, project }),
  'projects-not-visible': ({ visible, active }) =>
    t('reasons.projectsNotVisible', { visible, active }),
  'over-privileged': ({ excess }) =>
    t('reasons.overPrivileged', {
      parts: excess.map(excessText).join(SEMICOLON[currentLocale()]),
    }),
  'not-yet': () => t('reasons.notYet'),
};

/** Why a step is not complete, in the page's language. */
export function stepReasonText(result: StepResult): string | null {
  const { reason } = result;
  if (!reason) return null;
  const word = STEP_REASONS[reason.code] as (reason: StepReason, result: StepResult) => string;
  return word(reason, result);
}

/** Why the plan cannot be applied: said the way the blocking step says it. */
export function blockedText(blockedBy: { step: StepId }, status: CompanyStatus): string {
  const step = status.steps.find((s) => s.id === blockedBy.step);
  return (step && stepReasonText(step)) ?? t('apiErrors.conflict');
}

const PAUSES: Wording<PauseReason> = {
  'app-not-connected': () => t('pause.appNotConnected'),
  'session-expired': () => t('pause.sessionExpired'),
  'account-not-updated': ({ field }) =>
    t('pause.accountNotUpdated', { field: t(`fix.fields.${field}`) }),
  'systemic-failure': ({ count, procore }) =>
    t('pause.systemicFailure', {
      count,
      message: procore.message,
      code: procore.status === null ? '—' : String(procore.status),
    }),
  'template-not-created': ({ name, procore }) =>
    procore
      ? t('pause.templateNotCreatedRefused', {
          name,
          code: procore.status === null ? '—' : String(procore.status),
          message: procore.message,
        })
      : t('pause.templateNotCreated', { name }),
  'trial-failed': ({ project, procore }) =>
    procore
      ? t('pause.trialFailed', {
          project,
          message:
            procore.status === null ? procore.message : `${procore.message} (${procore.status})`,
        })
      : t('pause.trialFailedNoAnswer'),
  interrupted: () => t('pause.interrupted'),
};

/** Why a run paused (setup/run.ts, server/run-manager.ts). */
export function pauseReasonText(reason: PauseReason | null): string {
  if (!reason) return '';
  const word = PAUSES[reason.code] as (reason: PauseReason, extra: never) => string;
  return word(reason, undefined as never);
}

/** A project's failure: Procore's words as they are, or that it gave none. */
export function problemMessage(problem: ProjectProblem): string {
  return problem.message ?? t('apiErrors.projectFailed');
}

/** What our server said went wrong, in the page's language (contract.ts `ApiErrorCode`). */
export function apiErrorText(error: ApiError): string {
  // Procore's own words, when the error is Procore's answer.
  const quoted = (key: MessageKey) =>
    error.procore ? t(key, { message: error.procore.message }) : null;
  switch (error.code) {
    case 'forbidden':
      return quoted('apiErrors.procoreRefused') ?? t('apiErrors.forbidden');
    case 'not-found':
      return quoted('apiErrors.procoreNotFound') ?? t('apiErrors.not-found');
    case 'procore-unavailable':
      return quoted('apiErrors.procoreFailed') ?? t('apiErrors.procore-unavailable');
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
