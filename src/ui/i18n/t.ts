import { en } from './en.ts';
import type { Catalog, Leaves } from './catalog.ts';
import type { Locale } from './locale.ts';
import type { supportEn } from '../support/i18n/en.ts';

/**
 * Message lookup and locale-aware formatting for the SPA.
 *
 * `t('fix.addProjects', { count: 1163 })` picks the plural form for `count` with the active
 * locale's `Intl.PluralRules`, fills `{count}` and formats numbers with `Intl.NumberFormat`, so
 * callers never format numbers by hand. The active locale is chosen once per page
 * (`chooseLocale` in locale.ts) and applied by `AppProviders`.
 */

export type { Catalog };

/** Every key: the catalog's, and the support view's under `support.` (loaded with that view). */
export type MessageKey = Leaves<typeof en & { support: typeof supportEn }>;
export type Params = Record<string, string | number>;

/**
 * The catalogs loaded so far: English always (the default, and every key's reference); Spanish and
 * French arrive with `loadLocale`, in chunks of their own, so a page in English never downloads
 * them. The entry (main.tsx) loads the page's locale before the first render.
 */
export const catalogs: { en: Catalog } & Partial<Record<Locale, Catalog>> = { en };

/** The support view's strings by locale, registered when its chunk loads (`support/i18n`). */
const supportCatalogs: Partial<Record<Locale, unknown>> = {};

export function registerSupportCatalogs(byLocale: Record<Locale, unknown>): void {
  Object.assign(supportCatalogs, byLocale);
}

/** core-react's own strings for a locale (its tables other than English are not bundled). */
const coreTables: Partial<Record<Locale, Record<string, unknown>>> = {};

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<[Catalog, Record<string, unknown>]>> = {
  es: () =>
    Promise.all([
      import('./es.ts').then((m) => m.es),
      import('@procore/core-react/dist/_locales/es.json').then((m) => m.default),
    ]),
  fr: () =>
    Promise.all([
      import('./fr.ts').then((m) => m.fr),
      import('@procore/core-react/dist/_locales/fr-FR.json').then((m) => m.default),
    ]),
};

/** Loads a locale's catalog and core-react's strings for it (once). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'en' || catalogs[locale]) return;
  const [catalog, core] = await loaders[locale]();
  catalogs[locale] = catalog;
  coreTables[locale] = core;
}

/** What core-react's `I18nProvider` needs for `locale`, under core-react's name for it. */
export function coreTranslations(
  locale: Locale,
  coreName: string,
): Record<string, Record<string, unknown>> {
  const table = coreTables[locale];
  return table ? { [coreName]: table } : {};
}

function formatters(locale: Locale) {
  return {
    locale,
    number: new Intl.NumberFormat(locale),
    plural: new Intl.PluralRules(locale),
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }),
    list: new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }),
  };
}

let active = formatters('en');

/** Makes `locale` the one every `t` and `format*` call uses (idempotent). */
export function setLocale(locale: Locale): void {
  if (active.locale !== locale) active = formatters(locale);
}

export function currentLocale(): Locale {
  return active.locale;
}

type Message = string | { one: string; other: string; zero?: string };

function lookup(key: MessageKey): Message {
  // A locale not loaded yet speaks English rather than failing (main.tsx loads it first).
  let node: unknown = key.startsWith('support.')
    ? { support: supportCatalogs[active.locale] ?? supportCatalogs.en }
    : (catalogs[active.locale] ?? catalogs.en);
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return node as Message;
}

export function t(key: MessageKey, params: Params = {}): string {
  const message = lookup(key);
  let template: string;
  if (typeof message === 'string') template = message;
  else {
    const count = Number(params.count ?? 0);
    // Spanish and French also have a "many" category (large round numbers): it takes `other`.
    template =
      count === 0 && message.zero !== undefined
        ? message.zero
        : active.plural.select(count) === 'one'
          ? message.one
          : message.other;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? active.number.format(value) : value;
  });
}

export function formatNumber(value: number): string {
  return active.number.format(value);
}

export function formatDate(iso: string): string {
  return active.date.format(new Date(iso));
}

export function formatList(items: readonly string[]): string {
  return active.list.format(items);
}

/** A rough, human duration ("4 minutes"): estimates are never precise to the second. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return t('duration.seconds', { count: Math.max(1, Math.round(seconds)) });
  if (seconds < 60 * 60) return t('duration.minutes', { count: Math.ceil(seconds / 60) });
  // "1 h 25 min": a run across Procore's hourly window is read in hours and minutes.
  const minutes = Math.round(seconds / 60);
  if (minutes % 60 === 0) return t('duration.hours', { count: minutes / 60 });
  return t('duration.hoursMinutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}
