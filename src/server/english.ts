import type { PauseReason, StepId, StepReason } from '../api/contract.ts';

/**
 * The server's only sentences: what a step's reason or a run's pause means, in English, for
 * SALUS support's webhook and for logs. The admin never reads these: the SPA words the same
 * codes from its own catalogs, in their language.
 */

const STEP_NAMES: Record<StepId, string> = {
  admin: 'Directory admin',
  'app-installed': 'SALUS app installed',
  'service-account': 'SALUS service account',
  'company-template': 'company permission template',
  'new-projects': 'added to new projects',
  'project-access': 'access to current projects',
  'connection-test': 'connection test',
  'over-privilege': 'no more access than needed',
  'support-notified': 'SALUS support told',
};

const procore = (answer: { status: number | null; message: string } | null) =>
  answer ? ` (Procore: ${answer.status ?? 'no answer'} ${answer.message})` : '';

export function stepReasonEnglish(reason: StepReason): string {
  switch (reason.code) {
    case 'not-directory-admin':
      return `The viewer has ${reason.accessLevel ?? 'no'} access to the company Directory.`;
    case 'not-installed':
      return 'The SALUS app is not installed.';
    case 'not-connected':
      return 'Procore says the SALUS app is not connected to this company.';
    case 'pending-operation':
      return 'Procore is still applying the SALUS app permissions.';
    case 'update-available':
      return 'An update of the SALUS app is waiting in App Management.';
    case 'several-candidates':
      return `${reason.count} directory users look like the SALUS account.`;
    case 'not-found':
      return `No active directory user named ${reason.prefix}… exists.`;
    case 'waiting':
      return `Checked once "${STEP_NAMES[reason.step]}" is complete.`;
    case 'procore-error':
      return `Procore could not be asked${procore(reason.procore)}.`;
    case 'could-not-check':
      return 'Could not check (an error on our side; see the logs).';
    case 'template-missing':
      return `The ${reason.kind} permission template "${reason.name}" does not exist.`;
    case 'wrong-template':
      return `The account's company template is ${reason.current ? `"${reason.current}"` : 'not set'}; it must be "${reason.required}".`;
    case 'wrong-default-template':
      return `New projects would give the account ${reason.current ? `"${reason.current}"` : 'no template'}; it must be "${reason.required}".`;
    case 'flag-unknown':
      return 'Procore does not report whether the account joins new projects.';
    case 'not-added-to-new-projects':
      return 'The account is not added to new projects.';
    case 'run-in-progress':
      return 'A fix is running; checked when it ends.';
    case 'projects-missing':
      return `The account is on ${reason.on} of ${reason.total} active projects with the SALUS template (missing from ${reason.missing}, ${reason.wrongTemplate} with another template, ${reason.unverified} unconfirmed).`;
    case 'limited-view':
      return `The viewer sees only the ${reason.count} projects they are on.`;
    case 'cannot-read':
      return `The account cannot read ${reason.failed} of ${reason.sampled} sampled projects (first: ${reason.project}).`;
    case 'projects-not-visible':
      return `The account can see ${reason.visible} of ${reason.active} active projects.`;
    case 'over-privileged':
      return `The account holds more than the SALUS templates: ${reason.excess.map((e) => `${e.scope} template "${e.template.name}"`).join(', ')}.`;
    case 'not-yet':
      return 'Setup is not complete yet.';
  }
}

export function pauseReasonEnglish(reason: PauseReason): string {
  switch (reason.code) {
    case 'app-not-connected':
      return 'Procore says the SALUS app is not connected to this company.';
    case 'session-expired':
      return 'The acting admin’s Procore sign-in expired.';
    case 'account-not-updated':
      return `The account change was sent to Procore but ${reason.field} reads back differently.`;
    case 'systemic-failure':
      return `${reason.count} projects in a row failed alike${procore(reason.procore)}.`;
    case 'template-not-created':
      return `Procore did not create the template "${reason.name}"${procore(reason.procore)}.`;
    case 'trial-failed':
      return `The service account cannot read the trial project "${reason.project}"${procore(reason.procore)}.`;
    case 'interrupted':
      return 'The run stopped on an unexpected error (see the logs).';
  }
}
