import type { en } from './en.ts';

/**
 * The shape of a catalog, from the English one: es.ts and fr.ts are checked against it. In a
 * file of its own so that the catalogs need not import `t.ts`, which imports them.
 */

export interface Plural {
  readonly one: string;
  readonly other: string;
}

export type Widen<T> = T extends string
  ? string
  : T extends Plural
    ? { one: string; other: string; zero?: string }
    : { [K in keyof T]: Widen<T[K]> };

/** The shape every locale's catalog has: es.ts and fr.ts are checked against it. */
export type Catalog = Widen<typeof en>;

export type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string | Plural ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
