import { Card, H2, P, TextArea } from '@procore/core-react';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import styled from 'styled-components';
import type { CompanyStatus } from '../../api/contract.ts';
import { companyQueries } from '../api/company.ts';
import { errorMessage } from '../i18n/server-text.ts';
import { Busy } from '../components/busy.tsx';
import { CopyButton } from '../components/copy-button.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { t } from '../i18n/t.ts';
import { handoffText } from './plan-text.ts';

const Body = styled.section`
  padding: 16px;
`;

/** The whole message, as wide as its card and as tall as its text at any width. */
const Message = styled(TextArea)`
  box-sizing: border-box;
  display: block;
  field-sizing: content;
  height: auto;
  max-width: 100%;
  width: 100%;
`;

/** For someone without Directory admin: the exact planned changes, ready to send to an admin. */
export function NotAdminHandoff({ status }: { status: CompanyStatus }) {
  const plan = useQuery(companyQueries.plan(status.companyId));
  const titleId = useId();
  const textId = useId();
  const text = plan.data ? handoffText(plan.data, status) : null;
  return (
    <Card>
      <Body aria-labelledby={titleId}>
        <H2 id={titleId}>{t('notAdmin.title')}</H2>
        <P>{t('notAdmin.body')}</P>
        {plan.isPending && <Busy>{t('fix.preparing')}</Busy>}
        {plan.isError && (
          <ErrorNotice>
            {t('notAdmin.planFailed', { message: errorMessage(plan.error) })}
          </ErrorNotice>
        )}
        {text !== null && (
          <>
            <label htmlFor={textId}>{t('notAdmin.label')}</label>
            <Message
              id={textId}
              readOnly
              resize="vertical"
              rows={text.split('\n').length + 1}
              value={text}
            />
            <CopyButton
              text={text}
              label={t('notAdmin.copy')}
              copied={t('notAdmin.copied')}
              failed={t('notAdmin.copyFailed')}
            />
          </>
        )}
      </Body>
    </Card>
  );
}
