import type { PrivilegeExcess } from '../../api/contract.ts';
import type { Id } from '../../procore/types.ts';
import { templateOf } from '../facts.ts';
import { normalizeAccessLevel } from '../salus-requirements.ts';
import type { StepCheck } from './step.ts';
import { cannotCheck, complete, needsAttention, waitingFor } from './step.ts';

/** Tools a template's levels grant Admin on. */
const adminTools = (levels: Record<string, string>) =>
  Object.entries(levels)
    .filter(([, level]) => normalizeAccessLevel(level) === 'admin')
    .map(([tool]) => tool)
    .sort();

/**
 * A warning, not part of "Setup complete": the service account holds more than the SALUS
 * templates grant — another company template (worst when it carries Directory Admin or company
 * Admin), or project templates with Admin levels. A service account's token is a standing
 * credential: anything it may do, a leaked token may do too. Fix permissions sets it back to the
 * SALUS templates (company template, and every project on another template).
 */
export const checkOverPrivilege: StepCheck = ({ facts, links, templates }) => {
  if (facts.account.kind !== 'found') return waitingFor('over-privilege', 'service-account');
  const user = facts.account.user;
  const where = links.directoryUser(user.name);
  const excess: PrivilegeExcess[] = [];
  let unreadable: unknown = null;
  const levelsOf = (id: Id) => {
    const detail = facts.heldTemplates.get(id);
    if (!detail) return null;
    if (detail.ok) return adminTools(detail.value.user_access_levels);
    unreadable = detail.error;
    return null;
  };

  const companyId = templateOf(user, 'company');
  if (companyId !== null && companyId !== templates.company?.id) {
    const detail = facts.heldTemplates.get(companyId);
    const name =
      (detail?.ok ? detail.value.name : null) ??
      user.company_permission_template?.name ??
      `#${companyId}`;
    excess.push({
      scope: 'company',
      template: { id: companyId, name },
      adminTools: levelsOf(companyId),
      projects: 0,
    });
  }

  if (facts.access?.ok) {
    const counts = new Map<Id, number>();
    for (const id of facts.access.value.memberTemplates.values())
      if (id !== null && id !== templates.project?.id) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const [id, projects] of counts) {
      const tools = levelsOf(id);
      const detail = facts.heldTemplates.get(id);
      if (tools && tools.length > 0 && detail?.ok) {
        excess.push({
          scope: 'project',
          template: { id, name: detail.value.name },
          adminTools: tools,
          projects,
        });
      }
    }
  }

  const details = { step: 'over-privilege', excess } as const;
  if (excess.length === 0) {
    if (unreadable !== null) return cannotCheck('over-privilege', unreadable, where);
    return complete('over-privilege', details, where);
  }
  return needsAttention('over-privilege', { code: 'over-privileged', excess }, details, where);
};
