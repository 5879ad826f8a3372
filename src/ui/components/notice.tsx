import { Banner, ErrorBanner, InfoBanner } from '@procore/core-react';
import type { ReactNode } from 'react';

/** An error the user should act on; announced at once. */
export function ErrorNotice({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <ErrorBanner role="alert">
      <Banner.Content>
        <Banner.Body>{children}</Banner.Body>
      </Banner.Content>
      {action && <Banner.Action>{action}</Banner.Action>}
    </ErrorBanner>
  );
}

/** Information that may change while the user waits; announced politely. */
export function InfoNotice({
  title,
  children,
  action,
}: {
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <InfoBanner role="status">
      <Banner.Content>
        {title && <Banner.Title>{title}</Banner.Title>}
        {children && <Banner.Body>{children}</Banner.Body>}
      </Banner.Content>
      {action && <Banner.Action>{action}</Banner.Action>}
    </InfoBanner>
  );
}
