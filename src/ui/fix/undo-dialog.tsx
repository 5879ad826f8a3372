import { Modal, P, UL } from '@procore/core-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { CompanyStatus, Id, RunProgress } from '../../api/contract.ts';
import { companyQueries, startUndo } from '../api/company.ts';
import { ApiError } from '../api/http.ts';
import { Busy } from '../components/busy.tsx';
import { Button } from '../components/button.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { errorMessage } from '../i18n/server-text.ts';
import { formatDuration, t } from '../i18n/t.ts';
import { describeChanges } from './plan-text.ts';

/**
 * The review of an undo: the account fields set back and how many memberships the fix added are
 * removed. Nothing changes until Undo changes; that starts a server-side run like a fix.
 */
export function UndoDialog(props: {
  run: RunProgress;
  status: CompanyStatus;
  onClose: () => void;
  onStarted: (runId: Id) => void;
}) {
  const { run, status, onClose, onStarted } = props;
  const { companyId } = run;
  const titleId = useId();
  const queryClient = useQueryClient();
  const plan = useQuery(companyQueries.undoPlan(companyId, run.runId));
  const undo = useMutation({
    mutationFn: () => startUndo(run.runId),
    onSuccess: (next) => {
      queryClient.setQueryData(companyQueries.run(companyId, next.runId).queryKey, next);
      onStarted(next.runId);
      void queryClient.invalidateQueries(companyQueries.status(companyId));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'conflict')
        void queryClient.invalidateQueries(companyQueries.status(companyId));
    },
  });

  const changes = plan.data ? describeChanges(plan.data, status) : [];
  const hasWork = plan.data !== undefined && (changes.length > 0 || plan.data.removeProjects > 0);
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
        <Modal.Heading id={titleId}>{t('undo.dialogTitle')}</Modal.Heading>
      </Modal.Header>
      <Modal.Body>
        {plan.isPending && <Busy>{t('undo.preparing')}</Busy>}
        {plan.isError && (
          <ErrorNotice>{t('undo.planFailed', { message: errorMessage(plan.error) })}</ErrorNotice>
        )}
        {plan.data && (
          <>
            <P>{t('undo.intro')}</P>
            {changes.length > 0 && (
              <>
                {plan.data.account && (
                  <P>{t('undo.accountLine', { name: plan.data.account.name })}</P>
                )}
                <UL>
                  {changes.map((change) => (
                    <li key={change.field}>{t('fix.fieldChange', { ...change })}</li>
                  ))}
                </UL>
              </>
            )}
            {plan.data.flagUnknown && <P>{t('undo.flagUnknown')}</P>}
            {plan.data.removeProjects > 0 && (
              <UL>
                <li>{t('undo.removeProjects', { count: plan.data.removeProjects })}</li>
              </UL>
            )}
            {hasWork ? (
              <P>
                {t('undo.keepNote')} {t('fix.requests', { count: plan.data.requests })}{' '}
                {t('fix.estimate', { duration: formatDuration(plan.data.estimatedSeconds) })}
              </P>
            ) : (
              <P>{t('undo.nothing')}</P>
            )}
          </>
        )}
        {undo.isError && (
          <ErrorNotice>{t('undo.startFailed', { message: errorMessage(undo.error) })}</ErrorNotice>
        )}
      </Modal.Body>
      <Modal.Footer>
        <Modal.FooterButtons>
          <Button variant="tertiary" onClick={onClose}>
            {t('undo.cancel')}
          </Button>
          {hasWork && (
            <Button loading={undo.isPending} onClick={() => undo.mutate()}>
              {t('undo.confirm')}
            </Button>
          )}
        </Modal.FooterButtons>
      </Modal.Footer>
    </Modal>
  );
}
