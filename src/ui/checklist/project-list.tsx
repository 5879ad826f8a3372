import { Input, P } from '@procore/core-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import styled from 'styled-components';
import type { Id } from '../../api/contract.ts';
import { companyQueries, type ProjectFilter } from '../api/company.ts';
import { errorMessage } from '../i18n/server-text.ts';
import { Button } from '../components/button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { SelectField } from '../components/select-field.tsx';
import { VisuallyHidden } from '../components/visually-hidden.tsx';
import { t } from '../i18n/t.ts';

type Counts = Record<ProjectFilter, number>;

const FILTERS: readonly ProjectFilter[] = ['missing', 'wrong-template', 'inactive'];

const Toolbar = styled.div`
  align-items: end;
  display: flex;
  flex-wrap: wrap;
  gap: 16px;
  margin: 12px 0;
`;

const Field = styled.div`
  display: flex;
  flex-direction: column;
  gap: 4px;
`;

const Pager = styled.nav`
  align-items: center;
  display: flex;
  gap: 12px;
  margin-top: 8px;
`;

/**
 * Every project the service account is missing from (or on with another template), page by
 * page from the server: a company can have thousands, and "the first 100" is never the answer.
 */
function ProjectBrowser(props: { id: string; companyId: Id; counts: Counts }) {
  const { companyId, counts } = props;
  const [filter, setFilter] = useState<ProjectFilter>(
    counts.missing > 0 ? 'missing' : 'wrong-template',
  );
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const projects = useQuery(companyQueries.projects(companyId, { filter, search, page }));
  const searchId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(draft.trim());
    setPage(1);
  };

  const data = projects.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.perPage)) : 1;
  const first = data && data.total > 0 ? (data.page - 1) * data.perPage + 1 : 0;
  return (
    <div id={props.id}>
      <Toolbar>
        <SelectField
          label={t('projects.filterLabel')}
          value={filter}
          options={FILTERS.map((value) => ({
            value,
            label: t('projects.filterOption', {
              label: t(`projects.filter.${value}`),
              count: counts[value],
            }),
          }))}
          onChange={(value) => {
            setFilter(value);
            setPage(1);
          }}
        />
        <form role="search" onSubmit={submit}>
          <Toolbar>
            <Field>
              <label htmlFor={searchId}>{t('projects.searchLabel')}</label>
              <Input
                id={searchId}
                type="search"
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
              />
            </Field>
            <Button type="submit" variant="secondary">
              {t('projects.searchButton')}
            </Button>
          </Toolbar>
        </form>
      </Toolbar>
      {projects.isError && (
        <ErrorNotice>
          {t('projects.loadFailed', { message: errorMessage(projects.error) })}
        </ErrorNotice>
      )}
      {data && (
        <>
          <DataTable aria-busy={projects.isPlaceholderData}>
            <VisuallyHidden as="caption">{t(`projects.filter.${filter}`)}</VisuallyHidden>
            <thead>
              <tr>
                <th scope="col">{t('projects.columns.name')}</th>
                <th scope="col">{t('projects.columns.number')}</th>
                <th scope="col">{t('projects.columns.template')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((project) => (
                <tr key={project.id}>
                  <td>{project.name}</td>
                  <td>{project.projectNumber ?? t('projects.blank')}</td>
                  <td>{project.template ?? t('projects.blank')}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          {data.total === 0 ? (
            <P role="status">{t('projects.empty')}</P>
          ) : (
            <Pager aria-label={t('projects.pages')}>
              <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(1)}>
                {t('projects.first')}
              </Button>
              <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('projects.previous')}
              </Button>
              <span role="status">
                {t('projects.position', {
                  from: first,
                  to: first + data.items.length - 1,
                  total: data.total,
                  page: data.page,
                  pages,
                })}
              </span>
              <Button
                variant="secondary"
                disabled={page >= pages}
                onClick={() => setPage(page + 1)}
              >
                {t('projects.next')}
              </Button>
              <Button variant="secondary" disabled={page >= pages} onClick={() => setPage(pages)}>
                {t('projects.last')}
              </Button>
            </Pager>
          )}
        </>
      )}
    </div>
  );
}

export function ProjectList(props: { companyId: Id; counts: Counts }) {
  const [open, setOpen] = useState(false);
  const regionId = useId();
  return (
    <>
      <Button
        variant="secondary"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => setOpen(!open)}
      >
        {t('projects.toggle', { count: props.counts.missing + props.counts['wrong-template'] })}
      </Button>
      {open && <ProjectBrowser id={regionId} {...props} />}
    </>
  );
}
