import type { StepId, StepReason } from '../api/contract.ts';
import type { CompanyCheck } from './check.ts';
import { COMPLETION_STEPS } from './steps/index.ts';

/**
 * What a company's setup state becomes after a check, decided from the state recorded before
 * and the check alone (the server persists it): complete, needs attention, or drifted (it was
 * complete and a later check found something changed).
 */

export type CompanyState = 'complete' | 'needs-attention' | 'drifted';

export interface Drift {
  /** When the change was first seen. */
  since: string;
  /** The completion steps that changed. */
  changes: StepId[];
}

export interface RecordedState {
  state: string | null;
  drift: Drift | null;
}

export type NextCompanyState =
  /** A viewer who sees only part of the company: it neither downgrades nor upgrades the record. */
  | { record: false; complete: boolean }
  | {
      record: true;
      state: CompanyState;
      complete: boolean;
      /**
       * The steps that need attention (the viewer's own and the notice's aside). A step that
       * could not be checked is not known to be a problem.
       */
      problems: StepId[];
      /** Every completion step passes now and did not before: a completion to record. */
      becameComplete: boolean;
      drift: Drift | null;
      /** What drifted, one entry per changed step, for SALUS support (sent once per problem). */
      driftNotices: { step: StepId; reason: StepReason | null; state: string }[];
    };

/** Steps that are about the viewer or the notice, not about the company's setup. */
export const NOT_PROBLEMS: readonly StepId[] = ['support-notified', 'admin'];

export function nextCompanyState(
  previous: RecordedState | null,
  check: Pick<CompanyCheck, 'steps' | 'complete' | 'limitedButConsistent'>,
  now: Date,
): NextCompanyState {
  if (check.limitedButConsistent)
    return { record: false, complete: previous?.state === 'complete' };
  const problems = check.steps
    .filter((s) => !NOT_PROBLEMS.includes(s.id) && s.state === 'needs-attention')
    .map((s) => s.id);
  const wasComplete = previous?.state === 'complete' || previous?.state === 'drifted';
  const changed = check.steps.filter(
    (s) => COMPLETION_STEPS.includes(s.id) && s.state !== 'complete',
  );
  const drifted = !check.complete && wasComplete;
  const drift = drifted
    ? { since: previous?.drift?.since ?? now.toISOString(), changes: changed.map((s) => s.id) }
    : null;
  return {
    record: true,
    state: check.complete ? 'complete' : drift ? 'drifted' : 'needs-attention',
    complete: check.complete,
    problems,
    becameComplete: check.complete && previous?.state !== 'complete',
    drift,
    driftNotices: drifted
      ? changed.map((s) => ({ step: s.id, reason: s.reason, state: s.state }))
      : [],
  };
}
