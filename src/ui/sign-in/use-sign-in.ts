import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { authStore } from '../api/auth-store.ts';
import { errorMessage } from '../i18n/server-text.ts';
import { ApiError } from '../api/http.ts';
import {
  authQueries,
  isSignInMessage,
  pollSignIn,
  redeemSignIn,
  redeemSignInCode,
} from '../api/session.ts';
import { makeNonce } from './nonce.ts';

/**
 * The popup sign-in with our server, hardened for an embedded iframe
 * (procore-platform.md §11.2–11.3, RFC 9700 §4.18):
 *
 * - the popup is opened synchronously in the click (popup blockers need user activation);
 * - a `message` is accepted only from our own origin, from that popup, with the expected shape
 *   and the pending `state`; anything else is ignored without a network call;
 * - the server is polled as well, because a Cross-Origin-Opener-Policy on Procore's pages can
 *   cut the popup's link to us (then `popup.closed` reads true at once while the user is still
 *   signing in), so "closed" is only concluded after a few polls still say "pending";
 * - a poll only says the popup finished: the session then needs the short code the popup shows,
 *   typed here by the person (the server never hands the sign-in to whoever merely asks).
 */

export interface SignInTiming {
  pollMs: number;
  /** A popup that reads closed this soon after opening was cut off by COOP, not closed. */
  cutWindowMs: number;
  pollsAfterClose: number;
  refreshMs: number;
  lifetimeMs: number;
}

export const defaultTiming: SignInTiming = {
  pollMs: 1500,
  cutWindowMs: 1500,
  pollsAfterClose: 3,
  refreshMs: 5 * 60_000, // the server keeps a prepared state for 10 minutes
  lifetimeMs: 10 * 60_000,
};

interface Attempt {
  popup: Window;
  state: string;
  openedAt: number;
}

export type SignInPhase =
  | { kind: 'ready' }
  | { kind: 'waiting'; attempt: Attempt; cut: boolean }
  /** The popup finished but could not post back: the person types the code it shows. */
  | { kind: 'code'; attempt: Attempt; error: string | null }
  | { kind: 'redeeming' }
  | { kind: 'blocked' }
  | { kind: 'closed' }
  | { kind: 'timed-out' }
  | { kind: 'failed'; reason: string | null }
  | { kind: 'redeem-failed'; message: string };

const POPUP_FEATURES = 'popup,width=560,height=640';

export function useSignIn(companyId: string | null, timing: SignInTiming = defaultTiming) {
  const queryClient = useQueryClient();
  const [nonce] = useState(makeNonce);
  const [phase, setPhase] = useState<SignInPhase>({ kind: 'ready' });
  const prepared = useQuery({
    ...authQueries.prepare(nonce, companyId),
    refetchInterval: timing.refreshMs,
  });

  const signedIn = (session: { sessionId: string }) => {
    authStore.signIn(session.sessionId);
    // Answers cached under the old session (401s) must not survive into the new one.
    queryClient.removeQueries({ queryKey: ['setup'] });
    return queryClient.invalidateQueries({ queryKey: ['session'] });
  };

  const { mutate: redeem } = useMutation({
    mutationFn: ({ handoff, state }: { handoff: string; state: string }) =>
      redeemSignIn(handoff, state, nonce),
    onSuccess: signedIn,
    onError: (error) => setPhase({ kind: 'redeem-failed', message: errorMessage(error) }),
  });

  const codeRedeem = useMutation({
    mutationFn: ({ code, attempt }: { code: string; attempt: Attempt }) =>
      redeemSignInCode(code, attempt.state, nonce),
    onSuccess: signedIn,
    onError: (error, { attempt }) =>
      setPhase(
        error instanceof ApiError && error.code === 'wrong-code'
          ? { kind: 'code', attempt, error: errorMessage(error) }
          : { kind: 'redeem-failed', message: errorMessage(error) },
      ),
  });

  const attempt = phase.kind === 'waiting' || phase.kind === 'code' ? phase.attempt : null;

  useEffect(() => {
    if (!attempt) return;
    let settled = false;
    let closedPolls: number | null = null; // counts polls once the popup is seen closed
    let timer: ReturnType<typeof setTimeout> | undefined;

    const closedWatch = setInterval(() => {
      if (closedPolls !== null || !attempt.popup.closed) return;
      if (Date.now() - attempt.openedAt < timing.cutWindowMs) {
        clearInterval(closedWatch);
        setPhase({ kind: 'waiting', attempt, cut: true });
      } else closedPolls = 0;
    }, 100);

    const stopWatching = () => {
      clearTimeout(timer);
      clearInterval(closedWatch);
    };
    const stop = () => {
      settled = true;
      stopWatching();
    };
    const settle = (result: { handoff?: string; error?: string; failed: boolean }) => {
      if (settled) return;
      stop();
      if (!attempt.popup.closed) attempt.popup.close();
      if (!result.failed && result.handoff) {
        setPhase({ kind: 'redeeming' });
        redeem({ handoff: result.handoff, state: attempt.state });
      } else setPhase({ kind: 'failed', reason: result.error ?? null });
    };

    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin) return;
      if (event.source !== attempt.popup) return;
      if (!isSignInMessage(event.data) || event.data.payload.state !== attempt.state) return;
      const { type, payload } = event.data;
      settle({ ...payload, failed: type === 'authentication.failure' });
    };
    window.addEventListener('message', onMessage);

    const poll = async () => {
      try {
        const answer = await pollSignIn(attempt.state, nonce);
        if (settled) return;
        if (answer.status === 'ready') {
          // Done in the popup, and no message came: only the code it shows finishes it here.
          // A late message still settles it (the listener stays).
          stopWatching();
          return setPhase((now) =>
            now.kind === 'waiting' && now.attempt === attempt
              ? { kind: 'code', attempt, error: null }
              : now,
          );
        }
        if (answer.status === 'failed') return settle({ error: answer.error, failed: true });
        if (closedPolls !== null && ++closedPolls >= timing.pollsAfterClose) {
          stop();
          return setPhase({ kind: 'closed' });
        }
      } catch {
        // A lost poll is not an answer; the next one will tell.
        if (settled) return;
      }
      if (Date.now() - attempt.openedAt > timing.lifetimeMs) {
        stop();
        return setPhase({ kind: 'timed-out' });
      }
      timer = setTimeout(poll, timing.pollMs);
    };
    timer = setTimeout(poll, timing.pollMs);

    return () => {
      stop();
      window.removeEventListener('message', onMessage);
    };
  }, [attempt, nonce, redeem, timing]);

  const start = () => {
    const ready = prepared.data;
    if (!ready) return;
    // Synchronously inside the click: anything awaited first would lose the user activation.
    const popup = window.open(ready.startUrl, 'procore-sign-in', POPUP_FEATURES);
    if (!popup) {
      setPhase({ kind: 'blocked' });
      return;
    }
    setPhase({
      kind: 'waiting',
      attempt: { popup, state: ready.state, openedAt: Date.now() },
      cut: false,
    });
    // A state is single-use: have a fresh one ready in case this attempt has to be retried.
    void prepared.refetch();
  };

  const submitCode = (code: string) => {
    if (phase.kind === 'code') codeRedeem.mutate({ code, attempt: phase.attempt });
  };

  return {
    phase,
    start,
    submitCode,
    submittingCode: codeRedeem.isPending,
    canStart: prepared.data !== undefined && phase.kind !== 'redeeming',
    preparing: prepared.isPending,
    prepareError: prepared.error,
    retryPrepare: () => void prepared.refetch(),
  };
}
