import type { StepDetails, StepId, StepResult } from '../../api/contract.ts';
import { isProcoreApiError } from '../../procore/errors.ts';
import type { PermissionTemplate } from '../../procore/types.ts';
import type { SetupContext } from '../context.ts';
import type { CompanyFacts } from '../facts.ts';
import type { ProcoreLinks, ProcoreLocation } from '../procore-links.ts';

/** What every step's check reads: the live facts plus what the server knows of this company. */
export interface StepInput {
  ctx: SetupContext;
  facts: CompanyFacts;
  links: ProcoreLinks;
  templates: { company: PermissionTemplate | null; project: PermissionTemplate | null };
  support: { status: 'delivered' | 'queued' | 'held' | 'not-yet'; at: string | null };
}

export type StepCheck = (input: StepInput) => StepResult;

export function complete(id: StepId, details: StepDetails, procore: ProcoreLocation | null = null) {
  return { id, state: 'complete', reason: null, details, procore } satisfies StepResult;
}

export function needsAttention(
  id: StepId,
  code: string,
  message: string,
  details: StepDetails | null,
  procore: ProcoreLocation | null = null,
) {
  return {
    id,
    state: 'needs-attention',
    reason: { code, message },
    details,
    procore,
  } satisfies StepResult;
}

/** "Can't check": Procore could not be asked, with its own words when it gave any. */
export function cannotCheck(
  id: StepId,
  error: unknown,
  procore: ProcoreLocation | null = null,
  code = 'procore-error',
): StepResult {
  const message = isProcoreApiError(error)
    ? `Procore answered ${error.status ?? 'nothing'}: ${error.procoreMessage}`
    : `Could not check: ${error instanceof Error ? error.message : String(error)}`;
  return { id, state: 'cannot-check', reason: { code, message }, details: null, procore };
}

/**
 * A fix is changing the account's projects right now: they are checked once it ends, not while
 * every read would race the run and spend the requests it needs.
 */
export function runInProgress(id: StepId): StepResult {
  return {
    id,
    state: 'cannot-check',
    reason: {
      code: 'run-in-progress',
      message: 'A fix is adding the SALUS account to projects; this is checked again when it ends.',
    },
    details: null,
    procore: null,
  };
}

/** A prerequisite step is not complete, so this one cannot be judged yet. */
export function waitingFor(
  id: StepId,
  what: string,
  procore: ProcoreLocation | null = null,
): StepResult {
  return {
    id,
    state: 'cannot-check',
    reason: { code: 'waiting', message: `Checked once ${what}.` },
    details: null,
    procore,
  };
}

export const accountName = (input: StepInput) =>
  input.facts.account.kind === 'found'
    ? input.facts.account.user.name
    : `${input.ctx.names.accountPrefix}…`;
