import type { AccountSummary } from '../../api/contract.ts';
import type { CompanyUser } from '../../procore/types.ts';
import type { StepCheck } from './step.ts';
import { cannotCheck, complete, needsAttention, waitingFor } from './step.ts';

export const toAccount = (u: CompanyUser): AccountSummary => ({
  id: u.id,
  name: u.name,
  email: u.email_address ?? null,
  createdAt: u.created_at ?? null,
});

/**
 * Step 2 — the SALUS service account (`salus-integration-xxxxxxxx`): named by the app's own token
 * when Procore allows, else found by its prefix; several candidates are never guessed between.
 */
export const checkServiceAccount: StepCheck = ({ ctx, facts, links }) => {
  const account = facts.account;
  const details = {
    step: 'service-account' as const,
    account: null,
    candidates: [] as AccountSummary[],
    method: null,
  };
  switch (account.kind) {
    case 'found':
      return complete(
        'service-account',
        { ...details, account: toAccount(account.user), method: account.method },
        links.directoryUser(account.user.name),
      );
    case 'several':
      return needsAttention(
        'service-account',
        'several-candidates',
        `${account.candidates.length} directory users look like the SALUS account. Pick the one the SALUS app created.`,
        { ...details, candidates: account.candidates.map(toAccount) },
        links.directoryUser(ctx.names.accountPrefix),
      );
    case 'none':
      return needsAttention(
        'service-account',
        'not-found',
        `No active directory user named ${ctx.names.accountPrefix}… exists. Installing the SALUS app creates it.`,
        details,
        links.appManagement(),
      );
    case 'not-connected':
      return waitingFor('service-account', 'the SALUS app is installed', links.appManagement());
    case 'error':
      return cannotCheck(
        'service-account',
        account.error,
        links.directoryUser(ctx.names.accountPrefix),
      );
  }
};
