import { en } from './en.ts';

/**
 * Message lookup and locale-aware formatting for the SPA.
 *
 * `t('fix.addProjects', { count: 1163 })` picks the plural form for `count`, fills `{count}` and
 * formats numbers with `Intl.NumberFormat`, so callers never format numbers by hand.
 */

interface Plural {
  readonly one: string;
  readonly other: string;
}

type Widen<T> = T extends string
  ? string
  : T extends Plural
    ? { one: string; other: string; zero?: string }
    : { [K in keyof T]: Widen<T[K]> };

/** The shape every locale's catalog has (es.ts and fr.ts will be checked against it). */
export type Catalog = Widen<typeof en>;

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string | Plural ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<typeof en>;
export type Params = Record<string, string | number>;

export type Locale = 'en';
const catalogs: Record<Locale, Catalog> = { en };
export const locale: Locale = 'en';

const numberFormat = new Intl.NumberFormat(locale);
const pluralRules = new Intl.PluralRules(locale);
const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
const listFormat = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });

type Message = string | { one: string; other: string; zero?: string };

function lookup(key: MessageKey): Message {
  let node: unknown = catalogs[locale];
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return node as Message;
}

export function t(key: MessageKey, params: Params = {}): string {
  const message = lookup(key);
  let template: string;
  if (typeof message === 'string') template = message;
  else {
    const count = Number(params.count ?? 0);
    template =
      count === 0 && message.zero !== undefined
        ? message.zero
        : pluralRules.select(count) === 'one'
          ? message.one
          : message.other;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numberFormat.format(value) : value;
  });
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function formatList(items: readonly string[]): string {
  return listFormat.format(items);
}

/** A rough, human duration ("4 minutes"): estimates are never precise to the second. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return t('duration.seconds', { count: Math.max(1, Math.round(seconds)) });
  if (seconds < 90 * 60) return t('duration.minutes', { count: Math.ceil(seconds / 60) });
  return t('duration.hours', { count: Math.round(seconds / 360) / 10 });
}
