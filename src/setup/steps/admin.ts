import { directoryLevel, isDirectoryAdmin } from '../facts.ts';
import type { StepCheck } from './step.ts';
import { cannotCheck, complete, needsAttention } from './step.ts';

/**
 * Step 0 — the signed-in user may change Directory permissions. Procore rejects the three
 * permission fields "unless the requesting user has Directory Admin permissions" (§3.2), so
 * without it every check still runs, read-only, and nothing is ever written.
 */
export const checkAdmin: StepCheck = ({ facts, links }) => {
  if (!facts.permissions.ok)
    return cannotCheck('admin', facts.permissions.error, links.myPermissions());
  const level = directoryLevel(facts.permissions.value);
  const isAdmin = isDirectoryAdmin(facts.permissions.value);
  const details = { step: 'admin', isAdmin, accessLevel: level } as const;
  return isAdmin
    ? complete('admin', details)
    : needsAttention(
        'admin',
        { code: 'not-directory-admin', accessLevel: level },
        details,
        links.myPermissions(),
      );
};
