import { H1, Input, P } from '@procore/core-react';
import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../i18n/server-text.ts';
import { Busy } from '../components/busy.tsx';
import { Button } from '../components/button.tsx';
import { ErrorNotice, InfoNotice } from '../components/notice.tsx';
import { t } from '../i18n/t.ts';
import { defaultTiming, useSignIn, type SignInPhase, type SignInTiming } from './use-sign-in.ts';

function phaseNotice(phase: SignInPhase) {
  switch (phase.kind) {
    case 'waiting':
      return <InfoNotice>{t(phase.cut ? 'signIn.finishInPopup' : 'signIn.waiting')}</InfoNotice>;
    case 'redeeming':
      return <InfoNotice>{t('signIn.redeeming')}</InfoNotice>;
    case 'blocked':
      return <ErrorNotice>{t('signIn.blocked')}</ErrorNotice>;
    case 'closed':
      return <ErrorNotice>{t('signIn.closed')}</ErrorNotice>;
    case 'timed-out':
      return <ErrorNotice>{t('signIn.timedOut')}</ErrorNotice>;
    case 'failed':
      return (
        <ErrorNotice>
          {phase.reason
            ? // The popup's own sentence: its full stop is ours to place ("Procore.. Try again").
              t('signIn.failed', { reason: phase.reason.trim().replace(/[.\s]+$/, '') })
            : t('signIn.failedUnknown')}
        </ErrorNotice>
      );
    case 'redeem-failed':
      return <ErrorNotice>{t('signIn.redeemFailed', { message: phase.message })}</ErrorNotice>;
    case 'code':
    case 'ready':
      return null;
  }
}

/** The popup's short code, typed by the person when the popup could not post back. */
function CodeForm(props: {
  error: string | null;
  busy: boolean;
  onSubmit: (code: string) => void;
}) {
  const [draft, setDraft] = useState('');
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) props.onSubmit(draft.trim());
  };
  return (
    <form onSubmit={submit}>
      <InfoNotice>{t('signIn.codeIntro')}</InfoNotice>
      {props.error && <ErrorNotice>{props.error}</ErrorNotice>}
      <P>
        <label htmlFor={id}>{t('signIn.codeLabel')}</label>{' '}
        <Input
          id={id}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
          value={draft}
          aria-describedby={`${id}-help`}
          aria-invalid={props.error ? true : undefined}
          onChange={(event) => setDraft(event.target.value)}
        />{' '}
        <Button type="submit" disabled={props.busy}>
          {t('signIn.codeSubmit')}
        </Button>
      </P>
      <P id={`${id}-help`}>{t('signIn.codeHelp')}</P>
    </form>
  );
}

/** The signed-out screen: what the app does, and the one button that opens Procore's login. */
export function SignInScreen(props: {
  companyId: string | null;
  expired?: boolean;
  timing?: SignInTiming;
}) {
  const {
    phase,
    start,
    submitCode,
    submittingCode,
    canStart,
    preparing,
    prepareError,
    retryPrepare,
  } = useSignIn(props.companyId, props.timing ?? defaultTiming);
  return (
    <section aria-labelledby="sign-in-title">
      <H1 id="sign-in-title">{t('signIn.title')}</H1>
      <P>{t('signIn.intro')}</P>
      <P>{t('signIn.intro2')}</P>
      {props.expired && phase.kind === 'ready' && <InfoNotice>{t('signIn.expired')}</InfoNotice>}
      {phaseNotice(phase)}
      {phase.kind === 'code' && (
        <CodeForm error={phase.error} busy={submittingCode} onSubmit={submitCode} />
      )}
      {prepareError && (
        <ErrorNotice
          action={
            <Button variant="secondary" onClick={retryPrepare}>
              {t('app.tryAgain')}
            </Button>
          }
        >
          {t('signIn.prepareFailed', { message: errorMessage(prepareError) })}
        </ErrorNotice>
      )}
      <P>
        <Button size="lg" onClick={start} disabled={!canStart}>
          {t('signIn.button')}
        </Button>
      </P>
      {preparing && <Busy>{t('signIn.preparing')}</Busy>}
    </section>
  );
}
