import { Link } from '@procore/core-react';
import styled from 'styled-components';
import { t } from '../i18n/t.ts';
import { ExternalLink } from './external-link.tsx';

/**
 * SALUS's support address: the one the support article customers receive gives. Data deletion
 * requests go there too; support starts the retention purge for the company (README, "Data
 * retention"), which also runs by itself once the SALUS app is uninstalled.
 */
export const SALUS_SUPPORT_EMAIL = 'support@salussafety.io';
/** SALUS's privacy policy. UNCONFIRMED address: confirm it with SALUS before the listing. */
export const PRIVACY_POLICY_URL = 'https://www.salussafety.io/privacy-policy';

const Footer = styled.footer`
  margin: 0 auto;
  max-width: 960px;
  padding: 0 24px 24px;
`;

const Links = styled.ul`
  display: flex;
  flex-wrap: wrap;
  gap: 8px 24px;
  list-style: none;
  margin: 0;
  padding: 0;
`;

function mailto(subject?: string): string {
  return `mailto:${SALUS_SUPPORT_EMAIL}${subject ? `?subject=${encodeURIComponent(subject)}` : ''}`;
}

/** What Procore's marketplace asks every app to offer: support, privacy, deleting one's data. */
export function HelpFooter() {
  const company = new URLSearchParams(window.location.search).get('company_id');
  const subject = company
    ? t('help.deletionSubjectCompany', { company })
    : t('help.deletionSubject');
  return (
    <Footer>
      <nav aria-label={t('help.label')}>
        <Links>
          <li>
            <Link href={mailto()}>{t('help.support')}</Link>
          </li>
          <li>
            <ExternalLink href={PRIVACY_POLICY_URL}>{t('help.privacy')}</ExternalLink>
          </li>
          <li>
            <Link href={mailto(subject)}>{t('help.deletion')}</Link>
          </li>
        </Links>
      </nav>
    </Footer>
  );
}
