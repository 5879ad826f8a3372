import { Card, H3, P } from '@procore/core-react';
import { useId } from 'react';
import styled from 'styled-components';
import { COMPLETION_STEP_IDS, type Id, type StepId, type StepResult } from '../../api/contract.ts';
import { ExternalLink } from '../components/external-link.tsx';
import { accessLevelText, procorePathText, stepReasonText } from '../i18n/server-text.ts';
import { t } from '../i18n/t.ts';
import { theme } from '../theme.ts';
import { ProjectList } from './project-list.tsx';
import { StatePill } from './state-pill.tsx';
import { StepFacts } from './step-facts.tsx';

const Item = styled.li`
  list-style: none;
  margin: 0 0 12px;
`;

const Body = styled.article`
  padding: 16px;
`;

const Header = styled.div`
  align-items: center;
  display: flex;
  gap: 12px;
  justify-content: space-between;
`;

const Why = styled(P)`
  color: ${theme.mutedText};
`;

function WhereInProcore({ where }: { where: NonNullable<StepResult['procore']> }) {
  const path = procorePathText(where.path);
  return (
    <P>
      {where.url ? (
        <ExternalLink href={where.url}>{t('facts.whereInProcore', { path })}</ExternalLink>
      ) : (
        t('facts.whereInProcore', { path })
      )}
    </P>
  );
}

/**
 * On a company whose setup is complete, a step outside "Setup complete" that is not met (the
 * viewer is no Directory admin) needs nobody's attention: it is a note, worded for that.
 */
function settledNote(result: StepResult): { text: string } | null {
  if (result.state !== 'needs-attention' || COMPLETION_STEP_IDS.some((id) => id === result.id))
    return null;
  const reason = result.reason;
  if (reason?.code === 'not-directory-admin')
    return {
      text: reason.accessLevel
        ? t('reasons.notDirectoryAdminSettled', { level: accessLevelText(reason.accessLevel) })
        : t('reasons.notDirectoryAdminNoneSettled'),
    };
  return { text: stepReasonText(result) ?? '' };
}

/** One check: its state, why it matters, what was read, and where it lives in Procore. */
export function StepCard(props: {
  id: StepId;
  /** null: not checked (yet, while `checking`; otherwise the check could not run). */
  result: StepResult | null;
  checking: boolean;
  companyId: Id;
  /** The company's setup is complete: nothing outside it needs attention. */
  settled?: boolean;
}) {
  const { id, result, companyId } = props;
  const titleId = useId();
  const details = result?.details;
  const note = props.settled && result ? settledNote(result) : null;
  return (
    <Item>
      <Card>
        <Body aria-labelledby={titleId}>
          <Header>
            <H3 id={titleId}>{t(`steps.${id}.title`)}</H3>
            <StatePill
              state={
                note ? 'note' : (result?.state ?? (props.checking ? 'checking' : 'cannot-check'))
              }
            />
          </Header>
          <Why>{t(`steps.${id}.why`)}</Why>
          {result && (
            <>
              <StepFacts result={result} />
              {note ? (
                <P>{note.text}</P>
              ) : (
                result.state !== 'complete' && result.reason && <P>{stepReasonText(result)}</P>
              )}
              {result.procore && result.procore.path.length > 0 && (
                <WhereInProcore where={result.procore} />
              )}
              {details?.step === 'project-access' &&
                details.missing + details.wrongTemplate > 0 && (
                  <ProjectList
                    companyId={companyId}
                    counts={{
                      missing: details.missing,
                      'wrong-template': details.wrongTemplate,
                      inactive: details.inactiveTotal,
                    }}
                  />
                )}
            </>
          )}
        </Body>
      </Card>
    </Item>
  );
}
