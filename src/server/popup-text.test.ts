import { describe, expect, it } from 'vitest';
import { popupLocale, popupText } from './popup-text.ts';

describe("the sign-in popup's language", () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['de-DE,de;q=0.9', 'en'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['fr-CA', 'fr'],
    ['de-DE, fr;q=0.8, es;q=0.5', 'fr'],
  ])('Accept-Language %j → %s', (header, locale) => {
    expect(popupLocale(header)).toBe(locale);
  });

  it('fills in the parameters in every language', () => {
    expect(popupText('es')('signedInAs', { name: 'Ana' })).toBe(
      'Sesión iniciada en Procore como Ana.',
    );
    expect(popupText('fr')('procoreRefused', { reason: 'invalid_scope' })).toContain(
      'invalid_scope',
    );
  });
});
