import { Modal } from '@procore/core-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import styled from 'styled-components';
import type { Id, RunProgress } from '../../api/contract.ts';
import { companyQueries } from '../api/company.ts';
import { ApiError } from '../api/http.ts';
import { Busy } from '../components/busy.tsx';
import { Button } from '../components/button.tsx';
import { ErrorNotice } from '../components/notice.tsx';

/**
 * Starts a server-side run (a fix or an undo) and hands over to its progress view; on a conflict
 * (someone else started one meanwhile) the re-check shows that run instead.
 */
export function useStartRun(
  companyId: Id,
  start: () => Promise<RunProgress>,
  handlers: { onStarted: (runId: Id) => void; onConflict: () => void },
) {
  const queryClient = useQueryClient();
  const recheck = () => void queryClient.invalidateQueries(companyQueries.status(companyId));
  return useMutation({
    mutationFn: start,
    onSuccess: (run) => {
      queryClient.setQueryData(companyQueries.run(companyId, run.runId).queryKey, run);
      handlers.onStarted(run.runId);
      recheck();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'conflict') {
        recheck();
        handlers.onConflict();
      }
    },
  });
}

/** The header's padding already separates the title: no second band of white under it. */
const Body = styled(Modal.Body)`
  padding-top: 0;

  > :first-child {
    margin-top: 0;
  }
`;

/**
 * The dialog every review shares: a dry run loading, its failure, the body once it is there,
 * the start's failure, and Cancel (no request) beside the one confirm button.
 */
export function ReviewModal(props: {
  title: string;
  preparing: string;
  /** Set when the dry run failed. */
  planError: string | null;
  isPending: boolean;
  /** Set when starting the run failed. */
  startError: string | null;
  cancelLabel: string;
  confirm: { label: string; busy: boolean; onClick: () => void } | null;
  onClose: () => void;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <Modal
      open
      role="dialog"
      aria-labelledby={titleId}
      onClose={props.onClose}
      howToClose={[]}
      width="md"
    >
      <Modal.Header>
        <Modal.Heading id={titleId}>{props.title}</Modal.Heading>
      </Modal.Header>
      <Body>
        {props.isPending && <Busy>{props.preparing}</Busy>}
        {props.planError && <ErrorNotice>{props.planError}</ErrorNotice>}
        {props.children}
        {props.startError && <ErrorNotice>{props.startError}</ErrorNotice>}
      </Body>
      <Modal.Footer>
        <Modal.FooterButtons>
          <Button variant="tertiary" onClick={props.onClose}>
            {props.cancelLabel}
          </Button>
          {props.confirm && (
            <Button loading={props.confirm.busy} onClick={props.confirm.onClick}>
              {props.confirm.label}
            </Button>
          )}
        </Modal.FooterButtons>
      </Modal.Footer>
    </Modal>
  );
}
