import { summarizeAccess, viewerSeesAllProjects } from '../facts.ts';
import type { StepCheck } from './step.ts';
import {
  cannotCheck,
  cannotJudge,
  complete,
  needsAttention,
  runInProgress,
  waitingFor,
} from './step.ts';

/**
 * Step 5 — the account is on every active project with the SALUS project template. Inactive
 * projects are counted apart, never required and never written to.
 */
export const checkProjectAccess: StepCheck = ({ ctx, facts, links, templates }) => {
  if (facts.account.kind === 'found' && ctx.skipProjectReads)
    return runInProgress('project-access');
  if (facts.account.kind !== 'found' || !facts.access) {
    return waitingFor('project-access', 'service-account');
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
      { code: 'template-missing', kind: 'project', name: ctx.names.projectTemplate },
      details,
      links.permissions(),
    );
  }
  const fine = details.missing === 0 && details.wrongTemplate === 0 && details.unverified === 0;
  if (fine && !viewerSeesAllProjects(facts)) {
    return cannotJudge(
      'project-access',
      { code: 'limited-view', count: details.activeTotal },
      details,
      where,
    );
  }
  if (fine) return complete('project-access', details, where);
  return needsAttention(
    'project-access',
    {
      code: 'projects-missing',
      on: details.onWithTemplate,
      total: details.activeTotal,
      missing: details.missing,
      wrongTemplate: details.wrongTemplate,
      unverified: details.unverified,
    },
    details,
    where,
  );
};
