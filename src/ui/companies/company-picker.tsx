import { H1, P } from '@procore/core-react';
import styled from 'styled-components';
import type { CompanySummary, Id } from '../../api/contract.ts';
import { Button } from '../components/button.tsx';
import { t } from '../i18n/t.ts';

const List = styled.ul`
  display: flex;
  flex-direction: column;
  gap: 8px;
  list-style: none;
  padding: 0;
`;

/** Opened without `?company_id=`: the signed-in user's companies to choose from. */
export function CompanyPicker(props: { companies: CompanySummary[]; onPick: (id: Id) => void }) {
  return (
    <section aria-labelledby="companies-title">
      <H1 id="companies-title">{t('companies.title')}</H1>
      {props.companies.length === 0 ? (
        <P>{t('companies.none')}</P>
      ) : (
        <>
          <P>{t('companies.intro')}</P>
          <List>
            {props.companies.map((company) => (
              <li key={company.id}>
                <Button variant="secondary" onClick={() => props.onPick(company.id)}>
                  {t('companies.open', { name: company.name })}
                </Button>
              </li>
            ))}
          </List>
        </>
      )}
    </section>
  );
}
