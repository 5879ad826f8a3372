import type { StepId } from '../../api/contract.ts';
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

/** The steps in the order the admin sees them (DESIGN.md §5, the engine issue). */
export const STEPS: readonly { id: StepId; check: StepCheck }[] = [
  { id: 'admin', check: checkAdmin },
  { id: 'app-installed', check: checkAppInstalled },
  { id: 'service-account', check: checkServiceAccount },
  { id: 'company-template', check: checkCompanyTemplate },
  { id: 'new-projects', check: checkNewProjects },
  { id: 'project-access', check: checkProjectAccess },
  { id: 'connection-test', check: checkConnection },
  // A warning: more access than SALUS needs does not stop the integration working.
  { id: 'over-privilege', check: checkOverPrivilege },
  { id: 'support-notified', check: checkSupportNotified },
];

/** "Setup complete" means these all pass, verified live; the viewer and the notice do not count. */
export const COMPLETION_STEPS: readonly StepId[] = [
  'app-installed',
  'service-account',
  'company-template',
  'new-projects',
  'project-access',
  'connection-test',
];

export type { StepInput } from './step.ts';
