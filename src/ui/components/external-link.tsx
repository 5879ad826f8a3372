import { Link } from '@procore/core-react';
import type { ReactNode } from 'react';
import { t } from '../i18n/t.ts';
import { VisuallyHidden } from './visually-hidden.tsx';

/** A link out (into Procore's own UI, or SALUS's site), in a new tab so the app and any run stay open. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} target="_blank" rel="noopener noreferrer">
      {children}
      <VisuallyHidden> {t('app.opensInNewTab')}</VisuallyHidden>
    </Link>
  );
}
