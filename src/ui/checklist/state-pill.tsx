import { Pill, type PillColor } from '@procore/core-react';
import type { CheckState } from '../../api/contract.ts';
import { t } from '../i18n/t.ts';

export type PillState = CheckState | 'checking';

const COLORS: Record<PillState, PillColor> = {
  complete: 'green',
  'needs-attention': 'yellow',
  checking: 'blue',
  'cannot-check': 'gray',
};

export function StatePill({ state }: { state: PillState }) {
  return <Pill color={COLORS[state]}>{t(`pill.${state}`)}</Pill>;
}
