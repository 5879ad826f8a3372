import type { Id } from './model.ts';

/** Orders decimal-string IDs numerically without losing precision above 2^53. */
export function compareIds(a: Id, b: Id): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const DECIMAL_ID = /^\d{1,20}$/;

export function isDecimalId(value: unknown): value is Id {
  return typeof value === 'string' && DECIMAL_ID.test(value);
}

/** Hands out consecutive decimal IDs from `start`, exact beyond 2^53. */
export function idSequence(start: string | bigint): () => Id {
  let next = BigInt(start);
  return () => {
    const id = next.toString();
    next += 1n;
    return id;
  };
}

/** A small seeded PRNG (mulberry32) so scenario data is the same on every build. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
