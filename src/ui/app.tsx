import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import styled from 'styled-components';
import type { Id, User } from '../api/contract.ts';
import { useAuth } from './api/auth-store.ts';
import { errorMessage } from './i18n/server-text.ts';
import { sessionQueries } from './api/session.ts';
import { CompanyScreen } from './checklist/company-screen.tsx';
import { CompanyPicker } from './companies/company-picker.tsx';
import { Busy } from './components/busy.tsx';
import { Button } from './components/button.tsx';
import { DemoBanner } from './components/demo-banner.tsx';
import { HelpFooter } from './components/help-footer.tsx';
import { ErrorNotice } from './components/notice.tsx';
import { t } from './i18n/t.ts';
import { AccountBar } from './sign-in/account-bar.tsx';
import { SignInScreen } from './sign-in/sign-in-screen.tsx';

// SALUS support's view is not the admin's first screen: its code loads only at /support.
const SupportScreen = lazy(() =>
  import('./support/support-screen.tsx').then((m) => ({ default: m.SupportScreen })),
);

const Main = styled.main`
  margin: 0 auto;
  max-width: 960px;
  padding: 24px;
`;

function Shell(props: { demo: boolean; user?: User | null; children: ReactNode }) {
  return (
    <>
      {props.demo && (
        <header>
          <DemoBanner />
        </header>
      )}
      <Main>
        {props.user && <AccountBar user={props.user} />}
        {props.children}
      </Main>
      <HelpFooter />
    </>
  );
}

function companyFromUrl(): Id | null {
  return new URLSearchParams(window.location.search).get('company_id') || null;
}

/** The embedded app: session → sign-in → company → checks. */
function SetupApp() {
  const session = useQuery(sessionQueries.current());
  const auth = useAuth();
  const [companyId, setCompanyId] = useState(companyFromUrl);

  // The URL keeps the choice, so a reload (or a new sign-in) lands on the same company.
  const pick = (id: Id | null) => {
    const url = new URL(window.location.href);
    if (id) url.searchParams.set('company_id', id);
    else url.searchParams.delete('company_id');
    window.history.replaceState(null, '', url);
    setCompanyId(id);
  };

  let content: ReactNode;
  if (session.isPending) content = <Busy>{t('app.loading')}</Busy>;
  else if (session.isError)
    content = (
      <ErrorNotice
        action={
          <Button variant="secondary" onClick={() => void session.refetch()}>
            {t('app.tryAgain')}
          </Button>
        }
      >
        {t('app.genericError', { message: errorMessage(session.error) })}
      </ErrorNotice>
    );
  else if (!session.data.user || auth.expired)
    content = <SignInScreen companyId={companyId} expired={auth.expired} />;
  else if (!companyId) content = <CompanyPicker companies={session.data.companies} onPick={pick} />;
  else
    content = (
      <CompanyScreen
        key={companyId}
        companyId={companyId}
        onChooseCompany={() => pick(null)}
        demo={session.data.demo}
      />
    );

  const user = session.data?.user && !auth.expired ? session.data.user : null;
  return (
    <Shell demo={session.data?.demo ?? false} user={user}>
      {content}
    </Shell>
  );
}

export function App() {
  const support = window.location.pathname.replace(/\/+$/, '') === '/support';
  return support ? (
    <Shell demo={false}>
      <Suspense fallback={<Busy>{t('app.loading')}</Busy>}>
        <SupportScreen />
      </Suspense>
    </Shell>
  ) : (
    <SetupApp />
  );
}
