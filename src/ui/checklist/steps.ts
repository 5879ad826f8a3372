import {
  COMPLETION_STEP_IDS,
  STEP_IDS,
  type CompanyStatus,
  type StepDetails,
  type StepId,
  type StepResult,
} from '../../api/contract.ts';

/** The checklist, in the order a person works through it. */
export const STEP_ORDER: readonly StepId[] = STEP_IDS;

/** Steps the Fix permissions run can change. */
const FIXABLE: readonly StepId[] = [
  'company-template',
  'new-projects',
  'project-access',
  'over-privilege',
];

export function findStep(status: CompanyStatus, id: StepId): StepResult | null {
  return status.steps.find((step) => step.id === id) ?? null;
}

export function stepDetails<S extends StepId>(
  status: CompanyStatus,
  id: S,
): Extract<StepDetails, { step: S }> | null {
  const details = findStep(status, id)?.details;
  return details?.step === id ? (details as Extract<StepDetails, { step: S }>) : null;
}

/** What the company screen has to explain before (or instead of) offering the fix. */
export function situation(status: CompanyStatus) {
  const app = stepDetails(status, 'app-installed');
  const account = stepDetails(status, 'service-account');
  const companyTemplate = stepDetails(status, 'company-template');
  const newProjects = stepDetails(status, 'new-projects');
  const missingTemplates = {
    company: companyTemplate && !companyTemplate.required ? companyTemplate.requiredName : null,
    project: newProjects && !newProjects.required ? newProjects.requiredName : null,
  };
  const appMissing = app?.installed === false;
  const candidates = account && !account.account && account.candidates.length > 1;
  // A step we could read but which is not right yet; a step Procore would not answer for is
  // not something the fix can change.
  const fixable = FIXABLE.some((id) => {
    const step = findStep(status, id);
    return step !== null && step.details !== null && step.state !== 'complete';
  });
  // Missing templates do not hide the fix: whether it can create them is the plan's call, and
  // its `blockedBy` explains when it cannot.
  return {
    appMissing,
    candidates: candidates ? account.candidates : null,
    missingTemplates,
    canOfferFix:
      status.viewer.canFix &&
      !status.complete &&
      !status.activeRun &&
      fixable &&
      !appMissing &&
      !candidates,
  };
}

/**
 * The one line at the top of the page: how many of the steps "Setup complete" depends on need
 * attention, and which (then the ones that could not be checked); null when none is open.
 */
export function openSteps(status: CompanyStatus) {
  const steps = COMPLETION_STEP_IDS.map((id) => ({ id, step: findStep(status, id) }));
  const attention = steps.filter((s) => s.step?.state === 'needs-attention').map((s) => s.id);
  // A step waiting for an earlier one is not a separate problem: the earlier one is named.
  const unchecked = steps
    .filter((s) => s.step?.state === 'cannot-check' && s.step.reason?.code !== 'waiting')
    .map((s) => s.id);
  if (status.complete || attention.length + unchecked.length === 0) return null;
  return { total: COMPLETION_STEP_IDS.length, attention, unchecked };
}
