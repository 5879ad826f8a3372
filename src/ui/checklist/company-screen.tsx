import { AttentionBanner, Banner, H1, H2, P } from '@procore/core-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import styled from 'styled-components';
import type { CompanyStatus, Id, StepId } from '../../api/contract.ts';
import { companyQueries, isRunActive, procoreBusy } from '../api/company.ts';
import { ApiError } from '../api/http.ts';
import { errorMessage } from '../i18n/server-text.ts';
import { Busy } from '../components/busy.tsx';
import { Button } from '../components/button.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { CompletionBadge } from '../completion/completion-badge.tsx';
import { NotAdminHandoff } from '../fix/not-admin-handoff.tsx';
import { formatDate, formatList, t } from '../i18n/t.ts';
import { RunPanel } from '../progress/run-panel.tsx';
import { AppNotInstalled } from '../blockers/app-not-installed.tsx';
import { ChooseServiceAccount } from '../blockers/choose-service-account.tsx';
import { TemplatesMissing } from '../blockers/templates-missing.tsx';
import { KeepingSetUp } from '../watch/keeping-set-up.tsx';
import { useLiveWatch } from '../watch/use-live-watch.ts';
import { StepCard } from './step-card.tsx';
import { findStep, openSteps, situation, STEP_ORDER } from './steps.ts';

// The dialogs load when first opened: the checklist is the first screen, the review is not.
const ReviewDialog = lazy(() =>
  import('../fix/review-dialog.tsx').then((m) => ({ default: m.ReviewDialog })),
);
const UndoDialog = lazy(() =>
  import('../fix/undo-dialog.tsx').then((m) => ({ default: m.UndoDialog })),
);

const Stack = styled.div`
  display: flex;
  flex-direction: column;
  gap: 16px;
`;

const Actions = styled.div`
  align-items: center;
  display: flex;
  flex-wrap: wrap;
  gap: 16px;
`;

const Steps = styled.ol`
  margin: 0;
  padding: 0;
`;

function loadError(error: Error): string {
  if (error instanceof ApiError && error.code === 'forbidden') return t('app.forbidden');
  const busy = procoreBusy(error);
  if (busy) {
    const known = busy.known;
    return known
      ? `${t('status.busy')} ${t('status.busyKnown', {
          time: formatDate(known.checkedAt),
          complete: String(known.steps.filter((s) => s.state === 'complete').length),
          total: String(known.steps.length),
        })}`
      : t('status.busy');
  }
  if (error instanceof ApiError && error.code === 'procore-unavailable')
    return t('app.unavailable');
  return t('status.loadFailed', { message: errorMessage(error) });
}

/**
 * One company's setup: the live checks, what blocks the fix, the fix itself and its progress,
 * the completion badge, and what SALUS Setup keeps watching after it. The server decides what is
 * complete; this screen only shows it.
 */
export function CompanyScreen(props: {
  companyId: Id;
  onChooseCompany: () => void;
  /** The demo: its watch judges events within seconds, so the screen looks more often. */
  demo?: boolean;
}) {
  const { companyId } = props;
  const status = useQuery(companyQueries.status(companyId));
  const [reviewing, setReviewing] = useState(false);
  /** The finished fix whose undo is being reviewed. */
  const [undoing, setUndoing] = useState<Id | null>(null);
  // The run this visit follows: the one found running on arrival, or the one started here. It
  // stays after the run ends so its outcome (and failures) remain on screen.
  const [followed, setFollowed] = useState<{ runId: Id; startedHere: boolean } | null>(null);
  const activeRun = status.data?.activeRun ?? null;
  if (activeRun && activeRun.runId !== followed?.runId)
    setFollowed({ runId: activeRun.runId, startedHere: false });
  // An automatic repair that started during this visit is followed too, even one so quick that
  // no status read caught it running: otherwise the page kept showing the fix before it.
  const lastRepair = status.data?.autoRepair.lastRepair?.runId ?? null;
  const [seenRepair, setSeenRepair] = useState<{ runId: Id | null } | null>(null);
  if (status.data && seenRepair?.runId !== lastRepair) {
    setSeenRepair({ runId: lastRepair });
    if (seenRepair && lastRepair && lastRepair !== followed?.runId)
      setFollowed({ runId: lastRepair, startedHere: false });
  }

  const runQuery = useQuery({
    ...companyQueries.run(companyId, followed?.runId ?? ''),
    enabled: followed !== null,
  });
  const run = runQuery.data ?? (activeRun?.runId === followed?.runId ? activeRun : null);
  const running = run !== null && isRunActive(run);
  const finished = run !== null && !running;
  const queryClient = useQueryClient();
  useEffect(() => {
    // A finished run changed Procore: check everything again (this is what shows the badge).
    if (finished) void queryClient.invalidateQueries(companyQueries.status(companyId));
  }, [finished, companyId, queryClient]);
  // A run that pauses or ends its trial has changed the account by then: the checks show it
  // as it is now, not as a check made while the account was being written read it.
  const runStatus = run?.status;
  const seenStatus = useRef(runStatus);
  useEffect(() => {
    const before = seenStatus.current;
    seenStatus.current = runStatus;
    if (before === 'running' && (runStatus === 'paused' || runStatus === 'trial-done'))
      void queryClient.invalidateQueries(companyQueries.status(companyId));
  }, [runStatus, companyId, queryClient]);

  const data = status.data;
  const watched = useLiveWatch(companyId, status, {
    demo: props.demo ?? false,
    paused: running,
  });
  /** The fix behind the completion badge, when a run backs it. */
  const completedBy = data?.completion?.runId ?? null;
  return (
    <Stack>
      <H1>{data ? t('status.title', { company: data.companyName }) : t('app.name')}</H1>
      {data && !running && <Summary status={data} onFix={() => setReviewing(true)} />}
      {status.isError && (
        <ErrorNotice
          action={
            status.error instanceof ApiError && status.error.code === 'forbidden' ? (
              <Button variant="secondary" onClick={props.onChooseCompany}>
                {t('companies.chooseAnother')}
              </Button>
            ) : (
              !data && (
                <Button variant="secondary" onClick={() => void status.refetch()}>
                  {t('app.tryAgain')}
                </Button>
              )
            )
          }
        >
          {loadError(status.error)}
        </ErrorNotice>
      )}
      {data && data.complete && (
        <CompletionBadge
          completion={data.completion}
          // The report lists every project the run touched: for Directory admins only.
          reportRunId={
            data.viewer.canFix
              ? ((run && !running ? run.runId : null) ?? data.completion?.runId ?? null)
              : null
          }
          // Coming back to a completed company: the fix that completed it can still be undone
          // (the server refuses if a newer run followed it). A fix followed here offers it below.
          onUndo={
            !run && data.viewer.canFix && completedBy ? () => setUndoing(completedBy) : undefined
          }
          // Repairs follow what the watch finds: offered once the company is watched.
          autoRepair={
            data.watch?.state === 'watching' || data.autoRepair.state !== 'off'
              ? { companyId, state: data.autoRepair, canFix: data.viewer.canFix }
              : undefined
          }
        />
      )}
      {data && !data.complete && data.completion && (
        <AttentionBanner>
          <Banner.Content>
            <Banner.Body>
              {t('badge.drift', { date: formatDate(data.completion.completedAt) })}
            </Banner.Body>
          </Banner.Content>
        </AttentionBanner>
      )}
      {runQuery.isError && (
        <ErrorNotice>
          {t('progress.loadFailed', { message: errorMessage(runQuery.error) })}
        </ErrorNotice>
      )}
      {run && (
        <RunPanel
          key={run.runId}
          run={run}
          canFix={data?.viewer.canFix ?? false}
          showReport={finished && !data?.complete && (data?.viewer.canFix ?? false)}
          focusOnMount={followed?.startedHere ?? false}
          onUndo={() => setUndoing(run.runId)}
        />
      )}
      {data && !running && <Situation status={data} />}
      {data && (
        <Actions>
          <P>{t('status.checkedAt', { time: formatDate(data.checkedAt) })}</P>
          <Button
            variant="secondary"
            loading={status.isFetching}
            onClick={() => void status.refetch()}
          >
            {t('status.recheck')}
          </Button>
        </Actions>
      )}
      <section aria-labelledby="checklist-title">
        <H2 id="checklist-title">{t('status.checklistTitle')}</H2>
        <Steps>
          {STEP_ORDER.map((id) => (
            <StepCard
              key={id}
              id={id}
              companyId={companyId}
              // Busy at Procore: the server is still checking, and so are the cards.
              checking={status.isPending || (!data && procoreBusy(status.error) !== null)}
              result={data ? findStep(data, id) : null}
              settled={data?.complete ?? false}
            />
          ))}
        </Steps>
      </section>
      {watched && (
        <KeepingSetUp
          status={watched}
          fixOffered={!running && situation(watched).canOfferFix}
          // Changed after completion, no badge: a repair that is on or paused is still shown here.
          autoRepair={
            data && !data.complete && data.autoRepair.state !== 'off'
              ? { companyId, state: data.autoRepair, canFix: data.viewer.canFix }
              : undefined
          }
        />
      )}
      <Suspense fallback={<Busy>{t('app.loading')}</Busy>}>
        {undoing && data && (
          <UndoDialog
            runId={undoing}
            status={data}
            onClose={() => setUndoing(null)}
            onStarted={(runId) => {
              setUndoing(null);
              setFollowed({ runId, startedHere: true });
            }}
          />
        )}
        {reviewing && data && (
          <ReviewDialog
            status={data}
            onClose={() => setReviewing(false)}
            onStarted={(runId) => {
              setReviewing(false);
              setFollowed({ runId, startedHere: true });
            }}
          />
        )}
      </Suspense>
    </Stack>
  );
}

const SummaryRow = styled(Actions)`
  justify-content: space-between;

  p {
    flex: 1 1 24rem;
    font-weight: 600;
    margin: 0;
  }
`;

/** Above the fold: what is open, in one line, next to the one button that fixes it. */
function Summary({ status, onFix }: { status: CompanyStatus; onFix: () => void }) {
  const open = openSteps(status);
  const { canOfferFix } = situation(status);
  if (!open && !canOfferFix) return null;
  const titles = (ids: readonly StepId[]) => formatList(ids.map((id) => t(`steps.${id}.title`)));
  return (
    <SummaryRow>
      {open && (
        <P>
          {open.attention.length > 0 &&
            t('status.summary', {
              count: open.attention.length,
              total: open.total,
              steps: titles(open.attention),
            })}
          {open.attention.length > 0 && open.unchecked.length > 0 && ' '}
          {open.unchecked.length > 0 &&
            t('status.summaryUnchecked', { steps: titles(open.unchecked) })}
        </P>
      )}
      {canOfferFix && (
        <Button size="lg" onClick={onFix}>
          {t('fix.button')}
        </Button>
      )}
    </SummaryRow>
  );
}

/** Whatever stands between this company and the fix. */
function Situation({ status }: { status: CompanyStatus }) {
  const { appMissing, candidates, missingTemplates } = situation(status);
  return (
    <>
      {appMissing && <AppNotInstalled status={status} />}
      {candidates && status.viewer.canFix && (
        <ChooseServiceAccount companyId={status.companyId} candidates={candidates} />
      )}
      {(missingTemplates.company || missingTemplates.project) && (
        <TemplatesMissing
          company={missingTemplates.company}
          project={missingTemplates.project}
          canCreate={status.viewer.canFix}
        />
      )}
      {!status.viewer.canFix && !status.complete && !appMissing && (
        <NotAdminHandoff status={status} />
      )}
    </>
  );
}
