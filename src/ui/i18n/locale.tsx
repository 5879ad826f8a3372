/**
 * Which language the SPA speaks: the one place it is chosen.
 *
 * 1. `?locale=` on the app's URL. Procore opens the app in an iframe at our manifest's
 *    `source_url`, interpolating `{{procore.company.id}}`. Whether it can interpolate the viewer's
 *    Procore locale as well is UNCONFIRMED; if it can, append `&locale={{…}}` there and Procore's
 *    own language wins over the browser's.
 * 2. Otherwise the browser's languages (`navigator.languages`), first match wins.
 * 3. English.
 *
 * Tags are matched by their primary subtag (`es-MX` → es, `fr-CA` → fr).
 */
export const LOCALES = ['en', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

function match(tag: string | null | undefined): Locale | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((locale) => locale === primary) ?? null;
}

export function chooseLocale(
  search: string = window.location.search,
  languages: readonly string[] = navigator.languages ?? [navigator.language],
): Locale {
  const asked = match(new URLSearchParams(search).get('locale'));
  if (asked) return asked;
  for (const language of languages) {
    const found = match(language);
    if (found) return found;
  }
  return 'en';
}

/** core-react ships `es` and `fr-FR` (no bare `fr`) for its own strings. */
export const coreLocale = { en: 'en', es: 'es', fr: 'fr-FR' } as const satisfies Record<
  Locale,
  string
>;
