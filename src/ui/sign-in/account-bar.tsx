import { P } from '@procore/core-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import styled from 'styled-components';
import type { SessionInfo, User } from '../../api/contract.ts';
import { authStore } from '../api/auth-store.ts';
import { sessionQueries, signOut } from '../api/session.ts';
import { Button } from '../components/button.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { errorMessage } from '../i18n/server-text.ts';
import { t } from '../i18n/t.ts';
import { theme } from '../theme.ts';

const Bar = styled.div`
  align-items: center;
  display: flex;
  flex-wrap: wrap;
  gap: 8px 16px;
  justify-content: flex-end;
  margin-bottom: 8px;
`;

const Who = styled(P)`
  color: ${theme.mutedText};
  margin: 0;
`;

/**
 * Who is signed in, and the way out: the server ends the session (and revokes its Procore
 * tokens), then the page forgets it and everything it read with it.
 */
export function AccountBar({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const out = useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      authStore.reset();
      queryClient.setQueryData<SessionInfo>(sessionQueries.current().queryKey, (session) =>
        session ? { ...session, user: null, companies: [] } : session,
      );
      queryClient.removeQueries({ queryKey: ['setup'] });
    },
  });
  return (
    <>
      <Bar>
        <Who>{t('app.signedInAs', { name: user.name || user.login })}</Who>
        <Button variant="tertiary" loading={out.isPending} onClick={() => out.mutate()}>
          {t('app.signOut')}
        </Button>
      </Bar>
      {out.isError && (
        <ErrorNotice>{t('app.signOutFailed', { message: errorMessage(out.error) })}</ErrorNotice>
      )}
    </>
  );
}
