import { createHash, randomBytes } from 'node:crypto';

/** The store's notion of "now", injected so tests move time instead of sleeping. */
export type Clock = () => Date;

/** A Procore user as the store records them: who started, completed or changed something. */
export interface Actor {
  id: string;
  name: string;
}

/** SHA-256 hex: how bearer secrets (session ids, handoff codes, nonces) are kept at rest. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** 256 random bits, URL-safe: session ids and similar bearer secrets. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Parameters travel as text and are cast in SQL (`$1::timestamptz`, `$2::jsonb`): `pg` turns JS
 * arrays into PostgreSQL arrays rather than JSON, and the two engines format Dates differently.
 */
export const ts = (date: Date): string => date.toISOString();
export const ms = (date: Date, plus: number): string =>
  new Date(date.getTime() + plus).toISOString();
export const json = (value: unknown): string => JSON.stringify(value ?? null);

/** A case-insensitive "contains" pattern for ILIKE, with LIKE's wildcards taken literally. */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Unique violation, as both engines report it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

export interface Page<T> {
  items: T[];
  total: number;
}
