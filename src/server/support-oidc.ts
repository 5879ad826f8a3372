import * as oidc from 'openid-client';
import type { SupportRefusal } from '../api/contract.ts';
import { isLoopback, type SupportSignInConfig } from './config.ts';

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
  /** The ID token's `groups` (none unless SUPPORT_REQUIRED_GROUP asked for the scope). */
  groups: string[];
}

/** What the callback learnt: a person allowed in, or why not. */
export type SupportVerdict =
  | { allowed: true; person: SupportPerson }
  | { allowed: false; refusal: SupportRefusal; email: string | null };

type AllowList = Pick<SupportSignInConfig, 'allowedEmails' | 'allowedDomain' | 'requiredGroup'>;

/**
 * Why SUPPORT_ALLOWED_* and SUPPORT_REQUIRED_GROUP, as configured now, keep this person out, or
 * null: at sign-in, and again on every use of their session, so someone taken off the list
 * loses the support view at once (their groups are the ones the ID token named at sign-in).
 */
export function allowListRefusal(
  person: { email: string; groups: readonly string[] },
  settings: AllowList,
): SupportRefusal | null {
  const domain = person.email.slice(person.email.lastIndexOf('@') + 1);
  const listed =
    settings.allowedEmails.includes(person.email) ||
    (settings.allowedDomain !== null && domain === settings.allowedDomain);
  if (!listed) return 'not-allowed';
  if (settings.requiredGroup !== null && !person.groups.includes(settings.requiredGroup))
    return 'not-in-group';
  return null;
}

/** Whether the ID token's person may use the support view (a verified address on the list). */
export function judgeSupportPerson(
  claims: Record<string, unknown>,
  settings: AllowList,
): SupportVerdict {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (!email || !subject) return { allowed: false, refusal: 'not-allowed', email };
  // An address the provider has not verified proves nothing about who is signing in.
  if (claims.email_verified !== true) return { allowed: false, refusal: 'email-unverified', email };
  const groups = Array.isArray(claims.groups)
    ? claims.groups.filter((group): group is string => typeof group === 'string')
    : [];
  const refusal = allowListRefusal({ email, groups }, settings);
  if (refusal) return { allowed: false, refusal, email };
  return { allowed: true, person: { subject, email, groups } };
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

    /** Where the browser goes to sign in; throws when the provider cannot be discovered. */
    async authorizationUrl(signIn: { state: string; nonce: string; codeVerifier: string }) {
      return oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: redirectUri,
        // Providers put `groups` in the ID token only when asked for it.
        scope:
          settings.requiredGroup === null ? 'openid email profile' : 'openid email profile groups',
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
