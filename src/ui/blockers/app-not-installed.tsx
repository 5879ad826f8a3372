import { Card, H2, OL, P } from '@procore/core-react';
import { useId } from 'react';
import styled from 'styled-components';
import type { CompanyStatus } from '../../api/contract.ts';
import { findStep, stepDetails } from '../checklist/steps.ts';
import { CopyButton } from '../components/copy-button.tsx';
import { ExternalLink } from '../components/external-link.tsx';
import { t } from '../i18n/t.ts';

const Body = styled.section`
  padding: 16px;
`;

const VersionId = styled.code`
  font-size: 1.1em;
  margin-right: 8px;
`;

/**
 * Where Company Tools → App Management lives. The server's link wins; otherwise Procore's
 * company-tool URL pattern on the company's web host (UNCONFIRMED: verify in a sandbox).
 */
function appManagementUrl(status: CompanyStatus): string {
  return (
    findStep(status, 'app-installed')?.procore?.url ??
    `${status.webBaseUrl}/${status.companyId}/company/app_management`
  );
}

/** Step 1 of SALUS's support article, for a company where the app is not installed yet. */
export function AppNotInstalled({ status }: { status: CompanyStatus }) {
  const titleId = useId();
  const versionId = stepDetails(status, 'app-installed')?.appVersionId ?? '';
  return (
    <Card>
      <Body aria-labelledby={titleId}>
        <H2 id={titleId}>{t('appNotInstalled.title')}</H2>
        <P>{t('appNotInstalled.body')}</P>
        <OL>
          <li>
            <ExternalLink href={appManagementUrl(status)}>
              {t('appNotInstalled.step1')}
            </ExternalLink>
          </li>
          <li>{t('appNotInstalled.step2')}</li>
          <li>
            {t('appNotInstalled.step3')}{' '}
            <span>
              {t('appNotInstalled.versionIdLabel')}: <VersionId>{versionId}</VersionId>
            </span>
            <CopyButton
              text={versionId}
              label={t('appNotInstalled.copy')}
              copied={t('appNotInstalled.copied')}
              failed={t('appNotInstalled.copyFailed')}
            />
          </li>
          <li>{t('appNotInstalled.step4')}</li>
        </OL>
        <P>{t('appNotInstalled.after')}</P>
      </Body>
    </Card>
  );
}
