import { H1, H2, Input, P, Pill, UL, type PillColor } from '@procore/core-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import styled from 'styled-components';
import type { StepId, SupportCompanyRow, SupportNotice } from '../../api/contract.ts';
import { ApiError } from '../api/http.ts';
import { errorMessage } from '../i18n/server-text.ts';
import { supportQueries } from '../api/support.ts';
import { Busy } from '../components/busy.tsx';
import { Button } from '../components/button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { SelectField } from '../components/select-field.tsx';
import { formatDate, t } from '../i18n/t.ts';
import { theme } from '../theme.ts';
import { JobsFooter } from './jobs-footer.tsx';

type StateFilter = SupportCompanyRow['state'] | 'all';
const STATES: readonly SupportCompanyRow['state'][] = [
  'complete',
  'needs-attention',
  'drifted',
  'running',
  'unknown',
];

const STATE_COLORS: Record<SupportCompanyRow['state'], PillColor> = {
  complete: 'green',
  'needs-attention': 'yellow',
  drifted: 'UNSAFE_orange',
  running: 'blue',
  unknown: 'gray',
};

const Row = styled.div`
  align-items: end;
  display: flex;
  flex-wrap: wrap;
  gap: 16px;
  margin: 16px 0;
`;

const Field = styled.div`
  display: flex;
  flex-direction: column;
  gap: 4px;
`;

const Help = styled.span`
  color: ${theme.mutedText};
  font-size: 12px;
`;

const Muted = styled(P)`
  color: ${theme.mutedText};
`;

/** A step, by its checklist title. */
const stepTitle = (step: StepId) => t(`steps.${step}.title`);

function StepList({ steps }: { steps: readonly StepId[] }) {
  return (
    <UL>
      {steps.map((step) => (
        <li key={step}>{stepTitle(step)}</li>
      ))}
    </UL>
  );
}

function TokenForm({ onSubmit }: { onSubmit: (token: string) => void }) {
  const [draft, setDraft] = useState('');
  const [empty, setEmpty] = useState(false);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = draft.trim();
    setEmpty(!token);
    if (token) onSubmit(token);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Row>
        <Field>
          <label htmlFor={id}>{t('support.tokenLabel')}</label>
          <Input
            id={id}
            type="password"
            autoComplete="off"
            value={draft}
            aria-describedby={`${id}-help`}
            aria-invalid={empty || undefined}
            error={empty}
            onChange={(event) => setDraft(event.target.value)}
          />
          <Help id={`${id}-help`}>
            {empty ? t('support.tokenMissing') : t('support.tokenHelp')}
          </Help>
        </Field>
        <Button type="submit">{t('support.submit')}</Button>
      </Row>
    </form>
  );
}

/** What a company still has to do: what changed since completion, then the other problems. */
function ProblemsCell({ row }: { row: SupportCompanyRow }) {
  const changed = new Set(row.drift?.changes ?? []);
  const others = row.problems.filter((step) => !changed.has(step));
  return (
    <>
      {row.drift && (
        <>
          <P>{t('support.driftSince', { date: formatDate(row.drift.since) })}</P>
          <StepList steps={row.drift.changes} />
        </>
      )}
      {others.length > 0 && <StepList steps={others} />}
      {!row.drift && others.length === 0 && <P>{t('support.noProblems')}</P>}
      {row.unchecked.length > 0 && (
        <Muted>{t('support.unchecked', { steps: row.unchecked.map(stepTitle).join(', ') })}</Muted>
      )}
    </>
  );
}

function CompanyTable({ rows }: { rows: SupportCompanyRow[] }) {
  const [state, setState] = useState<StateFilter>('all');
  const [search, setSearch] = useState('');
  const searchId = useId();
  const needle = search.trim().toLowerCase();
  const shown = rows.filter(
    (row) =>
      (state === 'all' || row.state === state) &&
      (!needle || row.companyName.toLowerCase().includes(needle) || row.companyId.includes(needle)),
  );
  return (
    <>
      <Row>
        <SelectField<StateFilter>
          label={t('support.filterLabel')}
          value={state}
          options={[
            { value: 'all', label: t('support.allStates') },
            ...STATES.map((value) => ({ value, label: t(`support.state.${value}`) })),
          ]}
          onChange={setState}
        />
        <Field>
          <label htmlFor={searchId}>{t('support.searchLabel')}</label>
          <Input
            id={searchId}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </Field>
      </Row>
      <P role="status">{t('support.showing', { shown: shown.length, total: rows.length })}</P>
      <DataTable>
        <thead>
          <tr>
            <th scope="col">{t('support.columns.company')}</th>
            <th scope="col">{t('support.columns.state')}</th>
            <th scope="col">{t('support.columns.checkedAt')}</th>
            <th scope="col">{t('support.columns.completedAt')}</th>
            <th scope="col">{t('support.columns.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.companyId}>
              <td>
                {row.companyName} ({row.companyId})
              </td>
              <td>
                <Pill color={STATE_COLORS[row.state]}>{t(`support.state.${row.state}`)}</Pill>
              </td>
              <td>{row.checkedAt ? formatDate(row.checkedAt) : t('support.never')}</td>
              <td>{row.completedAt ? formatDate(row.completedAt) : t('support.never')}</td>
              <td>
                <ProblemsCell row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {shown.length === 0 && <P>{t('support.empty')}</P>}
    </>
  );
}

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

/**
 * SALUS support's view of every customer company's setup, so nobody waits for an email. Open
 * when the server needs no support token (demo mode without one); otherwise it asks for it.
 */
export function SupportScreen() {
  // '' first: the server may be open; a 401 says a token is needed.
  const [token, setToken] = useState('');
  const companies = useQuery(supportQueries.companies(token));
  const notices = useQuery({ ...supportQueries.notices(token), enabled: companies.isSuccess });
  const unauthorised = companies.error instanceof ApiError && companies.error.status === 401;
  return (
    <section aria-labelledby="support-title">
      <H1 id="support-title">{t('support.title')}</H1>
      {unauthorised && <TokenForm onSubmit={setToken} />}
      {companies.isFetching && !companies.data && <Busy>{t('app.loading')}</Busy>}
      {companies.isError && (token !== '' || !unauthorised) && (
        <ErrorNotice>
          {unauthorised
            ? t('support.rejected')
            : t('support.loadFailed', { message: errorMessage(companies.error) })}
        </ErrorNotice>
      )}
      {companies.data && <CompanyTable rows={companies.data} />}
      {notices.data && <HeldNotices notices={notices.data.notices} />}
      {notices.isError && (
        <ErrorNotice>
          {t('support.loadFailed', { message: errorMessage(notices.error) })}
        </ErrorNotice>
      )}
      {notices.data && <JobsFooter jobs={notices.data.jobs} />}
    </section>
  );
}
