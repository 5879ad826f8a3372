import { Button, Card, H2, P } from '@procore/core-react';
import { useId } from 'react';
import styled from 'styled-components';
import type { Completion, Id } from '../../api/contract.ts';
import { formatDate, t } from '../i18n/t.ts';
import { AutoRepairSlot, type AutoRepairSlotProps } from './auto-repair-slot.tsx';
import { DownloadReport } from './download-report.tsx';

const Badge = styled.section`
  border-left: 8px solid hsl(125, 50%, 30%);
  padding: 16px 24px;
`;

const Title = styled(H2)`
  color: hsl(125, 50%, 25%);
  font-size: 28px;
`;

/**
 * Shown only when the server says the company's configuration passes every check, live
 * (`status.complete`); it is the one place the completion phrase appears.
 */
export function CompletionBadge(props: {
  completion: Completion | null;
  reportRunId: Id | null;
  /** Offered to an admin when the fix that completed setup can be reviewed for undoing. */
  onUndo?: () => void;
  /** Keep SALUS set up automatically (issue #20): shown once the company is watched. */
  autoRepair?: AutoRepairSlotProps;
}) {
  const { completion, reportRunId, onUndo, autoRepair } = props;
  const titleId = useId();
  const byRepair = !!completion?.runId && completion.runId === autoRepair?.state.lastRepair?.runId;
  return (
    <Card shadowStrength={2}>
      <Badge aria-labelledby={titleId}>
        <Title id={titleId}>
          <span aria-hidden="true">✓</span> {t('badge.title')}
        </Title>
        {/* SALUS support's notice is said once, by its own step in the checklist. */}
        {completion && (
          <P>
            {t(byRepair ? 'badge.completedByRepair' : 'badge.completed', {
              date: formatDate(completion.completedAt),
              name: completion.completedBy.name,
            })}
          </P>
        )}
        {reportRunId && <DownloadReport runId={reportRunId} />}
        {onUndo && (
          <P>
            <Button variant="tertiary" onClick={onUndo}>
              {t('undo.button')}
            </Button>
          </P>
        )}
        {/* A repair that completed setup is said once, above: not again as "last repair". */}
        {autoRepair && <AutoRepairSlot {...autoRepair} lastRepairShown={byRepair} />}
      </Badge>
    </Card>
  );
}
