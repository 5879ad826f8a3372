import { Checkbox, P } from '@procore/core-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { CompanyStatus, Id } from '../../api/contract.ts';
import { ApiError } from '../api/http.ts';
import { companyQueries, startRun } from '../api/company.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { blockedText, errorMessage } from '../i18n/server-text.ts';
import { t } from '../i18n/t.ts';
import { PlanSummary } from './plan-summary.tsx';
import { ReviewModal, useStartRun } from './review-modal.tsx';

/**
 * The dry-run review: nothing changes in Procore until Apply changes. Cancel (or Escape) closes
 * it without a request. Applying starts a server-side run and hands over to its progress view.
 */
export function ReviewDialog(props: {
  status: CompanyStatus;
  onClose: () => void;
  onStarted: (runId: Id) => void;
}) {
  const { status, onClose, onStarted } = props;
  const companyId = status.companyId;
  const queryClient = useQueryClient();
  const plan = useQuery(companyQueries.plan(companyId));
  // Off by default: the usual path stays Fix permissions → Apply changes.
  const [trial, setTrial] = useState(false);
  const apply = useStartRun(
    companyId,
    () => startRun(companyId, { planId: plan.data?.planId ?? '', trial }),
    { onStarted, onConflict: onClose },
  );
  // Apply refused the review (too old, or Procore changed): nothing was changed; a fresh review
  // replaces it and says why.
  const stale = apply.error instanceof ApiError ? apply.error.stale : null;
  useEffect(() => {
    if (stale) void queryClient.invalidateQueries(companyQueries.plan(companyId));
  }, [stale, queryClient, companyId]);

  const blocked = plan.data?.blockedBy;
  return (
    <ReviewModal
      title={t('fix.dialogTitle')}
      preparing={t('fix.preparing')}
      isPending={plan.isPending}
      planError={plan.isError ? t('fix.planFailed', { message: errorMessage(plan.error) }) : null}
      startError={
        apply.isError && !stale
          ? t('fix.startFailed', { message: errorMessage(apply.error) })
          : null
      }
      cancelLabel={t('fix.cancel')}
      confirm={
        plan.data?.planId && !blocked && !plan.isFetching
          ? { label: t('fix.apply'), busy: apply.isPending, onClick: () => apply.mutate() }
          : null
      }
      onClose={onClose}
    >
      {stale && <ErrorNotice>{t(`fix.planStale.${stale}`)}</ErrorNotice>}
      {plan.data && <PlanSummary plan={plan.data} status={status} />}
      {blocked && (
        <ErrorNotice>{t('fix.blocked', { message: blockedText(blocked, status) })}</ErrorNotice>
      )}
      {/* With one project or none, trying one first is the whole fix. */}
      {plan.data && !blocked && plan.data.addProjects + plan.data.retemplateProjects > 1 && (
        <Checkbox checked={trial} onChange={(event) => setTrial(event.currentTarget.checked)}>
          {t('fix.trial')}
        </Checkbox>
      )}
      {trial && <P>{t('fix.trialHint')}</P>}
    </ReviewModal>
  );
}
