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

/** Long account names and e-mails wrap: at 800 px the table stays inside its card. */
const Candidates = styled(DataTable)`
  td {
    overflow-wrap: anywhere;
  }
`;

const UseButton = styled(Button)`
  && {
    height: auto;
    min-height: 36px;
    text-align: left;
    white-space: normal;
  }
  && * {
    white-space: normal;
  }
`;

/**
 * Whether creation times tell the candidates apart: the newest one when its time is later than
 * every other's, 'tied' when the latest time is shared, null when a time is missing.
 */
export function newestCandidate(
  candidates: readonly AccountSummary[],
): AccountSummary | 'tied' | null {
  const dated = candidates.flatMap((c) =>
    c.createdAt ? [{ c, at: Date.parse(c.createdAt) }] : [],
  );
  if (dated.length === 0 || dated.length !== candidates.length) return null;
  const latest = Math.max(...dated.map((d) => d.at));
  const newest = dated.filter((d) => d.at === latest);
  return newest.length === 1 ? newest[0]!.c : 'tied';
}

/** Several directory users look like the SALUS account: the admin says which one it is. */
export function ChooseServiceAccount(props: { companyId: Id; candidates: AccountSummary[] }) {
  const { companyId, candidates } = props;
  const newest = newestCandidate(candidates);
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
        {newest === 'tied' && <P>{t('chooseAccount.sameTime')}</P>}
        {newest && newest !== 'tied' && <P>{t('chooseAccount.newest', { name: newest.name })}</P>}
        {choose.isError && (
          <ErrorNotice>
            {t('chooseAccount.failed', { message: errorMessage(choose.error) })}
          </ErrorNotice>
        )}
        <Candidates>
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
                  <UseButton
                    variant="secondary"
                    loading={choose.isPending && choose.variables === account.id}
                    disabled={choose.isPending}
                    onClick={() => choose.mutate(account.id)}
                  >
                    {t('chooseAccount.use', { name: account.name })}
                  </UseButton>
                </td>
              </tr>
            ))}
          </tbody>
        </Candidates>
      </Body>
    </Card>
  );
}
