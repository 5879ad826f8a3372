import { Input, P, Pill, UL, type PillColor } from '@procore/core-react';
import { useId, useState } from 'react';
import styled from 'styled-components';
import type { Id, StepId, SupportCompanyRow } from '../../api/contract.ts';
import { DataTable } from '../components/data-table.tsx';
import { SelectField } from '../components/select-field.tsx';
import { formatDate, formatList, t } from '../i18n/t.ts';
import { theme } from '../theme.ts';
import { Field, Row } from './support-sign-in.tsx';
import './i18n/register.ts';

const Muted = styled(P)`
  color: ${theme.mutedText};
`;

/** A company's name, as a link-like button that opens its details in the page. */
const CompanyLink = styled.button`
  background: none;
  border: 0;
  color: ${theme.text};
  cursor: pointer;
  font: inherit;
  padding: 0;
  text-align: left;
  text-decoration: underline;
`;

type StateFilter = SupportCompanyRow['state'] | 'all';
const STATES: readonly SupportCompanyRow['state'][] = [
  'complete',
  'needs-attention',
  'drifted',
  'running',
  'unknown',
];

export const STATE_COLORS: Record<SupportCompanyRow['state'], PillColor> = {
  complete: 'green',
  'needs-attention': 'yellow',
  drifted: 'UNSAFE_orange',
  running: 'blue',
  unknown: 'gray',
};

/** A step, by its checklist title. */
export const stepTitle = (step: StepId) => t(`steps.${step}.title`);

function StepList({ steps }: { steps: readonly StepId[] }) {
  return (
    <UL>
      {steps.map((step) => (
        <li key={step}>{stepTitle(step)}</li>
      ))}
    </UL>
  );
}

/** What a company still has to do: what changed since completion, then the other problems. */
export function ProblemsCell({ row }: { row: SupportCompanyRow }) {
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

/**
 * What the watch (issue #19) knows of a company, one fact a line: watching or stopped, how changes
 * reach it, when it last verified and last heard from Procore, the problems it found and since
 * when, and since when new projects are unverified.
 */
export function WatchFacts({ watch }: { watch: SupportCompanyRow['watch'] }) {
  if (!watch) return <P>{t('support.watch.none')}</P>;
  const kinds = formatList(watch.driftKinds.map((kind) => t(`support.watch.kinds.${kind}`)));
  const count = watch.openDrift;
  return (
    <UL>
      <li>{t(`support.watch.state.${watch.state}`)}</li>
      {watch.state === 'watching' && <li>{t(`support.watch.events.${watch.events}`)}</li>}
      <li>
        {watch.lastVerifiedAt
          ? t('support.watch.lastVerified', { time: formatDate(watch.lastVerifiedAt) })
          : t('support.watch.notVerified')}
      </li>
      <li>
        {watch.lastEventAt
          ? t('support.watch.lastEvent', { time: formatDate(watch.lastEventAt) })
          : t('support.watch.noEvent')}
      </li>
      <li>
        {count === 0
          ? t('support.watch.noDrift')
          : watch.driftSince
            ? t('support.watch.openDrift', { count, date: formatDate(watch.driftSince), kinds })
            : t('support.watch.openDriftUndated', { count, kinds })}
      </li>
      {watch.newProjectsUnverifiedSince && (
        <li>
          {t('support.watch.unverifiedSince', {
            date: formatDate(watch.newProjectsUnverifiedSince),
          })}
        </li>
      )}
    </UL>
  );
}

/** Every company, filtered by state and searched by name or id; a name opens its details. */
export function CompanyTable(props: {
  rows: SupportCompanyRow[];
  onOpen: (companyId: Id) => void;
}) {
  const { rows } = props;
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
            <th scope="col">{t('support.watch.column')}</th>
            <th scope="col">{t('support.columns.problems')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.companyId}>
              <td>
                <CompanyLink type="button" onClick={() => props.onOpen(row.companyId)}>
                  {row.companyName} ({row.companyId})
                </CompanyLink>
              </td>
              <td>
                <Pill color={STATE_COLORS[row.state]}>{t(`support.state.${row.state}`)}</Pill>
              </td>
              <td>{row.checkedAt ? formatDate(row.checkedAt) : t('support.never')}</td>
              <td>{row.completedAt ? formatDate(row.completedAt) : t('support.never')}</td>
              <td>
                <WatchFacts watch={row.watch} />
              </td>
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
