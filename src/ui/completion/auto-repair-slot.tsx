import { lazy, Suspense } from 'react';
import type { AutoRepair, Id } from '../../api/contract.ts';

// Never on the first screen of a company still to fix: loaded when first shown.
const AutoRepairToggle = lazy(() =>
  import('./auto-repair.tsx').then((m) => ({ default: m.AutoRepairToggle })),
);

export interface AutoRepairSlotProps {
  companyId: Id;
  state: AutoRepair;
  canFix: boolean;
  /** The last repair is already said on the page (it completed setup). */
  lastRepairShown?: boolean;
}

/**
 * Keep SALUS set up automatically (issue #20), where the page offers it: on the completion badge,
 * and, while something changed after completion (no badge), in "Keeping SALUS set up", so that a
 * paused repair still says who must allow it again and the box can still be cleared.
 */
export function AutoRepairSlot(props: AutoRepairSlotProps) {
  return (
    <Suspense fallback={null}>
      <AutoRepairToggle
        companyId={props.companyId}
        autoRepair={props.state}
        canFix={props.canFix}
        lastRepairShown={props.lastRepairShown ?? false}
      />
    </Suspense>
  );
}
