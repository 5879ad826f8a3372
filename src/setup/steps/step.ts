import type {
  ProcoreAnswer,
  StepDetails,
  StepId,
  StepReason,
  StepResult,
} from '../../api/contract.ts';
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
  reason: StepReason,
  details: StepDetails | null,
  procore: ProcoreLocation | null = null,
) {
  return { id, state: 'needs-attention', reason, details, procore } satisfies StepResult;
}

/** What Procore answered, from its error; null when the failure is not Procore's answer. */
export function procoreAnswer(error: unknown): ProcoreAnswer | null {
  return isProcoreApiError(error)
    ? { status: error.status ?? null, message: error.procoreMessage }
    : null;
}

/** "Can't check": Procore could not be asked, with its own words when it gave any. */
export function cannotCheck(
  id: StepId,
  error: unknown,
  procore: ProcoreLocation | null = null,
): StepResult {
  const answer = procoreAnswer(error);
  return {
    id,
    state: 'cannot-check',
    reason: answer ? { code: 'procore-error', procore: answer } : { code: 'could-not-check' },
    details: null,
    procore,
  };
}

/** "Can't check" with what was seen, for a reason that is not a failure (e.g. a limited view). */
export function cannotJudge(
  id: StepId,
  reason: StepReason,
  details: StepDetails | null,
  procore: ProcoreLocation | null = null,
): StepResult {
  return { id, state: 'cannot-check', reason, details, procore };
}

/**
 * A fix is changing the account's projects right now: they are checked once it ends, not while
 * every read would race the run and spend the requests it needs.
 */
export function runInProgress(id: StepId): StepResult {
  return cannotJudge(id, { code: 'run-in-progress' }, null);
}

/** A prerequisite step (`step`) is not complete, so this one cannot be judged yet. */
export function waitingFor(
  id: StepId,
  step: StepId,
  procore: ProcoreLocation | null = null,
): StepResult {
  return cannotJudge(id, { code: 'waiting', step }, null, procore);
}

export const accountName = (input: StepInput) =>
  input.facts.account.kind === 'found'
    ? input.facts.account.user.name
    : `${input.ctx.names.accountPrefix}…`;
