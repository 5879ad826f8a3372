import { Card, H2, P } from '@procore/core-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import styled from 'styled-components';
import type { AccountSummary, Id } from '../../api/contract.ts';
import { chooseServiceAccount, companyQueries } from '../api/company.ts';
import { errorMessage } from '../i18n/server-text.ts';
import { Button } from '../components/button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { formatDate, t } from '../i18n/t.ts';

const Body = styled.section`
  padding: 16px;
`;

/** Several directory users look like the SALUS account: the admin says which one it is. */
export function ChooseServiceAccount(props: { companyId: Id; candidates: AccountSummary[] }) {
  const { companyId, candidates } = props;
  const titleId = useId();
  const queryClient = useQueryClient();
  const choose = useMutation({
    mutationFn: (userId: Id) => chooseServiceAccount(companyId, userId),
    // Stay busy until the re-check shows the chosen account.
    onSuccess: () => queryClient.invalidateQueries(companyQueries.status(companyId)),
  });
  return (
    <Card>
      <Body aria-labelledby={titleId}>
        <H2 id={titleId}>{t('chooseAccount.title')}</H2>
        <P>{t('chooseAccount.body')}</P>
        {choose.isError && (
          <ErrorNotice>
            {t('chooseAccount.failed', { message: errorMessage(choose.error) })}
          </ErrorNotice>
        )}
        <DataTable>
          <thead>
            <tr>
              <th scope="col">{t('chooseAccount.columns.name')}</th>
              <th scope="col">{t('chooseAccount.columns.email')}</th>
              <th scope="col">{t('chooseAccount.columns.created')}</th>
              <th scope="col">{t('chooseAccount.columns.action')}</th>
            </tr>
          </thead>
          <tbody>
            {candidates.map((account) => (
              <tr key={account.id}>
                <td>{account.name}</td>
                <td>{account.email ?? t('projects.blank')}</td>
                <td>{account.createdAt ? formatDate(account.createdAt) : t('projects.blank')}</td>
                <td>
                  <Button
                    variant="secondary"
                    loading={choose.isPending && choose.variables === account.id}
                    disabled={choose.isPending}
                    onClick={() => choose.mutate(account.id)}
                  >
                    {t('chooseAccount.use', { name: account.name })}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </Body>
    </Card>
  );
}
