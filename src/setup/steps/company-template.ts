import { templateOf } from '../facts.ts';
import type { StepCheck } from './step.ts';
import { cannotCheck, complete, needsAttention, waitingFor } from './step.ts';

/** Step 3 — the account's company permission template is "SALUS Integration Account". */
export const checkCompanyTemplate: StepCheck = ({ ctx, facts, links, templates }) => {
  const requiredName = ctx.names.companyTemplate;
  if (facts.account.kind !== 'found')
    return waitingFor('company-template', 'the SALUS account is found');
  if (!facts.companyTemplates.ok) {
    return cannotCheck('company-template', facts.companyTemplates.error, links.permissions());
  }
  const user = facts.account.user;
  const currentId = templateOf(user, 'company');
  const currentName =
    user.company_permission_template?.name ??
    facts.companyTemplates.value.find((t) => t.id === currentId)?.name ??
    null;
  const required = templates.company;
  const details = {
    step: 'company-template',
    current: currentId ? { id: currentId, name: currentName ?? `#${currentId}` } : null,
    requiredName,
    required: required ? { id: required.id, name: required.name } : null,
  } as const;
  if (!required) {
    return needsAttention(
      'company-template',
      'template-missing',
      `The company permission template "${requiredName}" does not exist in this company. Fix permissions can create it with the access SALUS needs (or create it in Company Tools → Permissions).`,
      details,
      links.permissions(),
    );
  }
  if (currentId === required.id) return complete('company-template', details);
  return needsAttention(
    'company-template',
    'wrong-template',
    `The SALUS account's company template is ${currentName ? `"${currentName}"` : 'not set'}; it must be "${required.name}".`,
    details,
    links.directoryUser(user.name),
  );
};
