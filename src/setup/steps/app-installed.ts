import type { AppInstallation } from '../../procore/types.ts';
import { SALUS_APP_NAME, SALUS_APP_VERSION_ID } from '../context.ts';
import type { StepCheck } from './step.ts';
import { cannotCheck, complete, needsAttention } from './step.ts';

/**
 * Our installation: `app_uid` (or `developer_app.uid`) equals our client id; whether that holds
 * is UNCONFIRMED, so an installed app named SALUS is accepted when no uid matches (§6.1).
 */
export function findInstallation(installations: AppInstallation[], clientId: string) {
  const installed = installations.filter((i) => i.status === 'installed');
  return (
    installed.find((i) => i.app_uid === clientId || i.developer_app?.uid === clientId) ??
    installed.find((i) => SALUS_APP_NAME.test(i.developer_app?.name ?? '')) ??
    null
  );
}

/** Step 1 — the SALUS app is installed, with no permissions reapply in flight or update waiting. */
export const checkAppInstalled: StepCheck = ({ ctx, facts, links }) => {
  const base = {
    step: 'app-installed',
    installed: false,
    installationId: null,
    version: null,
    pendingOperation: false,
    updateAvailable: false,
    appVersionId: SALUS_APP_VERSION_ID,
  } as const;
  const notInstalled = (code: 'not-installed' | 'not-connected') =>
    needsAttention('app-installed', { code }, base, links.appManagement());

  if (facts.account.kind === 'not-connected') return notInstalled('not-connected');
  if (!facts.installations.ok) {
    // Reading App Management may need more rights than the viewer has; the app's own token
    // working is proof enough that it is installed and connected.
    if (facts.account.kind === 'found' && facts.account.method === 'client-credentials') {
      return complete('app-installed', { ...base, installed: true });
    }
    return cannotCheck('app-installed', facts.installations.error, links.appManagement());
  }
  const ours = findInstallation(facts.installations.value, ctx.clientId);
  if (!ours) return notInstalled('not-installed');
  const details = {
    ...base,
    installed: true,
    installationId: ours.id,
    version: ours.semantic_version ?? null,
    pendingOperation: Boolean(ours.pending_operation_id),
    updateAvailable: Boolean(ours.updatable_app_version_id),
  };
  if (details.pendingOperation) {
    return needsAttention(
      'app-installed',
      { code: 'pending-operation' },
      details,
      links.appManagement(),
    );
  }
  if (details.updateAvailable) {
    return needsAttention(
      'app-installed',
      { code: 'update-available' },
      details,
      links.appManagement(),
    );
  }
  return complete('app-installed', details);
};
