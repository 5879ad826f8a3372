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
        { code: 'several-candidates', count: account.candidates.length },
        { ...details, candidates: account.candidates.map(toAccount) },
        links.directory(),
      );
    case 'none':
      return needsAttention(
        'service-account',
        { code: 'not-found', prefix: ctx.names.accountPrefix },
        details,
        links.appManagement(),
      );
    case 'not-connected':
      return waitingFor('service-account', 'app-installed', links.appManagement());
    case 'error':
      return cannotCheck('service-account', account.error, links.directory());
  }
};
