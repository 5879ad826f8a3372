import { Card, H2, H3, P, ProgressBar } from '@procore/core-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import styled from 'styled-components';
import type {
  LedgerOutcome,
  PauseReason,
  RunPhase,
  RunProgress,
  TrialResult,
} from '../../api/contract.ts';
import { cancelRun, companyQueries, isRunActive, resumeRun, retryFailed } from '../api/company.ts';
import { errorMessage, pauseReasonText } from '../i18n/server-text.ts';
import { ProblemList } from '../checklist/step-facts.tsx';
import { Button } from '../components/button.tsx';
import { ErrorNotice, InfoNotice } from '../components/notice.tsx';
import { VisuallyHidden } from '../components/visually-hidden.tsx';
import { DownloadReport } from '../completion/download-report.tsx';
import { formatDate, formatDuration, formatList, formatNumber, t } from '../i18n/t.ts';

const Body = styled.section`
  padding: 16px;
`;

const Actions = styled.div`
  align-items: center;
  display: flex;
  flex-wrap: wrap;
  gap: 8px 16px;

  p {
    flex: 1 1 20rem;
    margin: 0;
  }
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

/**
 * The panel's one state, from the run record's (contract.ts `RunStatus`): running in a phase, or
 * stopping after a Cancel; paused, with why and what to do; its trial done; or ended.
 * Each state says one thing and offers its own actions, so no two sentences contradict.
 */
export type PanelState =
  | { kind: 'running'; phase: RunPhase }
  | { kind: 'stopping' }
  | { kind: 'paused'; reason: PauseReason | null }
  | { kind: 'trial-done'; trial: TrialResult | null }
  | { kind: 'succeeded' }
  | { kind: 'failed' }
  | { kind: 'cancelled' };

export function panelState(run: RunProgress): PanelState {
  switch (run.status) {
    case 'running':
      return run.cancelRequested ? { kind: 'stopping' } : { kind: 'running', phase: run.phase };
    case 'paused':
      return { kind: 'paused', reason: run.pausedReason };
    case 'trial-done':
      return { kind: 'trial-done', trial: run.trial };
    case 'succeeded':
    case 'failed':
    case 'cancelled':
      return { kind: run.status };
  }
}

function title(state: PanelState, kind: RunProgress['kind']): string {
  const undo = kind === 'undo';
  switch (state.kind) {
    case 'running':
    case 'stopping':
      return t(undo ? 'undo.progressTitle' : 'progress.title');
    case 'paused':
      return t(undo ? 'undo.titlePaused' : 'progress.titlePaused');
    case 'trial-done':
      return t('progress.trialTitle');
    case 'succeeded':
      return t(undo ? 'undo.titleDone' : 'progress.titleDone');
    case 'failed':
      return t(undo ? 'undo.titleFailed' : 'progress.titleFailed');
    case 'cancelled':
      return t(undo ? 'undo.titleCancelled' : 'progress.titleCancelled');
  }
}

/**
 * What screen readers hear. It only changes every 10% (or when the run pauses, stops or ends),
 * not on every one-second poll, so it informs without drowning out everything else.
 */
function announcement(state: PanelState, percent: number): string {
  switch (state.kind) {
    case 'running':
      return t('progress.announce', { percent: Math.floor(percent / 10) * 10 });
    case 'stopping':
      return t('progress.announceStopping');
    case 'paused':
      return t('progress.announcePaused');
    case 'cancelled':
      return t('progress.announceCancelled');
    case 'trial-done':
    case 'succeeded':
    case 'failed':
      return t('progress.announceFinished');
  }
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
    mutationFn: (action: 'resume' | 'retry' | 'cancel') =>
      action === 'resume'
        ? resumeRun(run.runId)
        : action === 'retry'
          ? retryFailed(run.runId)
          : cancelRun(run.runId),
    onSuccess: (next) => {
      queryClient.setQueryData(runQuery.queryKey, next);
      return queryClient.invalidateQueries(runQuery);
    },
  });

  const state = panelState(run);
  const undo = props.onUndo && canFix && run.kind !== 'undo' && !isRunActive(run);
  // Projects handled: a cancelled one was not, so a cancelled fix never reads "35 of 35".
  const done = run.total - run.counts.pending - run.counts.cancelled;
  const percent = run.total > 0 ? (done / run.total) * 100 : isRunActive(run) ? 0 : 100;
  const progressText = t('progress.bar', { done, count: run.total });
  const outcomes = (run.kind === 'undo' ? UNDO_OUTCOMES : OUTCOMES).concat(
    run.counts.cancelled > 0 ? ['cancelled'] : [],
  );
  const button = (action: 'resume' | 'retry' | 'cancel', label: string) => (
    <Button
      key={action}
      variant={action === 'cancel' ? 'secondary' : 'primary'}
      loading={act.isPending && act.variables === action}
      disabled={act.isPending}
      onClick={() => act.mutate(action)}
    >
      {label}
    </Button>
  );
  const cancel =
    canFix && button('cancel', t(run.kind === 'undo' ? 'undo.cancelRun' : 'progress.cancel'));
  return (
    <Card>
      <Body aria-labelledby="run-title">
        <H2 id="run-title" ref={heading} tabIndex={-1}>
          {title(state, run.kind)}
        </H2>
        <P>
          {t(run.origin === 'rule' ? 'progress.startedByRule' : 'progress.startedBy', {
            name: run.startedBy.name,
            time: formatDate(run.startedAt),
          })}
          {run.resumedBy &&
            ` ${t('progress.resumedBy', { name: run.resumedBy.name, time: formatDate(run.resumedBy.at) })}`}
        </P>
        {state.kind === 'running' && (
          <P>
            {t(run.kind === 'undo' ? `undo.phase.${state.phase}` : `progress.phase.${state.phase}`)}
          </P>
        )}
        {state.kind === 'stopping' && <P>{t('progress.stopping')}</P>}
        <ProgressBar
          value={percent}
          aria-label={t('progress.title')}
          aria-valuetext={progressText}
        />
        {run.accountChanges.length > 0 && (
          <P>
            {t('progress.accountChanges', {
              fields: formatList(run.accountChanges.map((field) => t(`fix.fields.${field}`))),
            })}
          </P>
        )}
        {run.total === 0 ? (
          // Only the account's settings: no "0 of 0 projects", no row of zeros.
          <P>{t('progress.noProjects')}</P>
        ) : (
          <>
            <P>{progressText}</P>
            <Counts>
              {outcomes.map((outcome) => (
                <div key={outcome} style={{ display: 'contents' }}>
                  <dt>{t(`progress.counts.${outcome}`)}</dt>
                  <dd>{formatNumber(run.counts[outcome])}</dd>
                </div>
              ))}
            </Counts>
          </>
        )}
        {state.kind === 'running' && run.etaSeconds !== null && (
          <P>{t('progress.eta', { duration: formatDuration(run.etaSeconds) })}</P>
        )}
        {state.kind === 'running' && (
          <Actions>
            <P>{t('progress.keepOpen')}</P>
            {cancel}
          </Actions>
        )}
        {state.kind === 'trial-done' && (
          <InfoNotice
            action={
              canFix && (
                <Actions>
                  {button('resume', t('progress.continue'))}
                  {cancel}
                </Actions>
              )
            }
          >
            {state.trial
              ? t('progress.trialReadable', { project: state.trial.projectName })
              : t('progress.trialNoProject')}
          </InfoNotice>
        )}
        {state.kind === 'paused' && (
          <ErrorNotice
            action={
              canFix && (
                <Actions>
                  {button('resume', t('progress.resume'))}
                  {cancel}
                </Actions>
              )
            }
          >
            {t('progress.paused', { reason: pauseReasonText(state.reason) })}
          </ErrorNotice>
        )}
        {state.kind === 'cancelled' && (
          <P>{t('progress.cancelledSummary', { count: run.counts.cancelled })}</P>
        )}
        {run.failures.length > 0 && (
          <>
            <H3>{t('progress.failuresTitle')}</H3>
            <ProblemList problems={run.failures} />
            {canFix &&
              (state.kind === 'succeeded' || state.kind === 'failed') &&
              button('retry', t('progress.retryFailed'))}
          </>
        )}
        {act.isError && (
          <ErrorNotice>
            {t('progress.actionFailed', { message: errorMessage(act.error) })}
          </ErrorNotice>
        )}
        {(props.showReport || undo) && (
          <Actions>
            {props.showReport && <DownloadReport runId={run.runId} />}
            {undo && (
              <Button variant="secondary" onClick={props.onUndo}>
                {t('undo.button')}
              </Button>
            )}
          </Actions>
        )}
        <VisuallyHidden aria-live="polite">{announcement(state, percent)}</VisuallyHidden>
      </Body>
    </Card>
  );
}
