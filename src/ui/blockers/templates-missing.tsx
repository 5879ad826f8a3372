import { Card, H2, P, UL } from '@procore/core-react';
import { useId } from 'react';
import styled from 'styled-components';
import { t } from '../i18n/t.ts';

const Body = styled.section`
  padding: 16px;
`;

/**
 * The SALUS templates must exist before the fix can assign them: say which. A Directory admin's
 * fix creates them; anyone else is told where they live in Procore.
 */
export function TemplatesMissing(props: {
  company: string | null;
  project: string | null;
  canCreate: boolean;
}) {
  const titleId = useId();
  const count = [props.company, props.project].filter(Boolean).length;
  return (
    <Card>
      <Body aria-labelledby={titleId}>
        <H2 id={titleId}>{t('templatesMissing.title', { count })}</H2>
        <P>{t('templatesMissing.body', { count })}</P>
        <UL>
          {props.company && <li>{t('templatesMissing.company', { name: props.company })}</li>}
          {props.project && <li>{t('templatesMissing.project', { name: props.project })}</li>}
        </UL>
        <P>{props.canCreate ? t('templatesMissing.canCreate') : t('templatesMissing.how')}</P>
      </Body>
    </Card>
  );
}
