import type { StepResult } from '../../api/contract.ts';
import type { StepInput } from './step.ts';
import { complete, needsAttention } from './step.ts';

/**
 * Step 7 — SALUS support has the completion record. It reports; it never holds back the badge,
 * which depends only on the customer's side (steps 1–6). Once the completion is recorded there
 * is nothing left for the admin to do, whether the notice went out by webhook, is on its way, or
 * (no webhook configured) waits in the support view: each is complete, and says which.
 */
export const checkSupportNotified = ({ support }: Pick<StepInput, 'support'>): StepResult => {
  const details = { step: 'support-notified', status: support.status, at: support.at } as const;
  return support.status === 'not-yet'
    ? needsAttention('support-notified', { code: 'not-yet' }, details)
    : complete('support-notified', details);
};
