import { AttentionBanner, Banner } from '@procore/core-react';
import { t } from '../i18n/t.ts';

/** Demo mode runs against the fake Procore; nobody should mistake it for their company. */
export function DemoBanner() {
  return (
    <AttentionBanner>
      <Banner.Content>
        <Banner.Title>{t('app.demoBanner')}</Banner.Title>
        <Banner.Body>{t('app.demoBannerDetail')}</Banner.Body>
      </Banner.Content>
    </AttentionBanner>
  );
}
