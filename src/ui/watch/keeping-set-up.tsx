import { Card, H2, H3, P, UL } from '@procore/core-react';
import { useId } from 'react';
import styled from 'styled-components';
import type { CompanyStatus } from '../../api/contract.ts';
import { stepDetails } from '../checklist/steps.ts';
import { formatDate, t } from '../i18n/t.ts';
import { theme } from '../theme.ts';
import { driftText } from './watch-text.ts';
import { AutoRepairSlot, type AutoRepairSlotProps } from '../completion/auto-repair-slot.tsx';

const Section = styled.section`
  padding: 16px 24px;
`;

const Muted = styled(P)`
  color: ${theme.mutedText};
`;

/**
 * "Keeping SALUS set up": once setup is complete, what SALUS Setup keeps watching, how it hears
 * of changes, and what it found since (issue #19). It adds to the checklist rather than repeating
 * it: the checks say how things are now, this says since when and what happens next. Nothing
 * before the first completion (`status.watch` is null).
 */
export function KeepingSetUp(props: {
  status: CompanyStatus;
  /** The Fix permissions button is on the page, for this viewer, now. */
  fixOffered: boolean;
  /** Automatic repair, when the completion badge (its usual place) is not shown. */
  autoRepair?: AutoRepairSlotProps;
}) {
  const { watch } = props.status;
  const titleId = useId();
  const driftId = useId();
  if (!watch) return null;
  const watching = watch.state === 'watching';
  const requiredTemplate = stepDetails(props.status, 'new-projects')?.requiredName ?? null;
  return (
    <Card>
      <Section aria-labelledby={titleId}>
        <H2 id={titleId}>{t('watch.title')}</H2>
        {watching ? (
          <>
            <P>{t(`watch.events.${watch.events}`)}</P>
            {watch.events === 'not-allowed' && <P>{t('watch.appUpdate')}</P>}
            {watch.newProjectsUnverifiedSince && (
              <P>
                {t('watch.unverifiedSince', {
                  date: formatDate(watch.newProjectsUnverifiedSince),
                })}
              </P>
            )}
          </>
        ) : (
          <P>{t('watch.stopped')}</P>
        )}
        {watch.lastVerifiedAt ? (
          <Muted>{t('watch.lastVerified', { time: formatDate(watch.lastVerifiedAt) })}</Muted>
        ) : (
          watching && <Muted>{t('watch.notVerified')}</Muted>
        )}
        {watching && watch.nextCheckAt && (
          <Muted>{t('watch.nextCheck', { time: formatDate(watch.nextCheckAt) })}</Muted>
        )}
        {watch.lastEventAt && (
          <Muted>{t('watch.lastEvent', { time: formatDate(watch.lastEventAt) })}</Muted>
        )}
        {watch.drift.length > 0 && (
          <section aria-labelledby={driftId}>
            <H3 id={driftId}>{t('watch.driftTitle')}</H3>
            <UL>
              {watch.drift.map((drift, index) => (
                <li key={index}>{driftText(drift, requiredTemplate)}</li>
              ))}
            </UL>
            <P>{t('watch.driftNote')}</P>
            {props.fixOffered && <P>{t('watch.fixHint')}</P>}
          </section>
        )}
        {props.autoRepair && <AutoRepairSlot {...props.autoRepair} />}
      </Section>
    </Card>
  );
}
