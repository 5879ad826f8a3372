import { Pill, type PillColor } from '@procore/core-react';
import type { CheckState } from '../../api/contract.ts';
import { t } from '../i18n/t.ts';

/** 'note': a step outside "Setup complete" that is not met, on a company that is complete. */
export type PillState = CheckState | 'checking' | 'note';

const COLORS: Record<PillState, PillColor> = {
  complete: 'green',
  'needs-attention': 'yellow',
  checking: 'blue',
  'cannot-check': 'gray',
  note: 'cyan',
};

export function StatePill({ state }: { state: PillState }) {
  return <Pill color={COLORS[state]}>{t(`pill.${state}`)}</Pill>;
}
