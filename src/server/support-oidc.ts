import * as oidc from 'openid-client';
import type { SupportRefusal } from '../api/contract.ts';
import type { SupportSignInConfig } from './config.ts';

/**
 * SALUS support's identity provider, through `openid-client` (OpenID Connect, authorization code
 * with PKCE S256, a nonce, and the ID token's signature, issuer, audience and times checked by the
 * library). Discovery happens on the first sign-in, not at start-up, so an identity provider that
 * is down delays no start; a failed discovery is tried again on the next sign-in.
 */

/** Who signed in, as the ID token says, once the allow-list let them in. */
export interface SupportPerson {
  subject: string;
  email: string;
}

/** What the callback learnt: a person allowed in, or why not. */
export type SupportVerdict =
  | { allowed: true; person: SupportPerson }
  | { allowed: false; refusal: SupportRefusal; email: string | null };

const isLoopback = (url: URL) =>
  url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);

/** Whether the ID token's person may use the support view (SUPPORT_ALLOWED_*, the group). */
export function judgeSupportPerson(
  claims: Record<string, unknown>,
  settings: Pick<SupportSignInConfig, 'allowedEmails' | 'allowedDomain' | 'requiredGroup'>,
): SupportVerdict {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (!email || !subject) return { allowed: false, refusal: 'not-allowed', email };
  // An address the provider has not verified proves nothing about who is signing in.
  if (claims.email_verified !== true) return { allowed: false, refusal: 'email-unverified', email };
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const listed =
    settings.allowedEmails.includes(email) ||
    (settings.allowedDomain !== null && domain === settings.allowedDomain);
  if (!listed) return { allowed: false, refusal: 'not-allowed', email };
  if (settings.requiredGroup !== null) {
    const groups = Array.isArray(claims.groups) ? claims.groups : [];
    if (!groups.includes(settings.requiredGroup))
      return { allowed: false, refusal: 'not-in-group', email };
  }
  return { allowed: true, person: { subject, email } };
}

export function createSupportOidc(settings: SupportSignInConfig, redirectUri: string) {
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        // Plain http only for a provider on this machine (the demo's); config refuses others.
        isLoopback(new URL(settings.issuer)) ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  };

  return {
    /** A fresh sign-in's secrets: the state, the nonce and the PKCE verifier. */
    newSignIn() {
      return {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
    },

    /** Where the browser goes to sign in. */
    async authorizationUrl(signIn: { state: string; nonce: string; codeVerifier: string }) {
      return oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: signIn.state,
        nonce: signIn.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(signIn.codeVerifier),
        code_challenge_method: 'S256',
      });
    },

    /**
     * Exchanges the callback's code (with the PKCE verifier and the client secret) and returns
     * the ID token's claims, checked: state, nonce, signature, issuer, audience, expiry.
     */
    async claims(
      callbackUrl: URL,
      expected: { state: string; nonce: string; codeVerifier: string },
    ): Promise<Record<string, unknown>> {
      const tokens = await oidc.authorizationCodeGrant(await configuration(), callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the identity provider sent no ID token');
      return { ...claims };
    },
  };
}

export type SupportOidc = ReturnType<typeof createSupportOidc>;
