import type { StepResult } from '../../api/contract.ts';
import type { StepInput } from './step.ts';
import { complete, needsAttention } from './step.ts';

/**
 * Step 7 — SALUS support has the completion record. It reports; it never holds back the badge,
 * which depends only on the customer's side (steps 1–6).
 */
export const checkSupportNotified = ({ support }: Pick<StepInput, 'support'>): StepResult => {
  const details = { step: 'support-notified', status: support.status, at: support.at } as const;
  switch (support.status) {
    case 'delivered':
      return complete('support-notified', details);
    case 'queued':
      return needsAttention('support-notified', { code: 'queued' }, details);
    case 'held':
      return needsAttention('support-notified', { code: 'held' }, details);
    case 'not-yet':
      return needsAttention('support-notified', { code: 'not-yet' }, details);
  }
};
