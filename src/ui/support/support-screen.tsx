import { H1, H2, P } from '@procore/core-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useState } from 'react';
import styled from 'styled-components';
import type { Id, SupportNotice, SupportSessionInfo } from '../../api/contract.ts';
import { ApiError } from '../api/http.ts';
import { signOutOfSupport, supportQueries } from '../api/support.ts';
import { Busy } from '../components/busy.tsx';
import { Button } from '../components/button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { errorMessage } from '../i18n/server-text.ts';
import { formatDate, t } from '../i18n/t.ts';
import { JobsFooter } from './jobs-footer.tsx';
import { SupportCompany } from './support-company.tsx';
import { refusalFromUrl, SupportSignIn } from './support-sign-in.tsx';
import { CompanyTable, stepTitle } from './support-table.tsx';
import './i18n/register.ts';

const Bar = styled.div`
  align-items: center;
  display: flex;
  flex-wrap: wrap;
  gap: 16px;
  justify-content: space-between;
`;

/** Notices kept here rather than sent (no webhook, or it kept failing): support reads them here. */
function HeldNotices({ notices }: { notices: SupportNotice[] }) {
  const titleId = useId();
  const waiting = notices.filter((n) => n.status === 'held' || n.status === 'failed');
  return (
    <section aria-labelledby={titleId}>
      <H2 id={titleId}>{t('support.notices.title')}</H2>
      <P>{t('support.notices.intro')}</P>
      {waiting.length === 0 ? (
        <P>{t('support.notices.none')}</P>
      ) : (
        <DataTable>
          <thead>
            <tr>
              <th scope="col">{t('support.columns.company')}</th>
              <th scope="col">{t('support.notices.what')}</th>
              <th scope="col">{t('support.notices.when')}</th>
              <th scope="col">{t('support.notices.status')}</th>
            </tr>
          </thead>
          <tbody>
            {waiting.map((notice) => (
              <tr key={notice.id}>
                <td>
                  {notice.companyName ?? t('support.never')} ({notice.companyId ?? '—'})
                </td>
                <td>
                  {notice.step
                    ? t('support.notices.drift', { step: stepTitle(notice.step) })
                    : t('support.notices.completed')}
                </td>
                <td>{formatDate(notice.createdAt)}</td>
                <td>
                  {notice.status === 'held'
                    ? t('support.notices.held')
                    : t('support.notices.failed', {
                        count: notice.attempts,
                        error: notice.lastError ?? '—',
                      })}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}

/** The company whose details are open (`/support?company=<id>`, so a reload keeps it). */
function useOpenCompany() {
  const [companyId, setCompanyId] = useState<Id | null>(
    () => new URLSearchParams(window.location.search).get('company') || null,
  );
  const open = (id: Id | null) => {
    const url = new URL(window.location.href);
    url.searchParams.delete('refused');
    if (id) url.searchParams.set('company', id);
    else url.searchParams.delete('company');
    window.history.replaceState(null, '', url);
    setCompanyId(id);
  };
  return [companyId, open] as const;
}

/** Who is using the view, and the way out. */
function SignedInBar(props: {
  person: NonNullable<SupportSessionInfo['person']>;
  onForgetToken: () => void;
}) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await signOutOfSupport();
      // Everything support saw goes with the session; who is signed in is asked again.
      await client.resetQueries({ queryKey: supportQueries.all() });
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  };
  const { person } = props;
  return (
    <>
      <Bar>
        <P>
          {person.via === 'break-glass'
            ? t('support.usingBreakGlass')
            : t('support.signedInAs', { email: person.email ?? '' })}
        </P>
        {person.via === 'break-glass' ? (
          <Button variant="secondary" onClick={props.onForgetToken}>
            {t('support.forgetToken')}
          </Button>
        ) : (
          <Button variant="secondary" loading={busy} onClick={() => void signOut()}>
            {t('support.signOut')}
          </Button>
        )}
      </Bar>
      {error && <ErrorNotice>{t('app.genericError', { message: error })}</ErrorNotice>}
    </>
  );
}

/** A support request refused as unauthenticated: the session ended (idle, 8 hours, sign-out). */
const sessionEnded = (error: unknown) => error instanceof ApiError && error.status === 401;

/** The companies, one company's details, and the notices kept here. */
function SupportContent({ token, onEnded }: { token: string; onEnded: () => void }) {
  const [companyId, open] = useOpenCompany();
  const companies = useQuery({ ...supportQueries.companies(token), enabled: !companyId });
  const notices = useQuery({
    ...supportQueries.notices(token),
    enabled: !companyId && companies.isSuccess,
  });
  const ended = sessionEnded(companies.error) || sessionEnded(notices.error);
  useEffect(() => {
    if (ended) onEnded();
  }, [ended, onEnded]);
  if (companyId)
    return (
      <SupportCompany
        token={token}
        companyId={companyId}
        onBack={() => open(null)}
        onEnded={onEnded}
      />
    );
  return (
    <>
      {companies.isPending && <Busy>{t('app.loading')}</Busy>}
      {companies.isError && (
        <ErrorNotice>
          {t('support.loadFailed', { message: errorMessage(companies.error) })}
        </ErrorNotice>
      )}
      {companies.data && <CompanyTable rows={companies.data} onOpen={open} />}
      {notices.data && <HeldNotices notices={notices.data.notices} />}
      {notices.isError && (
        <ErrorNotice>
          {t('support.loadFailed', { message: errorMessage(notices.error) })}
        </ErrorNotice>
      )}
      {notices.data && <JobsFooter jobs={notices.data.jobs} />}
    </>
  );
}

/**
 * SALUS support's view of every customer company's setup, so nobody waits for an email. A
 * support person signs in with SALUS (their own session, never a Procore one); the emergency
 * token, where the server has one, is held in this page's memory only.
 */
export function SupportScreen() {
  const [token, setToken] = useState('');
  const [refusal] = useState(refusalFromUrl);
  const [ended, setEnded] = useState(false);
  const session = useQuery(supportQueries.session(token));
  const client = useQueryClient();
  // Asks the server again who is signed in: the sign-in screen then says the session ended.
  const onEnded = useCallback(() => {
    setEnded(true);
    void client.invalidateQueries({ queryKey: supportQueries.session(token).queryKey });
  }, [client, token]);
  const person = session.data?.person ?? null;
  return (
    <section aria-labelledby="support-title">
      <H1 id="support-title">{t('support.title')}</H1>
      {session.isPending && <Busy>{t('app.loading')}</Busy>}
      {session.isError && (
        <ErrorNotice>
          {t('support.loadFailed', { message: errorMessage(session.error) })}
        </ErrorNotice>
      )}
      {session.data && !person && (
        <SupportSignIn
          info={session.data}
          refusal={refusal}
          ended={ended}
          tokenRejected={token !== ''}
          onToken={(given) => {
            setEnded(false);
            setToken(given);
          }}
        />
      )}
      {person && (
        <>
          <SignedInBar person={person} onForgetToken={() => setToken('')} />
          <SupportContent token={token} onEnded={onEnded} />
        </>
      )}
    </section>
  );
}
