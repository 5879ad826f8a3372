import { AttentionBanner, Banner, Button, Checkbox, P } from '@procore/core-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import styled from 'styled-components';
import type { AutoRepair, Id } from '../../api/contract.ts';
import {
  AUTO_REPAIR_POLL_MS,
  companyQueries,
  getAutoRepair,
  startAutoRepair,
  stopAutoRepair,
} from '../api/company.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { errorMessage } from '../i18n/server-text.ts';
import { formatDate, t } from '../i18n/t.ts';

const Section = styled.div`
  margin-top: 16px;
`;

const POPUP_FEATURES = 'popup,width=560,height=640';
/** The consent's state lives 10 minutes on the server: no point looking longer. */
const AUTO_REPAIR_WAIT_MS = 10 * 60_000;

/**
 * "Keep SALUS set up automatically" (issue #20), on the completion badge. Ticking it asks Procore
 * for a permission of its own (the consent page, in a popup opened by the person's own click,
 * like sign-in), which the server keeps as the repair grant: nothing comes back to this page but
 * the grant's state, polled from our store until it is on. Clearing it revokes the grant.
 */
export function AutoRepairToggle(props: {
  companyId: Id;
  autoRepair: AutoRepair;
  canFix: boolean;
  lastRepairShown: boolean;
}) {
  const { companyId, canFix } = props;
  const queryClient = useQueryClient();
  const helpId = useId();
  /** The consent page to open, once the server prepared it; 'waiting' once it is open. */
  const [consent, setConsent] = useState<
    | { kind: 'ready'; startUrl: string }
    | { kind: 'waiting' }
    | { kind: 'blocked'; startUrl: string }
    | null
  >(null);
  const waiting = consent?.kind === 'waiting';
  const autoRepair = props.autoRepair;
  const refresh = () => queryClient.invalidateQueries(companyQueries.status(companyId));

  // A repair that starts while the page is open: the status (its run, then the badge) is re-read.
  const watched = useQuery({
    ...companyQueries.autoRepair(companyId),
    enabled: autoRepair.state === 'on',
  });
  const newRepair = watched.data?.lastRepair?.runId ?? null;
  useEffect(() => {
    if (newRepair && newRepair !== props.autoRepair.lastRepair?.runId)
      void queryClient.invalidateQueries(companyQueries.status(companyId));
  }, [newRepair, props.autoRepair.lastRepair?.runId, queryClient, companyId]);

  // While Procore's window is open, the grant's state is read from our store (never Procore)
  // until it is on; leaving the page or Cancel stops looking.
  const polling = useRef<AbortController | null>(null);
  useEffect(() => () => polling.current?.abort(), []);
  const stopWaiting = () => {
    polling.current?.abort();
    setConsent(null);
  };
  async function waitForGrant(before: string | null) {
    polling.current?.abort();
    const controller = new AbortController();
    polling.current = controller;
    const deadline = Date.now() + AUTO_REPAIR_WAIT_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, AUTO_REPAIR_POLL_MS));
      if (controller.signal.aborted) return;
      const grant = await getAutoRepair(companyId, controller.signal).catch(() => null);
      if (controller.signal.aborted) return;
      if (grant?.state === 'on' && grant.since !== before) {
        await refresh();
        setConsent(null);
        return;
      }
    }
    setConsent(null);
  }

  const start = useMutation({
    mutationFn: () => startAutoRepair(companyId),
    onSuccess: (started) => setConsent({ kind: 'ready', startUrl: started.startUrl }),
  });
  const stop = useMutation({
    mutationFn: () => stopAutoRepair(companyId),
    onSuccess: () => refresh(),
  });

  /** Opened in the click itself: popup blockers let only a person's click open a window. */
  const openConsent = (startUrl: string) => {
    const popup = window.open(startUrl, 'salus-auto-repair', POPUP_FEATURES);
    setConsent(popup ? { kind: 'waiting' } : { kind: 'blocked', startUrl });
    if (popup) void waitForGrant(autoRepair.since);
  };

  const checked = autoRepair.state !== 'off' || consent !== null;
  const busy = start.isPending || stop.isPending;
  const error = start.error ?? stop.error;
  const name = autoRepair.admin?.name ?? '';
  return (
    <Section>
      <Checkbox
        checked={checked}
        disabled={!canFix || busy}
        aria-describedby={helpId}
        onChange={(event) => {
          if (event.currentTarget.checked) start.mutate();
          else if (consent) stopWaiting();
          else stop.mutate();
        }}
      >
        {t('autoRepair.label')}
      </Checkbox>
      <P id={helpId}>{t('autoRepair.help')}</P>
      {!canFix && <P>{t('autoRepair.notAdmin')}</P>}
      {autoRepair.state === 'on' && autoRepair.since && !consent && (
        <P>{t('autoRepair.on', { date: formatDate(autoRepair.since), name })}</P>
      )}
      {autoRepair.lastRepair && !props.lastRepairShown && (
        <P>{t('autoRepair.lastRepair', { date: formatDate(autoRepair.lastRepair.at) })}</P>
      )}
      {autoRepair.state === 'paused' && autoRepair.pausedReason && !consent && (
        <AttentionBanner>
          <Banner.Content>
            <Banner.Body>{t(`autoRepair.paused.${autoRepair.pausedReason}`, { name })}</Banner.Body>
          </Banner.Content>
          {canFix && autoRepair.pausedReason !== 'app-not-connected' && (
            <Banner.Action>
              <Button variant="secondary" loading={start.isPending} onClick={() => start.mutate()}>
                {t('autoRepair.allowAgain')}
              </Button>
            </Banner.Action>
          )}
        </AttentionBanner>
      )}
      {consent && consent.kind !== 'waiting' && (
        <>
          <P>{consent.kind === 'blocked' ? t('autoRepair.blocked') : t('autoRepair.consent')}</P>
          <P>
            <Button variant="primary" onClick={() => openConsent(consent.startUrl)}>
              {t('autoRepair.allow')}
            </Button>{' '}
            <Button variant="tertiary" onClick={stopWaiting}>
              {t('autoRepair.cancel')}
            </Button>
          </P>
        </>
      )}
      {waiting && (
        <P role="status">
          {t('autoRepair.waiting')}{' '}
          <Button variant="tertiary" onClick={stopWaiting}>
            {t('autoRepair.cancel')}
          </Button>
        </P>
      )}
      {error && (
        <ErrorNotice>{t('autoRepair.failed', { message: errorMessage(error) })}</ErrorNotice>
      )}
    </Section>
  );
}
