import { P, UL } from '@procore/core-react';
import { useQuery } from '@tanstack/react-query';
import type { CompanyStatus, Id } from '../../api/contract.ts';
import { companyQueries, startUndo } from '../api/company.ts';
import { errorMessage } from '../i18n/server-text.ts';
import { formatDuration, t } from '../i18n/t.ts';
import { describeChanges } from './plan-text.ts';
import { ReviewModal, useStartRun } from './review-modal.tsx';

/**
 * The review of an undo: the account fields set back and how many memberships the fix added are
 * removed. Nothing changes until Undo changes; that starts a server-side run like a fix.
 */
export function UndoDialog(props: {
  /** The finished fix to undo. */
  runId: Id;
  status: CompanyStatus;
  onClose: () => void;
  onStarted: (runId: Id) => void;
}) {
  const { runId, status, onClose, onStarted } = props;
  const { companyId } = status;
  const plan = useQuery(companyQueries.undoPlan(companyId, runId));
  // On a conflict the re-check shows the company's newer run; the dialog stays to say why.
  const undo = useStartRun(companyId, () => startUndo(runId), {
    onStarted,
    onConflict: () => undefined,
  });

  const changes = plan.data ? describeChanges(plan.data, status) : [];
  const hasWork = plan.data !== undefined && (changes.length > 0 || plan.data.removeProjects > 0);
  return (
    <ReviewModal
      title={t('undo.dialogTitle')}
      preparing={t('undo.preparing')}
      isPending={plan.isPending}
      planError={plan.isError ? t('undo.planFailed', { message: errorMessage(plan.error) }) : null}
      startError={
        undo.isError ? t('undo.startFailed', { message: errorMessage(undo.error) }) : null
      }
      cancelLabel={t('undo.cancel')}
      confirm={
        hasWork
          ? { label: t('undo.confirm'), busy: undo.isPending, onClick: () => undo.mutate() }
          : null
      }
      onClose={onClose}
    >
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
          {hasWork && plan.data.turnsOffAutoRepair && <P>{t('undo.autoRepairOff')}</P>}
        </>
      )}
    </ReviewModal>
  );
}
