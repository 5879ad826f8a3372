import { Input, P } from '@procore/core-react';
import { useId, useState, type FormEvent } from 'react';
import styled from 'styled-components';
import {
  SUPPORT_REFUSALS,
  type SupportRefusal,
  type SupportSessionInfo,
} from '../../api/contract.ts';
import { SUPPORT_SIGN_IN_URL } from '../api/support.ts';
import { Button } from '../components/button.tsx';
import { ErrorNotice, InfoNotice } from '../components/notice.tsx';
import { t } from '../i18n/t.ts';
import { theme } from '../theme.ts';
import './i18n/register.ts';

export const Row = styled.div`
  align-items: end;
  display: flex;
  flex-wrap: wrap;
  gap: 16px;
  margin: 16px 0;
`;

export const Field = styled.div`
  display: flex;
  flex-direction: column;
  gap: 4px;
`;

const Help = styled.span`
  color: ${theme.mutedText};
  font-size: 12px;
`;

/** A link that looks like the primary button: signing in is a navigation, not a request. */
const SignInLink = styled.a`
  background: ${theme.primary};
  border-radius: 4px;
  color: #fff;
  display: inline-block;
  font-weight: 600;
  padding: 8px 16px;
  text-decoration: none;
  &:hover,
  &:focus {
    background: ${theme.primaryHover};
  }
`;

/** Why the last sign-in came back without a session (`/support?refused=<code>`). */
export function refusalFromUrl(): SupportRefusal | null {
  const code = new URLSearchParams(window.location.search).get('refused');
  return SUPPORT_REFUSALS.find((known) => known === code) ?? null;
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

/**
 * The way into the support view: "Sign in with SALUS" (the normal path), why the last attempt
 * was refused, and, only where the server has one, the break-glass token.
 */
export function SupportSignIn(props: {
  info: SupportSessionInfo;
  refusal: SupportRefusal | null;
  ended: boolean;
  tokenRejected: boolean;
  onToken: (token: string) => void;
}) {
  const { info, refusal } = props;
  return (
    <>
      {refusal && <ErrorNotice>{t(`support.refused.${refusal}`)}</ErrorNotice>}
      {props.ended && !refusal && <InfoNotice>{t('support.signIn.ended')}</InfoNotice>}
      {info.signIn ? (
        <>
          <P>{t('support.signIn.intro')}</P>
          <P>
            <SignInLink href={SUPPORT_SIGN_IN_URL}>{t('support.signIn.button')}</SignInLink>
          </P>
          {info.demo && <P>{t('support.signIn.demo')}</P>}
        </>
      ) : (
        !info.breakGlass && <P>{t('support.signIn.unavailable')}</P>
      )}
      {info.breakGlass && (
        <details open={!info.signIn || undefined}>
          <summary>{t('support.breakGlass.summary')}</summary>
          <P>{t('support.breakGlass.intro')}</P>
          <TokenForm onSubmit={props.onToken} />
          {props.tokenRejected && <ErrorNotice>{t('support.rejected')}</ErrorNotice>}
        </details>
      )}
    </>
  );
}
