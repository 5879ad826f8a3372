import { COMPLETION_STEP_IDS, STEP_IDS, type StepId } from '../../api/contract.ts';
import { checkAdmin } from './admin.ts';
import { checkAppInstalled } from './app-installed.ts';
import { checkCompanyTemplate } from './company-template.ts';
import { checkConnection } from './connection-test.ts';
import { checkNewProjects } from './new-projects.ts';
import { checkOverPrivilege } from './over-privilege.ts';
import { checkProjectAccess } from './project-access.ts';
import { checkServiceAccount } from './service-account.ts';
import type { StepCheck } from './step.ts';
import { checkSupportNotified } from './support-notified.ts';

const CHECKS: Record<StepId, StepCheck> = {
  admin: checkAdmin,
  'app-installed': checkAppInstalled,
  'service-account': checkServiceAccount,
  'company-template': checkCompanyTemplate,
  'new-projects': checkNewProjects,
  'project-access': checkProjectAccess,
  'connection-test': checkConnection,
  // A warning: more access than SALUS needs does not stop the integration working.
  'over-privilege': checkOverPrivilege,
  'support-notified': checkSupportNotified,
};

/** The steps in the order the admin sees them (contract.ts `STEP_IDS`, DESIGN.md §5). */
export const STEPS: readonly { id: StepId; check: StepCheck }[] = STEP_IDS.map((id) => ({
  id,
  check: CHECKS[id],
}));

/** "Setup complete" means these all pass, verified live; the viewer and the notice do not count. */
export const COMPLETION_STEPS: readonly StepId[] = COMPLETION_STEP_IDS;

export type { StepInput } from './step.ts';
