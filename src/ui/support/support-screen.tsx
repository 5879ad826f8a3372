import { H1, Input, P, UL } from '@procore/core-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import styled from 'styled-components';
import type { StepId, SupportCompanyRow } from '../../api/contract.ts';
import { ApiError } from '../api/http.ts';
import { errorMessage } from '../i18n/server-text.ts';
import { supportQueries } from '../api/support.ts';
import { Busy } from '../components/busy.tsx';
import { Button } from '../components/button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { StatePill } from '../checklist/state-pill.tsx';
import { formatDate, t } from '../i18n/t.ts';
import { theme } from '../theme.ts';

type StateFilter = SupportCompanyRow['state'] | 'all';
const STATES: readonly SupportCompanyRow['state'][] = [
  'complete',
  'needs-attention',
  'drifted',
  'running',
  'unknown',
];

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

/** A step, by its checklist title. */
const problemText = (step: StepId) => t(`steps.${step}.title`);

function StateCell({ state }: { state: SupportCompanyRow['state'] }) {
  if (state === 'complete' || state === 'needs-attention') return <StatePill state={state} />;
  return <span>{t(`support.state.${state}`)}</span>;
}

function TokenForm({ onSubmit }: { onSubmit: (token: string) => void }) {
  const [draft, setDraft] = useState('');
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) onSubmit(draft.trim());
  };
  return (
    <form onSubmit={submit}>
      <Row>
        <Field>
          <label htmlFor={id}>{t('support.tokenLabel')}</label>
          <Input
            id={id}
            type="password"
            autoComplete="off"
            value={draft}
            aria-describedby={`${id}-help`}
            onChange={(event) => setDraft(event.target.value)}
          />
          <Help id={`${id}-help`}>{t('support.tokenHelp')}</Help>
        </Field>
        <Button type="submit">{t('support.submit')}</Button>
      </Row>
    </form>
  );
}

function CompanyTable({ rows }: { rows: SupportCompanyRow[] }) {
  const [state, setState] = useState<StateFilter>('all');
  const [search, setSearch] = useState('');
  const stateId = useId();
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
        <Field>
          <label htmlFor={stateId}>{t('support.filterLabel')}</label>
          <select
            id={stateId}
            value={state}
            onChange={(event) => setState(event.target.value as StateFilter)}
          >
            <option value="all">{t('support.allStates')}</option>
            {STATES.map((value) => (
              <option key={value} value={value}>
                {t(`support.state.${value}`)}
              </option>
            ))}
          </select>
        </Field>
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
                <StateCell state={row.state} />
              </td>
              <td>{row.checkedAt ? formatDate(row.checkedAt) : t('support.never')}</td>
              <td>{row.completedAt ? formatDate(row.completedAt) : t('support.never')}</td>
              <td>
                {row.drift && (
                  <>
                    <P>{t('support.driftSince', { date: formatDate(row.drift.since) })}</P>
                    <UL>
                      {row.drift.changes.map((change) => (
                        <li key={change}>{problemText(change)}</li>
                      ))}
                    </UL>
                  </>
                )}
                {row.problems.length === 0 ? (
                  t('support.noProblems')
                ) : (
                  <UL>
                    {row.problems.map((problem) => (
                      <li key={problem}>{problemText(problem)}</li>
                    ))}
                  </UL>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {shown.length === 0 && <P>{t('support.empty')}</P>}
    </>
  );
}

/** SALUS support's view of every customer company's setup, so nobody waits for an email. */
export function SupportScreen() {
  const [token, setToken] = useState<string | null>(null);
  const companies = useQuery({ ...supportQueries.companies(token ?? ''), enabled: token !== null });
  const rejected = companies.error instanceof ApiError && companies.error.status === 401;
  return (
    <section aria-labelledby="support-title">
      <H1 id="support-title">{t('support.title')}</H1>
      <TokenForm onSubmit={setToken} />
      {companies.isFetching && !companies.data && <Busy>{t('app.loading')}</Busy>}
      {companies.isError && (
        <ErrorNotice>
          {rejected
            ? t('support.rejected')
            : t('support.loadFailed', { message: errorMessage(companies.error) })}
        </ErrorNotice>
      )}
      {companies.data && <CompanyTable rows={companies.data} />}
    </section>
  );
}
