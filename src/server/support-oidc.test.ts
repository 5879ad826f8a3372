import { describe, expect, it } from 'vitest';
import type { SupportSignInConfig } from './config.ts';
import { allowListRefusal, createSupportOidc, judgeSupportPerson } from './support-oidc.ts';

/**
 * Who may use the support view (issue 17): the allow-list as configured now, at sign-in and on
 * every use of a session; and plain http only to an identity provider on this machine.
 */

const settings: SupportSignInConfig = {
  issuer: 'https://login.salus.example',
  clientId: 'salus-setup',
  clientSecret: 'secret',
  allowedEmails: ['ops@partner.example'],
  allowedDomain: 'salus.example',
  requiredGroup: null,
};

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'person-1',
  email: 'Ada@SALUS.example',
  email_verified: true,
  ...extra,
});

describe('the allow-list', () => {
  it('lets in a listed address or one of the domain, in its group when one is required', () => {
    const inGroup = { ...settings, requiredGroup: 'salus-support' };
    expect(allowListRefusal({ email: 'ops@partner.example', groups: [] }, settings)).toBeNull();
    expect(allowListRefusal({ email: 'ada@salus.example', groups: [] }, settings)).toBeNull();
    expect(allowListRefusal({ email: 'ada@salus.example.evil', groups: [] }, settings)).toBe(
      'not-allowed',
    );
    expect(allowListRefusal({ email: 'ada@salus.example', groups: ['sales'] }, inGroup)).toBe(
      'not-in-group',
    );
    expect(
      allowListRefusal({ email: 'ada@salus.example', groups: ['salus-support'] }, inGroup),
    ).toBeNull();
  });

  it('judges an ID token: a verified address, lower-cased, with its groups', () => {
    expect(judgeSupportPerson(claims({ groups: ['salus-support', 7] }), settings)).toEqual({
      allowed: true,
      person: { subject: 'person-1', email: 'ada@salus.example', groups: ['salus-support'] },
    });
    expect(judgeSupportPerson(claims({ email_verified: 'true' }), settings)).toMatchObject({
      allowed: false,
      refusal: 'email-unverified',
    });
    const group = { ...settings, requiredGroup: 'salus-support' };
    expect(judgeSupportPerson(claims(), group)).toMatchObject({ refusal: 'not-in-group' });
  });
});

describe('the identity provider’s address', () => {
  const signInTo = (issuer: string) => {
    const oidc = createSupportOidc({ ...settings, issuer }, 'http://127.0.0.1:3000/callback');
    return oidc.authorizationUrl(oidc.newSignIn());
  };

  it('is never asked over plain http unless it is on this machine', async () => {
    // `127.` starts the name, yet it is anyone's host: refused before any request is sent.
    await expect(signInTo('http://127.salus.example')).rejects.toMatchObject({
      code: 'OAUTH_HTTP_REQUEST_FORBIDDEN',
    });
    // On loopback, plain http is allowed: the request goes out (and finds nobody there).
    await expect(signInTo('http://127.0.0.1:1')).rejects.not.toMatchObject({
      code: 'OAUTH_HTTP_REQUEST_FORBIDDEN',
    });
  });
});
