import { Link } from '@procore/core-react';
import type { ReactNode } from 'react';
import { t } from '../i18n/t.ts';
import { VisuallyHidden } from './visually-hidden.tsx';

/** A link into Procore's own UI, in a new tab so the app (and any run) stays open here. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} target="_blank" rel="noopener noreferrer">
      {children}
      <VisuallyHidden> {t('app.opensInNewTab')}</VisuallyHidden>
    </Link>
  );
}
