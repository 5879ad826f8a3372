import { Card, H2, H3, P, ProgressBar } from '@procore/core-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import styled from 'styled-components';
import type { LedgerOutcome, RunProgress } from '../../api/contract.ts';
import { companyQueries, isRunActive, resumeRun, retryFailed } from '../api/company.ts';
import { errorMessage, pauseReasonText } from '../i18n/server-text.ts';
import { ProblemList } from '../checklist/step-facts.tsx';
import { Button } from '../components/button.tsx';
import { ErrorNotice, InfoNotice } from '../components/notice.tsx';
import { VisuallyHidden } from '../components/visually-hidden.tsx';
import { DownloadReport } from '../completion/download-report.tsx';
import { formatDate, formatDuration, formatNumber, t } from '../i18n/t.ts';

const Body = styled.section`
  padding: 16px;
`;

const Counts = styled.dl`
  display: grid;
  gap: 4px 24px;
  grid-template-columns: repeat(5, auto);
  justify-content: start;
  margin: 12px 0;

  dt {
    grid-row: 1;
  }
  dd {
    font-size: 20px;
    font-weight: 600;
    grid-row: 2;
    margin: 0;
  }
`;

const OUTCOMES: readonly Exclude<LedgerOutcome, 'pending'>[] = [
  'added',
  'already_member',
  'retemplated',
  'failed',
  'skipped',
];
const UNDO_OUTCOMES: readonly Exclude<LedgerOutcome, 'pending'>[] = [
  'removed',
  'failed',
  'skipped',
];

function title(run: RunProgress): string {
  if (run.kind === 'undo') {
    if (isRunActive(run)) return t('undo.progressTitle');
    return t(run.status === 'succeeded' ? 'undo.titleDone' : 'undo.titleFailed');
  }
  if (isRunActive(run)) return t('progress.title');
  if (run.status === 'succeeded') return t('progress.titleDone');
  return t(run.status === 'cancelled' ? 'progress.titleCancelled' : 'progress.titleFailed');
}

/**
 * What screen readers hear. It only changes every 10% (or when the run pauses or ends), not
 * on every one-second poll, so it informs without drowning out everything else.
 */
function announcement(run: RunProgress, percent: number): string {
  if (run.status === 'paused') return t('progress.announcePaused');
  if (!isRunActive(run)) return t('progress.announceFinished');
  return t('progress.announce', { percent: Math.floor(percent / 10) * 10 });
}

/** A run's progress in projects (not pages), its outcome counts, and what to do when it stops. */
export function RunPanel(props: {
  run: RunProgress;
  canFix: boolean;
  showReport: boolean;
  focusOnMount: boolean;
  /** Offered on a finished fix: opens the undo review. */
  onUndo?: () => void;
}) {
  const { run, canFix } = props;
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const focusOnMount = useRef(props.focusOnMount);
  useEffect(() => {
    // The review dialog and its Fix permissions button are gone: take focus to the progress.
    if (focusOnMount.current) heading.current?.focus();
  }, []);

  const runQuery = companyQueries.run(run.companyId, run.runId);
  const act = useMutation({
    mutationFn: (action: 'resume' | 'retry') =>
      action === 'resume' ? resumeRun(run.runId) : retryFailed(run.runId),
    onSuccess: (next) => {
      queryClient.setQueryData(runQuery.queryKey, next);
      return queryClient.invalidateQueries(runQuery);
    },
  });

  const done = run.total - run.counts.pending;
  const percent = run.total > 0 ? (done / run.total) * 100 : isRunActive(run) ? 0 : 100;
  const progressText = t('progress.bar', { done, total: run.total });
  // A trial that worked waits for the admin; one that did not is an ordinary pause.
  const trialDone = run.status === 'trial-done' ? run.trial : null;
  return (
    <Card>
      <Body aria-labelledby="run-title">
        <H2 id="run-title" ref={heading} tabIndex={-1}>
          {title(run)}
        </H2>
        <P>
          {t('progress.startedBy', { name: run.startedBy.name, time: formatDate(run.startedAt) })}
          {run.resumedBy &&
            ` ${t('progress.resumedBy', { name: run.resumedBy.name, time: formatDate(run.resumedBy.at) })}`}
        </P>
        {run.status === 'running' && <P>{t(`progress.phase.${run.phase}`)}</P>}
        <ProgressBar
          value={percent}
          aria-label={t('progress.title')}
          aria-valuetext={progressText}
        />
        <P>{progressText}</P>
        <Counts>
          {(run.kind === 'undo' ? UNDO_OUTCOMES : OUTCOMES).map((outcome) => (
            <div key={outcome} style={{ display: 'contents' }}>
              <dt>{t(`progress.counts.${outcome}`)}</dt>
              <dd>{formatNumber(run.counts[outcome])}</dd>
            </div>
          ))}
        </Counts>
        {run.status === 'running' && run.etaSeconds !== null && (
          <P>{t('progress.eta', { duration: formatDuration(run.etaSeconds) })}</P>
        )}
        {run.status === 'trial-done' && (
          <InfoNotice
            title={t('progress.trialTitle')}
            action={
              canFix && (
                <Button loading={act.isPending} onClick={() => act.mutate('resume')}>
                  {t('progress.continue')}
                </Button>
              )
            }
          >
            {trialDone
              ? t('progress.trialReadable', { project: trialDone.projectName })
              : t('progress.trialNoProject')}
          </InfoNotice>
        )}
        {run.status === 'paused' && (
          <ErrorNotice
            action={
              canFix && (
                <Button loading={act.isPending} onClick={() => act.mutate('resume')}>
                  {t('progress.resume')}
                </Button>
              )
            }
          >
            {t('progress.paused', { reason: pauseReasonText(run.pausedReason) })}
          </ErrorNotice>
        )}
        {run.failures.length > 0 && (
          <>
            <H3>{t('progress.failuresTitle')}</H3>
            <ProblemList problems={run.failures} />
            {canFix && !isRunActive(run) && (
              <Button loading={act.isPending} onClick={() => act.mutate('retry')}>
                {t('progress.retryFailed')}
              </Button>
            )}
          </>
        )}
        {act.isError && (
          <ErrorNotice>
            {t('progress.actionFailed', { message: errorMessage(act.error) })}
          </ErrorNotice>
        )}
        {run.status === 'running' && <P>{t('progress.keepOpen')}</P>}
        {props.showReport && <DownloadReport runId={run.runId} />}
        {props.onUndo && canFix && run.kind !== 'undo' && !isRunActive(run) && (
          <Button variant="secondary" onClick={props.onUndo}>
            {t('undo.button')}
          </Button>
        )}
        <VisuallyHidden aria-live="polite">{announcement(run, percent)}</VisuallyHidden>
      </Body>
    </Card>
  );
}
