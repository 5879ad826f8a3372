import { queryOptions } from '@tanstack/react-query';
import type {
  PreparedSignIn,
  RedeemedSession,
  SessionInfo,
  SignInMessage,
  SignInPoll,
} from '../../api/contract.ts';
import { request } from './http.ts';

/** Who is signed in (works signed out too: `user` is then null) and whether this is the demo. */
export function getSession(signal?: AbortSignal): Promise<SessionInfo> {
  return request<SessionInfo>('/api/session', { signal });
}

export const sessionQueries = {
  current: () =>
    queryOptions({ queryKey: ['session'], queryFn: ({ signal }) => getSession(signal) }),
};

/** `POST /auth/prepare`: a pending sign-in bound to the nonce only this page holds. */
export function prepareSignIn(nonce: string, companyId: string | null): Promise<PreparedSignIn> {
  return request<PreparedSignIn>('/auth/prepare', { method: 'POST', body: { nonce, companyId } });
}

export const authQueries = {
  // The nonce is in the key so a new sign-in screen never reuses a state bound to an old nonce.
  prepare: (nonce: string, companyId: string | null) =>
    queryOptions({
      queryKey: ['auth', 'prepare', companyId, nonce],
      queryFn: () => prepareSignIn(nonce, companyId),
      staleTime: Infinity,
      gcTime: 0,
      refetchOnWindowFocus: false,
    }),
};

/** `POST /auth/poll`: whether the popup finished, when it cannot post back (COOP cut the opener). */
export function pollSignIn(state: string, nonce: string): Promise<SignInPoll> {
  return request<SignInPoll>('/auth/poll', { method: 'POST', body: { state, nonce } });
}

export function redeemSignIn(
  handoff: string,
  state: string,
  nonce: string,
): Promise<RedeemedSession> {
  return request<RedeemedSession>('/auth/redeem', {
    method: 'POST',
    body: { handoff, state, nonce },
  });
}

/** `POST /auth/redeem` with the short code the popup showed, typed by the person. */
export function redeemSignInCode(
  code: string,
  state: string,
  nonce: string,
): Promise<RedeemedSession> {
  return request<RedeemedSession>('/auth/redeem', { method: 'POST', body: { code, state, nonce } });
}

export function isSignInMessage(data: unknown): data is SignInMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { type, payload } = data as Partial<SignInMessage>;
  if (type !== 'authentication.success' && type !== 'authentication.failure') return false;
  if (typeof payload !== 'object' || payload === null) return false;
  const { state, handoff, error } = payload;
  return (
    typeof state === 'string' &&
    (handoff === undefined || typeof handoff === 'string') &&
    (error === undefined || typeof error === 'string')
  );
}

/** `POST /auth/logout`: ends the session here and revokes its Procore tokens. */
export function signOut(): Promise<void> {
  return request<void>('/auth/logout', { method: 'POST' });
}
