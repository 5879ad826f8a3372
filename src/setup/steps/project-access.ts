import { LIMITED_VIEW, summarizeAccess, viewerSeesAllProjects } from '../facts.ts';
import type { StepCheck } from './step.ts';
import { cannotCheck, complete, needsAttention, runInProgress, waitingFor } from './step.ts';

/**
 * Step 5 — the account is on every active project with the SALUS project template. Inactive
 * projects are counted apart, never required and never written to.
 */
export const checkProjectAccess: StepCheck = ({ ctx, facts, links, templates }) => {
  if (facts.account.kind === 'found' && ctx.skipProjectReads)
    return runInProgress('project-access');
  if (facts.account.kind !== 'found' || !facts.access) {
    return waitingFor('project-access', 'the SALUS account is found');
  }
  const where = links.projectSettings(facts.account.user.name);
  if (!facts.access.ok) return cannotCheck('project-access', facts.access.error, where);
  const access = facts.access.value;
  const summary = summarizeAccess(access, templates.project?.id ?? null);
  const details = {
    step: 'project-access',
    activeTotal: access.active.length,
    onWithTemplate: summary.onWithTemplate,
    missing: summary.missing.length,
    wrongTemplate: summary.wrongTemplate.length,
    unverified: summary.unverified.length,
    inactiveTotal: access.inactive.length,
    membershipFrom: access.source,
    fallback: access.fallback,
    templatesVerified: access.verification.verified,
    templatesVerifiedAt: access.verification.oldestAt,
  } as const;
  if (!templates.project) {
    return needsAttention(
      'project-access',
      'template-missing',
      'The SALUS project template does not exist yet, so no project has it. Fix permissions can create it, then add the account to every project with it.',
      details,
      links.permissions(),
    );
  }
  const fine = details.missing === 0 && details.wrongTemplate === 0 && details.unverified === 0;
  if (fine && !viewerSeesAllProjects(facts)) {
    return {
      id: 'project-access',
      state: 'cannot-check',
      reason: {
        code: LIMITED_VIEW,
        message: `Procore shows you only the projects you are on. On those ${details.activeTotal}, the SALUS account is set up; a company admin can check every project.`,
      },
      details,
      procore: where,
    };
  }
  if (fine) return complete('project-access', details, where);
  const parts = [
    details.missing > 0 ? `missing from ${details.missing}` : null,
    details.wrongTemplate > 0 ? `${details.wrongTemplate} with another template` : null,
    details.unverified > 0 ? `${details.unverified} whose template is not verified yet` : null,
  ].filter(Boolean);
  return needsAttention(
    'project-access',
    'projects-missing',
    `The SALUS account is on ${details.onWithTemplate} of ${details.activeTotal} active projects with the SALUS template: ${parts.join(', ')}.`,
    details,
    where,
  );
};
