import { Checkbox, Modal, P } from '@procore/core-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { CompanyStatus, Id } from '../../api/contract.ts';
import { companyQueries, startRun } from '../api/company.ts';
import { ApiError } from '../api/http.ts';
import { blockedText, errorMessage } from '../i18n/server-text.ts';
import { Busy } from '../components/busy.tsx';
import { Button } from '../components/button.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { t } from '../i18n/t.ts';
import { PlanSummary } from './plan-summary.tsx';

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
  const titleId = useId();
  const queryClient = useQueryClient();
  const plan = useQuery(companyQueries.plan(companyId));
  // Off by default: the usual path stays Fix permissions → Apply changes.
  const [trial, setTrial] = useState(false);
  const apply = useMutation({
    mutationFn: () => startRun(companyId, { trial }),
    onSuccess: (run) => {
      queryClient.setQueryData(companyQueries.run(companyId, run.runId).queryKey, run);
      onStarted(run.runId);
      void queryClient.invalidateQueries(companyQueries.status(companyId));
    },
    onError: (error) => {
      // Someone else started a run meanwhile: the re-check shows it (status.activeRun).
      if (error instanceof ApiError && error.code === 'conflict') {
        void queryClient.invalidateQueries(companyQueries.status(companyId));
        onClose();
      }
    },
  });

  const blocked = plan.data?.blockedBy;
  return (
    <Modal
      open
      role="dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      howToClose={[]}
      width="md"
    >
      <Modal.Header>
        <Modal.Heading id={titleId}>{t('fix.dialogTitle')}</Modal.Heading>
      </Modal.Header>
      <Modal.Body>
        {plan.isPending && <Busy>{t('fix.preparing')}</Busy>}
        {plan.isError && (
          <ErrorNotice>{t('fix.planFailed', { message: errorMessage(plan.error) })}</ErrorNotice>
        )}
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
        {apply.isError && (
          <ErrorNotice>{t('fix.startFailed', { message: errorMessage(apply.error) })}</ErrorNotice>
        )}
      </Modal.Body>
      <Modal.Footer>
        <Modal.FooterButtons>
          <Button variant="tertiary" onClick={onClose}>
            {t('fix.cancel')}
          </Button>
          {plan.data && !blocked && (
            <Button loading={apply.isPending} onClick={() => apply.mutate()}>
              {t('fix.apply')}
            </Button>
          )}
        </Modal.FooterButtons>
      </Modal.Footer>
    </Modal>
  );
}
