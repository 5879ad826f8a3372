import { H2, H3, P, Pill, UL } from '@procore/core-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId } from 'react';
import type { Id, SupportCompanyDetail } from '../../api/contract.ts';
import { ApiError } from '../api/http.ts';
import { getSupportReport, supportQueries } from '../api/support.ts';
import { Busy } from '../components/busy.tsx';
import { Button } from '../components/button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { DownloadReport } from '../completion/download-report.tsx';
import { errorMessage } from '../i18n/server-text.ts';
import { formatDate, t } from '../i18n/t.ts';
import { driftText } from '../watch/watch-text.ts';
import { ProblemsCell, STATE_COLORS, WatchFacts } from './support-table.tsx';
import './i18n/register.ts';

/** Keep SALUS set up automatically: off, on (for whom), or paused (why). */
function AutoRepairFacts({
  autoRepair,
  latestRunId,
}: {
  autoRepair: SupportCompanyDetail['autoRepair'];
  /** The latest run is shown below: a repair that is that run is not said twice. */
  latestRunId: Id | null;
}) {
  const name = autoRepair.admin?.name ?? '';
  return (
    <UL aria-label={t('autoRepair.label')}>
      <li>
        {autoRepair.state === 'off' || !autoRepair.since
          ? t('support.watch.autoRepair.off')
          : autoRepair.state === 'paused' && autoRepair.pausedReason
            ? t(`support.watch.autoRepair.paused.${autoRepair.pausedReason}`, { name })
            : t('support.watch.autoRepair.on', { date: formatDate(autoRepair.since), name })}
      </li>
      {autoRepair.lastRepair && autoRepair.lastRepair.runId !== latestRunId && (
        <li>
          {t('support.watch.autoRepair.lastRepair', { date: formatDate(autoRepair.lastRepair.at) })}
        </li>
      )}
    </UL>
  );
}

/** Who in SALUS support looked at the company, from the audit trail. */
function RecentAccess({ access }: { access: SupportCompanyDetail['recentAccess'] }) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId}>
      <H2 id={titleId}>{t('support.detail.accessTitle')}</H2>
      <P>{t('support.detail.accessIntro')}</P>
      {access.length === 0 ? (
        <P>{t('support.detail.accessNone')}</P>
      ) : (
        <DataTable>
          <thead>
            <tr>
              <th scope="col">{t('support.detail.when')}</th>
              <th scope="col">{t('support.detail.who')}</th>
              <th scope="col">{t('support.detail.what')}</th>
            </tr>
          </thead>
          <tbody>
            {access.map((entry, index) => (
              <tr key={`${entry.at}-${index}`}>
                <td>{formatDate(entry.at)}</td>
                <td>{entry.email ?? t('support.detail.breakGlass')}</td>
                <td>{t(`support.detail.view.${entry.view}`)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}

/**
 * One company as support sees it: its state, what the watch found, its latest fix report, who
 * looked at it.
 */
export function SupportCompany(props: {
  token: string;
  companyId: Id;
  onBack: () => void;
  onEnded: () => void;
}) {
  const detail = useQuery(supportQueries.company(props.token, props.companyId));
  const { onEnded } = props;
  const ended = detail.error instanceof ApiError && detail.error.status === 401;
  useEffect(() => {
    if (ended) onEnded();
  }, [ended, onEnded]);
  const titleId = useId();
  const watchId = useId();
  const problemsId = useId();
  const back = (
    <Button variant="secondary" onClick={props.onBack}>
      {t('support.detail.back')}
    </Button>
  );
  if (detail.isPending) return <Busy>{t('app.loading')}</Busy>;
  if (detail.isError)
    return (
      <ErrorNotice action={back}>
        {t('support.detail.loadFailed', { message: errorMessage(detail.error) })}
      </ErrorNotice>
    );
  const { company, latestRun, recentAccess, watchDrift, autoRepair } = detail.data;
  return (
    <section aria-labelledby={titleId}>
      {back}
      <H2 id={titleId}>
        {company.companyName} ({company.companyId})
      </H2>
      <P>
        <Pill color={STATE_COLORS[company.state]}>{t(`support.state.${company.state}`)}</Pill>
      </P>
      <section aria-labelledby={problemsId}>
        <H3 id={problemsId}>{t('support.columns.problems')}</H3>
        <ProblemsCell row={company} />
      </section>
      <section aria-labelledby={watchId}>
        <H3 id={watchId}>{t('support.watch.title')}</H3>
        <WatchFacts watch={company.watch} />
        <AutoRepairFacts autoRepair={autoRepair} latestRunId={latestRun?.id ?? null} />
        {watchDrift.length > 0 && (
          // Each finding as the admin reads it on the checklist, with since when.
          <UL aria-label={t('watch.driftTitle')}>
            {watchDrift.map((drift, index) => (
              <li key={index}>{driftText(drift, null)}</li>
            ))}
          </UL>
        )}
      </section>
      {latestRun ? (
        <>
          <P>
            {t(
              latestRun.kind === 'undo'
                ? 'support.detail.latestUndo'
                : latestRun.origin === 'rule'
                  ? 'support.detail.latestRepair'
                  : 'support.detail.latestFix',
              {
                date: formatDate(latestRun.startedAt),
              },
            )}
          </P>
          <DownloadReport
            load={() => getSupportReport(props.token, company.companyId)}
            label={t('support.detail.report')}
            failed={(message) => t('support.detail.reportFailed', { message })}
          />
        </>
      ) : (
        <P>{t('support.detail.noRun')}</P>
      )}
      <RecentAccess access={recentAccess} />
    </section>
  );
}
