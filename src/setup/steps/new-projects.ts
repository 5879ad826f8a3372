import { templateOf } from '../facts.ts';
import type { StepCheck } from './step.ts';
import { cannotCheck, complete, needsAttention, waitingFor } from './step.ts';

/**
 * Step 4 — the account joins every new project, with "SALUS Project Integration" as its default
 * project template. Whether Procore's reads return `add_to_new_projects` is UNCONFIRMED: when
 * they do not, the PATCH response we recorded (with its date) is the evidence.
 */
export const checkNewProjects: StepCheck = ({ ctx, facts, links, templates }) => {
  const requiredName = ctx.names.projectTemplate;
  if (facts.account.kind !== 'found') return waitingFor('new-projects', 'service-account');
  if (!facts.projectTemplates.ok) {
    return cannotCheck('new-projects', facts.projectTemplates.error, links.permissions());
  }
  const user = facts.account.user;
  const currentId = templateOf(user, 'default');
  const currentName =
    user.permission_template?.name ??
    facts.projectTemplates.value.find((t) => t.id === currentId)?.name ??
    null;
  const evidence =
    typeof user.add_to_new_projects === 'boolean'
      ? { source: 'read' as const, at: new Date().toISOString(), value: user.add_to_new_projects }
      : ctx.addToNewProjectsEvidence
        ? { source: 'patch-response' as const, ...ctx.addToNewProjectsEvidence }
        : null;
  const required = templates.project;
  const details = {
    step: 'new-projects',
    addToNewProjects: evidence ? evidence.value : null,
    evidence: evidence ? { source: evidence.source, at: evidence.at } : null,
    currentDefault: currentId ? { id: currentId, name: currentName ?? `#${currentId}` } : null,
    requiredName,
    required: required ? { id: required.id, name: required.name } : null,
  } as const;
  const where = links.directoryUser(user.name);
  if (!required) {
    return needsAttention(
      'new-projects',
      { code: 'template-missing', kind: 'project', name: requiredName },
      details,
      links.permissions(),
    );
  }
  if (currentId !== required.id) {
    return needsAttention(
      'new-projects',
      {
        code: 'wrong-default-template',
        current: details.currentDefault?.name ?? null,
        required: required.name,
      },
      details,
      where,
    );
  }
  if (details.addToNewProjects === null) {
    return needsAttention('new-projects', { code: 'flag-unknown' }, details, where);
  }
  if (!details.addToNewProjects) {
    return needsAttention('new-projects', { code: 'not-added-to-new-projects' }, details, where);
  }
  return complete('new-projects', details, where);
};
