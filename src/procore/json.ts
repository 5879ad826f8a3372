import { LosslessNumber, isSafeNumber, parse, stringify } from 'lossless-json';

/**
 * JSON as Procore speaks it, with IDs kept exact.
 *
 * Procore sends IDs as JSON numbers that can exceed 2^53 (procore-platform.md §1), so `JSON.parse`
 * would silently round them. We parse numbers losslessly and turn every ID-like field
 * (`id`, `*_id`, `*Id`) into a decimal string; on the way out, ID-like fields holding decimal
 * strings are written back as JSON numbers, byte for byte.
 */

const ID_KEY = /^(id|.+_id|.+Id)$/;
const DECIMAL = /^-?\d+$/;

export function isIdKey(key: string): boolean {
  return ID_KEY.test(key);
}

function parseNumber(text: string): number | string {
  return isSafeNumber(text) ? Number(text) : text;
}

function normalizeIds(value: unknown, key: string | null): unknown {
  if (Array.isArray(value)) return value.map((item) => normalizeIds(item, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeIds(v, k);
    return out;
  }
  if (key !== null && isIdKey(key) && typeof value === 'number') return String(value);
  return value;
}

/** Parses a Procore JSON body; ID-like fields come back as decimal strings. */
export function parseProcoreJson(text: string): unknown {
  const raw = parse(text, null, parseNumber);
  // A top-level array of bare numbers (e.g. `view=ids_only`) is a list of IDs.
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'number' || typeof v === 'string')) {
    return raw.map(String);
  }
  return normalizeIds(raw, null);
}

function toWire(value: unknown, key: string | null): unknown {
  if (Array.isArray(value)) return value.map((item) => toWire(item, key));
  if (value !== null && typeof value === 'object' && !(value instanceof LosslessNumber)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v, k);
    return out;
  }
  if (key !== null && isIdKey(key) && typeof value === 'string' && DECIMAL.test(value)) {
    return new LosslessNumber(value);
  }
  return value;
}

/** Serialises a body for Procore; ID-like decimal strings become JSON numbers. */
export function stringifyProcoreJson(value: unknown): string {
  return stringify(toWire(value, null)) ?? 'null';
}
