import { Button, Card, H2, P } from '@procore/core-react';
import { lazy, Suspense, useId } from 'react';
import styled from 'styled-components';
import type { AutoRepair, Completion, Id } from '../../api/contract.ts';
import { formatDate, t } from '../i18n/t.ts';
import { DownloadReport } from './download-report.tsx';

// Shown once setup is complete, never on the first screen of a company still to fix.
const AutoRepairToggle = lazy(() =>
  import('./auto-repair.tsx').then((m) => ({ default: m.AutoRepairToggle })),
);

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
  autoRepair?: { companyId: Id; state: AutoRepair; canFix: boolean };
}) {
  const { completion, reportRunId, onUndo, autoRepair } = props;
  const titleId = useId();
  return (
    <Card shadowStrength={2}>
      <Badge aria-labelledby={titleId}>
        <Title id={titleId}>
          <span aria-hidden="true">✓</span> {t('badge.title')}
        </Title>
        {/* SALUS support's notice is said once, by its own step in the checklist. */}
        {completion && (
          <P>
            {t('badge.completed', {
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
        {autoRepair && (
          <Suspense fallback={null}>
            <AutoRepairToggle
              companyId={autoRepair.companyId}
              autoRepair={autoRepair.state}
              canFix={autoRepair.canFix}
            />
          </Suspense>
        )}
      </Badge>
    </Card>
  );
}
