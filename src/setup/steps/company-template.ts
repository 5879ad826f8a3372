import { templateOf } from '../facts.ts';
import type { StepCheck } from './step.ts';
import { cannotCheck, complete, needsAttention, waitingFor } from './step.ts';

/** Step 3 — the account's company permission template is "SALUS Integration Account". */
export const checkCompanyTemplate: StepCheck = ({ ctx, facts, links, templates }) => {
  const requiredName = ctx.names.companyTemplate;
  if (facts.account.kind !== 'found') return waitingFor('company-template', 'service-account');
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
      { code: 'template-missing', kind: 'company', name: requiredName },
      details,
      links.permissions(),
    );
  }
  if (currentId === required.id) return complete('company-template', details);
  return needsAttention(
    'company-template',
    { code: 'wrong-template', current: details.current?.name ?? null, required: required.name },
    details,
    links.directoryUser(user.name),
  );
};
