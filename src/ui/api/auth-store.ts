import { useSyncExternalStore } from 'react';

/**
 * The signed-in session as this page holds it: the session id from `/auth/redeem`, in memory only
 * (never storage: the iframe is third-party, and storage is readable by any script on the page).
 *
 * `expired` is set when any API call answers 401 (`unauthenticated` or `session-expired`), which
 * sends the app back to sign-in while the rest of its state (the company) stays put.
 */
export interface AuthState {
  sessionId: string | null;
  expired: boolean;
}

const signedOut: AuthState = { sessionId: null, expired: false };
let state: AuthState = signedOut;
const listeners = new Set<() => void>();

function set(next: AuthState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const authStore = {
  get: (): AuthState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  signIn(sessionId: string): void {
    set({ sessionId, expired: false });
  },
  expire(): void {
    if (!state.expired) set({ sessionId: null, expired: true });
  },
  /** Forget everything (tests start from a signed-out page). */
  reset(): void {
    set(signedOut);
  },
};

export function useAuth(): AuthState {
  return useSyncExternalStore(authStore.subscribe, authStore.get);
}
